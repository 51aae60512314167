package com.researchpipeline.ingest;

import com.researchpipeline.contract.RetryPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Pauses after retriable failures, as the pipeline's one {@link RetryPolicy} says (doubling from one second up
 * to a maximum) and ending at the first success. A failure of Kafka pauses the whole inbox, so a broker outage costs one timed-out send rather
 * than one per waiting file; a failure that belongs to one file (it cannot be moved) pauses only that file,
 * so it cannot hold up the others. Files in flight together that fail in one outage lengthen the pause once, not once
 * each: a failure of an attempt that began before the current pause did is part of the failure that began it.
 * Thread-safe.
 */
final class RetryBackoff {

    static final Duration FIRST = Duration.ofSeconds(1);

    private record Pause(Duration length, long sinceMillis, long untilMillis) {
    }

    private final RetryPolicy policy;
    private final Clock clock;
    private Pause inbox;
    private String inboxWhy;
    private final Map<Path, Pause> files = new HashMap<>();

    RetryBackoff(Duration first, Duration max, Clock clock) {
        this.policy = new RetryPolicy(first.compareTo(max) < 0 ? first : max, max);
        this.clock = clock;
    }

    synchronized boolean isPausing() {
        return inbox != null && clock.millis() < inbox.untilMillis();
    }

    /** Why the whole inbox pauses, as the failure that paused it said; null when it does not pause. */
    synchronized String whyPausing() {
        return isPausing() ? inboxWhy : null;
    }

    synchronized boolean isPausing(Path file) {
        Pause pause = files.get(file);
        return pause != null && clock.millis() < pause.untilMillis();
    }

    /** Starts or lengthens the pause of the whole inbox for an attempt that began now; returns its length. */
    synchronized Duration failed(String why) {
        return failed(clock.millis(), why);
    }

    /**
     * Starts or lengthens the pause of the whole inbox, unless the current pause began after this attempt did (then
     * it already counts this outage); returns the pause's length. {@code why} is what {@link #whyPausing()} says.
     * {@code attemptStartedMillis} is read on this backoff's clock.
     */
    synchronized Duration failed(long attemptStartedMillis, String why) {
        inboxWhy = why;
        if (inbox != null && inbox.sinceMillis() > attemptStartedMillis) {
            return inbox.length();
        }
        inbox = next(inbox);
        return inbox.length();
    }

    /** Starts or lengthens the pause of one file; returns its length. */
    synchronized Duration failed(Path file) {
        Pause pause = next(files.get(file));
        files.put(file, pause);
        return pause.length();
    }

    /** Kafka acknowledged and the file moved: no pause for the inbox nor for that file. */
    synchronized void succeeded(Path file) {
        inbox = null;
        files.remove(file);
    }

    private Pause next(Pause previous) {
        Duration length = policy.next(previous == null ? null : previous.length());
        long now = clock.millis();
        return new Pause(length, now, now + length.toMillis());
    }
}
