package com.researchpipeline.ingest;

/**
 * The file can never become an article as it is (empty, binary, too large, no text layer ...): a permanent
 * failure. The message says what is wrong; {@link #action()} says what the user can do about it.
 */
public class RejectedInputException extends RuntimeException {

    private final String action;

    public RejectedInputException(String reason, String action) {
        super(reason);
        this.action = action;
    }

    public RejectedInputException(String reason, String action, Throwable cause) {
        super(reason, cause);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
