package com.researchpipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchpipeline.contract.Entity;
import com.researchpipeline.contract.EntityType;
import com.researchpipeline.contract.JsonSerde;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArticleDocumentTest {

    @Test
    void facetsHoldEachCanonicalNameOnceInOrderOfFirstMention() {
        String body = "MS, or multiple sclerosis, was treated with ocrelizumab at Charité; MS relapsed.";
        var article = Articles.enriched("MS", body, Articles.INGESTED, List.of(
                Articles.mention(body, EntityType.DISEASE, "MS", "multiple sclerosis", 0),
                Articles.mention(body, EntityType.DISEASE, "multiple sclerosis", "multiple sclerosis", 0),
                Articles.mention(body, EntityType.THERAPY, "ocrelizumab", "ocrelizumab", 0),
                Articles.mention(body, EntityType.INSTITUTION, "Charité", "Charité – Universitätsmedizin Berlin", 0)));

        ArticleDocument document = ArticleDocument.of(article);

        assertThat(document.id()).isEqualTo(article.id());
        assertThat(document.facet(EntityType.DISEASE)).containsExactly("multiple sclerosis");
        assertThat(document.facet(EntityType.THERAPY)).containsExactly("ocrelizumab");
        assertThat(document.facet(EntityType.INSTITUTION)).containsExactly("Charité – Universitätsmedizin Berlin");
        assertThat(document.entities()).hasSize(4);
        assertThat(document.entityCount()).isEqualTo(4);
        assertThat(document.enrichedAt()).isEqualTo(article.enrichedAt());
        assertThat(document.modelVersion()).isEqualTo("test-model-1");
    }

    @Test
    void aCoordinatedMentionCountsForEachDiseaseItNames() {
        String body = "Breast and ovarian cancer; ovarian cancer.";
        var article = Articles.enriched("BRCA", body, Articles.INGESTED, List.of(
                new Entity(EntityType.DISEASE, "Breast and ovarian cancer", "breast cancer and ovarian cancer", 0, 25,
                        0, 0.9, "coordination", List.of("breast cancer", "ovarian cancer")),
                Articles.mention(body, EntityType.DISEASE, "ovarian cancer", "ovarian cancer", 0)));

        assertThat(ArticleDocument.of(article).facet(EntityType.DISEASE)).containsExactly("breast cancer", "ovarian cancer");
    }

    @Test
    void versionIsTheEnrichmentTimeSoAReplayIsANoOpAndANewerEnrichmentWins() {
        var article = Articles.numbered(7);
        assertThat(ArticleDocument.versionOf(article)).isEqualTo(article.enrichedAt().toEpochMilli());
        var reEnriched = new com.researchpipeline.contract.EnrichedArticle(article.schemaVersion(), article.article(),
                article.entities(), article.enrichedAt().plusSeconds(3600), "test-model-2");
        assertThat(ArticleDocument.versionOf(reEnriched)).isGreaterThan(ArticleDocument.versionOf(article));
    }

    @Test
    void writesOnlyFieldsTheStrictMappingDeclaresWithEntityTypesAsLowerCaseWords() throws Exception {
        Map<String, String> mapping = IndexTemplate.load("articles").fieldTypes();
        JsonNode json = JsonSerde.mapper().readTree(JsonSerde.toBytes(ArticleDocument.of(Articles.numbered(1))));

        assertPathsMapped("", json, mapping);
        assertThat(json.path("entities").get(0).path("type").asText()).isEqualTo("institution");
        assertThat(json.path("ingestedAt").asText()).isEqualTo("2026-11-20T09:15:01Z");
        assertThat(json.path("source").path("fileName").asText()).isEqualTo("Study-1.txt");
    }

    private static void assertPathsMapped(String prefix, JsonNode node, Map<String, String> mapping) {
        if (node.isArray()) {
            node.forEach(item -> assertPathsMapped(prefix, item, mapping));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String path = prefix + names.next();
            assertThat(mapping).as("field " + path + " of the document").containsKey(path);
            assertPathsMapped(path + ".", node.get(path.substring(prefix.length())), mapping);
        }
    }
}
