package com.researchpipeline.ingest;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.spi.ScheduledPollConsumerScheduler;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the file consumer's poll (the listing of the inbox) on one thread of its own: at the latest
 * {@code interval} after the previous poll ended, and at once when {@link #wake()} is called (a file was reported
 * ready). Wake-ups that arrive during a poll make one more poll, not one each, and two polls are at least
 * {@link #MIN_GAP_MILLIS} apart. A poll may take long (it waits for free slots while it hands a large backlog
 * over), but the wait after it never exceeds the interval and a wake-up always cuts it short. Whatever a poll
 * throws is logged and polling goes on; should the thread die anyway (an error while handling one, a ThreadDeath),
 * a new thread takes over after a growing wait; should even that fail, {@link #isSchedulerStarted()} says so, and
 * {@link #pollRunningFor()} and {@link #pollStack()} tell {@link InboxListings} where a poll that does not end is.
 * Thread-safe.
 */
final class WakeablePollScheduler extends ServiceSupport implements ScheduledPollConsumerScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(WakeablePollScheduler.class);
    /** The least time between two polls, however many wake-ups come. */
    static final long MIN_GAP_MILLIS = 5;

    private final long intervalMillis;
    private final Object lock = new Object();
    private CamelContext camelContext;
    private Runnable task;
    private Thread poller;
    private boolean woken;
    private volatile boolean running;
    /** The thread of the poll running now, and since when (System.nanoTime); null between polls. */
    private volatile Thread polling;
    private volatile long pollStartedNanos;
    /** The wait before the next replacement of a dead poller thread; null once a poll completed. */
    private volatile java.time.Duration restartDelay;
    private int restarts;
    private volatile Runnable afterFailedPoll = () -> { };
    private final com.researchpipeline.contract.RetryPolicy restartPolicy;

    WakeablePollScheduler(long intervalMillis) {
        this.intervalMillis = intervalMillis;
        java.time.Duration first = java.time.Duration.ofMillis(Math.max(MIN_GAP_MILLIS, intervalMillis));
        java.time.Duration max = java.time.Duration.ofMinutes(1);
        this.restartPolicy = new com.researchpipeline.contract.RetryPolicy(first.compareTo(max) < 0 ? first : max, max);
    }

    /**
     * Runs on the poll thread after a poll that failed, and before the first poll of a thread that replaced a dead
     * one, to undo what the broken poll left half done; must not throw.
     */
    void afterFailedPoll(Runnable repair) {
        this.afterFailedPoll = () -> {
            try {
                repair.run();
            } catch (RuntimeException e) {
                LOG.warn("cannot undo what the failed listing left half done ({})", e.toString());
            }
        };
    }

    /** Asks for a poll as soon as possible. */
    void wake() {
        synchronized (lock) {
            woken = true;
            lock.notifyAll();
        }
    }

    @Override
    public void onInit(Consumer consumer) {
    }

    @Override
    public void scheduleTask(Runnable task) {
        this.task = task;
    }

    @Override
    public void startScheduler() {
        synchronized (lock) {
            if (poller != null) {
                return;
            }
            running = true;
            poller = new Thread(this::pollUntilStopped, "ingest-inbox-poll");
            poller.setDaemon(true);
            poller.start();
        }
    }

    @Override
    public boolean isSchedulerStarted() {
        return running;
    }

    /** How long the poll running now has been running, or null between polls. */
    java.time.Duration pollRunningFor() {
        if (polling == null) {
            return null;
        }
        return java.time.Duration.ofNanos(System.nanoTime() - pollStartedNanos); // set before polling: as new at least
    }

    /** Where the poll running now is (its thread's stack, innermost first); empty between polls. */
    StackTraceElement[] pollStack() {
        Thread thread = polling;
        return thread == null ? new StackTraceElement[0] : thread.getStackTrace();
    }

    @Override
    public void unscheduleTask() {
        Thread stopping;
        synchronized (lock) {
            running = false;
            stopping = poller;
            poller = null;
            lock.notifyAll();
        }
        // not interrupted: a claim being written when interrupted would be left behind (its channel closes)
        if (stopping != null && stopping != Thread.currentThread()) {
            try {
                stopping.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void pollUntilStopped() {
        Throwable died = null;
        try {
            while (running) {
                pollStartedNanos = System.nanoTime();
                polling = Thread.currentThread();
                try {
                    task.run();
                    restartDelay = null;
                } catch (Throwable e) { // Camel's poll handles its own failures; this is a last resort
                    LOG.warn("listing the inbox failed ({}); trying again after the poll interval", e.toString(), e);
                    afterFailedPoll.run();
                } finally {
                    polling = null;
                }
                if (!pause()) {
                    return;
                }
            }
        } catch (Throwable e) { // the thread dies (an error while handling an error, a ThreadDeath ...)
            died = e;
        } finally {
            polling = null;
            synchronized (lock) {
                if (poller == Thread.currentThread()) {
                    if (died != null && running) {
                        replaceDeadPoller();
                    } else {
                        running = false;
                        poller = null;
                    }
                }
            }
        }
        if (died != null) {
            try {
                LOG.error("the inbox poller's thread died ({}); {}", died, running
                        ? "a new one lists the inbox after " + restartDelay.toMillis() + " ms"
                        : "it could not be replaced: restart ingest (the readiness check ingest/inbox fails)", died);
            } catch (Throwable ignored) { // no memory left even to log: the readiness check still tells
            }
        }
    }

    /**
     * A poller thread that died is replaced by a new one, which waits first (doubling from the poll interval up to a
     * minute, as long as its polls keep dying); called holding {@link #lock}. Should even that fail, the poller is
     * not running, which {@link #isSchedulerStarted()} and so the readiness check say.
     */
    private void replaceDeadPoller() {
        restarts++;
        restartDelay = restartPolicy.next(restartDelay);
        long delayMillis = restartDelay.toMillis();
        try {
            Thread next = new Thread(() -> {
                if (waitBeforeRestart(delayMillis)) {
                    afterFailedPoll.run();
                    pollUntilStopped();
                }
            }, "ingest-inbox-poll");
            next.setDaemon(true);
            poller = next;
            next.start();
        } catch (Throwable e) {
            running = false;
            poller = null;
        }
    }

    /** Waits before a replaced poller's first poll; false when stopped meanwhile. */
    private boolean waitBeforeRestart(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        synchronized (lock) {
            while (running && poller == Thread.currentThread()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return true;
                }
                try {
                    lock.wait(left);
                } catch (InterruptedException e) {
                    return running;
                }
            }
            return false;
        }
    }

    /** How many times the poller's thread died and was replaced. */
    int restarts() {
        synchronized (lock) {
            return restarts;
        }
    }

    /**
     * Waits {@link #MIN_GAP_MILLIS}, then until woken or the interval passed (never longer, however long the poll
     * took: most of a long poll is spent waiting for a free slot, not listing); false when stopped. Only
     * {@link #unscheduleTask} stops the poller: an interrupt (one a poll left set, say) is logged and ignored,
     * as a poller that ended on one would leave the inbox unread with nothing to show for it.
     */
    private boolean pause() {
        long deadline = System.nanoTime() + intervalMillis * 1_000_000;
        long earliest = System.nanoTime() + MIN_GAP_MILLIS * 1_000_000;
        synchronized (lock) {
            while (running) {
                long now = System.nanoTime();
                if (woken && now - earliest >= 0) {
                    break;
                }
                long until = woken ? earliest : deadline;
                long left = (until - now + 999_999) / 1_000_000;
                if (!woken && left <= 0) {
                    break;
                }
                try {
                    lock.wait(Math.max(1, left));
                } catch (InterruptedException e) {
                    LOG.warn("the inbox poller was interrupted; it goes on polling (only stopping ingest stops it)");
                }
            }
            woken = false;
            return running;
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    protected void doStop() {
        unscheduleTask();
    }
}
