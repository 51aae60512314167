package com.researchpipeline.ingest;

import java.time.Clock;
import java.time.Duration;

/**
 * The pause after a retriable failure (Kafka did not acknowledge, a move failed): doubles from one second
 * up to a maximum, and ends at the first success. While it lasts no file is picked up, so a broker
 * outage costs one timed-out send, not one per waiting file. Thread-safe.
 */
final class RetryBackoff {

    static final Duration FIRST = Duration.ofSeconds(1);

    private final Duration first;
    private final Duration max;
    private final Clock clock;
    private Duration current;
    private long pauseUntil;

    RetryBackoff(Duration first, Duration max, Clock clock) {
        this.first = first;
        this.max = max;
        this.clock = clock;
    }

    synchronized boolean isPausing() {
        return clock.millis() < pauseUntil;
    }

    /** Starts or lengthens the pause; returns its length. */
    synchronized Duration failed() {
        current = current == null ? first : current.multipliedBy(2);
        if (current.compareTo(max) > 0) {
            current = max;
        }
        pauseUntil = clock.millis() + current.toMillis();
        return current;
    }

    synchronized void succeeded() {
        current = null;
        pauseUntil = 0;
    }
}
