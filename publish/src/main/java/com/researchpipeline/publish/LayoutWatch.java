package com.researchpipeline.publish;

import com.researchpipeline.contract.DeadLetterHeaders;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@link IndexLayout#verify()}'s latest verdict while publish runs: asked every {@code every} on a thread of
 * its own, and at once by the processor before it dead-letters a document or retries (so an index replaced with
 * another mapping cannot send one good article to the dead letters). While Elasticsearch does not answer, the
 * last verdict stands (the elasticsearch readiness check says that it does not answer). Thread-safe.
 */
final class LayoutWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LayoutWatch.class);

    private final IndexLayout layout;
    private volatile IndexLayout.Verdict verdict = IndexLayout.Verdict.FINE;
    private ScheduledExecutorService timer;

    LayoutWatch(IndexLayout layout) {
        this.layout = layout;
    }

    void start(Duration every) {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "publish-layout-watch");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::refresh, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks Elasticsearch now; the verdict, the last one when it cannot be asked. */
    synchronized IndexLayout.Verdict refresh() {
        try {
            verdict = layout.verify();
        } catch (IOException | RuntimeException e) {
            LOG.debug("index layout not checked: {}", DeadLetterHeaders.messageOf(e));
        }
        return verdict;
    }

    IndexLayout.Verdict verdict() {
        return verdict;
    }

    /** For readiness: what is wrong with the index or alias, or null. */
    String problem() {
        return verdict.problem();
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
