package com.researchpipeline.publish;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.researchpipeline.contract.EnrichedArticle;
import com.researchpipeline.contract.Entity;
import com.researchpipeline.contract.EntityType;
import com.researchpipeline.contract.RawArticle;
import com.researchpipeline.contract.Section;
import com.researchpipeline.contract.SourceFile;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The document indexed for one enriched article, as the index template maps it. {@code _id} is
 * {@link #id()}; one facet field per registered entity type ({@link EntityType#facet()}: {@code institutions},
 * {@code therapies}, {@code diseases} and any type a deployment adds) holds each entity's canonical name once,
 * in order of first mention, so terms aggregations count articles, not mentions; a coordinated mention
 * ("breast and ovarian cancer") counts for each entity it names. An article with more entities than the index
 * takes as nested objects ({@link IndexTemplate#NESTED_OBJECTS_LIMIT}) keeps the first ones in {@code entities};
 * {@code entityCount} and the facets count them all.
 */
public record ArticleDocument(String id, String title, String body, List<Section> sections, String language,
                              int wordCount, SourceFile source, Instant ingestedAt, Instant enrichedAt,
                              String pipelineVersion, String modelVersion, List<Entity> entities,
                              int entityCount, @JsonIgnore Map<EntityType, List<String>> facets) {

    public ArticleDocument {
        facets = Collections.unmodifiableMap(new LinkedHashMap<>(facets));
    }

    public static ArticleDocument of(EnrichedArticle enriched) {
        RawArticle a = enriched.article();
        List<Entity> entities = enriched.entities();
        Map<EntityType, List<String>> facets = new LinkedHashMap<>();
        for (EntityType type : EntityType.values()) {
            facets.put(type, canonicalNames(entities, type));
        }
        return new ArticleDocument(a.id(), a.title(), a.body(), a.sections(), a.language(), a.wordCount(),
                a.source(), a.ingestedAt(), enriched.enrichedAt(), a.pipelineVersion(), enriched.modelVersion(),
                entities.subList(0, Math.min(entities.size(), IndexTemplate.NESTED_OBJECTS_LIMIT)), entities.size(), facets);
    }

    /** The canonical names of {@code type} in this article, each once. */
    public List<String> facet(EntityType type) {
        return facets.getOrDefault(type, List.of());
    }

    /** True when the document carries fewer entities than the article has. */
    boolean entitiesCut() {
        return entities.size() < entityCount;
    }

    /** The facets as the document's fields, by facet field name. */
    @JsonAnyGetter
    Map<String, List<String>> facetFields() {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        facets.forEach((type, names) -> fields.put(type.facet(), names));
        return fields;
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
