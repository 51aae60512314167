package com.researchpipeline.contract;

import java.time.Duration;

/**
 * The one backoff policy of the pipeline: after a retriable failure wait {@code first}, then double the
 * wait after every further failure up to {@code max}; the first success starts over. Immutable.
 */
public record RetryPolicy(Duration first, Duration max) {

    public RetryPolicy {
        if (first.isZero() || first.isNegative()) {
            throw new IllegalArgumentException("the first retry wait must be positive, not " + first);
        }
        if (max.compareTo(first) < 0) {
            max = first;
        }
    }

    /** The wait after {@code previous}; {@code null} (no failure yet) gives {@link #first()}. */
    public Duration next(Duration previous) {
        if (previous == null) {
            return first;
        }
        Duration doubled = previous.multipliedBy(2);
        return doubled.compareTo(max) > 0 ? max : doubled;
    }
}
