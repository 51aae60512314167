package com.researchpipeline.enrich;

import com.researchpipeline.contract.DeadLetterHeaders;
import com.researchpipeline.contract.EnrichedArticle;
import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.RawArticle;
import com.researchpipeline.contract.RecordKey;
import com.researchpipeline.contract.StatusEvent;
import com.researchpipeline.contract.consumer.ConsumerLoopListener;
import com.researchpipeline.contract.consumer.RetryCause;
import com.researchpipeline.observability.Buckets;
import com.researchpipeline.observability.StatusReporter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What enrich tells the world about each article: its status events and its metrics (articles produced,
 * entities by type, enrichment time, dead letters, retries). Thread-safe.
 */
final class EnrichObserver implements ConsumerLoopListener {

    static final String STAGE = "enrich";

    private final StatusReporter status;
    private final MeterRegistry registry;
    private final Counter produced;
    private final Counter deadLetters;
    private final Counter retries;
    private final Timer enrichment;

    EnrichObserver(StatusReporter status, MeterRegistry registry) {
        this.status = status;
        this.registry = registry;
        produced = Counter.builder("pipeline.articles.produced").description("articles a stage wrote to its output topic")
                .tag("stage", STAGE).register(registry);
        deadLetters = Counter.builder("pipeline.dead.letters").description("records a stage wrote to articles.dlq")
                .tag("stage", STAGE).register(registry);
        retries = Counter.builder("pipeline.retries").description("retries after Kafka or Elasticsearch failed")
                .tag("stage", STAGE).register(registry);
        enrichment = Timer.builder("pipeline.enrichment.time").description("time to enrich one article")
                .tag("stage", STAGE).serviceLevelObjectives(Buckets.ENRICHMENT).register(registry);
    }

    void enriched(EnrichedArticle enriched, Duration took) {
        produced.increment();
        enrichment.record(took);
        Map<String, Integer> counts = new TreeMap<>();
        enriched.entities().forEach(e -> counts.merge(e.type().label().toUpperCase(java.util.Locale.ROOT), 1, Integer::sum)); // the tag metrics always had
        counts.forEach((type, n) -> Counter.builder("pipeline.entities").description("entities found, by type")
                .tag("stage", STAGE).tag("type", type).register(registry).increment(n));
        RawArticle article = enriched.article();
        status.report(StatusEvent.of(StatusEvent.Kind.ENRICHED, STAGE, enriched.enrichedAt())
                .articleId(article.id()).path(article.source() == null ? null : article.source().path())
                .entities(counts).modelVersion(enriched.modelVersion()).millis(took.toMillis())
                .discoveredAt(article.ingestedAt()).build());
    }

    @Override
    public void onDeadLettered(ConsumerRecord<byte[], byte[]> record, Throwable failure) {
        deadLetters.increment();
        var event = StatusEvent.of(StatusEvent.Kind.DEAD_LETTERED, STAGE, Instant.now())
                .articleId(RecordKey.text(record.key()))
                .exception(failure.getClass().getName()).category(failure.getClass().getSimpleName())
                .reason(DeadLetterHeaders.messageOf(failure))
                .action("fix the cause (the record is on articles.dlq with its headers), then run bin/pipeline redrive");
        try {
            RawArticle article = JsonSerde.fromBytes(record.value(), RawArticle.class);
            if (article.source() != null) {
                event.path(article.source().path());
            }
        } catch (RuntimeException unreadable) {
            // not an article at all: the key is all there is to trace it by
        }
        status.report(event.build());
    }

    @Override
    public void onRetry(RetryCause cause, int records, Duration wait) {
        retries.increment();
    }
}
