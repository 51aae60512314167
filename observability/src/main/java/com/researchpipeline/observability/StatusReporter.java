package com.researchpipeline.observability;

import com.researchpipeline.contract.DeadLetterHeaders;
import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.StatusEvent;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@link StatusEvent}s to {@code articles.status} without ever holding up the stage that reports them:
 * {@link #report} only queues; one background thread sends. When Kafka is unreachable for long enough that the
 * queue ({@value #QUEUE} events) fills, further events are counted in {@link #dropped()} and logged, and the
 * pipeline goes on: a missing status line must never cost an article. Thread-safe; {@link #NONE} reports nothing.
 */
public class StatusReporter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusReporter.class);
    private static final int QUEUE = 10_000;

    /** Reports nothing: for tests and tools that run a stage's logic without Kafka. */
    public static final StatusReporter NONE = new StatusReporter();

    private final BlockingQueue<StatusEvent> queue;
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Thread sender;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    private StatusReporter() {
        queue = null;
        producer = null;
        topic = null;
        sender = null;
    }

    public StatusReporter(KafkaSettings kafka, String clientId, String topic) {
        Properties props = kafka.producer(clientId);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        this.producer = new KafkaProducer<>(props);
        this.topic = topic;
        this.queue = new ArrayBlockingQueue<>(QUEUE);
        this.sender = new Thread(this::sendAll, clientId + "-status");
        sender.setDaemon(true);
        sender.start();
    }

    /** Queues the event; never blocks, never throws. */
    public void report(StatusEvent event) {
        if (queue == null || closed) {
            return;
        }
        if (!queue.offer(event)) {
            if (dropped.incrementAndGet() % 1000 == 1) {
                LOG.warn("status events are not reaching {} fast enough; {} dropped so far (the articles are not "
                        + "affected, only their trace)", topic, dropped.get());
            }
        }
    }

    /** Events that could not be queued or sent. */
    public long dropped() {
        return dropped.get();
    }

    private void sendAll() {
        while (!closed || !queue.isEmpty()) {
            StatusEvent event;
            try {
                event = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (event == null) {
                continue;
            }
            String key = event.key();
            try {
                producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                        JsonSerde.toBytes(event)), (metadata, failure) -> {
                            if (failure != null) {
                                dropped.incrementAndGet();
                                LOG.warn("status event {} of {} not written to {}: {}", event.kind(), key, topic,
                                        DeadLetterHeaders.messageOf(failure));
                            }
                        });
            } catch (RuntimeException e) {
                dropped.incrementAndGet();
                LOG.warn("status event {} of {} not written to {}: {}", event.kind(), key, topic,
                        DeadLetterHeaders.messageOf(e));
            }
        }
    }

    /** Sends what is queued (waiting up to 10 s), then stops. Idempotent. */
    @Override
    public void close() {
        if (queue == null || closed) {
            return;
        }
        closed = true;
        try {
            sender.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
