package com.researchpipeline.contract.consumer;

import com.researchpipeline.contract.DeadLetterHeaders;
import com.researchpipeline.contract.Elapsed;
import com.researchpipeline.contract.Printable;
import com.researchpipeline.contract.RecordKey;
import com.researchpipeline.contract.RetryPolicy;
import com.researchpipeline.contract.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.NoOffsetForPartitionException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InconsistentGroupProtocolException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one consumer loop of the pipeline (enrich and publish): poll, hand a batch to the stage's
 * {@link RecordProcessor}, dead-letter what can never succeed, commit, and retry the rest.
 * <ul>
 *   <li>Outcomes are tracked per record: a record that is done or dead-lettered is never offered again, so an
 *       acknowledged output or a dead letter is not sent twice while the rest of its batch is retried.</li>
 *   <li>After every attempt each partition's offset is committed up to its first unfinished record.</li>
 *   <li>While records wait for a retry, every partition is paused (new ones too, by the rebalance listener)
 *       and the consumer keeps polling, so the group keeps this member; the wait follows the
 *       {@link RetryPolicy} and never ends in a drop.</li>
 *   <li>Rebalances are cooperative ({@link com.researchpipeline.contract.KafkaSettings#loopConsumer}): only the
 *       partitions that move are revoked, and the loop goes on with the others while the group rebalances. A
 *       revoked partition's offset is committed up to its first unfinished record before it moves, and its
 *       unfinished records are forgotten: its next owner reads them from there. A lost partition (this member
 *       was dropped from the group) is forgotten without a commit. A commit refused because a rebalance is in
 *       progress is made again after every poll until it goes through.</li>
 *   <li>A dead letter is the original record (key, value, headers, timestamp) with the reason in
 *       {@link DeadLetterHeaders}; one too large for {@code articles.dlq} goes without its value (the original
 *       stays at its origin offset).</li>
 *   <li>Where to start is decided here, not by {@code auto.offset.reset} (give the consumer
 *       {@link com.researchpipeline.contract.KafkaSettings#loopConsumer}): a partition the group never committed is
 *       read from its start; one whose committed offset is gone, because retention or {@code kafka-delete-records}
 *       removed records before they were read, is read from its first remaining record, and the records skipped
 *       are counted ({@link #skippedRecords()}, {@link ConsumerLoopListener#onSkipped}) and logged with what to do;
 *       one whose offset lies past the log's end (the topic was recreated, or the log truncated) is read again
 *       from its start.</li>
 * </ul>
 * Runs on one thread ({@link #run()}); {@link #stop()} may be called from any thread and lets the current
 * attempt finish and commit; {@link #stopWithin} interrupts an attempt that outlasts {@link #STOP_GRACE} (a bulk
 * request to a frozen node, the extraction of a large article), so that a stage stops cleanly within its budget.
 * The consumer and producer are passed in and the loop closes only the consumer.
 */
public final class ConsumerLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);
    private static final long MAX_POLL_MILLIS = 500;
    private static final long DEAD_LETTER_TIMEOUT_SECONDS = 30;
    /** Bounds the commit of revoked partitions, which {@link #stop()} also makes on the way out. */
    private static final Duration REVOKED_COMMIT_TIMEOUT = Duration.ofSeconds(10);
    /** How long a batch still being processed when the stage stops may go on before its processor is interrupted. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(2);
    private static final String WHAT_TO_DO_WHEN_SKIPPED = "produce them again at their source (ingest: move their "
            + "files from inbox/.done/ back into the inbox; enrich's output: bin/pipeline replay enrich), and keep the "
            + "topic's cleanup.policy at compact, as the stages set it, or its retention.ms longer than the stage may "
            + "be stopped or behind";

    private final String stage;
    private final Consumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final Producer<byte[], byte[]> deadLetters;
    private final RecordProcessor processor;
    private final BatchPolicy batchPolicy;
    private final RetryPolicy retryPolicy;
    private final ConsumerLoopListener listener;
    private PollWatch<byte[], byte[]> pollWatch;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final CountDownLatch polled = new CountDownLatch(1);
    /** Consumed and not finished, in the order consumed. */
    private final List<ConsumerRecord<byte[], byte[]>> pending = new ArrayList<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    /** Per partition, the offset after the last record handed to the processor. */
    private final Map<TopicPartition, Long> consumedUpTo = new HashMap<>();
    private long pendingSince;
    private volatile boolean stopping;
    /** The loop's thread while it is inside the processor, else null; guarded by itself ({@link #processingLock}). */
    private Thread processing;
    private final Object processingLock = new Object();
    private volatile boolean paused;
    /** Why records wait for a retry and what to do, or null while none waits. */
    private volatile String retryReason;
    /** The current retry wait, or null while nothing waits for a retry. */
    private Duration backoff;
    private long retryAt;
    private RetryCause retryCause;
    private Runnable onceCaughtUp;
    private final java.util.concurrent.atomic.AtomicLong skipped = new java.util.concurrent.atomic.AtomicLong();
    /** True while a commit was refused because the group was rebalancing. */
    private boolean commitOwed;
    /** The wait before joining again after the group refused this member, or null while it did not. */
    private Duration joinRefused;
    /** Attempts of the loop that failed outright in a row, the last one's message, and the wait after it. */
    private volatile int failures;
    private volatile String failure;
    private Duration failureWait;
    static final int FAILURES_REPORTED = 3;

    public ConsumerLoop(String stage, Consumer<byte[], byte[]> consumer, List<String> topics,
                        Producer<byte[], byte[]> deadLetters, RecordProcessor processor, BatchPolicy batchPolicy,
                        RetryPolicy retryPolicy, ConsumerLoopListener listener) {
        this.stage = stage;
        this.consumer = consumer;
        this.topics = List.copyOf(topics);
        this.deadLetters = deadLetters;
        this.processor = processor;
        this.batchPolicy = batchPolicy;
        this.retryPolicy = retryPolicy;
        this.listener = listener == null ? ConsumerLoopListener.NONE : listener;
    }

    @Override
    public void run() {
        pollWatch = new PollWatch<>(stage, consumer);
        try {
            consumer.subscribe(topics, new Rebalance());
            while (!stopping) {
                if (Thread.interrupted()) { // only stop() ends the loop: left set, every poll would throw at once
                    LOG.warn("{} consumer loop was interrupted; it goes on consuming", stage);
                }
                try {
                    step();
                    if (failures > 0) {
                        LOG.info("{} consumer loop works again after {} failed attempt(s)", stage, failures);
                        failures = 0;
                        failure = null;
                        failureWait = null;
                    }
                } catch (RuntimeException e) {
                    // a bug or an unforeseen client error must not end consumption: unfinished records stay
                    // pending and uncommitted
                    Throwable root = DeadLetterHeaders.rootCause(e);
                    String message = DeadLetterHeaders.messageOf(e) + (root == e ? ""
                            : "; caused by " + root.getClass().getSimpleName() + ": " + DeadLetterHeaders.messageOf(root));
                    failureWait = retryPolicy.next(failureWait);
                    if (message.equals(failure)) {
                        LOG.error("{} consumer loop failed again ({} attempts in a row): {}; going on in {} ms", stage,
                                failures + 1, message, failureWait.toMillis());
                    } else {
                        LOG.error("{} consumer loop failed; going on in {} ms", stage, failureWait.toMillis(), e);
                    }
                    failure = message;
                    failures++;
                    waitUnlessStopped(failureWait);
                }
            }
        } finally {
            pollWatch.close();
            consumer.close(Duration.ofSeconds(5));
            LOG.info("{} stopped consuming {}", stage, topics);
        }
    }

    /** Ends {@link #run()} once the current attempt is finished and committed. */
    public void stop() {
        stopping = true;
    }

    /**
     * Stops the loop running on {@code thread} and waits for it at most {@code wait}: a batch still being processed
     * gets {@link #STOP_GRACE} to finish, then its processor is interrupted. What the batch finished is committed;
     * what it did not is processed again at the next start (delivery is at least once, every write idempotent).
     */
    public void stopWithin(Thread thread, Duration wait) {
        stop();
        long deadline = Elapsed.millis() + wait.toMillis();
        try {
            thread.join(Math.max(1, Math.min(STOP_GRACE.toMillis(), wait.toMillis())));
            synchronized (processingLock) {
                if (processing != null) {
                    LOG.info("{}: stopping while a batch is still being processed: it is cut short, and what it did "
                            + "not finish is processed again at the next start", stage);
                    processing.interrupt();
                }
            }
            thread.join(Math.max(1, deadline - Elapsed.millis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs {@code action} on the loop thread once every assigned partition has been consumed to its end. */
    public void onceCaughtUp(Runnable action) {
        this.onceCaughtUp = action;
    }

    public boolean awaitAssignment(Duration timeout) throws InterruptedException {
        return assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True once the first poll returned (the broker answered), whether or not it brought records. */
    public boolean awaitFirstPoll(Duration timeout) throws InterruptedException {
        return polled.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Records consumed and not yet finished (for status reports; read from any thread it is approximate). */
    public int pendingRecords() {
        return pending.size();
    }

    /** Records removed from the input topic before this loop read them (retention, delete-records), since start. */
    public long skippedRecords() {
        return skipped.get();
    }

    public boolean isPaused() {
        return paused;
    }

    /**
     * While the loop's last {@value #FAILURES_REPORTED} attempts or more failed outright (a record the client cannot
     * decode, a bug): the last failure, for readiness; else null. Nothing is consumed meanwhile.
     */
    public String failure() {
        return failures >= FAILURES_REPORTED ? failure : null;
    }

    /** While records wait for a retry: each cause with its detail and what to do about it; else null. */
    public String retryReason() {
        return retryReason;
    }

    private void step() {
        long now = Elapsed.millis();
        if (backoff != null) {
            if (pending.isEmpty()) { // what waited belonged to partitions revoked meanwhile
                endRetry();
                return;
            }
            if (now < retryAt) {
                var records = poll(Duration.ofMillis(Math.min(retryAt - now, MAX_POLL_MILLIS)));
                if (records != null) {
                    take(records);
                }
                return;
            }
            try {
                processor.beforeRetry(retryCause);
            } catch (RuntimeException e) {
                // the attempt below fails again and the wait grows: no tight loop of errors
                LOG.warn("{} could not prepare the retry ({}): {}", stage, retryCause, DeadLetterHeaders.messageOf(e));
            }
            attempt();
            return;
        }
        if (!batchReady(now)) {
            ConsumerRecords<byte[], byte[]> records = poll(Duration.ofMillis(millisUntilDue(now)));
            polled.countDown();
            if (records == null) {
                return;
            }
            take(records);
            if (records.isEmpty() && pending.isEmpty()) {
                runIfCaughtUp();
            }
            if (!batchReady(Elapsed.millis())) {
                return;
            }
        }
        attempt();
    }

    /**
     * One poll; a partition without a usable position is placed (see the class comment) and polled next time:
     * null then, for nothing was fetched.
     */
    private ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        try {
            ConsumerRecords<byte[], byte[]> records = pollWatch.poll(timeout);
            joinRefused = null;
            if (commitOwed) {
                commit();
            }
            return records;
        } catch (NoOffsetForPartitionException e) {
            placeUncommitted(e.partitions());
        } catch (OffsetOutOfRangeException e) {
            placeOutOfRange(e.offsetOutOfRangePartitions());
        } catch (InconsistentGroupProtocolException e) {
            refusedByGroup();
        }
        return null;
    }

    /**
     * The group's members share no assignment strategy with this one: they use the eager {@code range} (or
     * another strategy) alone. The loop's members all offer {@code cooperative-sticky}, and those of versions
     * before it offered {@code range} first and {@code cooperative-sticky} second (Kafka's default), so that
     * member is another client using the stage's group id. This one tries again, less and less often.
     */
    private void refusedByGroup() {
        joinRefused = retryPolicy.next(joinRefused);
        LOG.error("{} cannot join consumer group {}: its members support no partition assignment strategy in common "
                + "with this one's (cooperative-sticky; Kafka: inconsistent group protocol). Another client uses the "
                + "group id with partition.assignment.strategy=range (or another assignor) alone. What to do: stop it "
                + "or give it a group id of its own (kafka-consumer-groups.sh --describe --group {} --members names its "
                + "members); trying again in {} ms", stage, groupOf(), groupOf(), joinRefused.toMillis());
        waitUnlessStopped(joinRefused);
    }

    /** Waits {@code wait}, or less when {@link #stop()} is called meanwhile. */
    private void waitUnlessStopped(Duration wait) {
        long until = Elapsed.millis() + wait.toMillis();
        while (!stopping && Elapsed.millis() < until) {
            sleep(Duration.ofMillis(Math.min(100, Math.max(1, until - Elapsed.millis()))));
        }
    }

    /**
     * A partition this group never committed on is read from its first record; records already deleted from it
     * (its start is past 0) were never read by this group, so they count as skipped. (A group whose offsets
     * expired, after {@code offsets.retention.minutes} without members, may have read them long ago.)
     */
    private void placeUncommitted(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions);
        LOG.info("{}: no committed offset for {}: reading from the start", stage, partitions);
        for (TopicPartition partition : partitions) {
            long start = starts.getOrDefault(partition, 0L);
            if (start > 0) {
                skipped.addAndGet(start);
                LOG.warn("{}: the first {} records of {} (offsets 0 to {}) were deleted (retention.ms or delete-records "
                        + "on {}) and this group ({}) has no committed offset there: unless it processed them before its "
                        + "offsets expired, they are skipped and will not be processed by this stage. What to do: {}",
                        stage, start, partition, start - 1, partition.topic(), groupOf(), WHAT_TO_DO_WHEN_SKIPPED);
                notify(() -> listener.onSkipped(partition, 0, start));
            }
            consumer.seek(partition, start);
            // what this loop remembers of the partition belongs to an earlier log (a topic deleted and created
            // again): kept, a commit that equals an old one would be left out
            committed.remove(partition);
            consumedUpTo.remove(partition);
        }
    }

    private String groupOf() {
        try {
            return consumer.groupMetadata().groupId();
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    private void placeOutOfRange(Map<TopicPartition, Long> positions) {
        Map<TopicPartition, Long> starts = consumer.beginningOffsets(positions.keySet());
        Map<TopicPartition, Long> ends = consumer.endOffsets(positions.keySet());
        positions.forEach((partition, position) -> {
            long start = starts.getOrDefault(partition, 0L);
            long end = ends.getOrDefault(partition, start);
            if (position < start) {
                long lost = start - position;
                skipped.addAndGet(lost);
                LOG.warn("{}: {} records of {} (offsets {} to {}) were deleted before {} read them (retention.ms or "
                        + "delete-records on {}); they are skipped and will not be processed by this stage. What to do: {}",
                        stage, lost, partition, position, start - 1, stage, partition.topic(), WHAT_TO_DO_WHEN_SKIPPED);
                notify(() -> listener.onSkipped(partition, position, start));
            } else {
                LOG.warn("{}: offset {} of {} lies past its end ({}): the topic was recreated or its log truncated; "
                        + "reading the partition again from its start (offset {}); what was processed before is "
                        + "processed again, which changes nothing downstream", stage, position, partition, end, start);
            }
            consumer.seek(partition, start);
            consumedUpTo.put(partition, start);
            committed.remove(partition);
        });
    }

    private void take(ConsumerRecords<byte[], byte[]> records) {
        if (!records.isEmpty() && pending.isEmpty()) {
            pendingSince = Elapsed.millis();
        }
        records.forEach(pending::add);
    }

    private boolean batchReady(long now) {
        if (pending.isEmpty()) {
            return false;
        }
        long bytes = 0;
        for (ConsumerRecord<byte[], byte[]> record : pending) {
            bytes += Math.max(0, record.serializedValueSize());
        }
        return pending.size() >= batchPolicy.maxRecords() || bytes >= batchPolicy.maxBytes()
                || now - pendingSince >= batchPolicy.maxWait().toMillis();
    }

    private long millisUntilDue(long now) {
        return pending.isEmpty() ? MAX_POLL_MILLIS
                : Math.max(0, Math.min(MAX_POLL_MILLIS, pendingSince + batchPolicy.maxWait().toMillis() - now));
    }

    private void attempt() {
        List<ConsumerRecord<byte[], byte[]>> batch = List.copyOf(pending);
        if (batch.isEmpty()) {
            endRetry();
            return;
        }
        List<RecordOutcome> outcomes = outcomesOf(batch);
        List<ConsumerRecord<byte[], byte[]>> unfinished = new ArrayList<>();
        Map<RetryCause, String> causes = new EnumMap<>(RetryCause.class);
        boolean deadLettersWork = true;
        for (int i = 0; i < batch.size(); i++) {
            ConsumerRecord<byte[], byte[]> record = batch.get(i);
            RecordOutcome outcome = outcomes.get(i);
            if (outcome instanceof RecordOutcome.Done) {
                notify(() -> listener.onProcessed(record));
            } else if (outcome instanceof RecordOutcome.Retry retry) {
                unfinished.add(record);
                causes.putIfAbsent(retry.cause(), retry.detail());
            } else if (outcome instanceof RecordOutcome.DeadLetter letter) {
                // once the dead-letter topic failed, the batch's other dead letters wait for the retry too
                String failure = deadLettersWork ? deadLetter(record, letter.reason()) : "not tried";
                if (failure == null) {
                    notify(() -> listener.onDeadLettered(record, letter.reason()));
                } else {
                    deadLettersWork = false;
                    unfinished.add(record);
                    causes.putIfAbsent(RetryCause.DEAD_LETTER_TOPIC_UNAVAILABLE, failure);
                }
            }
        }
        pending.clear();
        pending.addAll(unfinished);
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            consumedUpTo.merge(partitionOf(record), record.offset() + 1, Math::max);
        }
        commit();
        if (unfinished.isEmpty()) {
            endRetry();
        } else {
            scheduleRetry(unfinished.size(), causes);
        }
    }

    private List<RecordOutcome> outcomesOf(List<ConsumerRecord<byte[], byte[]>> batch) {
        synchronized (processingLock) {
            processing = Thread.currentThread();
        }
        try {
            List<RecordOutcome> outcomes = processor.process(Collections.unmodifiableList(batch));
            if (outcomes == null || outcomes.size() != batch.size()) {
                throw new IllegalStateException("the " + stage + " processor answered "
                        + (outcomes == null ? "null" : outcomes.size() + " outcomes") + " for " + batch.size() + " records");
            }
            return outcomes;
        } catch (RuntimeException e) {
            if (stopping) {
                LOG.info("{}: a batch of {} records cut short by the stop ({}); processed again at the next start",
                        stage, batch.size(), DeadLetterHeaders.messageOf(e));
            } else {
                LOG.error("{} failed on a batch of {} records; retrying it", stage, batch.size(), e);
            }
            return Collections.nCopies(batch.size(), RecordOutcome.retry(RetryCause.UNEXPECTED,
                    DeadLetterHeaders.messageOf(e)));
        } finally {
            synchronized (processingLock) {
                processing = null;
            }
            // left by the processor, or by stopWithin: this step's dead letters and commit must go through
            if (Thread.interrupted() && !stopping) {
                LOG.warn("{} processor left the loop thread interrupted; cleared", stage);
            }
        }
    }

    private void scheduleRetry(int records, Map<RetryCause, String> causes) {
        if (stopping) {
            LOG.info("{}: stopped with {} records not finished; they are processed again at the next start", stage,
                    records);
            return;
        }
        backoff = retryPolicy.next(backoff);
        retryAt = Elapsed.millis() + backoff.toMillis();
        retryCause = causes.keySet().iterator().next();
        retryReason = describe(causes);
        LOG.warn("{}: {} records not finished ({}); consumption paused, retrying in {} ms", stage, records,
                retryReason, backoff.toMillis());
        if (!paused) {
            Set<TopicPartition> assignment = consumer.assignment();
            consumer.pause(assignment);
            paused = true;
            notify(() -> listener.onPaused(assignment));
        }
        Duration wait = backoff;
        causes.keySet().forEach(cause -> notify(() -> listener.onRetry(cause, records, wait)));
    }

    private void endRetry() {
        if (backoff != null) {
            LOG.info("{}: retry succeeded; consumption resumed", stage);
        }
        backoff = null;
        retryAt = 0;
        retryCause = null;
        retryReason = null;
        if (paused) {
            Set<TopicPartition> resumed = new HashSet<>(consumer.paused());
            resumed.retainAll(consumer.assignment());
            consumer.resume(resumed);
            paused = false;
            notify(() -> listener.onResumed(resumed));
        }
    }

    /** Sends the dead letter and waits for Kafka; returns null when acknowledged, else why not. */
    private String deadLetter(ConsumerRecord<byte[], byte[]> record, Throwable reason) {
        try {
            try {
                send(DeadLetterHeaders.forRecord(stage, record, reason));
            } catch (RecordTooLargeException e) {
                try {
                    send(DeadLetterHeaders.withoutValue(stage, record, reason, DeadLetterHeaders.messageOf(e)));
                } catch (RecordTooLargeException keyOrHeadersTooLarge) {
                    send(DeadLetterHeaders.withoutContent(stage, record, reason,
                            DeadLetterHeaders.messageOf(keyOrHeadersTooLarge)));
                }
            }
            LOG.warn("{} dead-lettered record {} from {}-{}@{} to {}: {}", stage, keyOf(record), record.topic(),
                    record.partition(), record.offset(), Topics.DLQ.name(), DeadLetterHeaders.messageOf(reason));
            return null;
        } catch (KafkaException | java.util.concurrent.TimeoutException e) {
            LOG.warn("{} cannot write to {} ({})", stage, Topics.DLQ.name(), DeadLetterHeaders.messageOf(e));
            return DeadLetterHeaders.messageOf(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private void send(ProducerRecord<byte[], byte[]> letter)
            throws InterruptedException, java.util.concurrent.TimeoutException {
        try {
            deadLetters.send(letter).get(DEAD_LETTER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KafkaException k ? k : new KafkaException(e.getCause());
        }
    }

    /** Commits every partition up to its first unfinished record, or past all it consumed. */
    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = uncommitted(consumedUpTo.keySet());
        if (offsets.isEmpty()) {
            commitOwed = false;
            return;
        }
        try {
            consumer.commitSync(offsets);
            commitOwed = false;
            committedNow(offsets);
        } catch (RebalanceInProgressException e) {
            if (!commitOwed) {
                LOG.info("{}: the group is rebalancing; offsets {} are committed once it is done, those of partitions "
                        + "that move before they move", stage, offsets);
            }
            commitOwed = true;
        } catch (CommitFailedException e) {
            // the group dropped this member; the next poll reports the partitions lost and joins again
            commitOwed = false;
            LOG.warn("{} could not commit offsets {} ({}); their records are processed again by the partitions' next "
                    + "owners", stage, offsets, DeadLetterHeaders.messageOf(e));
        } catch (KafkaException e) {
            // the outputs are acknowledged; after a restart these records are read again, and their outputs
            // are written again (enrich) or as no-ops (publish)
            commitOwed = false;
            LOG.warn("{} could not commit offsets {} ({}); the next commit covers them", stage, offsets,
                    DeadLetterHeaders.messageOf(e));
        }
    }

    /** The offsets of {@code partitions} that differ from those last committed: up to their first unfinished record. */
    private Map<TopicPartition, OffsetAndMetadata> uncommitted(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> next = new HashMap<>();
        for (TopicPartition partition : partitions) {
            Long upTo = consumedUpTo.get(partition);
            if (upTo != null) {
                next.put(partition, upTo);
            }
        }
        for (ConsumerRecord<byte[], byte[]> record : pending) {
            next.computeIfPresent(partitionOf(record), (partition, offset) -> Math.min(offset, record.offset()));
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        next.forEach((partition, offset) -> {
            if (!offset.equals(committed.get(partition))) {
                offsets.put(partition, new OffsetAndMetadata(offset));
            }
        });
        return offsets;
    }

    private void committedNow(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> committed.put(partition, offset.offset()));
        LOG.debug("{} committed {}", stage, offsets);
        Map<TopicPartition, Long> view = new HashMap<>();
        offsets.forEach((partition, offset) -> view.put(partition, offset.offset()));
        notify(() -> listener.onCommitted(view));
    }

    private void runIfCaughtUp() {
        if (onceCaughtUp == null) {
            return;
        }
        Set<TopicPartition> assignment = consumer.assignment();
        if (assignment.isEmpty()) {
            return;
        }
        // asked of the broker: right after the loop placed a partition, the client's own lag may read 0 before
        // anything was fetched
        Map<TopicPartition, Long> ends;
        try {
            ends = consumer.endOffsets(assignment);
        } catch (KafkaException e) {
            LOG.debug("{} could not read the end offsets of {}: {}", stage, assignment, e.toString());
            return;
        }
        boolean caughtUp = assignment.stream().allMatch(partition -> ends.containsKey(partition)
                && consumer.position(partition) >= ends.get(partition));
        if (caughtUp) {
            Runnable action = onceCaughtUp;
            onceCaughtUp = null;
            action.run();
        }
    }

    private void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("{} consumer loop listener failed: {}", stage, e.toString());
        }
    }

    private static String describe(Map<RetryCause, String> causes) {
        StringBuilder text = new StringBuilder();
        causes.forEach((cause, detail) -> text.append(text.isEmpty() ? "" : "; ").append(cause)
                .append(detail == null ? "" : ": " + detail).append(" (what to do: ").append(cause.action()).append(')'));
        return text.toString();
    }

    private static TopicPartition partitionOf(ConsumerRecord<?, ?> record) {
        return new TopicPartition(record.topic(), record.partition());
    }

    private static String keyOf(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? "(no key)" : Printable.of(RecordKey.text(record.key()));
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Pauses partitions that arrive while a retry waits; commits what a revoked partition finished and forgets
     * what it left unfinished. Called inside {@link Consumer#poll} (and {@link Consumer#close}) on the loop's
     * thread, never during a batch; with cooperative rebalancing {@code partitions} are only those added or taken
     * away, the others stay as they are (paused or not, with their pending records).
     */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.debug("{} assigned {}", stage, partitions);
            if (paused) {
                consumer.pause(partitions);
            }
            assigned.countDown();
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            LOG.debug("{} revoked {}", stage, partitions);
            Map<TopicPartition, OffsetAndMetadata> offsets = uncommitted(partitions);
            if (!offsets.isEmpty()) {
                // the partitions are still this member's until the callback returns: what it finished is not
                // processed again by the next owner
                try {
                    consumer.commitSync(offsets, REVOKED_COMMIT_TIMEOUT);
                    committedNow(offsets);
                } catch (KafkaException e) {
                    LOG.warn("{} could not commit offsets {} of revoked partitions ({}); their next owners process "
                            + "those records again", stage, offsets, DeadLetterHeaders.messageOf(e));
                }
            }
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // other members may own them already: a commit would be refused, and must not be tried
            LOG.warn("{} lost {} (dropped from its group); records not committed there are processed again by their "
                    + "next owners", stage, partitions);
            forget(partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            Set<TopicPartition> gone = new HashSet<>(partitions);
            pending.removeIf(record -> gone.contains(partitionOf(record)));
            gone.forEach(committed::remove);
            gone.forEach(consumedUpTo::remove);
        }
    }
}
