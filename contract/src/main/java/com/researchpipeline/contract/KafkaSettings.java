package com.researchpipeline.contract;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Client settings every stage shares: {@code KAFKA_BOOTSTRAP_SERVERS} (default {@code localhost:9092}),
 * {@code KAFKA_MAX_REQUEST_SIZE} (default {@code 8mb}: the producer's {@code max.request.size} and the
 * {@code max.message.bytes} of every topic the pipeline creates, so what a producer lets through the broker
 * takes), {@code KAFKA_SESSION_TIMEOUT} (default {@code 45s}, Kafka's own: how long a consumer that stopped
 * heart-beating, killed or cut off, keeps its partitions before the group hands them to the others) and the
 * producer and consumer defaults that make delivery at-least-once and producing idempotent, and the
 * {@link KafkaSecurity} (TLS, SASL) of every client.
 */
public record KafkaSettings(String bootstrapServers, int maxRequestBytes, Duration sessionTimeout,
                            KafkaSecurity security) {

    public static final String BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String MAX_REQUEST_SIZE = "KAFKA_MAX_REQUEST_SIZE";
    public static final int DEFAULT_MAX_REQUEST_BYTES = 8 * 1024 * 1024;
    public static final String SESSION_TIMEOUT = "KAFKA_SESSION_TIMEOUT";
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(45);
    /** The broker's default {@code group.min.session.timeout.ms} and {@code group.max.session.timeout.ms}. */
    private static final Duration MIN_SESSION_TIMEOUT = Duration.ofSeconds(6);
    private static final Duration MAX_SESSION_TIMEOUT = Duration.ofMinutes(30);
    /** Room left in a request for the key, headers and record and batch framing around an event's value. */
    public static final int RECORD_OVERHEAD_BYTES = 16 * 1024;
    /**
     * How often clients ask for topic metadata even when nothing failed (Kafka's default is 5 minutes): how soon
     * partitions added to a topic are consumed and written to, and a deleted topic noticed.
     */
    public static final Duration METADATA_MAX_AGE = Duration.ofSeconds(10);
    /**
     * How long one batch of a consumer loop may take before the group takes its partitions away (the consumer's
     * {@code max.poll.interval.ms}; Kafka's default is 5 minutes). A batch of the largest articles built to be
     * costly to read takes up to about 40 s an article on one thread (enrich's {@code HostileTextTest} at
     * 2,000,000 characters, a loaded machine): eight in one poll outlast 5 minutes, and a group that takes the
     * partitions away hands the same batch to the next consumer, for ever. A consumer that dies or
     * freezes loses its partitions after the session timeout all the same; this bounds only a live loop's batch.
     */
    public static final Duration MAX_BATCH_TIME = Duration.ofMinutes(30);

    public KafkaSettings {
        if (maxRequestBytes < 1024 * 1024 || maxRequestBytes > 256 * 1024 * 1024) {
            throw new Settings.ConfigException(MAX_REQUEST_SIZE + "=" + maxRequestBytes
                    + " must be between 1mb and 256mb");
        }
        if (sessionTimeout.compareTo(MIN_SESSION_TIMEOUT) < 0 || sessionTimeout.compareTo(MAX_SESSION_TIMEOUT) > 0) {
            throw new Settings.ConfigException(SESSION_TIMEOUT + "=" + sessionTimeout.toMillis() + "ms must be between"
                    + " 6s and 30m (the broker's group.min.session.timeout.ms and group.max.session.timeout.ms)");
        }
    }

    public KafkaSettings(String bootstrapServers, int maxRequestBytes, Duration sessionTimeout) {
        this(bootstrapServers, maxRequestBytes, sessionTimeout, KafkaSecurity.PLAINTEXT);
    }

    public KafkaSettings(String bootstrapServers) {
        this(bootstrapServers, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_SESSION_TIMEOUT);
    }


    public static KafkaSettings from(Settings settings) {
        long maxRequest = settings.bytes(MAX_REQUEST_SIZE, DEFAULT_MAX_REQUEST_BYTES);
        return new KafkaSettings(bootstrapServers(settings), (int) Math.min(Integer.MAX_VALUE, maxRequest),
                settings.duration(SESSION_TIMEOUT, DEFAULT_SESSION_TIMEOUT), KafkaSecurity.from(settings));
    }

    /**
     * {@code KAFKA_BOOTSTRAP_SERVERS}, each entry a {@code host:port} as Kafka's clients read it, empty entries left
     * out. Kafka's own check of the list comes only when a client is made, with a stack trace, and lets port 0 by.
     */
    static String bootstrapServers(Settings settings) {
        String raw = settings.string(BOOTSTRAP_SERVERS, "localhost:9092");
        List<String> servers = Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (servers.isEmpty()) {
            throw new Settings.ConfigException(BOOTSTRAP_SERVERS + "='" + raw + "' names no broker: give host:port, ...");
        }
        for (String server : servers) {
            String host = Utils.getHost(server);
            Integer port = Utils.getPort(server);
            if (host == null || host.isEmpty() || port == null || port < 1 || port > 65535) {
                throw new Settings.ConfigException(BOOTSTRAP_SERVERS + "='" + raw + "': '" + server
                        + "' is not host:port with a port from 1 to 65535 (e.g. localhost:9092)");
            }
        }
        return String.join(",", servers);
    }

    /**
     * What every Kafka client of the pipeline starts from (producers, consumers, admin clients, Camel's endpoints):
     * the brokers, the client id and the {@link KafkaSecurity security} settings.
     */
    public Properties client(String clientId) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        security.applyTo(p);
        return p;
    }

    /** One line naming the variable to check when {@code failure} is a refused login or TLS handshake; else null. */
    public String refusal(Throwable failure) {
        return security.refusal(bootstrapServers, failure);
    }

    /** The largest event value a stage may produce: anything larger cannot be sent whole. */
    public int maxEventBytes() {
        return maxRequestBytes - RECORD_OVERHEAD_BYTES;
    }

    /**
     * acks=all and idempotence: a record is either in the log once or the send fails. Throws, saying what to do, when
     * the records' compression cannot be loaded ({@link NativeCompression}).
     */
    public Properties producer(String clientId) {
        NativeCompression.require();
        Properties p = client(clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestBytes);
        p.put(CommonClientConfigs.METADATA_MAX_AGE_CONFIG, (int) METADATA_MAX_AGE.toMillis());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /**
     * Manual commits from the earliest offset: the consumer commits only what it has finished. Heartbeats go
     * every third of the session timeout, at most every 3 s (Kafka's default). A consumer never creates a topic
     * (one created by a subscription would get the broker's defaults, not the catalogue's: {@link TopicAdmin}
     * creates topics).
     */
    public Properties consumer(String groupId, String clientId) {
        Properties p = client(clientId);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.put(CommonClientConfigs.METADATA_MAX_AGE_CONFIG, (int) METADATA_MAX_AGE.toMillis());
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.min(3000, sessionTimeout.toMillis() / 3));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    /**
     * The consumer of a stage's {@link com.researchpipeline.contract.consumer.ConsumerLoop}: {@link #consumer} with
     * {@code auto.offset.reset=none}, so that the loop, not the client, decides where a partition without a usable
     * offset starts, and counts and reports records deleted before they were read instead of skipping them silently;
     * a batch may take up to {@link #MAX_BATCH_TIME}.
     * <p>
     * Rebalancing is cooperative ({@code cooperative-sticky} alone): a member joining or leaving takes away only the
     * partitions that move, and the others go on consuming theirs while the group waits for its busiest member's
     * batch. With Kafka's default ({@code range} first, {@code cooperative-sticky} second), which the loop's
     * consumers had before, every member gave up all its partitions at once and waited. Members of both kinds
     * share a group: the broker picks the one strategy all of them offer, so a single rolling restart moves a
     * running group over.
     */
    public Properties loopConsumer(String groupId, String clientId) {
        Properties p = consumer(groupId, clientId);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) MAX_BATCH_TIME.toMillis());
        // an idle connection closed during a long batch would disrupt the rebalance that waits for it (Kafka warns)
        p.put(CommonClientConfigs.CONNECTIONS_MAX_IDLE_MS_CONFIG, (long) MAX_BATCH_TIME.toMillis() + 60_000);
        return p;
    }
}
