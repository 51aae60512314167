package com.researchpipeline.runner;

import com.researchpipeline.contract.StageRunner;
import java.time.Duration;

/**
 * Ctrl-C or SIGTERM stops {@code bin/pipeline run} within {@link #BUDGET}, even mid-file or while Kafka or
 * Elasticsearch is away. Stopping cleanly is only a courtesy: everything is at least once and idempotent, so
 * when the stages do not finish in time the child processes are killed and the JVM halts, and whatever was
 * unfinished is done again at the next start.
 */
final class LocalShutdown {

    static final Duration BUDGET = StageRunner.STOP_BUDGET;

    static void closeWithin(LocalPipeline pipeline, Duration budget) {
        long started = System.nanoTime();
        StageRunner.closeWithin(pipeline::close, budget);
        System.out.printf("stopped in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    private LocalShutdown() {
    }
}
