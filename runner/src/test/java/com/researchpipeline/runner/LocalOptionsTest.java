package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchpipeline.contract.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalOptionsTest {

    @Test
    void defaultsToInboxAndDataInTheWorkingFolderOnTheUsualPorts() {
        LocalOptions options = LocalOptions.parse(List.of(), new Settings(Map.of()));
        assertThat(options.inbox()).isEqualTo(Path.of("inbox").toAbsolutePath());
        assertThat(options.dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(options.kafkaPort()).isEqualTo(9092);
        assertThat(options.elasticsearchPort()).isEqualTo(9200);
    }

    @Test
    void flagsWinOverEnvironment() {
        LocalOptions options = LocalOptions.parse(List.of("--inbox", "/tmp/drop", "--kafka-port", "19092"),
                new Settings(Map.of("INGEST_INBOX", "/elsewhere", "PIPELINE_ELASTICSEARCH_PORT", "19200")));
        assertThat(options.inbox()).isEqualTo(Path.of("/tmp/drop"));
        assertThat(options.kafkaPort()).isEqualTo(19092);
        assertThat(options.elasticsearchPort()).isEqualTo(19200);
    }

    @Test
    void rejectsUnknownFlagAndBadPortNamingThem() {
        assertThatThrownBy(() -> LocalOptions.parse(List.of("--inbx", "x"), new Settings(Map.of())))
                .hasMessageContaining("'--inbx'");
        assertThatThrownBy(() -> LocalOptions.parse(List.of("--kafka-port", "ninety"), new Settings(Map.of())))
                .hasMessageContaining("--kafka-port 'ninety'");
    }

    @Test
    void restartsOfTheElasticsearchNodeDefaultToFiveAndRejectANegativeCount() {
        assertThat(LocalOptions.parse(List.of(), new Settings(Map.of())).elasticsearchRestarts()).isEqualTo(5);
        assertThat(LocalOptions.parse(List.of(), new Settings(Map.of("PIPELINE_ELASTICSEARCH_RESTARTS", "0")))
                .elasticsearchRestarts()).isZero();
        assertThatThrownBy(() -> LocalOptions.parse(List.of(),
                new Settings(Map.of("PIPELINE_ELASTICSEARCH_RESTARTS", "-1"))))
                .hasMessageContaining("PIPELINE_ELASTICSEARCH_RESTARTS '-1'");
    }
}
