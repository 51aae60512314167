package com.researchpipeline.contract.consumer;

import java.util.Objects;

/** What became of one consumed record in one attempt. */
public sealed interface RecordOutcome {

    /** Finished: its output (if any) is acknowledged; its offset may be committed. */
    RecordOutcome DONE = new Done();

    static RecordOutcome done() {
        return DONE;
    }

    static RecordOutcome retry(RetryCause cause, String detail) {
        return new Retry(cause, detail);
    }

    static RecordOutcome deadLetter(Throwable reason) {
        return new DeadLetter(reason);
    }

    record Done() implements RecordOutcome {
    }

    /** Not finished, and might be later: the record is offered again after the backoff. */
    record Retry(RetryCause cause, String detail) implements RecordOutcome {
        public Retry {
            Objects.requireNonNull(cause, "cause");
        }
    }

    /** Can never succeed: the original record goes to {@code articles.dlq} with {@code reason}. */
    record DeadLetter(Throwable reason) implements RecordOutcome {
        public DeadLetter {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
