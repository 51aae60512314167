package com.researchpipeline.publish;

import com.researchpipeline.contract.EnrichedArticle;
import com.researchpipeline.contract.JsonSerde;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumed records waiting for one bulk round: readable ones as documents, unreadable ones as dead
 * letters, and for every partition the offset to commit once all of them are stored or dead-lettered.
 * Not thread-safe: owned by the consumer loop.
 */
final class Batch {

    record Unreadable(ConsumerRecord<byte[], byte[]> record, DocumentRejectedException reason) {
    }

    private final List<BulkPublisher.Item<ConsumerRecord<byte[], byte[]>>> documents = new ArrayList<>();
    private final List<Unreadable> unreadable = new ArrayList<>();
    private final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    private long bytes;
    private long firstAddedAt;

    void add(ConsumerRecord<byte[], byte[]> record, long now) {
        if (isEmpty()) {
            firstAddedAt = now;
        }
        offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
        try {
            EnrichedArticle article = read(record);
            byte[] source = JsonSerde.toBytes(ArticleDocument.of(article));
            documents.add(new BulkPublisher.Item<>(record, article.id(), ArticleDocument.versionOf(article), source));
            bytes += source.length;
        } catch (DocumentRejectedException e) {
            unreadable.add(new Unreadable(record, e));
        }
    }

    static EnrichedArticle read(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            throw new DocumentRejectedException("the record has no value");
        }
        EnrichedArticle article;
        try {
            article = JsonSerde.fromBytes(record.value(), EnrichedArticle.class);
        } catch (RuntimeException e) {
            throw new DocumentRejectedException(e.getMessage(), e);
        }
        if (article.article() == null || article.id() == null || article.id().isBlank()) {
            throw new DocumentRejectedException("the event has no article id");
        }
        return article;
    }

    boolean isReady(BatchLimits limits, long now) {
        return documents.size() >= limits.documents() || bytes >= limits.bytes()
                || (!isEmpty() && now - firstAddedAt >= limits.maxWait().toMillis());
    }

    /** Milliseconds until the oldest record has waited long enough, or {@code max} when empty. */
    long millisUntilDue(BatchLimits limits, long now, long max) {
        return isEmpty() ? max : Math.max(0, Math.min(max, firstAddedAt + limits.maxWait().toMillis() - now));
    }

    /** The documents cut into bulk requests that respect the count and byte limits. */
    static List<List<BulkPublisher.Item<ConsumerRecord<byte[], byte[]>>>> chunks(
            List<BulkPublisher.Item<ConsumerRecord<byte[], byte[]>>> items, BatchLimits limits) {
        List<List<BulkPublisher.Item<ConsumerRecord<byte[], byte[]>>>> chunks = new ArrayList<>();
        List<BulkPublisher.Item<ConsumerRecord<byte[], byte[]>>> chunk = new ArrayList<>();
        long chunkBytes = 0;
        for (var item : items) {
            if (!chunk.isEmpty() && (chunk.size() >= limits.documents()
                    || chunkBytes + item.source().length > limits.bytes())) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                chunkBytes = 0;
            }
            chunk.add(item);
            chunkBytes += item.source().length;
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    List<BulkPublisher.Item<ConsumerRecord<byte[], byte[]>>> documents() {
        return documents;
    }

    List<Unreadable> unreadable() {
        return unreadable;
    }

    Map<TopicPartition, OffsetAndMetadata> offsets() {
        return offsets;
    }

    boolean isEmpty() {
        return offsets.isEmpty();
    }

    int size() {
        return documents.size() + unreadable.size();
    }

    void clear() {
        documents.clear();
        unreadable.clear();
        offsets.clear();
        bytes = 0;
    }
}
