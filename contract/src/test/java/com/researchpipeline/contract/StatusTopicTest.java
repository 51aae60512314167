package com.researchpipeline.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class StatusTopicTest {

    @Test
    void keyPartitionIsTheProducersOwn() {
        for (String key : new String[] {"a.txt", "sub/dir/b.md", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}) {
            for (int partitions = 1; partitions <= 7; partitions++) {
                assertThat(StatusTopic.partitionOf(key, partitions)).isEqualTo(
                        BuiltInPartitioner.partitionForKey(key.getBytes(java.nio.charset.StandardCharsets.UTF_8), partitions));
            }
        }
    }

    @Test
    void fileEventsAreKeyedByPathAndArticleEventsById() {
        Instant now = Instant.now();
        assertThat(StatusEvent.of(StatusEvent.Kind.INGESTED, "ingest", now).path("a.txt").articleId("id1").build().key())
                .isEqualTo("a.txt");
        assertThat(StatusEvent.of(StatusEvent.Kind.ENRICHED, "enrich", now).path("a.txt").articleId("id1").build().key())
                .isEqualTo("id1");
        assertThat(StatusEvent.of(StatusEvent.Kind.REJECTED, "ingest", now).path("b.bin").build().key()).isEqualTo("b.bin");
    }

    @Test
    void eventsWriteOnlyTheFieldsTheyHave() {
        String json = JsonSerde.toJson(StatusEvent.of(StatusEvent.Kind.REJECTED, "ingest", Instant.EPOCH)
                .path("b.bin").reason("binary").build());
        assertThat(json).contains("\"reason\":\"binary\"").doesNotContain("articleId").doesNotContain("null");
        StatusEvent back = JsonSerde.fromBytes(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), StatusEvent.class);
        assertThat(back.kind()).isEqualTo(StatusEvent.Kind.REJECTED);
        assertThat(back.path()).isEqualTo("b.bin");
    }

    @Test
    void retentionComesFromTheEnvironment() {
        assertThat(StatusTopic.configured(new Settings(Map.of())).config()).containsEntry("retention.ms",
                Long.toString(30L * 24 * 3600 * 1000)).containsEntry("cleanup.policy", "delete");
        assertThat(StatusTopic.configured(new Settings(Map.of("STATUS_RETENTION", "7d"))).config())
                .containsEntry("retention.ms", Long.toString(7L * 24 * 3600 * 1000));
        assertThatThrownBy(() -> StatusTopic.configured(new Settings(Map.of("STATUS_RETENTION", "0s"))))
                .hasMessageContaining("STATUS_RETENTION");
    }
}
