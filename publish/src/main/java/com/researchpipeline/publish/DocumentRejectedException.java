package com.researchpipeline.publish;

/**
 * Permanent failure of one event: Elasticsearch refused its document (a mapping rejection, say) or the
 * event cannot be read at all. Retrying cannot help; the original record goes to {@code articles.dlq}.
 */
public class DocumentRejectedException extends RuntimeException {

    public DocumentRejectedException(String message) {
        super(message);
    }

    public DocumentRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
