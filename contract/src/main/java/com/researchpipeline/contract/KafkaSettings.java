package com.researchpipeline.contract;

import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Client settings every stage shares: {@code KAFKA_BOOTSTRAP_SERVERS} (default {@code localhost:9092}),
 * {@code KAFKA_MAX_REQUEST_SIZE} (default {@code 8mb}: the producer's {@code max.request.size} and the
 * {@code max.message.bytes} of every topic the pipeline creates, so what a producer lets through the broker
 * takes) and the producer and consumer defaults that make delivery at-least-once and producing idempotent.
 */
public record KafkaSettings(String bootstrapServers, int maxRequestBytes) {

    public static final String BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String MAX_REQUEST_SIZE = "KAFKA_MAX_REQUEST_SIZE";
    public static final int DEFAULT_MAX_REQUEST_BYTES = 8 * 1024 * 1024;
    /** Room left in a request for the key, headers and record and batch framing around an event's value. */
    public static final int RECORD_OVERHEAD_BYTES = 16 * 1024;

    public KafkaSettings {
        if (maxRequestBytes < 1024 * 1024 || maxRequestBytes > 256 * 1024 * 1024) {
            throw new Settings.ConfigException(MAX_REQUEST_SIZE + "=" + maxRequestBytes
                    + " must be between 1mb and 256mb");
        }
    }

    public KafkaSettings(String bootstrapServers) {
        this(bootstrapServers, DEFAULT_MAX_REQUEST_BYTES);
    }

    public static KafkaSettings from(Settings settings) {
        long maxRequest = settings.bytes(MAX_REQUEST_SIZE, DEFAULT_MAX_REQUEST_BYTES);
        return new KafkaSettings(settings.string(BOOTSTRAP_SERVERS, "localhost:9092"),
                (int) Math.min(Integer.MAX_VALUE, maxRequest));
    }

    /** The largest event value a stage may produce: anything larger cannot be sent whole. */
    public int maxEventBytes() {
        return maxRequestBytes - RECORD_OVERHEAD_BYTES;
    }

    /** acks=all and idempotence: a record is either in the log once or the send fails. */
    public Properties producer(String clientId) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestBytes);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /** Manual commits from the earliest offset: the consumer commits only what it has finished. */
    public Properties consumer(String groupId, String clientId) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }
}
