package com.researchpipeline.ingest;

import com.researchpipeline.contract.RawArticle;
import com.researchpipeline.contract.StatusEvent;
import com.researchpipeline.observability.KafkaWatch;
import com.researchpipeline.observability.Observability;
import com.researchpipeline.observability.StatusReporter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What ingest tells the world about each file: its status events on {@code articles.status} and its metrics
 * (files picked up, rejected by reason, articles produced). Thread-safe.
 */
final class IngestObserver {

    private static final List<String[]> REASONS = loadReasons();

    private final StatusReporter status;
    private final MeterRegistry registry;
    private final Counter discovered;
    private final Counter produced;
    private final Counter duplicates;
    /** Files the route is working on, by exchange id, with when it started on them (milliseconds of {@code waits}). */
    private final java.util.Map<String, Long> inFlight = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.time.Clock waits;

    IngestObserver(StatusReporter status, MeterRegistry registry, java.time.Clock waits) {
        this.waits = waits;
        this.status = status;
        this.registry = registry;
        this.discovered = Counter.builder("pipeline.files.discovered").description("files picked up from the inbox")
                .tag("stage", IntakeSteps.STAGE).register(registry);
        this.produced = Counter.builder("pipeline.articles.produced").description("articles a stage wrote to its output topic")
                .tag("stage", IntakeSteps.STAGE).register(registry);
        this.duplicates = Counter.builder("pipeline.articles.same.text")
                .description("files whose text was already ingested under another name").tag("stage", IntakeSteps.STAGE)
                .register(registry);
    }

    /** Readiness of ingest: Kafka answers, the inbox is not paused on retries, no file holds the route. */
    static void watch(Observability observability, IngestConfig config, KafkaWatch kafka, RetryBackoff backoff,
                      java.util.function.Supplier<Duration> oldestInFlight, Duration stuckAfter) {
        var health = observability.health();
        health.readiness(IntakeSteps.STAGE, "kafka", kafka::problem);
        health.readiness(IntakeSteps.STAGE, "retries", () -> {
            String why = backoff.whyPausing();
            return why == null ? null : "paused: " + why + "; the inbox is retried after a backoff";
        });
        health.readiness(IntakeSteps.STAGE, "route", () -> {
            Duration held = oldestInFlight.get();
            return held != null && held.compareTo(stuckAfter) > 0
                    ? "the oldest of the files in flight has been in the inbox route for " + held.toSeconds()
                    + " s (over " + stuckAfter.toSeconds() + " s); see the log for the file" : null;
        });
        io.micrometer.core.instrument.Gauge.builder("pipeline.paused", backoff, b -> b.isPausing() ? 1 : 0)
                .description("1 while the stage is paused, retrying").tag("stage", IntakeSteps.STAGE)
                .register(observability.registry());
    }

    /**
     * Readiness of the inbox poller (check {@code inbox}: listings still complete) and the gauges of pickup: seconds
     * since the last completed listing, whether inotify watches the inbox, folders it could not watch.
     */
    static void watchInbox(Observability observability, InboxListings listings, InboxWatcher watcher) {
        observability.health().readiness(IntakeSteps.STAGE, "inbox", listings::problem);
        io.micrometer.core.instrument.Gauge.builder("pipeline.inbox.listing.age", listings,
                        l -> l.sinceProgress().toMillis() / 1000.0)
                .description("seconds since the inbox poller last completed a listing (or handed a file over)")
                .baseUnit("seconds").tag("stage", IntakeSteps.STAGE).strongReference(true)
                .register(observability.registry());
        io.micrometer.core.instrument.Gauge.builder("pipeline.inbox.watcher.active", watcher,
                        w -> w.isWatching() ? 1 : 0)
                .description("1 while inotify watches the inbox (instant pickup); 0: every file takes INGEST_STABLE_FOR")
                .tag("stage", IntakeSteps.STAGE).strongReference(true).register(observability.registry());
        io.micrometer.core.instrument.Gauge.builder("pipeline.inbox.folders.unwatched", watcher,
                        InboxWatcher::unwatchedFolders)
                .description("folders of the inbox inotify could not watch (their files take INGEST_STABLE_FOR)")
                .tag("stage", IntakeSteps.STAGE).strongReference(true).register(observability.registry());
    }

    /**
     * Readiness check {@code archive}: files whose event is on Kafka but that cannot be moved out of the inbox; and
     * their number, {@code pipeline_inbox_files_unmovable}.
     */
    static void watchArchive(Observability observability, UnmovableFiles unmovable) {
        observability.health().readiness(IntakeSteps.STAGE, "archive", unmovable::problem);
        io.micrometer.core.instrument.Gauge.builder("pipeline.inbox.files.unmovable", unmovable, UnmovableFiles::count)
                .description("files whose event is on Kafka but that cannot be moved out of the inbox (not sent again)")
                .tag("stage", IntakeSteps.STAGE).strongReference(true).register(observability.registry());
    }

    /** How long the route has been on its oldest file in flight, or null when it is on none. */
    Duration oldestInFlight() {
        return inFlight.values().stream().min(Long::compare).map(since -> Duration.ofMillis(waits.millis() - since))
                .orElse(null);
    }

    void holding(String exchangeId) {
        inFlight.put(exchangeId, waits.millis());
    }

    void released(String exchangeId) {
        inFlight.remove(exchangeId);
    }

    void discovered(String path, long size, Instant at) {
        discovered.increment();
        status.report(StatusEvent.of(StatusEvent.Kind.DISCOVERED, IntakeSteps.STAGE, at).path(path).sizeBytes(size)
                .build());
    }

    void ingested(String path, RawArticle article, String sameTextAs, Instant at) {
        produced.increment();
        if (sameTextAs != null) {
            duplicates.increment();
        }
        var event = StatusEvent.of(StatusEvent.Kind.INGESTED, IntakeSteps.STAGE, at).path(path)
                .articleId(article.id()).sizeBytes(article.source().sizeBytes()).format(article.source().contentType())
                .words(article.wordCount()).discoveredAt(article.ingestedAt())
                .millis(Duration.between(article.ingestedAt(), at).toMillis());
        if (sameTextAs != null) {
            event.sameTextAs(sameTextAs);
        }
        status.report(event.build());
    }

    void rejected(ArticleIntake.Intake.Rejected rejected, Instant discoveredAt, Instant at) {
        String label = reasonLabel(rejected.reason().getMessage());
        Counter.builder("pipeline.files.rejected").description("files ingest could not turn into an article, by reason")
                .tag("stage", IntakeSteps.STAGE).tag("reason", label).register(registry).increment();
        var event = StatusEvent.of(StatusEvent.Kind.REJECTED, IntakeSteps.STAGE, at).path(rejected.path())
                .sizeBytes(rejected.size()).reason(rejected.reason().getMessage()).category(label)
                .action(rejected.reason().action());
        if (discoveredAt != null) {
            event.discoveredAt(discoveredAt).millis(Duration.between(discoveredAt, at).toMillis());
        }
        status.report(event.build());
    }

    static String reasonLabel(String message) {
        String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
        for (String[] reason : REASONS) {
            if (lower.contains(reason[0])) {
                return reason[1];
            }
        }
        return "other";
    }

    private static List<String[]> loadReasons() {
        List<String[]> reasons = new ArrayList<>();
        for (String line : DataLines.of("rejection-reasons.txt")) {
            String[] parts = line.split("\t");
            reasons.add(new String[] {parts[0].toLowerCase(Locale.ROOT), parts[1].trim()});
        }
        return List.copyOf(reasons);
    }
}
