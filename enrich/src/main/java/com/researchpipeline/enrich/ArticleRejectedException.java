package com.researchpipeline.enrich;

/** A record enrich can never turn into an enriched event: it is dead-lettered with this message. */
public final class ArticleRejectedException extends RuntimeException {

    public ArticleRejectedException(String message) {
        super(message);
    }

    public ArticleRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
