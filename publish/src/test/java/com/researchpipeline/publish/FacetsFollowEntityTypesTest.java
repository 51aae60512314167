package com.researchpipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchpipeline.contract.EntityType;
import com.researchpipeline.contract.JsonSerde;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every registered entity type (entity-types.txt) is a keyword facet of the index, the document and Kibana. */
class FacetsFollowEntityTypesTest {

    @Test
    void theIndexTemplateMapsAKeywordFacetForEachType() {
        Map<String, String> mapping = IndexTemplate.load("articles").fieldTypes();
        for (EntityType type : EntityType.values()) {
            assertThat(mapping.get(type.facet())).as("facet " + type.facet() + " of " + type.label()).isEqualTo("keyword");
        }
    }

    @Test
    void theDocumentHoldsEachTypesCanonicalNamesInItsFacet() {
        String body = "Alpha Institute treats beta disease with gamma therapy.";
        List<com.researchpipeline.contract.Entity> entities = new ArrayList<>();
        for (EntityType type : EntityType.values()) {
            entities.add(Articles.mention(body, type, "Alpha", type.label() + "-name", 0));
        }
        JsonNode doc = JsonSerde.mapper().valueToTree(ArticleDocument.of(Articles.enriched("t", body,
                Articles.INGESTED, entities)));
        for (EntityType type : EntityType.values()) {
            assertThat(doc.path(type.facet()).isArray()).as("document facet " + type.facet()).isTrue();
            assertThat(doc.path(type.facet()).get(0).asText()).isEqualTo(type.label() + "-name");
        }
    }

    @Test
    void kibanaShowsAPanelOnEachFacet() throws Exception {
        List<String> fields = KibanaObjects.load().fieldUses().stream().map(KibanaObjects.FieldUse::field).toList();
        for (EntityType type : EntityType.values()) {
            assertThat(fields).as("a Kibana object uses facet " + type.facet()).contains(type.facet());
        }
    }
}
