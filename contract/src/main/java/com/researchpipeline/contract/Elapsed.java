package com.researchpipeline.contract;

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

    private Elapsed() {
    }
}
