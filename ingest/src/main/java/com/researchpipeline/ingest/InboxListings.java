package com.researchpipeline.ingest;

import com.researchpipeline.contract.Printable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;

/**
 * Whether the inbox is still being listed: Camel's poll strategy of the inbox consumer, told of each poll that
 * ended, and of each file a listing hands over (one listing of a large backlog hands its files over for as long
 * as they take). The poller made progress when a listing completed (Camel's file consumer lists a missing or
 * unreadable folder as empty, so an empty listing counts only when the inbox can be opened) or a file was handed
 * over. {@link #problem()} says what is wrong, and what to do, once it made none for longer than
 * {@link #overdueAfter}: a poll thread that died or was stopped, a listing that hangs (a network mount that went
 * away) or waits for a slot that never frees, or listings that fail. It looks at no file itself, so a hanging file
 * system never hangs a health check. Thread-safe.
 */
final class InboxListings implements PollingConsumerPollStrategy {

    private final Path root;
    private final Duration overdueAfter;
    private final WakeablePollScheduler poller;
    private final BooleanSupplier stopping;
    /** Runs on the poll thread after each listing that completed. */
    private final Runnable afterListing;
    private volatile long lastProgressNanos = System.nanoTime();
    /** Why the last listing did not count, or null when it did. */
    private volatile String lastFailure;

    InboxListings(Path root, Duration overdueAfter, WakeablePollScheduler poller, BooleanSupplier stopping) {
        this(root, overdueAfter, poller, stopping, () -> { });
    }

    InboxListings(Path root, Duration overdueAfter, WakeablePollScheduler poller, BooleanSupplier stopping,
                  Runnable afterListing) {
        this.afterListing = afterListing;
        this.root = root;
        this.overdueAfter = overdueAfter;
        this.poller = poller;
        this.stopping = stopping;
    }

    /**
     * How long ingest may go without a completed listing before it is not ready: three poll intervals, or
     * {@code INGEST_STUCK_AFTER} (a listing handing a backlog over waits for files in flight that long at most
     * before the route check fires anyway), whichever is longer.
     */
    static Duration overdueAfter(IngestConfig config) {
        Duration polls = config.pollInterval().multipliedBy(3);
        return polls.compareTo(config.stuckAfter()) > 0 ? polls : config.stuckAfter();
    }

    Duration overdueAfter() {
        return overdueAfter;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return true;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        if (polledMessages > 0 || canOpenInbox()) {
            lastFailure = null;
            progressed();
            afterListing.run();
        }
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        lastFailure = cause.toString();
        return false; // Camel logs it; the next poll tries again
    }

    /** A listing handed a file over to the route. */
    void handedOver() {
        progressed();
    }

    /** Since the poller last completed a listing or handed a file over. */
    Duration sinceProgress() {
        return Duration.ofNanos(System.nanoTime() - lastProgressNanos);
    }

    /** Null while listings complete; else what is wrong and what to do. */
    String problem() {
        Duration since = sinceProgress();
        if (since.compareTo(overdueAfter) <= 0) {
            return null;
        }
        String what = "no listing of the inbox " + Printable.of(root.toString()) + " completed for "
                + seconds(since) + " (over " + seconds(overdueAfter) + "), so files dropped now are not picked up: ";
        Duration running = poller.pollRunningFor();
        if (stopping.getAsBoolean()) {
            return what + "ingest is stopping";
        }
        if (!poller.isSchedulerStarted()) {
            return what + "the inbox poller is not running (stopped after an error: the log says why). What to do: "
                    + "restart ingest";
        }
        String failure = lastFailure;
        if (running != null && (failure == null || running.compareTo(overdueAfter) > 0)) {
            return what + "one listing has been running for " + seconds(running) + "; the poll thread is "
                    + where(poller.pollStack()) + ". What to do: if that is a file-system call, the inbox's file "
                    + "system does not answer (a network mount that went away?): fix or remount it; if it waits for a "
                    + "free slot, the files in flight do not finish (see the check ingest/route); ingest goes on by "
                    + "itself once the listing returns, else restart it";
        }
        if (failure != null) {
            return what + "the listings fail (" + failure + "). What to do: check that the inbox exists and ingest "
                    + "may read it (INGEST_INBOX); ingest goes on by itself once it can list it";
        }
        return what + "polls do not run although the poller does (the route stopped or suspended?). What to do: see "
                + "the log, and restart ingest";
    }

    private static String seconds(Duration duration) {
        return duration.compareTo(Duration.ofSeconds(10)) < 0
                ? String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0)
                : duration.toSeconds() + " s";
    }

    private boolean canOpenInbox() {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            return true;
        } catch (IOException | RuntimeException e) {
            lastFailure = "the inbox cannot be opened: " + e;
            return false;
        }
    }

    private void progressed() {
        lastProgressNanos = System.nanoTime();
    }

    /** The innermost frame, and the innermost of ingest's own when that is another. */
    static String where(StackTraceElement[] stack) {
        if (stack.length == 0) {
            return "between polls";
        }
        String at = "at " + stack[0];
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().startsWith("com.researchpipeline.")) {
                return frame == stack[0] ? at : at + ", called from " + frame;
            }
        }
        return at;
    }
}
