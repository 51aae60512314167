package com.researchpipeline.contract.consumer;

import java.time.Duration;

/**
 * When {@link ConsumerLoop} hands consumed records to its processor: as soon as it holds {@code maxRecords}
 * records or {@code maxBytes} bytes of values, or the oldest has waited {@code maxWait}. A zero wait hands
 * over every non-empty poll at once.
 */
public record BatchPolicy(int maxRecords, long maxBytes, Duration maxWait) {

    public BatchPolicy {
        if (maxRecords < 1 || maxBytes < 1 || maxWait.isNegative()) {
            throw new IllegalArgumentException("a batch needs at least one record and byte and no negative wait: "
                    + maxRecords + ", " + maxBytes + ", " + maxWait);
        }
    }

    /** Every poll at once, however small. */
    public static BatchPolicy eachPoll(int maxRecords) {
        return new BatchPolicy(maxRecords, Long.MAX_VALUE, Duration.ZERO);
    }
}
