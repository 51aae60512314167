package com.researchpipeline.runner;

import com.researchpipeline.contract.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** What the benchmark asks Kafka: end offsets, a group's committed offsets and members, and copies of records. */
final class KafkaProbe implements AutoCloseable {

    private final KafkaSettings kafka;
    private final Admin admin;

    KafkaProbe(String bootstrap) {
        this(new KafkaSettings(bootstrap));
    }

    KafkaProbe(KafkaSettings kafka) {
        this.kafka = kafka;
        this.admin = Admin.create(kafka.client("benchmark-probe"));
    }

    List<TopicPartition> partitions(String topic) {
        var description = get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
        return description.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    /** The next offset of every partition of {@code topic}. */
    Map<TopicPartition, Long> endOffsets(String topic) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions(topic).forEach(tp -> request.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new TreeMap<>(java.util.Comparator.comparingInt(TopicPartition::partition));
        get(admin.listOffsets(request).all()).forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Sum of the offsets {@code group} committed on {@code topic}. */
    long committed(String group, String topic) {
        return get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()).entrySet().stream()
                .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    /** Makes {@code group} start at the current end of {@code topic}, so that it sees only what comes next. */
    void startAtEnd(String group, String topic) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        endOffsets(topic).forEach((tp, end) -> offsets.put(tp, new OffsetAndMetadata(end)));
        get(admin.alterConsumerGroupOffsets(group, offsets).all());
    }

    /** Partitions of {@code topic} each member of {@code group} owns; empty while the group rebalances. */
    List<Integer> partitionsPerMember(String group) {
        ConsumerGroupDescription description = get(admin.describeConsumerGroups(List.of(group)).all()).get(group);
        List<Integer> counts = new ArrayList<>();
        for (MemberDescription member : description.members()) {
            counts.add(member.assignment().topicPartitions().size());
        }
        counts.sort(java.util.Comparator.reverseOrder());
        return counts;
    }

    /** Waits until {@code members} consumers of {@code group} share every partition of {@code topic}. */
    List<Integer> awaitBalanced(String group, String topic, int members, Duration timeout) throws InterruptedException {
        int partitions = partitions(topic).size();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Integer> counts = List.of();
        while (System.nanoTime() < deadline) {
            counts = partitionsPerMember(group);
            if (counts.size() == members && counts.stream().mapToInt(Integer::intValue).sum() == partitions
                    && counts.stream().allMatch(c -> c > 0)) {
                return counts;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("group " + group + " did not settle on " + members + " members within "
                + timeout.toSeconds() + " s: " + counts);
    }

    /** The records of {@code topic} between {@code from} and {@code to}, per partition, in order. */
    List<ConsumerRecord<byte[], byte[]>> read(String topic, Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
        Properties props = kafka.client("benchmark-probe");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.assign(to.keySet());
            to.keySet().forEach(tp -> consumer.seek(tp, from.getOrDefault(tp, 0L)));
            long wanted = sum(to) - sum(from);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (records.size() < wanted && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < to.get(new TopicPartition(record.topic(), record.partition()))) {
                        records.add(record);
                    }
                }
            }
        }
        return records;
    }

    /** Writes {@code records} again, each to the partition it came from. */
    void copy(List<ConsumerRecord<byte[], byte[]>> records) {
        Properties props = kafka.client("benchmark-probe");
        props.put("key.serializer", ByteArraySerializer.class.getName());
        props.put("value.serializer", ByteArraySerializer.class.getName());
        props.put("compression.type", "zstd");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (ConsumerRecord<byte[], byte[]> r : records) {
                producer.send(new ProducerRecord<>(r.topic(), r.partition(), r.key(), r.value(), r.headers()));
            }
            producer.flush();
        }
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused: " + e.getCause().getMessage(), e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not answer: " + e, e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
