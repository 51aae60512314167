package com.researchpipeline.runner;

import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.StatusEvent;
import com.researchpipeline.contract.StatusTopic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads {@code articles.status} without joining a consumer group (nothing is committed, any number of readers).
 * {@link #history} follows a file or an article across keys: the file's path leads to its article id (the
 * ingested event carries both), the id to its enriched, dead-lettered and indexed events, and reads only the
 * partitions those keys hash to. Not thread-safe; one per command.
 */
final class StatusLog implements AutoCloseable {

    private static final Comparator<StatusEvent> IN_ORDER =
            Comparator.comparing(StatusEvent::at).thenComparing(e -> e.kind().ordinal());

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;

    StatusLog(KafkaSettings kafka, String topic) {
        var props = kafka.consumer("status-reader-" + UUID.randomUUID(), "status-reader");
        props.remove(org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_ID_CONFIG);
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        this.consumer = new KafkaConsumer<>(props);
        this.topic = topic;
    }

    /** Every event of the file or article named by {@code key} (a path or an id), and of its other names. */
    List<StatusEvent> history(String key) {
        Set<String> keys = new LinkedHashSet<>(List.of(key));
        Set<Integer> read = new HashSet<>();
        List<StatusEvent> events = new ArrayList<>();
        int partitions = partitions().size();
        if (partitions == 0) {
            return List.of();
        }
        while (true) {
            Set<Integer> wanted = new HashSet<>();
            keys.forEach(k -> wanted.add(StatusTopic.partitionOf(k, partitions)));
            wanted.removeAll(read);
            if (!wanted.isEmpty()) {
                events.addAll(read(wanted, e -> true));
                read.addAll(wanted);
            }
            Set<String> more = new LinkedHashSet<>(keys);
            for (StatusEvent event : events) {
                if (keys.contains(event.path()) || keys.contains(event.articleId())) {
                    if (event.path() != null) {
                        more.add(event.path());
                    }
                    if (event.articleId() != null) {
                        more.add(event.articleId());
                    }
                }
            }
            if (more.equals(keys)) {
                break;
            }
            keys = more;
        }
        Set<String> found = keys;
        return events.stream().filter(e -> found.contains(e.path()) || found.contains(e.articleId()))
                .sorted(IN_ORDER).toList();
    }

    /** Every event in the topic, in time order (the whole topic: a local pipeline's, or a few days'). */
    List<StatusEvent> all() {
        Set<Integer> every = new HashSet<>();
        partitions().forEach(p -> every.add(p.partition()));
        return read(every, e -> true).stream().sorted(IN_ORDER).toList();
    }

    /** Every event of the articles whose events name {@code path}, for a path that has no events of its own. */
    List<StatusEvent> historyOfArticlesAt(String path) {
        Set<String> ids = new LinkedHashSet<>();
        for (StatusEvent event : all()) {
            if (path.equals(event.path()) && event.articleId() != null) {
                ids.add(event.articleId());
            }
        }
        Set<StatusEvent> events = new LinkedHashSet<>();
        ids.forEach(id -> events.addAll(history(id)));
        return events.stream().sorted(IN_ORDER).toList();
    }

    /** Paths of the files whose path ends with {@code name}: for a trace given a name rather than a path. */
    Set<String> pathsEndingWith(String name) {
        Set<String> paths = new LinkedHashSet<>();
        for (StatusEvent event : all()) {
            if (event.path() != null && (event.path().equals(name) || event.path().endsWith("/" + name))) {
                paths.add(event.path());
            }
        }
        return paths;
    }

    private List<PartitionInfo> partitions() {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        return infos == null ? List.of() : infos;
    }

    private List<StatusEvent> read(Collection<Integer> partitionNumbers, Predicate<StatusEvent> wanted) {
        List<TopicPartition> partitions = partitionNumbers.stream().map(p -> new TopicPartition(topic, p)).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
        List<StatusEvent> events = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 120_000;
        while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())
                && System.currentTimeMillis() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                try {
                    StatusEvent event = JsonSerde.fromBytes(record.value(), StatusEvent.class);
                    if (event.kind() != null && event.at() != null && wanted.test(event)) {
                        events.add(event);
                    }
                } catch (RuntimeException unreadable) {
                    // a record of an unknown future shape: skipped, the others still tell the story
                }
            }
        }
        return events;
    }

    static Instant startOfToday() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
