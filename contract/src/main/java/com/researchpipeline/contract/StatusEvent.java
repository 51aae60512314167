package com.researchpipeline.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The value of {@code articles.status}: one step in the life of a file or an article, written by the stage that
 * took it, as it happens. Keyed by the article id once it is known, by the file's path before (discovered,
 * rejected, ingested); every event carries whichever of the two is known, so either leads to the whole history.
 * Fields that do not apply to a kind are left out of the JSON.
 *
 * @param schemaVersion    {@link #SCHEMA_VERSION} when written by this version
 * @param eventId          unique id of this event (the {@code _id} of its document in {@code pipeline-status})
 * @param kind             what happened
 * @param stage            the stage that reports it: ingest, enrich or publish
 * @param at               when it happened
 * @param path             the file's path relative to the inbox, when known
 * @param articleId        the article id, when known
 * @param sizeBytes        the file's size (discovered, rejected, ingested)
 * @param reason           what is wrong (rejected), or the exception's message (dead-lettered)
 * @param category         a short label of the reason to count by: {@code binary}, {@code too_large} ...
 *                         (rejected), the exception's simple name (dead-lettered)
 * @param action           what to do about it (rejected, dead-lettered)
 * @param format           detected media type (ingested)
 * @param words            word count (ingested)
 * @param sameTextAs       the path of an earlier file with the same text (ingested again)
 * @param entities         entities found per type (enriched)
 * @param modelVersion     version of the extractor (enriched)
 * @param exception        exception class (dead-lettered)
 * @param index            the concrete index written (indexed)
 * @param documentVersion  the document's version (indexed)
 * @param millis           how long this step took
 * @param discoveredAt     when ingest discovered the file the article came from
 * @param endToEndMillis   from discovered to indexed (indexed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusEvent(int schemaVersion, String eventId, Kind kind, String stage, Instant at, String path,
                          String articleId, Long sizeBytes, String reason, String category, String action, String format,
                          Integer words, String sameTextAs, Map<String, Integer> entities, String modelVersion,
                          String exception, String index, Long documentVersion, Long millis, Instant discoveredAt,
                          Long endToEndMillis) {

    public static final int SCHEMA_VERSION = 1;

    /** The steps, in the order a file normally takes them. */
    public enum Kind {
        DISCOVERED, REJECTED, INGESTED, ENRICHED, DEAD_LETTERED, INDEXED;

        /** An end of the road: the file or article needs nothing more (indexed) or someone's action (the rest). */
        public boolean isFailure() {
            return this == REJECTED || this == DEAD_LETTERED;
        }
    }

    /** The Kafka key: the article id once known, the file's path before. */
    public String key() {
        return articleId != null && kind != Kind.INGESTED ? articleId : path;
    }

    public static Builder of(Kind kind, String stage, Instant at) {
        return new Builder(kind, stage, at);
    }

    /** Builds an event; only kind, stage and time are required. */
    public static final class Builder {
        private final Kind kind;
        private final String stage;
        private final Instant at;
        private String path;
        private String articleId;
        private Long sizeBytes;
        private String reason;
        private String category;
        private String action;
        private String format;
        private Integer words;
        private String sameTextAs;
        private Map<String, Integer> entities;
        private String modelVersion;
        private String exception;
        private String index;
        private Long documentVersion;
        private Long millis;
        private Instant discoveredAt;
        private Long endToEndMillis;

        private Builder(Kind kind, String stage, Instant at) {
            this.kind = kind;
            this.stage = stage;
            this.at = at;
        }

        public Builder path(String value) { path = value; return this; }
        public Builder articleId(String value) { articleId = value; return this; }
        public Builder sizeBytes(long value) { sizeBytes = value; return this; }
        public Builder reason(String value) { reason = value; return this; }
        public Builder category(String value) { category = value; return this; }
        public Builder action(String value) { action = value; return this; }
        public Builder format(String value) { format = value; return this; }
        public Builder words(int value) { words = value; return this; }
        public Builder sameTextAs(String value) { sameTextAs = value; return this; }
        public Builder entities(Map<String, Integer> value) { entities = value; return this; }
        public Builder modelVersion(String value) { modelVersion = value; return this; }
        public Builder exception(String value) { exception = value; return this; }
        public Builder index(String value) { index = value; return this; }
        public Builder documentVersion(long value) { documentVersion = value; return this; }
        public Builder millis(long value) { millis = value; return this; }
        public Builder discoveredAt(Instant value) { discoveredAt = value; return this; }
        public Builder endToEndMillis(long value) { endToEndMillis = value; return this; }

        public StatusEvent build() {
            return new StatusEvent(SCHEMA_VERSION, UUID.randomUUID().toString(), kind, stage, at, path, articleId,
                    sizeBytes, reason, category, action, format, words, sameTextAs,
                    entities == null ? null : Map.copyOf(entities), modelVersion, exception, index,
                    documentVersion, millis, discoveredAt, endToEndMillis);
        }
    }
}
