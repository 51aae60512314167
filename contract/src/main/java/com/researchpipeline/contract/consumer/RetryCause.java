package com.researchpipeline.contract.consumer;

/**
 * Why a record must be tried again later. Typed, so the loop and its listeners decide by kind, never by
 * matching a message.
 */
public enum RetryCause {
    /** Kafka did not acknowledge an output event in time (broker down, partition without leader). */
    OUTPUT_TOPIC_UNAVAILABLE,
    /** Kafka did not acknowledge the dead letter of a record that failed for good. */
    DEAD_LETTER_TOPIC_UNAVAILABLE,
    /** The store (Elasticsearch) could not be reached, or answered 5xx. */
    STORE_UNAVAILABLE,
    /** The store asked to slow down (429). */
    STORE_BUSY,
    /** The index the store writes to is missing; the processor restores it before the next attempt. */
    STORE_LAYOUT_MISSING,
    /** A failure nobody foresaw (a bug, an unknown client error): retried, never dropped. */
    UNEXPECTED
}
