package com.researchpipeline.contract;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one stage as a process: starts it, logs readiness, closes it on SIGTERM or Ctrl-C. */
public final class StageRunner {

    private static final Logger LOG = LoggerFactory.getLogger(StageRunner.class);

    public static void runUntilStopped(Stage stage) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stage.close();
            stopped.countDown();
        }, stage.name() + "-shutdown"));
        LOG.debug("{} starting on Java {} with {} processors", stage.name(), Runtime.version(),
                Runtime.getRuntime().availableProcessors());
        stage.start();
        LOG.info("{} ready (pipeline {})", stage.name(), PipelineVersion.get());
        stopped.await();
    }

    private StageRunner() {
    }
}
