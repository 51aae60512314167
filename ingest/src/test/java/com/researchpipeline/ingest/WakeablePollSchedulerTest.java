package com.researchpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WakeablePollSchedulerTest {

    /** Start and end times (ms since the test began) of each poll; the first poll lasts {@code firstMillis}. */
    private static final class RecordingPoll implements Runnable {
        final long origin = System.nanoTime();
        final long firstMillis;
        final List<long[]> polls = new CopyOnWriteArrayList<>();

        RecordingPoll(long firstMillis) {
            this.firstMillis = firstMillis;
        }

        long now() {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - origin);
        }

        @Override
        public void run() {
            long started = now();
            if (polls.isEmpty()) {
                sleep(firstMillis); // a poll held up waiting for slots while a backlog drains
            }
            polls.add(new long[] {started, now()});
        }

        void awaitPolls(int count, long timeoutMillis) {
            long until = now() + timeoutMillis;
            while (polls.size() < count && now() < until) {
                sleep(5);
            }
        }
    }

    @Test
    void aWakeUpCutsTheWaitAfterALongPollShort() {
        RecordingPoll poll = new RecordingPoll(1_200);
        WakeablePollScheduler scheduler = start(poll, 10_000);
        try {
            poll.awaitPolls(1, 3_000);
            long woken = poll.now();
            scheduler.wake();
            poll.awaitPolls(2, 3_000);
            assertThat(poll.polls).hasSizeGreaterThanOrEqualTo(2);
            assertThat(poll.polls.get(1)[0] - woken).as("ms from the wake-up to the next poll").isLessThan(300);
        } finally {
            scheduler.unscheduleTask();
        }
    }

    @Test
    void theWaitAfterALongPollIsAtMostTheInterval() {
        RecordingPoll poll = new RecordingPoll(1_200);
        WakeablePollScheduler scheduler = start(poll, 200);
        try {
            poll.awaitPolls(2, 3_000);
            assertThat(poll.polls).hasSizeGreaterThanOrEqualTo(2);
            long gap = poll.polls.get(1)[0] - poll.polls.get(0)[1];
            assertThat(gap).as("ms between the long poll and the next").isBetween(150L, 600L);
        } finally {
            scheduler.unscheduleTask();
        }
    }

    @Test
    void anErrorInAPollIsLoggedAndPollingGoesOn() {
        AtomicInteger polls = new AtomicInteger();
        WakeablePollScheduler scheduler = new WakeablePollScheduler(20);
        scheduler.scheduleTask(() -> {
            if (polls.incrementAndGet() == 1) {
                throw new StackOverflowError("a poll that blew up");
            }
        });
        scheduler.startScheduler();
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (polls.get() < 3 && System.nanoTime() < until) {
                sleep(5);
            }
            assertThat(polls.get()).as("polls after the one that threw").isGreaterThanOrEqualTo(3);
            assertThat(scheduler.isSchedulerStarted()).isTrue();
        } finally {
            scheduler.unscheduleTask();
        }
        assertThat(scheduler.isSchedulerStarted()).isFalse();
    }

    @Test
    void aPollerThreadThatDiesOutrightIsReplacedAndPollingGoesOn() {
        AtomicInteger polls = new AtomicInteger();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        WakeablePollScheduler scheduler = start(() -> {
            threads.add(Thread.currentThread());
            if (polls.incrementAndGet() <= 2) {
                // an error that fails again while it is handled (as one out of memory would): the thread dies
                throw new Error("a listing that blew up") {
                    @Override
                    public String toString() {
                        throw new OutOfMemoryError("no memory left to describe it");
                    }
                };
            }
        }, 20);
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (polls.get() < 5 && System.nanoTime() < until) {
                sleep(5);
            }
            assertThat(polls.get()).as("polls after the thread died twice").isGreaterThanOrEqualTo(5);
            assertThat(scheduler.restarts()).as("threads replaced").isEqualTo(2);
            assertThat(threads.stream().distinct().count()).as("threads that polled").isEqualTo(3);
            assertThat(scheduler.isSchedulerStarted()).isTrue();
        } finally {
            scheduler.unscheduleTask();
        }
        assertThat(scheduler.isSchedulerStarted()).isFalse();
    }

    @Test
    void anInterruptLeftByAPollDoesNotStopPolling() {
        AtomicInteger polls = new AtomicInteger();
        WakeablePollScheduler scheduler = start(() -> {
            if (polls.incrementAndGet() <= 2) {
                Thread.currentThread().interrupt(); // as a poll that caught an InterruptedException and re-set it
            }
        }, 20);
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (polls.get() < 5 && System.nanoTime() < until) {
                sleep(5);
            }
            assertThat(polls.get()).as("polls after the interrupted ones").isGreaterThanOrEqualTo(5);
            assertThat(scheduler.isSchedulerStarted()).isTrue();
        } finally {
            scheduler.unscheduleTask();
        }
        assertThat(scheduler.isSchedulerStarted()).isFalse();
    }

    private static WakeablePollScheduler start(Runnable poll, long intervalMillis) {
        WakeablePollScheduler scheduler = new WakeablePollScheduler(intervalMillis);
        scheduler.scheduleTask(poll);
        scheduler.startScheduler();
        return scheduler;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
