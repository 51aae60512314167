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
    void theTemplateFileItselfMapsTheShippedFacetsForWhoeverPutsItAsItIs() throws Exception {
        JsonNode file;
        try (var in = IndexTemplate.class.getClassLoader().getResourceAsStream(IndexTemplate.RESOURCE)) {
            file = JsonSerde.mapper().readTree(in);
        }
        Map<String, String> mapping = IndexTemplate.fieldTypesOf(file);
        for (EntityType type : EntityType.values()) {
            if (type.isShipped()) {
                assertThat(mapping.get(type.facet())).as("facet " + type.facet() + " in the file").isEqualTo("keyword");
            }
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

    /**
     * Which shipped panel covers which facet. The rule for a type a deployment adds: its facet is a keyword field
     * of the index, and the data view stores no field list (Kibana reads the mapping), so it is in Discover and
     * Lens at once; a "Top TYPE" panel of its own is a copy of "Top diseases" with the field changed, kept in
     * the deployment's own saved objects. A type added to the shipped registry needs its panel here.
     */
    static final Map<String, List<String>> SHIPPED_PANELS = Map.of(
            "institutions", List.of("top-institutions"),
            "therapies", List.of("top-therapies", "therapy-disease-cooccurrence"),
            "diseases", List.of("top-diseases", "therapy-disease-cooccurrence"));

    @Test
    void eachShippedTypeHasItsTermsPanelsAndTheDataViewListsNoFixedFields() throws Exception {
        KibanaObjects kibana = KibanaObjects.load();
        List<KibanaObjects.FieldUse> uses = kibana.fieldUses();
        for (EntityType type : EntityType.values()) {
            if (type.isShipped()) {
                assertThat(SHIPPED_PANELS).as("a Kibana panel for shipped type " + type).containsKey(type.facet());
            }
        }
        SHIPPED_PANELS.forEach((facet, panels) -> {
            for (String panel : panels) {
                assertThat(uses).as(panel + " counts " + facet)
                        .contains(new KibanaObjects.FieldUse(panel, facet, KibanaObjects.Use.TERMS));
            }
        });
        assertThat(uses.stream().filter(u -> u.use() == KibanaObjects.Use.TERMS && SHIPPED_PANELS.containsKey(u.field()))
                .map(u -> u.objectId()).distinct().toList())
                .containsExactlyInAnyOrderElementsOf(SHIPPED_PANELS.values().stream().flatMap(List::stream).distinct()
                        .toList());
        for (var dataView : kibana.ofType("index-pattern")) {
            assertThat(dataView.path("attributes").has("fields")).as("a data view without a stored field list, so an"
                    + " added type's facet field shows up by itself").isFalse();
        }
    }

    @Test
    void aFacetNamedLikeADocumentFieldIsRefusedWithWhatToDo() {
        for (String field : List.of("id", "title", "language", "modelVersion", "entities")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> IndexTemplate.requireFreeFacet("gene", field))
                    .hasMessageContaining("'" + field + "' of entity type 'gene'")
                    .hasMessageContaining("give the type another facet field");
        }
        for (EntityType type : EntityType.values()) {
            IndexTemplate.requireFreeFacet(type.label(), type.facet());
        }
        IndexTemplate.requireFreeFacet("gene", "genes");
    }
}
