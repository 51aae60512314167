package com.researchpipeline.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** entity-types.txt is the one list of entity types: the enum and the event schema follow it. */
class EntityTypeRegistryTest {

    @Test
    void theEnumListsTheRegisteredTypesInTheirOrder() {
        assertThat(Arrays.stream(EntityType.values()).map(EntityType::label).toList())
                .containsExactlyElementsOf(EntityType.registered().keySet());
        assertThat(EntityType.DISEASE.facet()).isEqualTo("diseases");
        assertThat(EntityType.fromLabel("Therapy")).isEqualTo(EntityType.THERAPY);
    }

    @Test
    void theEnrichedSchemaAcceptsExactlyTheRegisteredTypes() throws IOException {
        JsonNode schema;
        try (InputStream in = Topics.class.getClassLoader().getResourceAsStream(Topics.ENRICHED.schemaResource())) {
            schema = JsonSerde.mapper().readTree(in);
        }
        List<String> accepted = new ArrayList<>();
        schema.at("/properties/entities/items/properties/type/enum").forEach(n -> accepted.add(n.asText()));
        assertThat(accepted).containsExactlyElementsOf(EntityType.registered().keySet());
    }
}
