package com.researchpipeline.enrich;

import com.researchpipeline.contract.DeadLetterHeaders;
import com.researchpipeline.contract.EnrichedArticle;
import com.researchpipeline.contract.EntityType;
import com.researchpipeline.contract.RawArticle;
import com.researchpipeline.contract.Topics;
import com.researchpipeline.contract.consumer.RecordOutcome;
import com.researchpipeline.contract.consumer.RecordProcessor;
import com.researchpipeline.contract.consumer.RetryCause;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enrich's work for the shared consumer loop: enriches a batch of {@code articles.raw} records on a pool of
 * threads, sends each enriched event and waits for Kafka's acknowledgement of each, and answers per record.
 * A record that is no article this version reads (no value, not JSON, the wrong shape, an unknown
 * {@code schemaVersion}, no id or body), an article too large to carry, or an event Kafka refuses as too
 * large is dead-lettered; an event Kafka did not acknowledge is retried.
 */
final class EnrichProcessor implements RecordProcessor {

    /** Header on an enriched event whose entity list was cut to fit: how many entities were left out. */
    static final String ENTITIES_DROPPED = "enrich.entities.dropped";

    private static final Logger LOG = LoggerFactory.getLogger(EnrichProcessor.class);

    private final ArticleEnricher enricher;
    private final Producer<byte[], byte[]> producer;
    private final ExecutorService workers;
    private final EnrichedEventSizer sizer;
    private final String outputTopic;

    EnrichProcessor(ArticleEnricher enricher, Producer<byte[], byte[]> producer, ExecutorService workers,
                    int maxEventBytes, String outputTopic) {
        this.enricher = enricher;
        this.producer = producer;
        this.workers = workers;
        this.sizer = new EnrichedEventSizer(maxEventBytes);
        this.outputTopic = outputTopic;
    }

    @Override
    public List<RecordOutcome> process(List<ConsumerRecord<byte[], byte[]>> records) {
        List<CompletableFuture<Object>> prepared = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            prepared.add(CompletableFuture.supplyAsync(() -> prepare(record), workers));
        }
        List<Object> sends = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            Object output = prepared.get(i).join();
            if (output instanceof ProducerRecord<?, ?> event) {
                sends.add(send(cast(event)));
            } else {
                sends.add(output);
            }
        }
        List<RecordOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            outcomes.add(outcomeOf(records.get(i), sends.get(i)));
        }
        return outcomes;
    }

    /** The enriched event to send, or the {@link RecordOutcome} when there is none. */
    private Object prepare(ConsumerRecord<byte[], byte[]> record) {
        try {
            RawArticle article = read(record);
            EnrichedEventSizer.Sized sized = sizer.fit(enricher.enrich(article));
            ProducerRecord<byte[], byte[]> event = new ProducerRecord<>(outputTopic,
                    article.id().getBytes(StandardCharsets.UTF_8), sized.bytes());
            if (sized.entitiesDropped() > 0) {
                event.headers().add(ENTITIES_DROPPED,
                        Integer.toString(sized.entitiesDropped()).getBytes(StandardCharsets.UTF_8));
                LOG.warn("Article {} is large: its enriched event carries the first {} of {} entities to stay within "
                        + "KAFKA_MAX_REQUEST_SIZE", article.id(), sized.event().entities().size(),
                        sized.event().entities().size() + sized.entitiesDropped());
            }
            LOG.info("Enriched article {} ({}): {}", article.id(),
                    article.source() == null ? "?" : article.source().path(), counts(sized.event()));
            return event;
        } catch (RuntimeException | StackOverflowError e) {
            return RecordOutcome.deadLetter(e instanceof RuntimeException ? e
                    : new ArticleRejectedException("the extractor failed on this article: " + e, e));
        }
    }

    static RawArticle read(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            throw new ArticleRejectedException("the record has no value");
        }
        RawArticle article = Topics.RAW.valueDeserializer().deserialize(record.topic(), record.value());
        if (article == null) {
            throw new ArticleRejectedException("the value is JSON null, not an article");
        }
        if (article.schemaVersion() != RawArticle.SCHEMA_VERSION) {
            throw new ArticleRejectedException("unknown schemaVersion " + article.schemaVersion()
                    + ": this enrich reads articles.raw version " + RawArticle.SCHEMA_VERSION
                    + "; upgrade enrich, or ingest the file again with this version");
        }
        if (article.id() == null || article.id().isBlank()) {
            throw new ArticleRejectedException("the article has no id");
        }
        if (article.body() == null) {
            throw new ArticleRejectedException("article " + article.id() + " has no body");
        }
        return article;
    }

    private Object send(ProducerRecord<byte[], byte[]> event) {
        try {
            return producer.send(event);
        } catch (RuntimeException e) {
            return e;
        }
    }

    private RecordOutcome outcomeOf(ConsumerRecord<byte[], byte[]> record, Object send) {
        if (send instanceof RecordOutcome outcome) {
            return outcome;
        }
        Throwable failure;
        if (send instanceof Future<?> future) {
            try {
                future.get();
                return RecordOutcome.done();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return RecordOutcome.retry(RetryCause.OUTPUT_TOPIC_UNAVAILABLE, "interrupted");
            } catch (ExecutionException e) {
                failure = e.getCause();
            }
        } else {
            failure = (Throwable) send;
        }
        if (failure instanceof RecordTooLargeException || failure instanceof RecordBatchTooLargeException
                || failure instanceof InvalidRecordException || failure instanceof SerializationException) {
            return RecordOutcome.deadLetter(new ArticleRejectedException("Kafka refused the enriched event of "
                    + keyOf(record) + " for good: " + DeadLetterHeaders.messageOf(failure)
                    + "; check KAFKA_MAX_REQUEST_SIZE against the max.message.bytes of " + outputTopic, failure));
        }
        return RecordOutcome.retry(RetryCause.OUTPUT_TOPIC_UNAVAILABLE, DeadLetterHeaders.messageOf(failure));
    }

    @SuppressWarnings("unchecked")
    private static ProducerRecord<byte[], byte[]> cast(ProducerRecord<?, ?> record) {
        return (ProducerRecord<byte[], byte[]>) record;
    }

    private static String keyOf(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? "(no key)" : new String(record.key(), StandardCharsets.UTF_8);
    }

    private static String counts(EnrichedArticle enriched) {
        Map<EntityType, Integer> counts = new java.util.LinkedHashMap<>();
        EntityType.values().forEach(type -> counts.put(type, 0));
        enriched.entities().forEach(e -> counts.merge(e.type(), 1, Integer::sum));
        counts.values().removeIf(n -> n == 0);
        return counts.isEmpty() ? "no entities" : counts.toString();
    }
}
