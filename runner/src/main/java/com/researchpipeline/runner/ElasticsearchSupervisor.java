package com.researchpipeline.runner;

import com.researchpipeline.infra.DiskSpace;
import com.researchpipeline.infra.ManagedElasticsearch;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the Elasticsearch child of {@code bin/pipeline run}: when it dies without being asked to stop, says so
 * and starts it again on the same data folder, waiting longer after each failed attempt. Publish meanwhile
 * retries its batches and loses nothing. After {@code maxAttempts} attempts (default {@link #MAX_ATTEMPTS}) that
 * do not give a node that stays up {@link #STABLE_AFTER}, it gives up and hands {@code giveUp} a message that says why, and the runner stops everything.
 * {@link #close()} stops watching and then stops the node.
 */
final class ElasticsearchSupervisor implements AutoCloseable {

    static final int MAX_ATTEMPTS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchSupervisor.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    /** A node up this long has recovered: its next death starts the count of attempts again. */
    private static final Duration STABLE_AFTER = Duration.ofMinutes(5);

    private final ManagedElasticsearch node;
    private final int maxAttempts;
    private final Consumer<String> giveUp;
    private final Thread watcher;
    private volatile boolean closed;

    ElasticsearchSupervisor(ManagedElasticsearch node, int maxAttempts, Consumer<String> giveUp) {
        this.node = node;
        this.maxAttempts = maxAttempts;
        this.giveUp = giveUp;
        this.watcher = new Thread(this::watch, "elasticsearch-supervisor");
        this.watcher.setDaemon(true);
        this.watcher.start();
    }

    private void watch() {
        int attempts = 0;
        Instant upSince = Instant.now();
        while (!closed) {
            Process process = node.process().orElse(null);
            if (process == null) {
                return;
            }
            int code;
            try {
                code = process.waitFor();
            } catch (InterruptedException e) {
                return;
            }
            if (closed || !node.isRunning()) {
                return;
            }
            if (Duration.between(upSince, Instant.now()).compareTo(STABLE_AFTER) > 0) {
                attempts = 0;
            }
            String failure = "Elasticsearch (pid " + process.pid() + ") died with exit code " + code
                    + DiskSpace.aside(node.nodeDir());
            Instant diedAt = Instant.now();
            while (true) {
                attempts++;
                if (attempts > maxAttempts) {
                    String message = failure + "; " + (attempts - 1) + " restarts in a row did not bring it back for "
                            + "good (PIPELINE_ELASTICSEARCH_RESTARTS=" + maxAttempts + "), so the pipeline stops (nothing is lost: what was not indexed is indexed at the next start). Its last "
                            + "lines:\n" + node.consoleTail() + "\nSee " + node.nodeDir().resolve("logs")
                            + ", fix the cause (memory, disk, Java), then run bin/pipeline run again";
                    LOG.error(message);
                    giveUp.accept(message);
                    return;
                }
                Duration backoff = FIRST_BACKOFF.multipliedBy(1L << (attempts - 1));
                LOG.error("{}; restarting it on {} in {} s (attempt {} of {}); publish waits meanwhile and loses "
                        + "nothing", failure, node.nodeDir(), backoff.toSeconds(), attempts, maxAttempts);
                try {
                    Thread.sleep(backoff.toMillis());
                    if (closed) {
                        return;
                    }
                    node.stop();
                    node.start();
                    upSince = Instant.now();
                    LOG.warn("Elasticsearch is back on {}, {} s after it died", node.url(),
                            Duration.between(diedAt, upSince).toSeconds());
                    break;
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    if (closed) {
                        return;
                    }
                    failure = "Elasticsearch could not be restarted: " + e.getMessage();
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        watcher.interrupt();
        try {
            watcher.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        node.stop();
    }
}
