package com.researchpipeline.contract;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Names of the headers every record on {@code articles.dlq} carries, and a builder for such records. */
public final class DeadLetterHeaders {

    public static final String STAGE = "dlq.stage";
    public static final String EXCEPTION = "dlq.exception";
    public static final String MESSAGE = "dlq.message";
    public static final String ORIGIN_TOPIC = "dlq.origin.topic";
    public static final String ORIGIN_PARTITION = "dlq.origin.partition";
    public static final String ORIGIN_OFFSET = "dlq.origin.offset";
    public static final String ORIGIN_FILE = "dlq.origin.file";
    /** Set when the original value was too large for {@code articles.dlq}: why it is missing. */
    public static final String VALUE_OMITTED = "dlq.value.omitted";

    /**
     * A dead letter for a consumed record: its key, value, headers and timestamp unchanged, the reason in
     * the {@code dlq.*} headers (replacing any an earlier dead letter of it carried), as Kafka Connect's
     * {@code DeadLetterQueueReporter} does.
     */
    public static ProducerRecord<byte[], byte[]> forRecord(String stage, ConsumerRecord<byte[], byte[]> origin,
                                                           Throwable failure) {
        return letter(stage, origin, origin.value(), failure);
    }

    /** As {@link #forRecord} without the value, which stays readable at its origin offset. */
    public static ProducerRecord<byte[], byte[]> withoutValue(String stage, ConsumerRecord<byte[], byte[]> origin,
                                                              Throwable failure, String why) {
        ProducerRecord<byte[], byte[]> letter = letter(stage, origin, null, failure);
        put(letter.headers(), VALUE_OMITTED, why + " (" + origin.serializedValueSize()
                + " bytes; read it at the origin offset)");
        return letter;
    }

    /**
     * As {@link #withoutValue} without the key and the record's own headers too, for a record whose key or headers
     * alone are too large for {@code articles.dlq}; the original stays readable at its origin offset.
     */
    public static ProducerRecord<byte[], byte[]> withoutContent(String stage, ConsumerRecord<byte[], byte[]> origin,
                                                                Throwable failure, String why) {
        Long timestamp = origin.timestamp() >= 0 ? origin.timestamp() : null;
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(Topics.DLQ.name(), null, timestamp, null, null,
                new RecordHeaders());
        describe(letter.headers(), stage, failure);
        put(letter.headers(), ORIGIN_TOPIC, origin.topic());
        put(letter.headers(), ORIGIN_PARTITION, Integer.toString(origin.partition()));
        put(letter.headers(), ORIGIN_OFFSET, Long.toString(origin.offset()));
        int headerBytes = 0;
        for (Header header : origin.headers()) {
            headerBytes += header.key().length() + (header.value() == null ? 0 : header.value().length);
        }
        put(letter.headers(), VALUE_OMITTED, why + " (a key of " + Math.max(0, origin.serializedKeySize())
                + " bytes, a value of " + Math.max(0, origin.serializedValueSize()) + " bytes and headers of "
                + headerBytes + " bytes, all left out; read the record at the origin offset)");
        return letter;
    }

    /** The headers a record had before it was dead-lettered: its own, without the {@code dlq.*} ones. */
    public static Headers originalHeaders(Headers headers) {
        RecordHeaders original = new RecordHeaders();
        for (Header header : headers) {
            if (!header.key().startsWith("dlq.")) {
                original.add(header);
            }
        }
        return original;
    }

    private static ProducerRecord<byte[], byte[]> letter(String stage, ConsumerRecord<byte[], byte[]> origin,
                                                         byte[] value, Throwable failure) {
        Headers headers = originalHeaders(origin.headers());
        Long timestamp = origin.timestamp() >= 0 ? origin.timestamp() : null;
        ProducerRecord<byte[], byte[]> letter =
                new ProducerRecord<>(Topics.DLQ.name(), null, timestamp, origin.key(), value, headers);
        describe(letter.headers(), stage, failure);
        put(letter.headers(), ORIGIN_TOPIC, origin.topic());
        put(letter.headers(), ORIGIN_PARTITION, Integer.toString(origin.partition()));
        put(letter.headers(), ORIGIN_OFFSET, Long.toString(origin.offset()));
        letter.headers().remove(VALUE_OMITTED);
        return letter;
    }

    /** Sets stage, exception class and message (the innermost cause's message when the outer has none). */
    public static void describe(Headers headers, String stage, Throwable failure) {
        put(headers, STAGE, stage);
        put(headers, EXCEPTION, failure.getClass().getName());
        put(headers, MESSAGE, messageOf(failure));
    }

    /** The innermost cause of {@code failure} (itself when it has none). */
    public static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    public static String messageOf(Throwable failure) {
        Throwable t = failure;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    public static String get(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8));
    }

    private DeadLetterHeaders() {
    }
}
