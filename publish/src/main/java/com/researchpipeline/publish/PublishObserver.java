package com.researchpipeline.publish;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.researchpipeline.contract.DeadLetterHeaders;
import com.researchpipeline.contract.Elapsed;
import com.researchpipeline.contract.EnrichedArticle;
import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.RecordKey;
import com.researchpipeline.contract.StatusEvent;
import com.researchpipeline.contract.consumer.ConsumerLoopListener;
import com.researchpipeline.contract.consumer.RetryCause;
import com.researchpipeline.observability.Buckets;
import com.researchpipeline.observability.StatusReporter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What publish tells the world: status events per article, and metrics (documents indexed, bulk request time
 * and size, retries, dead letters, the end-to-end time from file discovered to document indexed), and
 * whether Elasticsearch answers (a readiness check, asked every few seconds). Thread-safe.
 */
final class PublishObserver implements ConsumerLoopListener, AutoCloseable {

    static final String STAGE = "publish";
    private static final long STALE_AFTER_MILLIS = 12_000;
    /** How long the readiness probe waits for the cluster health: a frozen node fails it, a busy one answers. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(8);

    private final StatusReporter status;
    private final Clock clock;
    private final Counter produced;
    private final Counter deadLetters;
    private final Counter retries;
    private final Timer bulkTime;
    private final DistributionSummary bulkDocuments;
    private final DistributionSummary bulkBytes;
    private final Timer endToEnd;
    private final long watchedSince = Elapsed.millis();
    private final Instant liveSince;
    private volatile long elasticsearchAnswered;
    private volatile long askedSince;
    private volatile String elasticsearchProblem;
    private volatile String elasticsearchRefusal;
    private ScheduledExecutorService probe;

    PublishObserver(StatusReporter status, MeterRegistry registry, Clock clock) {
        this.status = status;
        this.clock = clock;
        this.liveSince = clock.instant();
        produced = Counter.builder("pipeline.articles.produced").description("articles a stage wrote to its output")
                .tag("stage", STAGE).register(registry);
        deadLetters = Counter.builder("pipeline.dead.letters").description("records a stage wrote to articles.dlq")
                .tag("stage", STAGE).register(registry);
        retries = Counter.builder("pipeline.retries").description("retries after Kafka or Elasticsearch failed")
                .tag("stage", STAGE).register(registry);
        bulkTime = Timer.builder("pipeline.bulk.time").description("time of one bulk request to Elasticsearch")
                .tag("stage", STAGE).serviceLevelObjectives(Buckets.BULK).register(registry);
        bulkDocuments = DistributionSummary.builder("pipeline.bulk.documents").description("documents per bulk request")
                .tag("stage", STAGE).register(registry);
        bulkBytes = DistributionSummary.builder("pipeline.bulk.size").baseUnit("bytes")
                .description("bytes of document source per bulk request").tag("stage", STAGE).register(registry);
        endToEnd = Timer.builder("pipeline.end.to.end").description("from a file discovered by ingest to its document indexed")
                .tag("stage", STAGE).serviceLevelObjectives(Buckets.END_TO_END).register(registry);
    }

    /** Asks Elasticsearch for the cluster health every few seconds, through {@code client} of {@code connection}. */
    void watchElasticsearch(ElasticsearchClient client, ElasticsearchConnection connection) {
        probe = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "publish-elasticsearch-watch");
            thread.setDaemon(true);
            return thread;
        });
        probe.scheduleWithFixedDelay(() -> {
            askedSince = Elapsed.millis();
            try {
                client.cluster().health(h -> h.timeout(t -> t.time("3s")));
                elasticsearchAnswered = Elapsed.millis();
                elasticsearchProblem = null;
                elasticsearchRefusal = null;
            } catch (Exception e) {
                elasticsearchRefusal = connection.refusal(e);
                elasticsearchProblem = ElasticsearchConnection.timedOut(e)
                        ? "no answer within " + PROBE_TIMEOUT.toSeconds() + " s" : DeadLetterHeaders.messageOf(e);
            } finally {
                askedSince = 0;
            }
        }, 0, 3, TimeUnit.SECONDS);
    }

    /**
     * Null while Elasticsearch answered in the last few seconds; what to fix while it refuses publish's credentials,
     * privileges or TLS; otherwise for how long it has not answered, and why.
     */
    String elasticsearchProblem() {
        String refusal = elasticsearchRefusal;
        if (refusal != null) {
            return refusal + "; publish retries meanwhile and loses nothing";
        }
        long now = Elapsed.millis();
        long answered = elasticsearchAnswered;
        if (answered != 0 && now - answered <= STALE_AFTER_MILLIS) {
            return null;
        }
        long asked = askedSince;
        String why = elasticsearchProblem != null ? elasticsearchProblem
                : asked != 0 ? "a request has been waiting for " + (now - asked) / 1000 + " s" : "not asked yet";
        return "Elasticsearch does not answer (none " + (answered == 0 ? "since publish started "
                + (now - watchedSince) / 1000 + " s ago" : "for " + (now - answered) / 1000 + " s") + ": " + why
                + "); check that the node runs and is not stopped (kill -CONT) or overloaded (GET _cluster/health)";
    }

    void bulk(Duration took, List<BulkPublisher.Item<ConsumerRecord<byte[], byte[]>>> chunk) {
        bulkTime.record(took);
        bulkDocuments.record(chunk.size());
        bulkBytes.record(chunk.stream().mapToLong(item -> item.source().length).sum());
    }

    /**
     * A document stored, or found already there (409: an earlier attempt whose answer was lost to a timeout was
     * stored after all, or a replay): either way it is searchable, so both tell the status topic, or that file would
     * stay "in flight" for ever. Only a new write counts as produced; see {@link #indexedEvent} for what times the
     * end-to-end histogram.
     */
    void indexed(BulkPublisher.Stored<ConsumerRecord<byte[], byte[]>> stored, String index, Duration bulkTook) {
        StatusEvent event = indexedEvent(stored, index, bulkTook, clock.instant(), liveSince);
        if (!stored.alreadyThere()) {
            produced.increment();
        }
        if (event.endToEndMillis() != null) {
            endToEnd.record(Duration.ofMillis(event.endToEndMillis()));
        }
        status.report(event);
    }

    /**
     * The status event of one stored document. Its end-to-end time (discovery to searchable) is the pipeline's only for
     * the first write of an article enriched while this publish runs: a re-enrichment updates a document that was
     * searchable already, and a refill, a new index version or the backlog of a restart writes articles whose
     * time is their age (shown as lag by {@code status}, not as latency).
     */
    static StatusEvent indexedEvent(BulkPublisher.Stored<ConsumerRecord<byte[], byte[]>> stored, String index,
                                    Duration bulkTook, Instant now, Instant liveSince) {
        var event = StatusEvent.of(StatusEvent.Kind.INDEXED, STAGE, now).articleId(stored.item().id()).index(index)
                .documentVersion(stored.version()).millis(bulkTook.toMillis());
        if (stored.alreadyThere()) {
            event.reason("already there with this version or a newer one (an earlier attempt, or a replay)");
        }
        try {
            EnrichedArticle article = JsonSerde.fromBytes(stored.item().context().value(), EnrichedArticle.class);
            Instant discovered = article.article().ingestedAt();
            if (article.article().source() != null) {
                event.path(article.article().source().path());
            }
            boolean live = "created".equals(stored.result()) && article.enrichedAt() != null
                    && !article.enrichedAt().isBefore(liveSince);
            if (discovered != null && !stored.alreadyThere() && live) {
                event.discoveredAt(discovered).endToEndMillis(Duration.between(discovered, now).toMillis());
            }
        } catch (RuntimeException unreadable) {
            // it was indexed, so it was readable; nothing to add if it is not
        }
        return event.build();
    }

    @Override
    public void onDeadLettered(ConsumerRecord<byte[], byte[]> record, Throwable reason) {
        deadLetters.increment();
        var event = StatusEvent.of(StatusEvent.Kind.DEAD_LETTERED, STAGE, clock.instant())
                .articleId(RecordKey.text(record.key()))
                .exception(reason.getClass().getName()).category(reason.getClass().getSimpleName())
                .reason(DeadLetterHeaders.messageOf(reason))
                .action("fix the cause (the record is on articles.dlq with its headers), then run bin/pipeline redrive");
        try {
            EnrichedArticle article = JsonSerde.fromBytes(record.value(), EnrichedArticle.class);
            if (article.article() != null && article.article().source() != null) {
                event.path(article.article().source().path());
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

    @Override
    public void close() {
        if (probe != null) {
            probe.shutdownNow();
        }
    }
}
