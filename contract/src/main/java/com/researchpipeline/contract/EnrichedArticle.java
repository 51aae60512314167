package com.researchpipeline.contract;

import java.time.Instant;
import java.util.List;

/**
 * The value of {@code articles.enriched}: the raw article and what the extractor found in its body.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written by this version
 * @param article       the article exactly as it was read from {@code articles.raw}
 * @param entities      mentions ordered by start offset, never overlapping
 * @param enrichedAt    when the enrich stage finished it
 * @param modelVersion  version of the extractor's models and gazetteers
 * @param extractionLanguage the language (ISO 639-3) whose models and lexicons the extractor applied, "none" when
 *                      it has none for the article's language (then {@code entities} is empty), or null in events
 *                      written before the field existed
 */
public record EnrichedArticle(int schemaVersion, RawArticle article, List<Entity> entities,
                              Instant enrichedAt, String modelVersion, String extractionLanguage) {

    public static final int SCHEMA_VERSION = 1;

    public EnrichedArticle {
        entities = entities == null ? List.of() : List.copyOf(entities);
    }

    /** An event that does not say which language's models were applied. */
    public EnrichedArticle(int schemaVersion, RawArticle article, List<Entity> entities, Instant enrichedAt,
                           String modelVersion) {
        this(schemaVersion, article, entities, enrichedAt, modelVersion, null);
    }

    public String id() {
        return article.id();
    }
}
