package com.researchpipeline.contract.consumer;

import com.researchpipeline.contract.Elapsed;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a consumer and wakes a poll that has not returned {@value #OVERRUN_MILLIS} ms after its timeout. Kafka's
 * clients wait by the wall clock and never let their timers run backwards, so a clock set back (NTP stepping a clock
 * that ran ahead, a VM resumed, {@code date -s}) held a poll until it caught up: an hour set back, an hour without
 * consuming. A woken poll returns nothing; the next one starts a fresh timer.
 */
public final class PollWatch<K, V> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PollWatch.class);
    static final long OVERRUN_MILLIS = 15_000;

    private final String name;
    private final Consumer<K, V> consumer;
    private final ScheduledExecutorService watch;
    /** {@link Elapsed#millis()} when the poll under way began, 0 while none is. */
    private volatile long pollingSince;
    private volatile long timeoutMillis;

    public PollWatch(String name, Consumer<K, V> consumer) {
        this.name = name;
        this.consumer = consumer;
        this.watch = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name + "-poll-watch");
            thread.setDaemon(true);
            return thread;
        });
        watch.scheduleWithFixedDelay(this::wakeAnOverrunPoll, 1, 1, TimeUnit.SECONDS);
    }

    /** {@link Consumer#poll}; empty when the poll had to be woken. */
    public ConsumerRecords<K, V> poll(Duration timeout) {
        timeoutMillis = timeout.toMillis();
        pollingSince = Elapsed.millis();
        try {
            return consumer.poll(timeout);
        } catch (WakeupException e) {
            return ConsumerRecords.empty();
        } finally {
            pollingSince = 0;
        }
    }

    private void wakeAnOverrunPoll() {
        long since = pollingSince;
        long overrun = since == 0 ? 0 : Elapsed.millis() - since - timeoutMillis;
        if (overrun > OVERRUN_MILLIS) {
            pollingSince = 0;
            LOG.warn("{}: a poll of Kafka had not returned {} s after its timeout of {} ms: woken. Kafka's clients wait "
                    + "by the wall clock: was this host's clock set back?", name, overrun / 1000, timeoutMillis);
            consumer.wakeup();
        }
    }

    @Override
    public void close() {
        watch.shutdownNow();
    }
}
