package com.researchpipeline.contract;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/** Names of the headers every record on {@code articles.dlq} carries, and a builder for such records. */
public final class DeadLetterHeaders {

    public static final String STAGE = "dlq.stage";
    public static final String EXCEPTION = "dlq.exception";
    public static final String MESSAGE = "dlq.message";
    public static final String ORIGIN_TOPIC = "dlq.origin.topic";
    public static final String ORIGIN_PARTITION = "dlq.origin.partition";
    public static final String ORIGIN_OFFSET = "dlq.origin.offset";
    public static final String ORIGIN_FILE = "dlq.origin.file";

    /** A dead letter for a consumed record: its key and value unchanged, the reason in headers. */
    public static ProducerRecord<byte[], byte[]> forRecord(String stage, ConsumerRecord<byte[], byte[]> origin,
                                                           Throwable failure) {
        ProducerRecord<byte[], byte[]> letter =
                new ProducerRecord<>(Topics.DLQ.name(), origin.key(), origin.value());
        describe(letter.headers(), stage, failure);
        put(letter.headers(), ORIGIN_TOPIC, origin.topic());
        put(letter.headers(), ORIGIN_PARTITION, Integer.toString(origin.partition()));
        put(letter.headers(), ORIGIN_OFFSET, Long.toString(origin.offset()));
        return letter;
    }

    /** Sets stage, exception class and message (the innermost cause's message when the outer has none). */
    public static void describe(Headers headers, String stage, Throwable failure) {
        put(headers, STAGE, stage);
        put(headers, EXCEPTION, failure.getClass().getName());
        put(headers, MESSAGE, messageOf(failure));
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
