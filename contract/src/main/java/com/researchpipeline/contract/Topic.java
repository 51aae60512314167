package com.researchpipeline.contract;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/** A topic's name travels with the type of its values, so producer and consumer cannot disagree. */
public record Topic<V>(String name, Class<V> valueType, String schemaResource) {

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
