package com.researchpipeline.contract;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Milliseconds for measuring waits and ages within this process: a clock that only moves forward, whatever is done
 * to the wall clock (NTP stepping it back, a VM resumed, {@code date -s}). Set back an hour, the wall clock made a
 * retry due "in one second" wait an hour and more. Never 0, so 0 can mean "not yet".
 */
public final class Elapsed {

    private static final long ORIGIN = System.nanoTime();

    public static long millis() {
        return (System.nanoTime() - ORIGIN) / 1_000_000 + 1;
    }

    /**
     * {@link #millis()} as a {@link Clock}, for code that measures its waits on a clock it is given (tests give
     * one they move by hand). Its instants are no dates: only the distance between two of them means anything.
     */
    public static Clock clock() {
        return FORWARD;
    }

    private static final Clock FORWARD = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public long millis() {
            return Elapsed.millis();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }
    };

    private Elapsed() {
    }
}
