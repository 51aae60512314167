package com.researchpipeline.ingest;

import com.researchpipeline.contract.Printable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes one file in isolation and within bounds: the work runs on a daemon worker thread of its own, for
 * at most {@code timeout} of wall-clock time, and whatever it throws (errors such as
 * {@link StackOverflowError} or {@link OutOfMemoryError} included) becomes a {@link RejectedInputException}
 * that says which limit the file broke and what to do. The calling thread (the inbox route) never sees
 * anything else, so no file can stop, stall or crash it.
 * <p>
 * A worker that overruns is interrupted; one that ignores the interrupt (a parser in a tight loop, a
 * blocking open) is abandoned to finish on its own, and the file is failed at once. At most
 * {@code maxAbandoned} abandoned workers may still be running: beyond that, {@link #run} refuses with
 * {@link Saturated} (a retriable failure: the file stays in the inbox) until some of them end, so a flood of
 * hostile files cannot pile up threads without bound. {@link #close()} cuts the work in progress short with
 * {@link Stopping}, so a stop request never waits for an extraction. Thread-safe: each caller thread (one per
 * file in flight) gets a worker of its own, and the limit is checked and the worker counted in one step (files
 * in flight together that all overrun may leave up to {@code maxAbandoned} plus their number minus one).
 */
final class FileProcessingGuard implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FileProcessingGuard.class);
    /** How long an interrupted worker gets to give up before it is abandoned. */
    private static final Duration GRACE = Duration.ofMillis(500);
    private static final AtomicInteger WORKERS = new AtomicInteger();

    /**
     * Not the file's fault and likely to pass: too many abandoned workers are still running, or the heap that other
     * work held ran out. The file stays in the inbox and is read again after a pause.
     */
    static final class Saturated extends RuntimeException {
        Saturated(String message) {
            super(message);
        }
    }

    /** The guard was closed while the file was being processed: the file is left for the next start. */
    static final class Stopping extends RuntimeException {
        Stopping() {
            super("ingest is stopping; the file stays in the inbox for the next start");
        }
    }

    private final Duration timeout;
    private final int maxAbandoned;
    private final List<Thread> abandoned = new ArrayList<>();
    private final List<Thread> running = new ArrayList<>();
    /**
     * Files whose reading ran out of memory once: the heap is shared (with enrich and publish in one process under
     * {@code bin/pipeline run}), so the first time is taken for the other work's; the second time, for the file's.
     */
    private final Set<String> outOfMemoryOnce = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    FileProcessingGuard(Duration timeout, int maxAbandoned) {
        this.timeout = timeout;
        this.maxAbandoned = maxAbandoned;
    }

    /**
     * The work's result, computed on a worker within the time limit.
     *
     * @throws RejectedInputException the work threw it, overran the time limit or failed with any other
     *                                throwable; the message says which and what to do
     * @throws Saturated              too many abandoned workers are still running; nothing was started
     * @throws Stopping               {@link #close()} was called before or during the work
     */
    <T> T run(String what, Callable<T> work) {
        return run(what, work, () -> { });
    }

    /**
     * As {@link #run(String, Callable)}; {@code onOverrun} is called when the work overran, before waiting for
     * it to end: the chance to release what it may be blocked on.
     */
    <T> T run(String what, Callable<T> work, Runnable onOverrun) {
        FutureTask<T> task = new FutureTask<>(work);
        Thread worker = new Thread(task, "ingest-extract-" + WORKERS.incrementAndGet());
        worker.setDaemon(true);
        register(worker);
        long started = System.nanoTime();
        worker.start();
        try {
            T result = task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            outOfMemoryOnce.remove(what);
            return result;
        } catch (TimeoutException overran) {
            if (closed) {
                throw stop(task, worker);
            }
            boolean ended = cancel(task, worker, onOverrun);
            throw new RejectedInputException("reading it took longer than the limit of " + seconds(timeout)
                    + " (INGEST_EXTRACT_TIMEOUT)" + (ended ? "" : "; its worker ignored the interruption and was "
                    + "abandoned (" + pruneAbandoned() + " of at most " + maxAbandoned + " abandoned workers running)"),
                    "check the file: a structure this costly to read is usually malformed or built to be; if it is a "
                            + "genuine article, split it or raise INGEST_EXTRACT_TIMEOUT, and drop it again");
        } catch (ExecutionException failed) {
            if (closed) {
                throw new Stopping(); // interrupted by close(): no verdict on the file
            }
            if (failed.getCause() instanceof Saturated notTheFilesFault) {
                throw notTheFilesFault;
            }
            if (failed.getCause() instanceof OutOfMemoryError && outOfMemoryOnce.add(what)) {
                throw new Saturated("reading " + Printable.of(what) + " ran out of memory (heap of "
                        + (Runtime.getRuntime().maxMemory() >> 20) + " MB), perhaps held by other work: it is read "
                        + "again, and rejected if it runs out again");
            }
            outOfMemoryOnce.remove(what);
            throw rejection(failed.getCause(), Duration.ofNanos(System.nanoTime() - started));
        } catch (CancellationException cancelled) {
            throw stop(task, worker);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw stop(task, worker);
        } finally {
            synchronized (this) {
                running.remove(worker);
            }
        }
    }

    /** Stops what runs now and refuses what comes; idempotent. */
    @Override
    public void close() {
        List<Thread> current;
        synchronized (this) {
            closed = true;
            current = List.copyOf(running);
        }
        current.forEach(Thread::interrupt);
    }

    /** Abandoned workers still running, for the figures in a reason or a log line. */
    synchronized int abandonedRunning() {
        return pruneAbandoned();
    }

    /** Counts the worker as running, under the same lock {@link #close()} takes: none starts after close. */
    private synchronized void register(Thread worker) {
        if (closed) {
            throw new Stopping();
        }
        int stillRunning = pruneAbandoned();
        if (stillRunning >= maxAbandoned) {
            throw new Saturated(stillRunning + " workers abandoned after overrunning the " + seconds(timeout)
                    + " extraction limit are still running (at most " + maxAbandoned + " may); new files wait until"
                    + " they end, or restart ingest to end them");
        }
        running.add(worker);
    }

    private Stopping stop(FutureTask<?> task, Thread worker) {
        cancel(task, worker, () -> { });
        return new Stopping();
    }

    /** Interrupts the worker; true when it ended within the grace time, else it is abandoned. */
    private boolean cancel(FutureTask<?> task, Thread worker, Runnable onOverrun) {
        task.cancel(true);
        try {
            onOverrun.run();
        } catch (RuntimeException e) {
            LOG.debug("releasing an overrunning worker failed", e);
        }
        try {
            worker.join(GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!worker.isAlive()) {
            return true;
        }
        synchronized (this) {
            abandoned.add(worker);
        }
        LOG.warn("abandoned extraction worker {}: it ignored the interruption; {} abandoned workers running",
                worker.getName(), abandonedRunning());
        return false;
    }

    private synchronized int pruneAbandoned() {
        abandoned.removeIf(t -> !t.isAlive());
        return abandoned.size();
    }

    private static RejectedInputException rejection(Throwable failure, Duration took) {
        if (failure instanceof RejectedInputException rejected) {
            return rejected;
        }
        if (failure instanceof StackOverflowError) {
            return new RejectedInputException("its structure is nested too deeply to read (the reader ran out of stack "
                    + "after " + took.toMillis() + " ms)", "flatten the document (an HTML page or list nested thousands "
                    + "of levels deep is malformed or built to be) and drop it again", failure);
        }
        if (failure instanceof OutOfMemoryError) {
            return new RejectedInputException("reading it needed more memory than ingest has (" + failure.getMessage()
                    + ")", "split the file into smaller articles, or give ingest more heap (-Xmx), and drop it again",
                    failure);
        }
        // the same bytes would fail the same way again: a permanent failure, kept for a bug report
        return new RejectedInputException("the file could not be read: " + failure,
                "report this with the file attached (it is kept in .failed)", failure);
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
