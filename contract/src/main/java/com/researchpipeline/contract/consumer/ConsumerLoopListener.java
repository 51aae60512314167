package com.researchpipeline.contract.consumer;

import java.time.Duration;
import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Observes a {@link ConsumerLoop} (metrics, status events) without touching it. Called on the loop's
 * thread: implementations must be quick and must not throw (an exception is logged and ignored).
 * Every method does nothing by default.
 */
public interface ConsumerLoopListener {

    ConsumerLoopListener NONE = new ConsumerLoopListener() {
    };

    /** The record is finished and its output acknowledged. */
    default void onProcessed(ConsumerRecord<byte[], byte[]> record) {
    }

    /** The record's dead letter was acknowledged by {@code articles.dlq}. */
    default void onDeadLettered(ConsumerRecord<byte[], byte[]> record, Throwable reason) {
    }

    /** {@code records} records will be offered again after {@code wait} because of {@code cause}. */
    default void onRetry(RetryCause cause, int records, Duration wait) {
    }

    /** Consumption paused while records are retried. */
    default void onPaused(Collection<TopicPartition> partitions) {
    }

    /** Consumption resumed after a successful retry. */
    default void onResumed(Collection<TopicPartition> partitions) {
    }

    /**
     * Records {@code from} to {@code to - 1} of {@code partition} were deleted (retention, delete-records) before
     * the loop read them: it goes on at {@code to}, and they are never processed by this stage.
     */
    default void onSkipped(TopicPartition partition, long from, long to) {
    }

    /** Offsets committed: {@code nextOffset} per partition is the next record to consume. */
    default void onCommitted(java.util.Map<TopicPartition, Long> nextOffsets) {
    }

    /** This listener, then {@code next}, for every event (a stage's own observer, then a test's listener). */
    default ConsumerLoopListener andThen(ConsumerLoopListener next) {
        ConsumerLoopListener first = this;
        return new ConsumerLoopListener() {
            @Override
            public void onProcessed(ConsumerRecord<byte[], byte[]> record) {
                first.onProcessed(record);
                next.onProcessed(record);
            }

            @Override
            public void onDeadLettered(ConsumerRecord<byte[], byte[]> record, Throwable reason) {
                first.onDeadLettered(record, reason);
                next.onDeadLettered(record, reason);
            }

            @Override
            public void onRetry(RetryCause cause, int records, Duration wait) {
                first.onRetry(cause, records, wait);
                next.onRetry(cause, records, wait);
            }

            @Override
            public void onPaused(Collection<TopicPartition> partitions) {
                first.onPaused(partitions);
                next.onPaused(partitions);
            }

            @Override
            public void onResumed(Collection<TopicPartition> partitions) {
                first.onResumed(partitions);
                next.onResumed(partitions);
            }

            @Override
            public void onSkipped(TopicPartition partition, long from, long to) {
                first.onSkipped(partition, from, to);
                next.onSkipped(partition, from, to);
            }

            @Override
            public void onCommitted(java.util.Map<TopicPartition, Long> nextOffsets) {
                first.onCommitted(nextOffsets);
                next.onCommitted(nextOffsets);
            }
        };
    }
}
