package com.researchpipeline.publish;

import com.researchpipeline.contract.EnrichedArticle;
import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.RawArticle;
import com.researchpipeline.contract.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns consumed records into bulk documents and cuts them into bulk requests. A record that is no
 * {@code articles.enriched} event this version can read (no value, not JSON, the wrong shape or types, an
 * unknown {@code schemaVersion}, no article id or one too long for an {@code _id}) is refused with a
 * {@link DocumentRejectedException}.
 */
final class Batch {

    private static final Logger LOG = LoggerFactory.getLogger(Batch.class);

    /** The longest {@code _id} Elasticsearch takes, in UTF-8 bytes. */
    static final int MAX_ID_BYTES = 512;

    /** The document for one record. */
    static BulkPublisher.Item<ConsumerRecord<byte[], byte[]>> documentOf(ConsumerRecord<byte[], byte[]> record) {
        EnrichedArticle article = read(record);
        byte[] source;
        long version;
        try {
            version = ArticleDocument.versionOf(article); // a date past the year 292 million overflows
            ArticleDocument document = ArticleDocument.of(article);
            if (document.entitiesCut()) {
                LOG.warn("Article {} has {} entities; its document carries the first {}, as many nested objects as the"
                        + " index takes (mapping.nested_objects.limit); its facets and entityCount hold them all",
                        article.id(), document.entityCount(), document.entities().size());
            }
            source = JsonSerde.toBytes(document);
        } catch (RuntimeException e) {
            throw new DocumentRejectedException("the event cannot be made a document: " + e, e);
        }
        return new BulkPublisher.Item<>(record, article.id(), version, source);
    }

    static EnrichedArticle read(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            throw new DocumentRejectedException("the record has no value");
        }
        EnrichedArticle article;
        try {
            article = Topics.ENRICHED.valueDeserializer().deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            throw new DocumentRejectedException(e.getMessage(), e);
        }
        if (article == null) {
            throw new DocumentRejectedException("the value is JSON null, not an event");
        }
        if (article.schemaVersion() != EnrichedArticle.SCHEMA_VERSION) {
            throw new DocumentRejectedException("unknown schemaVersion " + article.schemaVersion()
                    + ": this publish reads articles.enriched version " + EnrichedArticle.SCHEMA_VERSION
                    + "; upgrade publish, or re-enrich the article");
        }
        if (article.article() == null || article.id() == null || article.id().isBlank()) {
            throw new DocumentRejectedException("the event has no article id");
        }
        int idBytes = article.id().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (idBytes > MAX_ID_BYTES) {
            throw new DocumentRejectedException("the article id is " + idBytes + " bytes, over the " + MAX_ID_BYTES
                    + " Elasticsearch allows for an _id (ingest makes ids of 64 hex characters): "
                    + BulkPublisher.shortened(article.id()));
        }
        if (article.article().schemaVersion() != RawArticle.SCHEMA_VERSION) {
            throw new DocumentRejectedException("unknown article schemaVersion " + article.article().schemaVersion()
                    + ": this publish reads version " + RawArticle.SCHEMA_VERSION);
        }
        if (article.article().body() == null) {
            throw new DocumentRejectedException("article " + article.id() + " has no body");
        }
        return article;
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

    private Batch() {
    }
}
