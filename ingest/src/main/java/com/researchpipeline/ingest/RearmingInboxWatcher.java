package com.researchpipeline.ingest;

import com.researchpipeline.contract.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link InboxWatcher} that comes back after it failed while running (its reading thread ended: a refused read
 * of the descriptor, an unexpected error): after a wait that doubles, as the pipeline's one {@link RetryPolicy}
 * says, while attempts keep failing, a new watcher is started in its place. Meanwhile, as before, every file takes
 * the stability window (nothing is lost). A watcher that could not start at all (not Linux, no inotify instance
 * left, the inbox cannot be watched) is not retried here: its one WARN says what to do. Thread-safe.
 */
final class RearmingInboxWatcher implements InboxWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(RearmingInboxWatcher.class);
    /** The wait before the first new start after a failure, doubling up to five minutes. */
    static final RetryPolicy REARM = new RetryPolicy(Duration.ofSeconds(2), Duration.ofMinutes(5));

    private final Supplier<InboxWatcher> starter;
    private final RetryPolicy policy;
    private final ScheduledExecutorService checks;
    private volatile InboxWatcher current;
    private volatile boolean closed;
    /** Only the check thread reads and writes these. */
    private Duration delay;
    private long dueNanos;
    private long watchingSinceNanos = System.nanoTime();
    private volatile int rearmed;

    private RearmingInboxWatcher(InboxWatcher first, Supplier<InboxWatcher> starter, RetryPolicy policy) {
        this.current = first;
        this.starter = starter;
        this.policy = policy;
        this.checks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "ingest-inotify-rearm");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(50, Math.min(1_000, policy.first().toMillis() / 4));
        checks.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }

    /** Starts a watcher with {@code starter}; one that starts is started again whenever it failed. */
    static InboxWatcher start(Supplier<InboxWatcher> starter, RetryPolicy policy) {
        InboxWatcher first = starter.get();
        return first.isWatching() ? new RearmingInboxWatcher(first, starter, policy) : first;
    }

    private void check() {
        try {
            InboxWatcher watcher = current;
            long now = System.nanoTime();
            if (closed) {
                return;
            }
            if (watcher.isWatching()) {
                if (delay != null && now - watchingSinceNanos > policy.max().toNanos()) {
                    delay = null; // ran long enough: the next failure starts the waits afresh
                }
                return;
            }
            if (dueNanos == 0) {
                delay = policy.next(delay);
                dueNanos = now + delay.toNanos();
                LOG.info("instant pickup: inotify is started again in {} s", delay.toSeconds());
                return;
            }
            if (now - dueNanos < 0) {
                return;
            }
            dueNanos = 0;
            watcher.close();
            InboxWatcher next = starter.get();
            current = next;
            if (closed) {
                next.close();
            } else if (next.isWatching()) {
                rearmed++;
                watchingSinceNanos = System.nanoTime();
                LOG.info("instant pickup is back: inotify watches the inbox again (files written while it was off "
                        + "take the stability window)");
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot start inotify again ({}); trying later", e.toString());
        }
    }

    /** How many times a failed watcher was replaced by one that watches. */
    int rearmed() {
        return rearmed;
    }

    @Override
    public FileState settled(Path file) {
        return current.settled(file);
    }

    @Override
    public boolean isBeingWritten(Path file) {
        return current.isBeingWritten(file);
    }

    @Override
    public boolean isWatching() {
        return current.isWatching();
    }

    @Override
    public int unwatchedFolders() {
        return current.unwatchedFolders();
    }

    @Override
    public void close() {
        closed = true;
        checks.shutdownNow();
        try {
            checks.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        current.close();
    }
}
