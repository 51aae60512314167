package com.researchpipeline.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A topic's name travels with the type of its values, so producer and consumer cannot disagree, and with the
 * settings it is created with.
 */
public record Topic<V>(String name, Class<V> valueType, String schemaResource, Map<String, String> config) {

    public Topic {
        config = Map.copyOf(config);
    }

    public Topic(String name, Class<V> valueType, String schemaResource) {
        this(name, valueType, schemaResource, Map.of());
    }

    /** The same kind of topic under another name (a test's own topic, a second pipeline), with the same settings. */
    public Topic<V> named(String otherName) {
        return new Topic<>(otherName, valueType, schemaResource, config);
    }

    /**
     * The JSON Schema of the topic's values, as users read it in {@link #schemaResource}, with every entity type
     * enum (a property {@code "x-enum": "entity-types"}) set to the labels registered in this process: the
     * shipped file lists the shipped types, a deployment's {@link EntityType#FOLDER_VARIABLE} adds its own.
     */
    public JsonNode schema() {
        try (InputStream in = Topic.class.getClassLoader().getResourceAsStream(schemaResource)) {
            if (in == null) {
                throw new IllegalStateException(schemaResource + " is missing from the class path");
            }
            JsonNode schema = JsonSerde.mapper().readTree(in);
            setEntityTypes(schema);
            return schema;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + schemaResource, e);
        }
    }

    private static void setEntityTypes(JsonNode node) {
        if (node instanceof ObjectNode object && "entity-types".equals(object.path("x-enum").asText())) {
            ArrayNode labels = object.putArray("enum");
            EntityType.values().forEach(type -> labels.add(type.label()));
        }
        node.forEach(Topic::setEntityTypes);
    }

    public Serializer<V> valueSerializer() {
        return new JsonSerde.JsonSerializer<>();
    }

    public Deserializer<V> valueDeserializer() {
        return new JsonSerde.JsonDeserializer<>(valueType);
    }

    @Override
    public String toString() {
        return name;
    }
}
