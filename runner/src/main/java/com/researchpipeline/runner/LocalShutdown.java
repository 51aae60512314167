package com.researchpipeline.runner;

import java.time.Duration;

/**
 * Ctrl-C or SIGTERM stops {@code bin/pipeline run} within {@link #BUDGET}, even mid-file or while Kafka or
 * Elasticsearch is away. Stopping cleanly is only a courtesy: everything is at least once and idempotent, so
 * when the stages do not finish in time the child processes are killed and the JVM halts, and whatever was
 * unfinished is done again at the next start.
 */
final class LocalShutdown {

    static final Duration BUDGET = Duration.ofSeconds(9);

    static void closeWithin(LocalPipeline pipeline, Duration budget) {
        long started = System.nanoTime();
        Thread closer = new Thread(pipeline::close, "pipeline-close");
        closer.start();
        try {
            closer.join(budget.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            System.err.printf("could not stop cleanly within %d s: ending now (unfinished work is redone at the next "
                    + "start; nothing is lost)%n", budget.toSeconds());
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
            Runtime.getRuntime().halt(1);
        }
        System.out.printf("stopped in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    private LocalShutdown() {
    }
}
