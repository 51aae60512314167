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
    void portsFromTheEnvironmentAreCheckedAsFlagsAre() {
        // before: PIPELINE_KAFKA_PORT=0, -1 or 65536 and PIPELINE_ELASTICSEARCH_PORT=0 were accepted as they were
        // and reached the broker and the node; --kafka-port 65535 left the controller port 65536
        for (String[] hostile : new String[][] {{"PIPELINE_KAFKA_PORT", "0"}, {"PIPELINE_KAFKA_PORT", "-1"},
                {"PIPELINE_KAFKA_PORT", "65536"}, {"PIPELINE_KAFKA_PORT", "65535"}, {"PIPELINE_ELASTICSEARCH_PORT", "0"},
                {"PIPELINE_ELASTICSEARCH_PORT", "65536"}}) {
            assertThatThrownBy(() -> LocalOptions.parse(List.of(), new Settings(Map.of(hostile[0], hostile[1]))))
                    .as(hostile[0] + "=" + hostile[1])
                    .hasMessageContaining(hostile[0] + " '" + hostile[1] + "' is not a port number");
        }
        assertThatThrownBy(() -> LocalOptions.parse(List.of("--kafka-port", "65535"), new Settings(Map.of())))
                .hasMessageContaining("--kafka-port '65535'").hasMessageContaining("controller");
        assertThat(LocalOptions.parse(List.of(), new Settings(Map.of("PIPELINE_KAFKA_PORT", "29092"))).kafkaPort())
                .isEqualTo(29092);
    }

    @Test
    void anElasticsearchHeapTheJvmWouldNotTakeStopsTheStart() {
        // before: any text was put into the node's ES_JAVA_OPTS, and the node failed to start after the broker had
        for (String hostile : new String[] {"lots", "0", "512", "512 m", "1.5g", "512m -Xss1k"}) {
            assertThatThrownBy(() -> LocalOptions.parse(List.of(),
                    new Settings(Map.of("PIPELINE_ELASTICSEARCH_HEAP", hostile))))
                    .as(hostile).hasMessageContaining("PIPELINE_ELASTICSEARCH_HEAP '" + hostile + "'");
        }
        assertThat(LocalOptions.parse(List.of(), new Settings(Map.of("PIPELINE_ELASTICSEARCH_HEAP", "1g")))
                .elasticsearchHeap()).isEqualTo("1g");
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
