package com.researchpipeline.contract.consumer;

/**
 * Why a record must be tried again later, and what an operator can do about it. Typed, so the loop and its
 * listeners decide by kind, never by matching a message; {@link #action()} is what logs and readiness say.
 */
public enum RetryCause {
    /** Kafka did not acknowledge an output event in time (broker down, partition without leader). */
    OUTPUT_TOPIC_UNAVAILABLE("check that the broker runs and that the output topic exists and takes this stage's "
            + "writes (topic, ACLs, min.insync.replicas); the records are sent once it does"),
    /**
     * The broker refused the record's time (InvalidTimestampException): this host's clock and the broker's disagree by
     * more than the topic accepts. Every record is refused while they do, so none is dead-lettered.
     */
    CLOCK_DISAGREES("set the clocks of this host and of the broker right (NTP): a topic takes records timed at most "
            + "message.timestamp.after.max.ms ahead of the broker's clock (one hour unless set, since Kafka 4.0) and "
            + "message.timestamp.before.max.ms behind it; the records are sent once they agree"),
    /** Kafka did not acknowledge the dead letter of a record that failed for good. */
    DEAD_LETTER_TOPIC_UNAVAILABLE("check that the broker runs and that articles.dlq exists and takes this stage's "
            + "writes; the record is dead-lettered once it does"),
    /** The store (Elasticsearch) could not be reached, or answered 5xx (a shard not available, say). */
    STORE_UNAVAILABLE("check that Elasticsearch runs and that the index's shards are assigned "
            + "(GET _cluster/health); the records are indexed once it answers"),
    /** The store asked to slow down (429). */
    STORE_BUSY("none if it passes; if it lasts, give Elasticsearch more capacity or send smaller batches"),
    /** The index the store writes to is missing; the processor restores it before the next attempt. */
    STORE_LAYOUT_MISSING("none: the index layout is restored before the next attempt; if this lasts, check that "
            + "the credentials may create indices and templates"),
    /**
     * The store refused the writes for a reason that is not the document's: a closed index, an alias with no
     * write index or several indices, a write or read-only block, credentials or privileges, or an error type
     * not known to be a document's fault. It refuses every document while it lasts, so nothing is
     * dead-lettered: the records wait until an operator fixes what the detail names.
     */
    STORE_REFUSED("fix what the detail names: open a closed index (POST <index>/_open), lift a block "
            + "(index.blocks.*), give the alias exactly one write index, or restore the credentials or the role's "
            + "write privilege; the waiting records are indexed once it is fixed, none is dead-lettered"),
    /** A failure nobody foresaw (a bug, an unknown client error): retried, never dropped. */
    UNEXPECTED("see this stage's ERROR log for the exception; the records are retried, never dropped");

    private final String action;

    RetryCause(String action) {
        this.action = action;
    }

    /** What to do about it, for logs and readiness. */
    public String action() {
        return action;
    }
}
