package com.researchpipeline.contract;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/** The one JSON mapping of the event records: ISO-8601 instants, unknown fields ignored (forward compatible). */
public final class JsonSerde {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] toBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new SerializationException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new SerializationException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** @throws SerializationException when the bytes are not JSON of that type: a permanent failure */
    public static <T> T fromBytes(byte[] bytes, Class<T> type) {
        if (type == byte[].class) {
            return type.cast(bytes);
        }
        try {
            return MAPPER.readValue(bytes, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SerializationException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new SerializationException("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Kafka serializer for any event record. */
    public static final class JsonSerializer<T> implements Serializer<T> {
        @Override
        public byte[] serialize(String topic, T data) {
            if (data == null) {
                return null;
            }
            return data instanceof byte[] bytes ? bytes : toBytes(data);
        }
    }

    /** Kafka deserializer for one event type. */
    public static final class JsonDeserializer<T> implements Deserializer<T> {
        private final Class<T> type;

        public JsonDeserializer(Class<T> type) {
            this.type = type;
        }

        @Override
        public T deserialize(String topic, byte[] data) {
            return data == null ? null : fromBytes(data, type);
        }
    }

    private JsonSerde() {
    }
}
