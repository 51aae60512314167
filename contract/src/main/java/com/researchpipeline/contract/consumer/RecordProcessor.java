package com.researchpipeline.contract.consumer;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A stage's work on a batch of consumed records, called by {@link ConsumerLoop} on its thread. Never offered
 * a record again once it answered {@link RecordOutcome.Done} or {@link RecordOutcome.DeadLetter} for it.
 */
public interface RecordProcessor {

    /**
     * Processes {@code records} (in offset order per partition) and returns one outcome per record, in the same
     * order. Outputs must be acknowledged before answering {@code Done}. Should not throw: a record's own
     * fault is a {@code DeadLetter}, an unavailable dependency a {@code Retry}; an exception is treated as
     * {@link RetryCause#UNEXPECTED} for the whole batch.
     */
    List<RecordOutcome> process(List<ConsumerRecord<byte[], byte[]>> records);

    /** Called once before records that answered {@code Retry} for {@code cause} are offered again. */
    default void beforeRetry(RetryCause cause) {
    }
}
