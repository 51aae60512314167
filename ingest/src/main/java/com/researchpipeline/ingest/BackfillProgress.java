package com.researchpipeline.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the files already in the inbox when the stage starts and, when there are many, logs how the
 * backfill advances: done / total, rate and time left, every {@code interval} and once at the end.
 * Thread-safe.
 */
final class BackfillProgress {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillProgress.class);
    /** Fewer files than this are over before a progress line would help. */
    static final int LARGE = 100;

    private final long total;
    private final Duration interval;
    private final Clock clock;
    private final long startMillis;
    private final AtomicLong done = new AtomicLong();
    private volatile long lastLogMillis;

    BackfillProgress(long total, Duration interval, Clock clock) {
        this.total = total;
        this.interval = interval;
        this.clock = clock;
        this.startMillis = clock.millis();
        this.lastLogMillis = startMillis;
        if (total >= LARGE) {
            LOG.info("backfill: {} files already in the inbox", total);
        }
    }

    /** A file finished (done or failed); files written after the start are not part of the backfill. */
    void advance(long lastModifiedMillis) {
        if (lastModifiedMillis >= startMillis) {
            return;
        }
        long finished = done.incrementAndGet();
        if (total < LARGE || finished > total) {
            return;
        }
        long now = clock.millis();
        if (finished == total || now - lastLogMillis >= interval.toMillis()) {
            lastLogMillis = now;
            log(finished, now);
        }
    }

    private void log(long finished, long now) {
        double seconds = Math.max(0.001, (now - startMillis) / 1000.0);
        double rate = finished / seconds;
        long left = Math.round((total - finished) / Math.max(rate, 0.001));
        if (finished == total) {
            LOG.info("backfill: {}/{} files done in {}s ({} files/s)", finished, total, Math.round(seconds),
                    String.format("%.1f", rate));
        } else {
            LOG.info("backfill: {}/{} files ({}%), {} files/s, about {} left", finished, total, 100 * finished / total,
                    String.format("%.1f", rate), Duration.ofSeconds(left).toString().substring(2).toLowerCase());
        }
    }
}
