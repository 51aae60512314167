package com.researchpipeline.enrich;

import com.researchpipeline.contract.DeadLetterHeaders;
import com.researchpipeline.contract.EnrichedArticle;
import com.researchpipeline.contract.EntityType;
import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.RawArticle;
import com.researchpipeline.contract.Stage;
import com.researchpipeline.contract.TopicAdmin;
import com.researchpipeline.contract.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code articles.raw}, enriches each article on a pool of threads and produces
 * {@code articles.enriched}. A batch's offsets are committed only after every one of its enriched events
 * (or dead letters) was acknowledged, so nothing is lost. An article that cannot be read or enriched is
 * dead-lettered with its original bytes; Kafka being unreachable is retried with backoff, never dropped.
 */
public final class EnrichService implements Stage {

    private static final Logger LOG = LoggerFactory.getLogger(EnrichService.class);
    private static final String STAGE = "enrich";

    private final EnrichConfig config;
    private final ArticleEnricher enricher;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile boolean running;
    private Thread loop;
    private KafkaConsumer<byte[], byte[]> consumer;

    public EnrichService(EnrichConfig config, Extractor extractor) {
        this.config = config;
        this.enricher = new ArticleEnricher(extractor, Clock.systemUTC());
    }

    @Override
    public String name() {
        return STAGE;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        TopicAdmin.ensureTopics(config.kafka(), config.settings(), Topics.RAW, Topics.ENRICHED, Topics.DLQ);
        var props = config.kafka().consumer(config.groupId(), "enrich-consumer");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(Topics.RAW.name()));
        running = true;
        loop = new Thread(this::run, "enrich-loop");
        loop.start();
        awaitStarted();
    }

    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        // no wakeup(): the loop polls every 200 ms and should commit the batch it is finishing
        running = false;
        try {
            loop.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        ExecutorService workers = Executors.newFixedThreadPool(config.threads(), namedThreads());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config.kafka().producer("enrich-producer"))) {
            Duration backoff = Duration.ofMillis(500);
            while (running) {
                ConsumerRecords<byte[], byte[]> batch = poll();
                try {
                    processBatch(batch, workers, producer);
                    backoff = Duration.ofMillis(500);
                } catch (KafkaException e) {
                    LOG.warn("Kafka did not acknowledge a batch of {} articles; retrying in {} ms", batch.count(),
                            backoff.toMillis(), e);
                    rewind(batch);
                    sleep(backoff);
                    backoff = min(backoff.multipliedBy(2), config.retryBackoffMax());
                }
            }
        } finally {
            workers.shutdownNow();
            consumer.close();
            LOG.info("enrich stopped");
        }
    }

    private ConsumerRecords<byte[], byte[]> poll() {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
        started.countDown();
        return records;
    }

    private void processBatch(ConsumerRecords<byte[], byte[]> batch, ExecutorService workers,
                              KafkaProducer<byte[], byte[]> producer) {
        if (batch.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        List<CompletableFuture<ProducerRecord<byte[], byte[]>>> outputs = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            outputs.add(CompletableFuture.supplyAsync(() -> toOutput(record), workers));
        }
        for (CompletableFuture<ProducerRecord<byte[], byte[]>> output : outputs) {
            sends.add(producer.send(output.join()));
        }
        for (Future<RecordMetadata> send : sends) {
            await(send);
        }
        consumer.commitSync(nextOffsets(batch));
    }

    /** The enriched event, or a dead letter when the record is not an article that can be enriched. */
    private ProducerRecord<byte[], byte[]> toOutput(ConsumerRecord<byte[], byte[]> record) {
        try {
            RawArticle article = JsonSerde.fromBytes(record.value(), RawArticle.class);
            EnrichedArticle enriched = enricher.enrich(article);
            LOG.info("Enriched article {} ({}): {}", article.id(), article.source() == null ? "?" : article.source().path(),
                    counts(enriched));
            return new ProducerRecord<>(Topics.ENRICHED.name(), record.key(), JsonSerde.toBytes(enriched));
        } catch (RuntimeException e) {
            LOG.warn("Dead-lettering record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    DeadLetterHeaders.messageOf(e));
            return DeadLetterHeaders.forRecord(STAGE, record, e);
        }
    }

    private static String counts(EnrichedArticle enriched) {
        Map<EntityType, Integer> counts = new java.util.EnumMap<>(EntityType.class);
        enriched.entities().forEach(e -> counts.merge(e.type(), 1, Integer::sum));
        return counts.isEmpty() ? "no entities" : counts.toString();
    }

    private void rewind(ConsumerRecords<byte[], byte[]> batch) {
        for (TopicPartition partition : batch.partitions()) {
            consumer.seek(partition, batch.records(partition).get(0).offset());
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : batch.partitions()) {
            var records = batch.records(partition);
            offsets.put(partition, new OffsetAndMetadata(records.get(records.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private static void await(Future<RecordMetadata> send) {
        try {
            send.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while waiting for Kafka", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof KafkaException k ? k : new KafkaException(e.getCause());
        }
    }

    private void awaitStarted() {
        try {
            if (!started.await(60, TimeUnit.SECONDS)) {
                LOG.warn("enrich has not reached Kafka at {} within 60 s; it keeps trying",
                        config.kafka().bootstrapServers());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory namedThreads() {
        var counter = new java.util.concurrent.atomic.AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "enrich-worker-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
