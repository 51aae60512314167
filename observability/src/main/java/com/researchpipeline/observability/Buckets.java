package com.researchpipeline.observability;

import java.time.Duration;

/** The explicit histogram buckets of the pipeline's timers, chosen for the times each one measures. */
public final class Buckets {

    /** From a file discovered to its document searchable: 0.1 s to 60 s. */
    public static final Duration[] END_TO_END = seconds(0.1, 0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 45, 60);

    /** One article's enrichment: 5 ms to 10 s. */
    public static final Duration[] ENRICHMENT = seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10);

    /** One bulk request: 10 ms to 30 s. */
    public static final Duration[] BULK = seconds(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30);

    private static Duration[] seconds(double... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofNanos(Math.round(values[i] * 1e9));
        }
        return durations;
    }

    private Buckets() {
    }
}
