package com.researchpipeline.publish;

import com.researchpipeline.contract.EnrichedArticle;
import com.researchpipeline.contract.Entity;
import com.researchpipeline.contract.EntityType;
import com.researchpipeline.contract.RawArticle;
import com.researchpipeline.contract.Section;
import com.researchpipeline.contract.SourceFile;
import java.time.Instant;
import java.util.List;

/**
 * The document indexed for one enriched article, as the index template maps it. {@code _id} is
 * {@link #id()}; the facets {@code institutions}, {@code therapies} and {@code diseases} hold each entity's
 * canonical name once, in order of first mention, so terms aggregations count articles, not mentions; a
 * coordinated mention ("breast and ovarian cancer") counts for each entity it names.
 */
public record ArticleDocument(String id, String title, String body, List<Section> sections, String language,
                              int wordCount, SourceFile source, Instant ingestedAt, Instant enrichedAt,
                              String pipelineVersion, String modelVersion, List<Entity> entities,
                              int entityCount, List<String> institutions, List<String> therapies,
                              List<String> diseases) {

    public static ArticleDocument of(EnrichedArticle enriched) {
        RawArticle a = enriched.article();
        List<Entity> entities = enriched.entities();
        return new ArticleDocument(a.id(), a.title(), a.body(), a.sections(), a.language(), a.wordCount(),
                a.source(), a.ingestedAt(), enriched.enrichedAt(), a.pipelineVersion(), enriched.modelVersion(),
                entities, entities.size(), canonicalNames(entities, EntityType.INSTITUTION),
                canonicalNames(entities, EntityType.THERAPY), canonicalNames(entities, EntityType.DISEASE));
    }

    /**
     * The external version the document is written with: the enrichment time in epoch milliseconds.
     * Elasticsearch keeps a write only when its version is higher than the stored one, so replaying an
     * event is a no-op (same version) and an older enrichment never overwrites a newer one.
     */
    public static long versionOf(EnrichedArticle enriched) {
        Instant at = enriched.enrichedAt() != null ? enriched.enrichedAt() : enriched.article().ingestedAt();
        return at == null ? 1 : Math.max(1, at.toEpochMilli());
    }

    private static List<String> canonicalNames(List<Entity> entities, EntityType type) {
        return entities.stream().filter(e -> e.type() == type).flatMap(e -> e.names().stream()).distinct()
                .toList();
    }
}
