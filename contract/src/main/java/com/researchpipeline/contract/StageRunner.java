package com.researchpipeline.contract;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one stage as a process: starts it, logs readiness, closes it on SIGTERM or Ctrl-C within
 * {@link #STOP_BUDGET}, even mid-file or while Kafka or Elasticsearch is away.
 */
public final class StageRunner {

    /** How long a stop may take before the process ends anyway (inside the usual 10 s grace of a SIGKILL). */
    public static final Duration STOP_BUDGET = Duration.ofSeconds(9);
    private static final Logger LOG = LoggerFactory.getLogger(StageRunner.class);

    public static void runUntilStopped(Stage stage) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeWithin(stage::close, STOP_BUDGET);
            stopped.countDown();
        }, stage.name() + "-shutdown"));
        LOG.debug("{} starting on Java {} with {} processors", stage.name(), Runtime.version(),
                Runtime.getRuntime().availableProcessors());
        stage.start();
        LOG.info("{} ready (pipeline {})", stage.name(), PipelineVersion.get());
        stopped.await();
    }

    /**
     * Runs {@code close} and waits for it at most {@code budget}. Stopping cleanly is only a courtesy: delivery is
     * at least once and every write idempotent, so when it does not finish in time the child processes are
     * killed and the JVM halts, and whatever was unfinished is done again at the next start.
     */
    public static void closeWithin(Runnable close, Duration budget) {
        Thread closer = new Thread(close, "stage-close");
        closer.setDaemon(true);
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
    }

    private StageRunner() {
    }
}
