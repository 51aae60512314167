package com.researchpipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class BatchTest {

    private static final BatchLimits LIMITS = new BatchLimits(3, 1024 * 1024, Duration.ofSeconds(1));

    private static ConsumerRecord<byte[], byte[]> record(int partition, long offset, byte[] value) {
        return new ConsumerRecord<>("articles.enriched", partition, offset, "k".getBytes(StandardCharsets.UTF_8), value);
    }

    @Test
    void refusesRecordsThatAreNoEventThisVersionReadsWithAReason() {
        assertThat(refusal(null)).contains("no value");
        assertThat(refusal("")).contains("EnrichedArticle");
        assertThat(refusal("{not json")).contains("EnrichedArticle");
        assertThat(refusal("null")).contains("JSON null");
        assertThat(refusal("[1, 2]")).contains("EnrichedArticle");
        assertThat(refusal("{\"schemaVersion\": \"one\"}")).contains("EnrichedArticle");
        assertThat(refusal("{\"schemaVersion\": 1, \"entities\": \"none\"}")).contains("EnrichedArticle");
        assertThat(refusal("{\"schemaVersion\": 1}")).contains("no article id");
        String future = new String(JsonSerde.toBytes(Articles.numbered(1)), StandardCharsets.UTF_8)
                .replaceFirst("\"schemaVersion\":1", "\"schemaVersion\":99");
        assertThat(refusal(future)).contains("unknown schemaVersion 99");
        String farFuture = new String(JsonSerde.toBytes(Articles.numbered(1)), StandardCharsets.UTF_8)
                .replaceFirst("\"enrichedAt\":\"[^\"]*\"", "\"enrichedAt\":\"+500000000-01-01T00:00:00Z\"");
        assertThat(farFuture).contains("+500000000");
        assertThat(refusal(farFuture)).contains("cannot be made a document");
        assertThat(Batch.documentOf(record(0, 0, JsonSerde.toBytes(Articles.numbered(1)))).id())
                .isEqualTo(Articles.numbered(1).id());
    }

    private static String refusal(String value) {
        var record = record(0, 0, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        return org.assertj.core.api.Assertions.catchThrowableOfType(DocumentRejectedException.class,
                () -> Batch.documentOf(record)).getMessage();
    }

    @Test
    void cutsDocumentsIntoBulkRequestsWithinTheCountAndByteLimits() {
        List<BulkPublisher.Item<ConsumerRecord<byte[], byte[]>>> documents = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            documents.add(Batch.documentOf(record(0, i, JsonSerde.toBytes(Articles.numbered(i)))));
        }
        assertThat(Batch.chunks(documents, LIMITS)).extracting(List::size).containsExactly(3, 3, 1);
        int oneDocument = documents.get(0).source().length;
        var bySize = Batch.chunks(documents, new BatchLimits(100, 2L * oneDocument + 10, Duration.ZERO));
        assertThat(bySize).extracting(List::size).containsExactly(2, 2, 2, 1);
    }
}
