package com.researchpipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class BatchTest {

    private static final BatchLimits LIMITS = new BatchLimits(3, 1024 * 1024, Duration.ofSeconds(1));

    private static ConsumerRecord<byte[], byte[]> record(int partition, long offset, byte[] value) {
        return new ConsumerRecord<>("articles.enriched", partition, offset, "k".getBytes(StandardCharsets.UTF_8), value);
    }

    @Test
    void isReadyByCountBytesOrAgeOfTheOldestRecord() {
        Batch batch = new Batch();
        assertThat(batch.isReady(LIMITS, 0)).isFalse();
        batch.add(record(0, 0, JsonSerde.toBytes(Articles.numbered(1))), 1000);
        assertThat(batch.isReady(LIMITS, 1999)).isFalse();
        assertThat(batch.isReady(LIMITS, 2000)).as("waited PUBLISH_BATCH_WAIT").isTrue();
        assertThat(batch.millisUntilDue(LIMITS, 1500, 500)).isEqualTo(500);
        assertThat(batch.millisUntilDue(LIMITS, 1800, 500)).isEqualTo(200);

        batch.add(record(0, 1, JsonSerde.toBytes(Articles.numbered(2))), 1000);
        batch.add(record(0, 2, JsonSerde.toBytes(Articles.numbered(3))), 1000);
        assertThat(batch.isReady(LIMITS, 1000)).as("PUBLISH_BATCH_DOCUMENTS reached").isTrue();

        Batch big = new Batch();
        big.add(record(0, 0, JsonSerde.toBytes(Articles.withImmenseMention())), 0);
        assertThat(big.isReady(new BatchLimits(100, 50_000, Duration.ofMinutes(1)), 0))
                .as("PUBLISH_BATCH_BYTES reached").isTrue();
    }

    @Test
    void setsUnreadableRecordsAsideAndCommitsPastTheLastRecordOfEachPartition() {
        Batch batch = new Batch();
        batch.add(record(0, 5, JsonSerde.toBytes(Articles.numbered(1))), 0);
        batch.add(record(2, 9, "{not json".getBytes(StandardCharsets.UTF_8)), 0);
        batch.add(record(0, 6, null), 0);
        batch.add(record(2, 10, JsonSerde.toBytes(Articles.numbered(2))), 0);

        assertThat(batch.documents()).extracting(BulkPublisher.Item::id)
                .containsExactly(Articles.numbered(1).id(), Articles.numbered(2).id());
        assertThat(batch.unreadable()).extracting(u -> u.record().offset()).containsExactly(9L, 6L);
        assertThat(batch.unreadable().get(1).reason()).hasMessageContaining("no value");
        assertThat(batch.offsets()).containsEntry(new TopicPartition("articles.enriched", 0), new OffsetAndMetadata(7))
                .containsEntry(new TopicPartition("articles.enriched", 2), new OffsetAndMetadata(11));
    }

    @Test
    void cutsDocumentsIntoBulkRequestsWithinTheCountAndByteLimits() {
        Batch batch = new Batch();
        for (int i = 0; i < 7; i++) {
            batch.add(record(0, i, JsonSerde.toBytes(Articles.numbered(i))), 0);
        }
        assertThat(Batch.chunks(batch.documents(), LIMITS)).extracting(List::size).containsExactly(3, 3, 1);
        int oneDocument = batch.documents().get(0).source().length;
        var bySize = Batch.chunks(batch.documents(), new BatchLimits(100, 2L * oneDocument + 10, Duration.ZERO));
        assertThat(bySize).extracting(List::size).containsExactly(2, 2, 2, 1);
    }
}
