package com.researchpipeline.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** entity-types.txt is the one list of entity types: EntityType and the event schema follow it. */
class EntityTypeRegistryTest {

    @Test
    void theShippedTypesAreTheRegisteredOnesInTheirOrder() {
        assertThat(EntityType.values()).containsExactly(EntityType.INSTITUTION, EntityType.THERAPY,
                EntityType.DISEASE);
        assertThat(EntityType.values()).allMatch(EntityType::isShipped);
        assertThat(EntityType.DISEASE.facet()).isEqualTo("diseases");
        assertThat(EntityType.DISEASE.label()).isEqualTo("disease");
        assertThat(EntityType.fromLabel("Therapy")).isSameAs(EntityType.THERAPY);
        assertThat(EntityType.fromLabel("disease")).isEqualTo(EntityType.DISEASE)
                .hasSameHashCodeAs(EntityType.DISEASE);
        assertThat(EntityType.addedFrom()).as("no ENTITY_TYPES in this test's environment").isEmpty();
    }

    @Test
    void anUnknownLabelIsAnErrorNamingTheKnownOnesAndHowToAddOne() {
        assertThat(EntityType.isRegistered("gene")).isFalse();
        assertThatThrownBy(() -> EntityType.fromLabel("gene"))
                .hasMessageContaining("'gene'").hasMessageContaining("[institution, therapy, disease]")
                .hasMessageContaining("ENTITY_TYPES").hasMessageContaining("publish) before the writers (enrich)")
                .hasMessageContaining("bin/pipeline redrive");
        assertThatThrownBy(() -> EntityType.fromLabel(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSchemaUsersReadListsTheShippedTypesAndTheLoadedOneTheRegisteredTypes() throws IOException {
        JsonNode file;
        try (InputStream in = Topics.class.getClassLoader().getResourceAsStream(Topics.ENRICHED.schemaResource())) {
            file = JsonSerde.mapper().readTree(in);
        }
        assertThat(labels(file)).containsExactly("institution", "therapy", "disease");
        assertThat(labels(Topics.ENRICHED.schema()))
                .containsExactlyElementsOf(EntityType.values().stream().map(EntityType::label).toList());
    }

    @Test
    void aFolderAddsItsTypesAfterTheShippedOnes(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("entity-types.txt"), "# a deployment's own\ngene genes\n");
        EntityType.Registry shipped = EntityType.Registry.readShipped();
        EntityType.Registry registry = shipped.with(folder);
        assertThat(registry.types()).extracting(EntityType::label)
                .containsExactly("institution", "therapy", "disease", "gene");
        assertThat(registry.byLabel().get("gene").facet()).isEqualTo("genes");
        assertThat(registry.byLabel().get("disease")).as("the shipped instances").isSameAs(shipped.byLabel().get("disease"))
                .isEqualTo(EntityType.DISEASE);
        assertThat(shipped.with(null)).isSameAs(shipped);
    }

    @Test
    void aBadFolderOrLineStopsTheProcessSayingWhatIsWrong(@TempDir Path folder) throws IOException {
        assertThatThrownBy(() -> EntityType.Registry.readShipped().with(folder)).isInstanceOf(Settings.ConfigException.class)
                .hasMessageContaining("ENTITY_TYPES=" + folder).hasMessageContaining("entity-types.txt");
        Files.writeString(folder.resolve("entity-types.txt"), "disease genes\n");
        assertThatThrownBy(() -> EntityType.Registry.readShipped().with(folder)).isInstanceOf(Settings.ConfigException.class)
                .hasMessageStartingWith("ENTITY_TYPES=" + folder).hasMessageContaining("line 1 'disease genes'")
                .hasMessageContaining("registered already");
        Files.writeString(folder.resolve("entity-types.txt"), "gene diseases\n");
        assertThatThrownBy(() -> EntityType.Registry.readShipped().with(folder)).hasMessageContaining("registered already");
        Files.writeString(folder.resolve("entity-types.txt"), "\n\nGene\n");
        assertThatThrownBy(() -> EntityType.Registry.readShipped().with(folder)).hasMessageContaining("line 3 'Gene'")
                .hasMessageContaining("expected 'LABEL FACET_FIELD'");
    }

    private static List<String> labels(JsonNode schema) {
        List<String> accepted = new ArrayList<>();
        schema.at("/properties/entities/items/properties/type/enum").forEach(n -> accepted.add(n.asText()));
        return accepted;
    }
}
