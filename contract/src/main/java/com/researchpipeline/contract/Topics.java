package com.researchpipeline.contract;

import java.util.List;

/** The topic catalogue. Every topic is keyed by the article id (for ingest dead letters: the file's path). */
public final class Topics {

    /** Cleaned articles, written by ingest, read by enrich. */
    public static final Topic<RawArticle> RAW =
            new Topic<>("articles.raw", RawArticle.class, "schemas/articles.raw.schema.json");

    /** Articles with their entities, written by enrich, read by publish and by users' own services. */
    public static final Topic<EnrichedArticle> ENRICHED =
            new Topic<>("articles.enriched", EnrichedArticle.class, "schemas/articles.enriched.schema.json");

    /**
     * What could not be processed. The value is the original record's value unchanged (or a
     * {@link RejectedFile} from ingest); {@link DeadLetterHeaders} say why and where it came from.
     */
    public static final Topic<byte[]> DLQ =
            new Topic<>("articles.dlq", byte[].class, "schemas/articles.dlq.schema.json");

    public static List<Topic<?>> all() {
        return List.of(RAW, ENRICHED, DLQ);
    }

    private Topics() {
    }
}
