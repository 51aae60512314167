package com.researchpipeline.contract;

import java.util.List;
import java.util.Map;

/** The topic catalogue. Every topic is keyed by the article id (for ingest dead letters: the file's path). */
public final class Topics {

    /**
     * Compacted: the key is the article id, so the topic keeps the latest event of every article for as long
     * as the topic lives, and a replay (a re-enrichment, a new index) sees each article once.
     */
    private static final Map<String, String> KEEP_LATEST_PER_ARTICLE = Map.of("cleanup.policy", "compact");

    /** Dead letters wait four weeks for someone to look at them. */
    private static final Map<String, String> FOUR_WEEKS = Map.of("cleanup.policy", "delete",
            "retention.ms", Long.toString(28L * 24 * 60 * 60 * 1000));

    /** Cleaned articles, written by ingest, read by enrich. */
    public static final Topic<RawArticle> RAW = new Topic<>("articles.raw", RawArticle.class,
            "schemas/articles.raw.schema.json", KEEP_LATEST_PER_ARTICLE);

    /** Articles with their entities, written by enrich, read by publish and by users' own services. */
    public static final Topic<EnrichedArticle> ENRICHED = new Topic<>("articles.enriched", EnrichedArticle.class,
            "schemas/articles.enriched.schema.json", KEEP_LATEST_PER_ARTICLE);

    /**
     * What could not be processed. The value is the original record's value unchanged (or a
     * {@link RejectedFile} from ingest); {@link DeadLetterHeaders} say why and where it came from.
     */
    public static final Topic<byte[]> DLQ =
            new Topic<>("articles.dlq", byte[].class, "schemas/articles.dlq.schema.json", FOUR_WEEKS);

    /**
     * The life of every file and article, as each stage records it ({@link StatusEvent}). Not compacted: the
     * history is the point, and a key has many events. Deleted after {@link StatusTopic#DEFAULT_RETENTION}
     * (STATUS_RETENTION) so it stays small enough for {@code bin/pipeline trace} to read.
     */
    public static final Topic<StatusEvent> STATUS = new Topic<>("articles.status", StatusEvent.class,
            "schemas/articles.status.schema.json", Map.of("cleanup.policy", "delete",
            "retention.ms", Long.toString(StatusTopic.DEFAULT_RETENTION.toMillis())));

    public static List<Topic<?>> all() {
        return List.of(RAW, ENRICHED, DLQ, STATUS);
    }

    private Topics() {
    }
}
