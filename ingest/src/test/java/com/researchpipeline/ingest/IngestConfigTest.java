package com.researchpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchpipeline.contract.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestConfigTest {

    @Test
    void hasDefaultsForEveryKey() {
        IngestConfig config = IngestConfig.from(new Settings(Map.of()));

        assertThat(config.inbox()).isEqualTo(Path.of("inbox"));
        assertThat(config.kafka().bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.rawTopic()).isEqualTo("articles.raw");
        assertThat(config.dlqTopic()).isEqualTo("articles.dlq");
        assertThat(config.maxFileSize()).isEqualTo(20L * 1024 * 1024);
        assertThat(config.stableFor()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.pollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.concurrency()).isEqualTo(4);
        assertThat(config.instantPickup()).isTrue();
    }

    @Test
    void readsOverridesFromTheEnvironmentNames() {
        IngestConfig config = IngestConfig.from(new Settings(Map.of("INGEST_INBOX", "/data/in",
                "KAFKA_BOOTSTRAP_SERVERS", "kafka:9093", "INGEST_MAX_FILE_SIZE", "5mb", "INGEST_STABLE_FOR", "10s")));

        assertThat(config.inbox()).isEqualTo(Path.of("/data/in"));
        assertThat(config.kafka().bootstrapServers()).isEqualTo("kafka:9093");
        assertThat(config.maxFileSize()).isEqualTo(5L * 1024 * 1024);
        assertThat(config.stableFor()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void failsFastNamingTheBadKey() {
        assertThatThrownBy(() -> IngestConfig.from(new Settings(Map.of("INGEST_MAX_FILE_SIZE", "huge"))))
                .isInstanceOf(Settings.ConfigException.class).hasMessageContaining("INGEST_MAX_FILE_SIZE");
        assertThatThrownBy(() -> IngestConfig.from(new Settings(Map.of("INGEST_POLL_INTERVAL", "0s"))))
                .isInstanceOf(Settings.ConfigException.class).hasMessageContaining("INGEST_POLL_INTERVAL");
        assertThatThrownBy(() -> IngestConfig.from(new Settings(Map.of("INGEST_CONCURRENCY", "0"))))
                .isInstanceOf(Settings.ConfigException.class).hasMessageContaining("INGEST_CONCURRENCY");
        assertThatThrownBy(() -> IngestConfig.from(new Settings(Map.of("INGEST_CONCURRENCY", "65"))))
                .isInstanceOf(Settings.ConfigException.class).hasMessageContaining("INGEST_CONCURRENCY");
        assertThatThrownBy(() -> IngestConfig.from(new Settings(Map.of("INGEST_INSTANT_PICKUP", "maybe"))))
                .isInstanceOf(Settings.ConfigException.class).hasMessageContaining("INGEST_INSTANT_PICKUP");
        assertThatThrownBy(() -> IngestConfig.from(new Settings(Map.of("INGEST_DLQ_TOPIC", "articles.raw"))))
                .isInstanceOf(Settings.ConfigException.class).hasMessageContaining("INGEST_DLQ_TOPIC");
    }

    @Test
    void anInboxThatIsAFileStopsTheStartNamingTheVariable(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // before: accepted; ingest then died with an UncheckedIOException stack trace ('.done: Not a directory')
        Path file = java.nio.file.Files.writeString(dir.resolve("inbox"), "not a folder");
        assertThatThrownBy(() -> IngestConfig.from(new Settings(Map.of("INGEST_INBOX", file.toString()))))
                .isInstanceOf(Settings.ConfigException.class)
                .hasMessageContaining("INGEST_INBOX").hasMessageContaining("is a file");
    }
}
