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
 * ready). Wake-ups that arrive during a poll make one more poll, not one each; and
 * after a poll that took long (a large inbox) the next waits at least as long, so listing never takes more than
 * about half of that thread. Thread-safe.
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

    WakeablePollScheduler(long intervalMillis) {
        this.intervalMillis = intervalMillis;
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
        while (running) {
            long started = System.nanoTime();
            try {
                task.run();
            } catch (RuntimeException e) { // Camel's poll handles its own failures; this is a last resort
                LOG.warn("listing the inbox failed ({}); trying again after the poll interval", e.toString(), e);
            }
            long took = (System.nanoTime() - started) / 1_000_000;
            if (!pause(Math.max(MIN_GAP_MILLIS, took))) {
                return;
            }
        }
    }

    /** Waits at least {@code least} ms, then until woken or the interval passed; false when stopped. */
    private boolean pause(long least) {
        try {
            Thread.sleep(least);
            synchronized (lock) {
                long deadline = System.nanoTime() + Math.max(0, intervalMillis - least) * 1_000_000;
                while (running && !woken) {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left <= 0) {
                        break;
                    }
                    lock.wait(left);
                }
                woken = false;
                return running;
            }
        } catch (InterruptedException e) {
            return false;
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
