package com.researchpipeline.observability;

import com.researchpipeline.contract.DeadLetterHeaders;
import com.researchpipeline.contract.KafkaSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Watches Kafka from beside a stage, every few seconds: whether the cluster answers (a readiness check), and for
 * a consumer group the lag of each partition from its committed offset ({@code pipeline_consumer_lag}). Reading
 * committed offsets, not the consumer's own position, shows what a restart would re-read. One thread.
 */
public final class KafkaWatch implements AutoCloseable {

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

    public KafkaWatch(KafkaSettings kafka, String stage, MeterRegistry registry, long periodMillis) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, stage + "-watch");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000);
        this.admin = Admin.create(props);
        this.bootstrap = kafka.bootstrapServers();
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

    /** Null while Kafka answered recently, else what is wrong: a readiness check. */
    public String problem() {
        if (System.currentTimeMillis() - lastAnswer > STALE_AFTER_MILLIS) {
            return "Kafka at " + bootstrap + " does not answer: " + lastProblem;
        }
        return null;
    }

    /** Total lag of the group over its partitions, as last measured. */
    public long totalLag() {
        return lag.values().stream().mapToLong(Long::longValue).sum();
    }

    private void look() {
        try {
            admin.describeCluster().nodes().get(4, TimeUnit.SECONDS);
            if (group != null) {
                measureLag();
            }
            lastAnswer = System.currentTimeMillis();
        } catch (Exception e) {
            lastProblem = DeadLetterHeaders.messageOf(e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
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
