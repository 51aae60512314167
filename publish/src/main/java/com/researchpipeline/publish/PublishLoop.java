package com.researchpipeline.publish;

import com.researchpipeline.contract.DeadLetterHeaders;
import com.researchpipeline.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer loop: polls {@code articles.enriched} (or the configured topic), bulk-indexes in batches and commits a batch's
 * offsets only once every record in it is stored in Elasticsearch or written to {@code articles.dlq}.
 * While Elasticsearch (or the dead-letter topic) is unavailable it pauses the partitions, keeps polling
 * so the group does not evict it, and retries with a doubling wait up to a cap, forever: nothing is
 * dropped and the loop never dies. Runs on one thread; {@link #stop()} may be called from any thread.
 */
final class PublishLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PublishLoop.class);
    private static final long MAX_POLL_MILLIS = 500;
    private static final String STAGE = "publish";

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final Producer<byte[], byte[]> deadLetters;
    private final BulkPublisher<ConsumerRecord<byte[], byte[]>> publisher;
    private final Runnable restoreLayout;
    private final BatchLimits limits;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final Batch batch = new Batch();
    /** Records polled while a batch was being retried: they belong to the next batch. */
    private final List<ConsumerRecord<byte[], byte[]>> held = new ArrayList<>();
    private volatile boolean stopping;
    private boolean paused;
    /** Run once when every assigned partition has been consumed to its end; null when done or not wanted. */
    private Runnable onceCaughtUp;

    PublishLoop(Consumer<byte[], byte[]> consumer, String topic, Producer<byte[], byte[]> deadLetters,
                BulkPublisher<ConsumerRecord<byte[], byte[]>> publisher, Runnable restoreLayout,
                BatchLimits limits, Duration firstBackoff, Duration maxBackoff) {
        this.consumer = consumer;
        this.topic = topic;
        this.deadLetters = deadLetters;
        this.publisher = publisher;
        this.restoreLayout = restoreLayout;
        this.limits = limits;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic), new PauseNewPartitions());
            while (!stopping) {
                try {
                    pollOnce();
                } catch (WakeupException e) {
                    break;
                } catch (RuntimeException e) {
                    // a bug or an unforeseen client error must not end consumption: the batch is kept
                    // and retried, its offsets stay uncommitted
                    LOG.error("publish loop failed; retrying in {} ms", firstBackoff.toMillis(), e);
                    sleep(firstBackoff);
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Runs {@code action} on the loop thread once this consumer has caught up with its partitions. */
    void onceCaughtUp(Runnable action) {
        this.onceCaughtUp = action;
    }

    void stop() {
        stopping = true;
        consumer.wakeup();
    }

    boolean awaitAssignment(Duration timeout) throws InterruptedException {
        return assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pollOnce() {
        long now = System.currentTimeMillis();
        for (ConsumerRecord<byte[], byte[]> record : held) {
            batch.add(record, now);
        }
        held.clear();
        ConsumerRecords<byte[], byte[]> records =
                consumer.poll(Duration.ofMillis(batch.millisUntilDue(limits, now, MAX_POLL_MILLIS)));
        now = System.currentTimeMillis();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            batch.add(record, now);
        }
        if (batch.isReady(limits, now) && deliver()) {
            commit();
            batch.clear();
        }
        if (onceCaughtUp != null && records.isEmpty() && caughtUp()) {
            onceCaughtUp.run();
            onceCaughtUp = null;
        }
    }

    private boolean caughtUp() {
        var assignment = consumer.assignment();
        return !assignment.isEmpty() && batch.isEmpty() && held.isEmpty() && assignment.stream().allMatch(tp -> {
            var lag = consumer.currentLag(tp);
            return lag.isPresent() && lag.getAsLong() == 0;
        });
    }

    /** Stores or dead-letters every record of the batch; false only when stopping first. */
    private boolean deliver() {
        for (Batch.Unreadable unreadable : batch.unreadable()) {
            if (!deadLetter(unreadable.record(), unreadable.reason())) {
                return false;
            }
        }
        var remaining = batch.documents();
        Duration wait = firstBackoff;
        while (!remaining.isEmpty()) {
            var retry = new ArrayList<BulkPublisher.Item<ConsumerRecord<byte[], byte[]>>>();
            String cause = null;
            for (var chunk : Batch.chunks(remaining, limits)) {
                var outcome = publisher.publish(chunk);
                outcome.stored().forEach(PublishLoop::logStored);
                for (var rejected : outcome.rejected()) {
                    if (!deadLetter(rejected.item().context(), rejected.reason())) {
                        return false;
                    }
                }
                retry.addAll(outcome.retry());
                cause = outcome.retryCause() != null ? outcome.retryCause() : cause;
            }
            remaining = retry;
            if (!remaining.isEmpty()) {
                LOG.warn("Elasticsearch did not store {} articles ({}); consumption paused, retrying in {} ms",
                        remaining.size(), cause, wait.toMillis());
                if (!pauseFor(wait)) {
                    return false;
                }
                if (cause != null && cause.contains("index_not_found_exception")) {
                    restoreLayout.run();
                }
                wait = next(wait);
            }
        }
        resume();
        return true;
    }

    /** Writes the original record to the dead-letter topic, retrying until Kafka takes it. */
    private boolean deadLetter(ConsumerRecord<byte[], byte[]> record, DocumentRejectedException reason) {
        Duration wait = firstBackoff;
        while (true) {
            try {
                deadLetters.send(DeadLetterHeaders.forRecord(STAGE, record, reason)).get(30, TimeUnit.SECONDS);
                LOG.warn("dead-lettered article {} from {}-{}@{} to {}: {}", keyOf(record), record.topic(),
                        record.partition(), record.offset(), Topics.DLQ.name(), reason.getMessage());
                return true;
            } catch (ExecutionException | java.util.concurrent.TimeoutException | KafkaException e) {
                LOG.warn("cannot write to {} ({}); retrying in {} ms", Topics.DLQ.name(),
                        DeadLetterHeaders.messageOf(e), wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (!pauseFor(wait)) {
                return false;
            }
            wait = next(wait);
        }
    }

    private void commit() {
        try {
            consumer.commitSync(batch.offsets());
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            // the records are stored; they will be consumed again and written as no-ops
            LOG.warn("could not commit offsets {} ({}); those events will be re-read and skipped",
                    batch.offsets(), DeadLetterHeaders.messageOf(e));
        }
    }

    /** Waits while polling paused partitions, so the group keeps this member; false when stopping. */
    private boolean pauseFor(Duration wait) {
        if (!paused) {
            consumer.pause(consumer.assignment());
            paused = true;
        }
        long until = System.currentTimeMillis() + wait.toMillis();
        while (!stopping) {
            long left = until - System.currentTimeMillis();
            if (left <= 0) {
                return true;
            }
            consumer.poll(Duration.ofMillis(Math.min(left, MAX_POLL_MILLIS))).forEach(held::add);
        }
        return false;
    }

    private void resume() {
        if (paused) {
            consumer.resume(consumer.paused());
            paused = false;
        }
    }

    private Duration next(Duration wait) {
        Duration doubled = wait.multipliedBy(2);
        return doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
    }

    private static void logStored(BulkPublisher.Stored<ConsumerRecord<byte[], byte[]>> stored) {
        if (stored.alreadyThere()) {
            LOG.info("article {} already indexed with version {} or newer: unchanged", stored.item().id(),
                    stored.item().version());
        } else {
            LOG.info("indexed article {} ({}, version {})", stored.item().id(), stored.result(), stored.version());
        }
    }

    private static String keyOf(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? "(no key)" : new String(record.key(), StandardCharsets.UTF_8);
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** New partitions arriving while a batch is being retried stay paused with the others. */
    private final class PauseNewPartitions implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (paused) {
                consumer.pause(partitions);
            }
            assigned.countDown();
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // nothing to flush here: an uncommitted record is consumed again by the next owner and
            // written as a no-op thanks to external versioning
        }
    }
}
