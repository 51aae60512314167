package com.researchpipeline.contract.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.DeadLetterHeaders;
import com.researchpipeline.contract.RetryPolicy;
import com.researchpipeline.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The consumer loop with kafka-clients' own test doubles: no broker. */
class ConsumerLoopTest {

    private static final String TOPIC = "articles.raw";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final RetryPolicy FAST = new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(80));

    /**
     * As KafkaConsumer does, its poll throws when the thread is interrupted; its commits fail with
     * {@link #commitFailure} while it is set; it keeps the loop's rebalance listener in {@link #rebalanceListener}.
     */
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest") {
        @Override
        public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            if (Thread.interrupted()) {
                throw new InterruptException(new InterruptedException());
            }
            if (pollFailure != null) {
                throw pollFailure;
            }
            return super.poll(timeout);
        }

        @Override
        public synchronized void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
            rebalanceListener = listener;
            super.subscribe(topics, listener);
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            commitsTried.add(Map.copyOf(offsets));
            if (commitFailure != null) {
                throw commitFailure;
            }
            super.commitSync(offsets);
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
            commitSync(offsets);
        }
    };
    private volatile RuntimeException commitFailure;
    private volatile RuntimeException pollFailure;
    private volatile ConsumerRebalanceListener rebalanceListener;
    private final List<Map<TopicPartition, OffsetAndMetadata>> commitsTried = new CopyOnWriteArrayList<>();
    private final MockProducer<byte[], byte[]> deadLetters =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    /** How often each value was offered to the processor. */
    private final Map<String, Integer> offered = new ConcurrentHashMap<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private ConsumerLoop loop;
    private Thread thread;

    @AfterEach
    void stop() throws InterruptedException {
        if (loop != null) {
            loop.stop();
            thread.join(5_000);
        }
    }

    @Test
    void deadLettersTheOriginalWithItsHeadersAndTimestampAndCommitsTheWholeBatch() throws Exception {
        start(value -> value.startsWith("bad") ? RecordOutcome.deadLetter(new IllegalArgumentException("not JSON"))
                : RecordOutcome.done(), P0);
        add(P0, 0, "good-0");
        add(P0, 1, "bad-1");
        add(P0, 2, "good-2");

        await(() -> committed(P0) == 3);

        assertThat(deadLetters.history()).hasSize(1);
        ProducerRecord<byte[], byte[]> letter = deadLetters.history().get(0);
        assertThat(letter.topic()).isEqualTo(Topics.DLQ.name());
        assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("bad-1");
        assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("key-1");
        assertThat(letter.timestamp()).isEqualTo(1_000L + 1);
        assertThat(DeadLetterHeaders.get(letter.headers(), "trace")).isEqualTo("trace-1");
        assertThat(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.STAGE)).isEqualTo("test");
        assertThat(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.MESSAGE)).isEqualTo("not JSON");
        assertThat(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.ORIGIN_OFFSET)).isEqualTo("1");
        assertThat(offered).containsOnly(Map.entry("good-0", 1), Map.entry("bad-1", 1), Map.entry("good-2", 1));
        assertThat(events).contains("processed good-0", "dead-lettered bad-1", "processed good-2");
    }

    @Test
    void retriesOnlyTheUnfinishedRecordCommittingUpToItAndPausingMeanwhile() throws Exception {
        List<String> reasonsWhileWaiting = new java.util.concurrent.CopyOnWriteArrayList<>();
        start(value -> {
            if (value.equals("slow-1") && offered.get(value) > 1) {
                reasonsWhileWaiting.add(loop.retryReason());
            }
            return value.equals("slow-1") && offered.get(value) < 3
                    ? RecordOutcome.retry(RetryCause.STORE_UNAVAILABLE, "connection refused")
                    : value.equals("bad-2") ? RecordOutcome.deadLetter(new IllegalStateException("unknown schemaVersion 99"))
                    : RecordOutcome.done();
        }, P0, P1);
        add(P0, 0, "good-0");
        add(P0, 1, "slow-1");
        add(P0, 2, "bad-2");
        add(P1, 0, "other-0");

        // the loop resumes its partitions right after the commit that follows the successful retry
        await(() -> committed(P0) == 3 && committed(P1) == 1 && events.contains("resumed"));

        assertThat(offered).containsOnly(Map.entry("good-0", 1), Map.entry("slow-1", 3), Map.entry("bad-2", 1),
                Map.entry("other-0", 1));
        assertThat(deadLetters.history()).as("one dead letter however often the batch was retried").hasSize(1);
        assertThat(events).containsSubsequence("commit articles.raw-0 1", "commit articles.raw-0 3");
        assertThat(events).containsSubsequence("paused", "retry STORE_UNAVAILABLE 1", "retry STORE_UNAVAILABLE 1",
                "processed slow-1", "resumed");
        assertThat(consumer.paused()).isEmpty();
        assertThat(reasonsWhileWaiting).as("the cause, its detail and what to do, while the record waits")
                .hasSize(2).allSatisfy(reason -> assertThat(reason).startsWith("STORE_UNAVAILABLE: connection refused")
                        .contains(RetryCause.STORE_UNAVAILABLE.action()));
        assertThat(loop.retryReason()).as("none once the retry succeeded").isNull();
    }

    @Test
    void aDeadLetterTooLargeForTheTopicGoesWithoutItsValue() throws Exception {
        MockProducer<byte[], byte[]> picky = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer()) {
            @Override
            public synchronized java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(
                    ProducerRecord<byte[], byte[]> record, org.apache.kafka.clients.producer.Callback callback) {
                if (record.value() != null) {
                    return java.util.concurrent.CompletableFuture.failedFuture(
                            new RecordTooLargeException("larger than max.request.size"));
                }
                return super.send(record, callback);
            }
        };
        start(value -> RecordOutcome.deadLetter(new IllegalArgumentException("too large to enrich")), picky, P0);
        add(P0, 0, "huge-0");

        await(() -> committed(P0) == 1);

        assertThat(picky.history()).hasSize(1);
        assertThat(picky.history().get(0).value()).isNull();
        assertThat(DeadLetterHeaders.get(picky.history().get(0).headers(), DeadLetterHeaders.VALUE_OMITTED))
                .contains("larger than max.request.size");
    }

    @Test
    void aFailingDeadLetterTopicIsRetriedWithoutLosingTheRecord() throws Exception {
        deadLetters.sendException = new org.apache.kafka.common.errors.TimeoutException("dlq leader not available");
        start(value -> RecordOutcome.deadLetter(new IllegalArgumentException("empty value")), P0);
        add(P0, 0, "bad-0");

        await(() -> events.contains("retry DEAD_LETTER_TOPIC_UNAVAILABLE 1"));
        assertThat(committed(P0)).as("not past the record").isLessThanOrEqualTo(0);
        deadLetters.sendException = null;

        await(() -> committed(P0) == 1);
        assertThat(deadLetters.history()).hasSize(1);
    }

    @Test
    void aThrowingProcessorRetriesTheBatchInsteadOfEndingTheLoop() throws Exception {
        start(value -> {
            if (offered.get(value) == 1) {
                throw new IllegalStateException("a bug");
            }
            return RecordOutcome.done();
        }, P0);
        add(P0, 0, "good-0");

        await(() -> committed(P0) == 1);
        assertThat(offered).containsEntry("good-0", 2);
        assertThat(events).contains("retry UNEXPECTED 1");
    }

    /**
     * Every poll fails (a record the client cannot decompress: zstd's native library could not be unpacked into a
     * temp folder that is not writable). Before, the loop logged a stack trace every 500 ms for ever while readiness
     * stayed UP.
     */
    @Test
    void aLoopThatFailsOnEveryAttemptSaysSoUntilItWorksAgain() throws Exception {
        start(value -> RecordOutcome.done(), P0);
        add(P0, 0, "good-0");
        await(() -> committed(P0) == 1);

        pollFailure = new org.apache.kafka.common.KafkaException("Received exception when fetching the next record "
                + "from articles.raw-0", new ExceptionInInitializerError("Cannot unpack libzstd-jni: Not a directory"));
        await(() -> loop.failure() != null);
        assertThat(loop.failure()).contains("Cannot unpack libzstd-jni");

        pollFailure = null;
        add(P0, 1, "good-1");
        await(() -> committed(P0) == 2);
        assertThat(loop.failure()).isNull();
    }

    @Test
    void aRevokedPartitionsUnfinishedRecordsAreLeftToItsNextOwner() throws Exception {
        start(value -> value.startsWith("stuck") ? RecordOutcome.retry(RetryCause.OUTPUT_TOPIC_UNAVAILABLE, "down")
                : RecordOutcome.done(), P0, P1);
        add(P0, 0, "stuck-0");
        add(P1, 0, "good-p1");
        await(() -> committed(P1) == 1 && events.contains("paused"));

        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P1)));
        await(() -> events.contains("resumed"));

        int offeredBefore = offered.get("stuck-0");
        Thread.sleep(200);
        assertThat(offered.get("stuck-0")).as("not offered after its partition was revoked").isEqualTo(offeredBefore);
        assertThat(committed(P0)).isLessThanOrEqualTo(0);
    }

    @Test
    void offsetsACommitCouldNotWriteDuringARebalanceAreCommittedBeforeTheirPartitionMovesAndOnceItIsDone()
            throws Exception {
        start(value -> RecordOutcome.done(), P0, P1);
        commitFailure = new RebalanceInProgressException("the group is rebalancing");
        add(P0, 0, "moving-0");
        add(P1, 0, "staying-0");
        await(() -> events.contains("processed moving-0") && events.contains("processed staying-0"));
        Thread.sleep(100);
        assertThat(committed(P0)).as("refused while the group rebalances").isEqualTo(-1);

        // cooperative: the rebalance ends taking P0 away, P1 stays
        consumer.schedulePollTask(() -> {
            commitFailure = null;
            consumer.rebalance(List.of(P1));
        });
        await(() -> events.contains("commit articles.raw-0 1") && committed(P1) == 1);
        assertThat(commitsTried).as("P0 alone, in the revocation, then P1 after the poll")
                .endsWith(Map.of(P0, new OffsetAndMetadata(1)), Map.of(P1, new OffsetAndMetadata(1)));
        assertThat(offered).containsOnly(Map.entry("moving-0", 1), Map.entry("staying-0", 1));
    }

    @Test
    void aLostPartitionIsForgottenWithoutACommitAndTheOthersGoOn() throws Exception {
        start(value -> value.startsWith("stuck") ? RecordOutcome.retry(RetryCause.OUTPUT_TOPIC_UNAVAILABLE, "down")
                : RecordOutcome.done(), P0, P1);
        add(P0, 0, "done-0");
        add(P0, 1, "stuck-1");
        await(() -> committed(P0) == 1 && events.contains("paused"));
        int commits = commitsTried.size();

        consumer.schedulePollTask(() -> rebalanceListener.onPartitionsLost(List.of(P0)));
        await(() -> events.contains("resumed"));
        int offeredBefore = offered.get("stuck-1");
        Thread.sleep(200);
        assertThat(offered.get("stuck-1")).as("not offered after its partition was lost").isEqualTo(offeredBefore);
        assertThat(commitsTried.subList(commits, commitsTried.size())).as("no commit for a lost partition")
                .allSatisfy(offsets -> assertThat(offsets).doesNotContainKey(P0));
    }

    @Test
    void anInterruptOfTheLoopThreadNeitherEndsNorStallsConsumption() throws Exception {
        start(value -> {
            if (value.startsWith("interrupting")) {
                Thread.currentThread().interrupt(); // as code that caught an InterruptedException and re-set it
            }
            return RecordOutcome.done();
        }, P0);
        add(P0, 0, "interrupting-0");
        await(() -> committed(P0) == 1);
        add(P0, 1, "good-1");

        await(() -> committed(P0) == 2);
        assertThat(thread.isAlive()).isTrue();
        assertThat(events).contains("processed good-1");
    }

    @Test
    void recordsDeletedBeforeTheyWereReadAreCountedAndTheLoopGoesOnAtTheFirstRecordLeft() throws Exception {
        start(value -> RecordOutcome.done(), P0);
        add(P0, 0, "good-0");
        await(() -> committed(P0) == 1);

        // retention removed offsets 1 to 3 while the stage was behind: the next fetch from 1 is out of range
        consumer.schedulePollTask(() -> {
            consumer.updateBeginningOffsets(Map.of(P0, 4L));
            consumer.updateEndOffsets(Map.of(P0, 6L));
            consumer.setPollException(new OffsetOutOfRangeException("out of range", Map.of(P0, 1L)));
        });
        add(P0, 4, "good-4");
        add(P0, 5, "good-5");

        await(() -> committed(P0) == 6);
        assertThat(loop.skippedRecords()).isEqualTo(3);
        assertThat(events).containsSubsequence("commit articles.raw-0 1", "skipped articles.raw-0 1 to 4",
                "processed good-4", "processed good-5");
    }

    @Test
    void anOffsetPastTheLogsEndIsReadAgainFromTheStartNotCountedAsSkipped() throws Exception {
        start(value -> RecordOutcome.done(), P0);
        add(P0, 0, "good-0");
        await(() -> committed(P0) == 1);

        // the topic was recreated: its log is shorter than the position
        consumer.schedulePollTask(() -> {
            consumer.updateEndOffsets(Map.of(P0, 0L));
            consumer.setPollException(new OffsetOutOfRangeException("out of range", Map.of(P0, 1L)));
        });
        add(P0, 0, "new-0");

        await(() -> events.contains("processed new-0"));
        assertThat(loop.skippedRecords()).isZero();
        assertThat(events).noneMatch(event -> event.startsWith("skipped"));
    }

    private void start(Function<String, RecordOutcome> decide, TopicPartition... partitions) {
        start(decide, deadLetters, partitions);
    }

    private void start(Function<String, RecordOutcome> decide, MockProducer<byte[], byte[]> letters,
                       TopicPartition... partitions) {
        Map<TopicPartition, Long> beginnings = new java.util.HashMap<>();
        for (TopicPartition partition : partitions) {
            beginnings.put(partition, 0L);
        }
        consumer.updateBeginningOffsets(beginnings);
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(partitions)));
        RecordProcessor processor = records -> {
            List<RecordOutcome> outcomes = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                String value = new String(record.value(), StandardCharsets.UTF_8);
                offered.merge(value, 1, Integer::sum);
                outcomes.add(decide.apply(value));
            }
            return outcomes;
        };
        loop = new ConsumerLoop("test", consumer, List.of(TOPIC), letters, processor,
                new BatchPolicy(100, Long.MAX_VALUE, Duration.ofMillis(50)), FAST, new Recorder());
        thread = new Thread(loop, "loop-under-test");
        thread.start();
    }

    private void add(TopicPartition partition, long offset, String value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", ("trace-" + offset).getBytes(StandardCharsets.UTF_8));
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(partition.topic(), partition.partition(), offset,
                1_000L + offset, TimestampType.CREATE_TIME, 5, bytes.length,
                ("key-" + offset).getBytes(StandardCharsets.UTF_8), bytes, headers, Optional.empty());
        consumer.schedulePollTask(() -> consumer.addRecord(record));
    }

    private long committed(TopicPartition partition) {
        var offsets = consumer.committed(Set.of(partition));
        var offset = offsets.get(partition);
        return offset == null ? -1 : offset.offset();
    }

    private void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("condition within 5 s; events: %s, offered: %s", events, offered)
                    .isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private final class Recorder implements ConsumerLoopListener {
        @Override
        public void onProcessed(ConsumerRecord<byte[], byte[]> record) {
            events.add("processed " + new String(record.value(), StandardCharsets.UTF_8));
        }

        @Override
        public void onDeadLettered(ConsumerRecord<byte[], byte[]> record, Throwable reason) {
            events.add("dead-lettered " + new String(record.value(), StandardCharsets.UTF_8));
        }

        @Override
        public void onRetry(RetryCause cause, int records, Duration wait) {
            events.add("retry " + cause + " " + records);
        }

        @Override
        public void onPaused(Collection<TopicPartition> partitions) {
            events.add("paused");
        }

        @Override
        public void onCommitted(Map<TopicPartition, Long> nextOffsets) {
            nextOffsets.forEach((partition, offset) -> events.add("commit " + partition + " " + offset));
        }

        @Override
        public void onSkipped(TopicPartition partition, long from, long to) {
            events.add("skipped " + partition + " " + from + " to " + to);
        }

        @Override
        public void onResumed(Collection<TopicPartition> partitions) {
            events.add("resumed");
        }
    }
}
