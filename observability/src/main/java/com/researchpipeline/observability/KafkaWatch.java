package com.researchpipeline.observability;

import com.researchpipeline.contract.DeadLetterHeaders;
import com.researchpipeline.contract.Elapsed;
import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.Topic;
import com.researchpipeline.contract.TopicAdmin;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches Kafka from beside a stage, every few seconds: whether the cluster answers (a readiness check), and for
 * a consumer group the lag of each partition from its committed offset ({@code pipeline_consumer_lag}). Reading
 * committed offsets, not the consumer's own position, shows what a restart would re-read. It also keeps the
 * stage's topics ({@link #keeps}): one deleted while the stage runs, or deleted and created again by someone
 * else (by hand, or by a broker with {@code auto.create.topics.enable} as a client asked for it), is created or
 * corrected with the catalogue's settings through {@link TopicAdmin}, as a start would, with a WARN saying what
 * was lost and a count ({@code pipeline_topics_restored_total}); while it cannot be, readiness names the topic
 * and what to do. And it checks that Kafka takes writes to the topics the stage produces to ({@link #writesTo}):
 * a partition without a leader, or with fewer in-sync replicas than its {@code min.insync.replicas}, refuses every
 * write ({@code NOT_ENOUGH_REPLICAS}) while the producer retries in silence. One thread.
 */
public final class KafkaWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaWatch.class);
    private static final long STALE_AFTER_MILLIS = 15_000;

    private final Admin admin;
    private final ScheduledExecutorService timer;
    private final String bootstrap;
    private final Map<TopicPartition, Long> lag = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final String stage;
    private volatile String group;
    private volatile String topic;
    private volatile long lastAnswer;
    private volatile String lastProblem = "Kafka not asked yet";
    /** Whether the last failure was a refused login or TLS handshake, which says all by itself. */
    private volatile boolean refused;
    private final KafkaSettings kafka;
    private volatile Settings topicSettings;
    private volatile List<Topic<?>> topics = List.of();
    private volatile List<Topic<?>> written = List.of();
    /** Partitions listed at most in a readiness message, per topic. */
    private static final int PARTITIONS_NAMED = 10;
    /** Each kept topic's id as last seen: another id is the same name on a new topic. */
    private final Map<String, Uuid> topicIds = new HashMap<>();
    private volatile String topicProblem;

    public KafkaWatch(KafkaSettings kafka, String stage, MeterRegistry registry, long periodMillis) {
        Properties props = kafka.client(stage + "-watch");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000);
        this.admin = Admin.create(props);
        this.bootstrap = kafka.bootstrapServers();
        this.kafka = kafka;
        this.registry = registry;
        this.stage = stage;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, stage + "-kafka-watch");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::look, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Also measures the lag of {@code group} on {@code topic}. */
    public KafkaWatch lagOf(String group, String topic) {
        this.group = group;
        this.topic = topic;
        return this;
    }

    /**
     * Also keeps {@code topics}: each look checks they exist and are the ones seen before, and creates or
     * corrects them ({@link TopicAdmin#ensureTopics}, with {@code settings}' partitions and replication) when not.
     * A null topic (the status topic of a stage that reports none) is left out.
     */
    public KafkaWatch keeps(Settings settings, Topic<?>... kept) {
        this.topicSettings = settings;
        this.topics = java.util.Arrays.stream(kept).filter(java.util.Objects::nonNull).toList();
        return this;
    }

    /**
     * Also checks, each look, that Kafka takes writes to {@code topics}: every partition has a leader and at least
     * as many in-sync replicas as the topic's {@code min.insync.replicas} asks (no more than it has replicas, as
     * Kafka caps it); readiness names those that do not, and what to do.
     */
    public KafkaWatch writesTo(Topic<?>... topics) {
        this.written = java.util.Arrays.stream(topics).filter(java.util.Objects::nonNull).toList();
        return this;
    }

    /** Null while Kafka answered recently and the kept topics are there, else what is wrong: a readiness check. */
    public String problem() {
        if (lastAnswer == 0 || Elapsed.millis() - lastAnswer > STALE_AFTER_MILLIS) {
            return refused ? lastProblem : "Kafka at " + bootstrap + " does not answer: " + lastProblem;
        }
        return topicProblem;
    }

    /** Total lag of the group over its partitions, as last measured. */
    public long totalLag() {
        return lag.values().stream().mapToLong(Long::longValue).sum();
    }

    private void look() {
        try {
            admin.describeCluster().nodes().get(4, TimeUnit.SECONDS);
            String problem = topics.isEmpty() ? null : keepTopics();
            if (problem == null && !written.isEmpty()) {
                problem = refusedWrites();
            }
            topicProblem = problem;
            if (group != null && topicProblem == null) {
                measureLag();
            }
            lastAnswer = Elapsed.millis();
        } catch (Exception e) {
            String refusal = kafka.refusal(e);
            refused = refusal != null;
            lastProblem = refused ? refusal : DeadLetterHeaders.messageOf(e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Creates or corrects kept topics that are missing or were created anew; what is still wrong, or null. */
    private String keepTopics() throws Exception {
        List<Topic<?>> missing = new ArrayList<>();
        List<Topic<?>> renewed = new ArrayList<>();
        var described = admin.describeTopics(topics.stream().map(Topic::name).toList()).topicNameValues();
        for (Topic<?> topic : topics) {
            try {
                Uuid id = described.get(topic.name()).get(4, TimeUnit.SECONDS).topicId();
                Uuid before = topicIds.put(topic.name(), id);
                if (before != null && !before.equals(id)) {
                    renewed.add(topic);
                }
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                missing.add(topic);
            }
        }
        if (missing.isEmpty() && renewed.isEmpty()) {
            return null;
        }
        List<Topic<?>> restore = new ArrayList<>(missing);
        restore.addAll(renewed);
        List<String> names = restore.stream().map(Topic::name).toList();
        for (Topic<?> topic : missing) {
            LOG.warn("{}: topic {} is missing (deleted while {} ran?); creating it again with the catalogue's settings. "
                    + "Records it held that were not yet consumed are gone: produce them again at their source (ingest: "
                    + "move their files from inbox/.done/ back into the inbox; bin/pipeline status shows what is missing)",
                    stage, topic.name(), stage);
        }
        for (Topic<?> topic : renewed) {
            LOG.warn("{}: topic {} was deleted and created again while {} ran (its id changed; by hand, or by a broker "
                    + "with auto.create.topics.enable=true when a client asked for it); setting the catalogue's settings "
                    + "on it. Records the old topic held that were not yet consumed are gone: produce them again at "
                    + "their source", stage, topic.name(), stage);
        }
        try {
            TopicAdmin.ensureTopics(kafka, topicSettings, restore.toArray(Topic<?>[]::new));
            names.forEach(name -> Counter.builder("pipeline.topics.restored")
                    .description("topics a stage found deleted, or deleted and created again, while it ran, and restored")
                    .tags(Tags.of("stage", stage, "topic", name)).register(registry).increment());
            restore.forEach(topic -> topicIds.remove(topic.name())); // the next look records the id as it is now
            return null;
        } catch (RuntimeException e) {
            String why = DeadLetterHeaders.messageOf(e);
            LOG.warn("{}: cannot create or correct topic(s) {}: {}", stage, names, why);
            return "topic(s) " + names + " missing or created anew and " + stage + " cannot restore them (" + why
                    + "); what to do: give this stage the right to create and alter topics (its ACLs) or start a stage "
                    + "that has it, which makes them with the settings README, Topics lists";
        }
    }

    /** Which written topics' partitions Kafka refuses writes to, and what to do; null when it takes them all. */
    private String refusedWrites() throws Exception {
        List<String> names = written.stream().map(Topic::name).toList();
        Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get(4, TimeUnit.SECONDS);
        if (described.values().stream().flatMap(d -> d.partitions().stream())
                .allMatch(p -> p.leader() != null && !p.leader().isEmpty() && p.isr().size() >= p.replicas().size())) {
            return null;
        }
        Map<ConfigResource, Config> configs;
        try {
            configs = admin.describeConfigs(names.stream().map(name -> new ConfigResource(ConfigResource.Type.TOPIC,
                    name)).toList()).all().get(4, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            // no right to read topic configs (ACLs): without min.insync.replicas, only partitions without a leader
            configs = Map.of();
        }
        List<String> refused = new ArrayList<>();
        for (TopicDescription topic : described.values()) {
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
            ConfigEntry minIsrEntry = config == null ? null : config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
            int minIsr = minIsrEntry == null || minIsrEntry.value() == null ? 1 : Integer.parseInt(minIsrEntry.value());
            List<Integer> leaderless = new ArrayList<>();
            List<Integer> underReplicated = new ArrayList<>();
            java.util.Set<Integer> away = new java.util.TreeSet<>();
            int inSync = Integer.MAX_VALUE;
            for (TopicPartitionInfo partition : topic.partitions()) {
                boolean noLeader = partition.leader() == null || partition.leader().isEmpty();
                if (!noLeader && partition.isr().size() >= Math.min(minIsr, partition.replicas().size())) {
                    continue;
                }
                (noLeader ? leaderless : underReplicated).add(partition.partition());
                inSync = Math.min(inSync, partition.isr().size());
                partition.replicas().stream().filter(r -> !partition.isr().contains(r)).forEach(r -> away.add(r.id()));
            }
            List<String> wrong = new ArrayList<>();
            if (!leaderless.isEmpty()) {
                wrong.add("partition(s) " + named(leaderless) + " have no leader");
            }
            if (!underReplicated.isEmpty()) {
                wrong.add("partition(s) " + named(underReplicated) + " have " + inSync + " in-sync replica(s), fewer "
                        + "than its min.insync.replicas of " + minIsr);
            }
            if (!wrong.isEmpty()) {
                refused.add(topic.name() + ": " + String.join(", ", wrong) + " (replicas out of sync on broker(s) "
                        + away + ")");
            }
        }
        if (refused.isEmpty()) {
            return null;
        }
        return "Kafka refuses " + stage + "'s writes (NOT_ENOUGH_REPLICAS or no leader): " + String.join("; ", refused)
                + "; what to do: bring back the broker(s) named, or lower the topic's min.insync.replicas "
                + "(kafka-configs.sh --alter --entity-type topics --entity-name TOPIC --add-config "
                + "min.insync.replicas=1); nothing is lost, " + stage + " holds what it has and sends it once Kafka "
                + "takes it";
    }

    private static String named(List<Integer> partitions) {
        String listed = partitions.stream().limit(PARTITIONS_NAMED).map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(", "));
        return partitions.size() > PARTITIONS_NAMED ? listed + " and " + (partitions.size() - PARTITIONS_NAMED)
                + " more" : listed;
    }

    private void measureLag() throws Exception {
        var description = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(4, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        description.get(topic).partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()),
                OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                admin.listOffsets(latest).all().get(4, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(4, TimeUnit.SECONDS);
        for (var end : ends.entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            long value = Math.max(0, end.getValue().offset() - (done == null ? 0 : done.offset()));
            if (lag.put(end.getKey(), value) == null) {
                TopicPartition partition = end.getKey();
                Gauge.builder("pipeline.consumer.lag", lag, l -> l.getOrDefault(partition, 0L))
                        .description("records of the input topic not yet committed by the stage's group")
                        .tags(Tags.of("stage", stage, "group", group, "topic", partition.topic(),
                                "partition", Integer.toString(partition.partition())))
                        .register(registry);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
