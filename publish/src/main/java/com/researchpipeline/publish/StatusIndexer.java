package com.researchpipeline.publish;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.JsonpUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.researchpipeline.contract.DeadLetterHeaders;
import com.researchpipeline.contract.Elapsed;
import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.RetryPolicy;
import com.researchpipeline.contract.StatusEvent;
import com.researchpipeline.contract.consumer.ConsumerLoop;
import com.researchpipeline.contract.consumer.PollWatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes {@code articles.status} into {@code pipeline-status} for the Pipeline dashboard, one document per event
 * with the event's id as {@code _id} and its time as external version, so a replay changes nothing. A batch's
 * offsets are committed once Elasticsearch stored it; while Elasticsearch is away, or the index has a mapping other
 * than the template's, it waits and retries. A status document an index of the template's mapping refuses is logged
 * and skipped: the event stays on the topic, where trace reads it.
 * Runs on its own thread beside the publish loop; {@link #close()} stops it.
 */
final class StatusIndexer implements Runnable, AutoCloseable {

    static final String TEMPLATE = "elasticsearch/pipeline-status-template.json";
    static final String INDEX = "pipeline-status";
    private static final Logger LOG = LoggerFactory.getLogger(StatusIndexer.class);

    private final ElasticsearchClient client;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final BulkPublisher<ConsumerRecord<byte[], byte[]>> publisher;
    private final RetryPolicy backoff;
    private final Thread thread;
    /** Set once the thread closes its consumer, which {@link #close()} must no longer interrupt. */
    private final AtomicBoolean finishing = new AtomicBoolean();
    private volatile boolean stopping;
    /** The template was found missing: the index may have been made without it, with guessed mappings. */
    private boolean mappingInDoubt;
    /** Counted down by {@link #close()}: ends a wait between retries at once, where a sleep would hold close up. */
    private final CountDownLatch stopped = new CountDownLatch(1);

    StatusIndexer(ElasticsearchClient client, Duration timeout, KafkaSettings kafka, String topic, Duration maxBackoff,
                  Duration reportAfter) {
        this.client = client;
        this.reportAfter = reportAfter;
        this.topic = topic;
        this.backoff = new RetryPolicy(Duration.ofMillis(500), maxBackoff);
        var props = kafka.consumer("publish-" + INDEX + "-" + topic, "publish-status");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        this.consumer = new KafkaConsumer<>(props);
        this.publisher = new BulkPublisher<>(client, INDEX, timeout);
        this.thread = new Thread(this, "publish-status-indexer");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** How long a failure lasts before readiness tells: a node's restart or a short refusal is waited out. */
    static final Duration REPORT_AFTER = Duration.ofSeconds(60);

    private final Duration reportAfter;
    private volatile long failingSince;
    private volatile String failure;

    /**
     * Null while status events reach the index, or while they have failed for less than {@code reportAfter};
     * else what fails, for the readiness check {@code publish/dashboard}. Nothing is lost meanwhile: the events
     * wait on the status topic.
     */
    String problem() {
        if (stopping) {
            return null;
        }
        if (!thread.isAlive()) {
            return "the thread that indexes status events into " + INDEX + " has stopped (see the ERROR log): restart"
                    + " publish";
        }
        long since = failingSince;
        if (since == 0 || Elapsed.millis() - since < reportAfter.toMillis()) {
            return null;
        }
        return "status events not indexed into " + INDEX + " for " + (Elapsed.millis() - since) / 1000
                + " s (" + failure + "): the Pipeline dashboard is behind, nothing is lost (the events wait on "
                + topic + "); check the index (GET " + INDEX + "/_settings: closed, read-only or blocked?)";
    }

    @Override
    public void run() {
        PollWatch<byte[], byte[]> pollWatch = new PollWatch<>("publish status indexer", consumer);
        try {
            consumer.subscribe(List.of(topic));
            Duration wait = backoff.first();
            boolean templateReady = false;
            while (!stopping) {
                try {
                    if (!templateReady) {
                        putTemplate();
                        templateReady = true;
                    }
                    ConsumerRecords<byte[], byte[]> records = pollWatch.poll(Duration.ofSeconds(1));
                    if (!records.isEmpty()) {
                        ensureTemplate();
                        index(records);
                        consumer.commitSync(nextOffsets(records));
                    }
                    wait = backoff.first();
                    failingSince = 0;
                } catch (WakeupException e) {
                    break;
                } catch (RuntimeException | IOException e) {
                    failure = DeadLetterHeaders.messageOf(e);
                    if (failingSince == 0) {
                        failingSince = Elapsed.millis();
                    }
                    if (stopping) {
                        break;
                    }
                    LOG.warn("status events not indexed into {} ({}); retrying in {} ms", INDEX, failure,
                            wait.toMillis());
                    rewind();
                    pause(wait);
                    wait = backoff.next(wait);
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.error("the indexer of status events into {} stopped: restart publish", INDEX, e);
            throw e;
        } finally {
            synchronized (finishing) {
                finishing.set(true);
                Thread.interrupted(); // close's, which must not fail the consumer's own close
            }
            pollWatch.close();
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Puts the template again when it is gone (deleted, or the node's data lost while publish runs): the next events
     * would make the index without it, with guessed mappings the dashboard cannot chart, and since such an index
     * takes every event, nothing would say so. One made so meanwhile is held as an index of another mapping.
     */
    private void ensureTemplate() throws IOException {
        if (!client.indices().existsIndexTemplate(t -> t.name(INDEX)).value()) {
            putTemplate();
            LOG.warn("index template {} was missing (deleted, or the node's data lost): put it again", INDEX);
            mappingInDoubt = true;
        }
        if (mappingInDoubt) {
            String wrong = wrongMapping();
            if (wrong != null) {
                throw new IllegalStateException("status events held: " + wrong);
            }
            mappingInDoubt = false;
        }
    }

    private void index(ConsumerRecords<byte[], byte[]> records) {
        List<BulkPublisher.Item<ConsumerRecord<byte[], byte[]>>> items = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                StatusEvent event = JsonSerde.fromBytes(record.value(), StatusEvent.class);
                if (event.eventId() != null && event.at() != null) {
                    items.add(new BulkPublisher.Item<>(record, event.eventId(), Math.max(1, event.at().toEpochMilli()),
                            record.value()));
                }
            } catch (RuntimeException unreadable) {
                LOG.warn("skipping an unreadable status event at {}-{}@{}", record.topic(), record.partition(),
                        record.offset());
            }
        }
        var outcome = publisher.publish(items);
        if (!outcome.rejected().isEmpty()) {
            String wrong = wrongMapping();
            if (wrong != null) {
                throw new IllegalStateException(outcome.rejected().size() + " status events refused ("
                        + outcome.rejected().get(0).reason().getMessage() + "): " + wrong);
            }
        }
        outcome.rejected().forEach(r -> LOG.warn("Elasticsearch refused status event {}: {}", r.item().id(),
                r.reason().getMessage()));
        if (!outcome.retry().isEmpty()) {
            throw new IllegalStateException(outcome.retry().size() + " status events not stored: " + outcome.retryCause()
                    + (outcome.retryDetail() == null ? "" : " " + outcome.retryDetail()));
        }
    }

    /**
     * Null when the index's mapping agrees with the template on every field both map; else how it differs and what to
     * do. Every status event fits the template, so an event refused by an index that disagrees is held, not skipped.
     */
    private String wrongMapping() {
        try {
            Map<String, String> wanted = IndexTemplate.fieldTypesOf(JsonSerde.mapper().readTree(readTemplate()));
            List<String> differences = new ArrayList<>();
            for (var index : client.indices().getMapping(m -> m.index(INDEX)).mappings().values()) {
                JsonNode live = JsonSerde.mapper().readTree(JsonpUtils.toJsonString(index.mappings(),
                        client._jsonpMapper()));
                boolean strict = "strict".equals(live.path("dynamic").asText());
                Map<String, String> liveTypes = IndexTemplate.fieldTypesOfMapping(live);
                wanted.forEach((field, type) -> {
                    String actual = liveTypes.get(field);
                    if (actual != null ? !actual.equals(type) : strict) {
                        differences.add(field + (actual == null ? " is not mapped (dynamic strict)" : " is " + actual)
                                + ", the template says " + type);
                    }
                });
            }
            if (differences.isEmpty()) {
                return null;
            }
            return INDEX + " does not have the mapping of its template (" + IndexTemplate.summarised(differences)
                    + "): DELETE "
                    + INDEX + ", and publish makes it again from the template and indexes the events held meanwhile";
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot compare the mapping of {} with its template", INDEX, e);
            return null;
        }
    }

    private static String readTemplate() {
        try (InputStream in = StatusIndexer.class.getClassLoader().getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IOException(TEMPLATE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void putTemplate() throws IOException {
        client.indices().putIndexTemplate(t -> t.name(INDEX).withJson(new java.io.StringReader(readTemplate())));
    }

    private void rewind() {
        try {
            for (TopicPartition partition : consumer.assignment()) {
                OffsetAndMetadata committed = consumer.committed(java.util.Set.of(partition)).get(partition);
                if (committed != null) {
                    consumer.seek(partition, committed.offset());
                } else {
                    consumer.seekToBeginning(List.of(partition));
                }
            }
        } catch (RuntimeException e) {
            // Kafka itself is away: the next poll tells
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            var list = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private void pause(Duration wait) {
        try {
            stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopping = true;
        stopped.countDown();
        consumer.wakeup();
        try {
            thread.join(ConsumerLoop.STOP_GRACE.toMillis());
            // a request to a node that does not answer would hold the stop for ELASTICSEARCH_TIMEOUT: cut it short,
            // the events it carried are not committed and are indexed at the next start
            synchronized (finishing) {
                if (!finishing.get()) {
                    thread.interrupt();
                }
            }
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
