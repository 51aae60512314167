package com.researchpipeline.contract;

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
