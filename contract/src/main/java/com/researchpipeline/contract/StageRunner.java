package com.researchpipeline.contract;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
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

    /** A stage's whole run as its process does it: settings read, the stage started and run until stopped. */
    @FunctionalInterface
    public interface StageMain {
        void run() throws InterruptedException;
    }

    /**
     * The main of a stage's own process (the images' entry points): runs {@code main}, and ends the process with
     * {@link #exitCode}'s code when that is not 0.
     */
    public static void runAsMain(String stage, StageMain main) throws InterruptedException {
        int code = exitCode(stage, System.err, () -> {
            OpenFileLimit.require(stage); // before anything waits for Kafka, as bin/pipeline stage checks it
            main.run();
        });
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Runs {@code main} and answers its exit code: 0 once stopped; 2 for a bad setting, its message alone on
     * {@code err}; 1 for a stage that cannot start, "STAGE could not start: " and the reason (what to check) on one
     * line of {@code err}, the stack trace at DEBUG only.
     */
    public static int exitCode(String stage, PrintStream err, StageMain main) throws InterruptedException {
        try {
            main.run();
            return 0;
        } catch (Settings.ConfigException | IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        } catch (IllegalStateException e) {
            err.println(stage + " could not start: " + e.getMessage());
            LOG.debug("{} could not start", stage, e);
            return 1;
        }
    }

    public static void runUntilStopped(Stage stage) throws InterruptedException {
        OpenFileLimit.require(stage.name());
        runUntilStopped(stage, Runtime.getRuntime()::addShutdownHook);
    }

    /** {@code shutdownHooks}: where the thread that stops the stage is registered (the JVM's, but in tests). */
    static void runUntilStopped(Stage stage, Consumer<Thread> shutdownHooks) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread starter = Thread.currentThread();
        Starting starting = new Starting();
        shutdownHooks.accept(new Thread(() -> {
            // a stage still starting holds its lock while it waits for Kafka (up to 60 s): close would wait for it
            starting.stop(starter);
            closeWithin(stage::close, STOP_BUDGET);
            stopped.countDown();
        }, stage.name() + "-shutdown"));
        LOG.debug("{} starting on Java {} with {} processors", stage.name(), Runtime.version(),
                Runtime.getRuntime().availableProcessors());
        try {
            stage.start();
        } catch (RuntimeException e) {
            if (!starting.stopped()) {
                throw e;
            }
        } finally {
            starting.done();
        }
        if (!starting.stopped()) {
            LOG.info("{} ready (pipeline {})", stage.name(), PipelineVersion.get());
        }
        stopped.await();
    }

    /** Whether the stage is still starting, and whether a stop came meanwhile; the stop interrupts the start only. */
    private static final class Starting {
        private boolean starting = true;
        private boolean stopped;

        synchronized void stop(Thread starter) {
            stopped = true;
            if (starting) {
                starter.interrupt();
            }
        }

        synchronized boolean stopped() {
            return stopped;
        }

        synchronized void done() {
            starting = false;
            Thread.interrupted(); // an interrupt meant for the start, not for the wait that follows
        }
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
