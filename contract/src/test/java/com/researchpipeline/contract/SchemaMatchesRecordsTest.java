package com.researchpipeline.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SchemaMatchesRecordsTest {

    @Test
    void rawSchemaNamesEveryFieldOfRawArticle() throws IOException {
        JsonNode schema = schema(Topics.RAW.schemaResource());
        assertThat(names(schema.get("properties"))).isEqualTo(components(RawArticle.class));
        assertThat(names(schema.get("required"))).isEqualTo(components(RawArticle.class));
        assertThat(names(schema.at("/properties/source/properties"))).isEqualTo(components(SourceFile.class));
        assertThat(names(schema.at("/properties/sections/items/properties"))).isEqualTo(components(Section.class));
    }

    @Test
    void enrichedSchemaNamesEveryFieldOfEnrichedArticleAndEntity() throws IOException {
        JsonNode schema = schema(Topics.ENRICHED.schemaResource());
        assertThat(names(schema.get("properties"))).isEqualTo(components(EnrichedArticle.class));
        assertThat(names(schema.at("/properties/entities/items/properties"))).isEqualTo(components(Entity.class));
        assertThat(names(schema.at("/properties/entities/items/required"))).isEqualTo(components(Entity.class));
    }

    @Test
    void deadLetterSchemaDescribesRejectedFile() throws IOException {
        JsonNode schema = schema(Topics.DLQ.schemaResource());
        assertThat(names(schema.at("/anyOf/2/properties"))).isEqualTo(components(RejectedFile.class));
    }

    @Test
    void statusSchemaNamesEveryFieldOfStatusEventAndEveryKind() throws IOException {
        JsonNode schema = schema(Topics.STATUS.schemaResource());
        assertThat(names(schema.get("properties"))).isEqualTo(components(StatusEvent.class));
        assertThat(names(schema.at("/properties/kind/enum"))).isEqualTo(Arrays.stream(StatusEvent.Kind.values())
                .map(Enum::name).collect(Collectors.toCollection(TreeSet::new)));
    }

    @Test
    void everyTopicHasItsSchemaOnTheClasspath() throws IOException {
        for (Topic<?> topic : Topics.all()) {
            assertThat(schema(topic.schemaResource()).get("$id").asText()).startsWith(topic.name());
        }
    }

    private static JsonNode schema(String resource) throws IOException {
        try (InputStream in = Topics.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return JsonSerde.mapper().readTree(in);
        }
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new TreeSet<>();
        if (node.isArray()) {
            node.forEach(n -> names.add(n.asText()));
        } else {
            node.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    private static Set<String> components(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
