package com.researchpipeline.publish;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import com.researchpipeline.contract.DeadLetterHeaders;
import com.researchpipeline.contract.Stage;
import com.researchpipeline.contract.TopicAdmin;
import com.researchpipeline.contract.Topics;
import com.researchpipeline.contract.consumer.BatchPolicy;
import com.researchpipeline.contract.consumer.ConsumerLoop;
import com.researchpipeline.contract.consumer.ConsumerLoopListener;
import com.researchpipeline.observability.KafkaWatch;
import com.researchpipeline.observability.Observability;
import java.io.IOException;
import java.util.List;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publish stage: consumes {@code articles.enriched} and indexes every article into
 * {@code <alias>-v<N>} behind the alias, at least once and idempotently; permanent failures go to
 * {@code articles.dlq}. {@link #start()} creates missing topics, the index template, the index and the
 * alias (waiting, with backoff, for Elasticsearch to answer), then starts the consumer thread and returns
 * once partitions are assigned. {@link #close()} is idempotent; uncommitted events are re-read on the
 * next start and written as no-ops.
 */
public final class PublishService implements Stage {

    private static final Logger LOG = LoggerFactory.getLogger(PublishService.class);
    private static final Duration ASSIGNMENT_TIMEOUT = Duration.ofSeconds(60);
    /** How often the index, its mapping and the alias are checked while publish runs. */
    static final Duration LAYOUT_CHECK_EVERY = Duration.ofSeconds(5);

    private final PublishConfig config;
    private final IndexTemplate template;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ElasticsearchClient client;
    private volatile ElasticsearchClient probeClient;
    private volatile Producer<byte[], byte[]> deadLetters;
    private final ConsumerLoopListener listener;
    private final Observability observability;
    private final PublishObserver observer;
    private volatile StatusIndexer statusIndexer;
    private volatile LayoutWatch layoutWatch;
    private volatile ConsumerLoop loop;
    private volatile Thread thread;

    public PublishService(PublishConfig config) {
        this(config, ConsumerLoopListener.NONE);
    }

    /** With {@code listener} told of every record processed, dead-lettered or retried (metrics, status). */
    public PublishService(PublishConfig config, ConsumerLoopListener listener) {
        this(config, IndexTemplate.load(config.alias()), listener);
    }

    PublishService(PublishConfig config, IndexTemplate template) {
        this(config, template, ConsumerLoopListener.NONE);
    }

    PublishService(PublishConfig config, IndexTemplate template, ConsumerLoopListener listener) {
        this(config, template, listener, Observability.inMemory());
    }

    /** A stage that reports its status events, metrics and health through {@code observability}. */
    public PublishService(PublishConfig config, Observability observability) {
        this(config, IndexTemplate.load(config.alias()), ConsumerLoopListener.NONE, observability);
    }

    PublishService(PublishConfig config, IndexTemplate template, ConsumerLoopListener given,
                   Observability observability) {
        this.config = config;
        this.template = template;
        this.observability = observability;
        this.observer = new PublishObserver(observability.statusReporter(name()), observability.registry(),
                java.time.Clock.systemUTC());
        this.listener = observer.andThen(given);
    }

    @Override
    public String name() {
        return "publish";
    }

    @Override
    public void start() {
        LOG.info("publish starting: {}", config);
        TopicAdmin.ensureTopics(config.kafka(), config.topicSettings(), config.inputTopic(), Topics.DLQ);
        client = config.elasticsearch().open();
        watch();
        IndexLayout layout = new IndexLayout(client, template);
        IndexLayout.Changes changes = ensureLayout(layout);
        if (closed.get()) {
            return;
        }
        layoutWatch = new LayoutWatch(layout);
        observability.health().readiness(name(), "index", layoutWatch::problem);
        layoutWatch.refresh();
        layoutWatch.start(LAYOUT_CHECK_EVERY);
        deadLetters = new KafkaProducer<>(config.kafka().producer("publish-dlq"));
        Properties consumerProps = config.kafka().loopConsumer(config.groupId(), "publish");
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.batch().documents());
        var processor = new PublishProcessor(new BulkPublisher<>(client, template.indexName(),
                config.elasticsearch().timeout()), config.batch(),
                () -> ensureLayout(layout), layoutWatch, observer);
        var batch = config.batch();
        loop = new ConsumerLoop(name(), new KafkaConsumer<>(consumerProps), List.of(config.topic()), deadLetters,
                processor, new BatchPolicy(batch.documents(), batch.bytes(), batch.maxWait()), config.retryPolicy(),
                listener);
        if (changes != null && changes.aliasWaiting()) {
            loop.onceCaughtUp(() -> {
                try {
                    layout.moveAlias();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot move alias " + config.alias(), e);
                }
            });
        }
        thread = new Thread(loop, "publish-loop");
        thread.start();
        if (observability.statusTopic() != null) {
            statusIndexer = new StatusIndexer(client, config.elasticsearch().timeout(), config.kafka(), observability.statusTopic().name(),
                    Duration.ofSeconds(30), StatusIndexer.REPORT_AFTER);
            statusIndexer.start();
            observability.health().readiness(name(), "dashboard", statusIndexer::problem);
        }
        if (closed.get()) {
            loop.stop();
            return;
        }
        try {
            if (!loop.awaitAssignment(ASSIGNMENT_TIMEOUT)) {
                LOG.warn("no partition of {} assigned to group {} after {} s; consuming as soon as there is",
                        config.topic(), config.groupId(), ASSIGNMENT_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Readiness: Kafka and Elasticsearch answer, not paused on retries; liveness: the loop runs. */
    private void watch() {
        probeClient = config.elasticsearch().withTimeout(PublishObserver.PROBE_TIMEOUT).open();
        observer.watchElasticsearch(probeClient, config.elasticsearch());
        KafkaWatch kafka = observability.closeLater(new KafkaWatch(config.kafka(), name(), observability.registry(), 5_000)
                .lagOf(config.groupId(), config.topic()).keeps(config.topicSettings(), config.inputTopic(), Topics.DLQ,
                        observability.statusTopic()).writesTo(Topics.DLQ));
        observability.health().readiness(name(), "kafka", kafka::problem);
        observability.health().readiness(name(), "elasticsearch", observer::elasticsearchProblem);
        observability.watchPauses(name(), () -> loop,
                "Elasticsearch or articles.dlq did not take a batch, retrying with backoff");
        observability.health().liveness(name(), "loop", () -> {
            Thread running = thread;
            return running != null && !closed.get() && !running.isAlive()
                    ? "the publish loop has stopped; restart the stage" : null;
        });
    }

    /**
     * Retries while Elasticsearch cannot be reached or answers 429/5xx; any other refusal (credentials, privileges
     * or TLS that the node refuses, an invalid template) is a configuration error and fails the start.
     */
    private IndexLayout.Changes ensureLayout(IndexLayout layout) {
        Duration wait = null;
        while (!closed.get()) {
            wait = config.retryPolicy().next(wait);
            try {
                return layout.ensure();
            } catch (IOException | RuntimeException e) {
                String refused = config.elasticsearch().refusal(e);
                if (refused != null) {
                    throw new IllegalStateException(refused, e);
                }
                if (e instanceof ElasticsearchException es) {
                    if (es.status() != 429 && es.status() < 500) {
                        throw new IllegalStateException("Elasticsearch at " + config.elasticsearch().hosts()
                                + " refused the index layout: " + DeadLetterHeaders.messageOf(e), e);
                    }
                    LOG.warn("Elasticsearch busy ({}); retrying the index layout in {} ms", e.getMessage(), wait.toMillis());
                } else {
                    LOG.warn("Elasticsearch at {} unavailable ({}); retrying the index layout in {} ms",
                            config.elasticsearch().hosts(), DeadLetterHeaders.messageOf(e), wait.toMillis());
                }
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (loop != null) {
            loop.stopWithin(thread, Duration.ofSeconds(30));
        }
        if (statusIndexer != null) {
            statusIndexer.close();
        }
        if (layoutWatch != null) {
            layoutWatch.close();
        }
        observer.close();
        if (deadLetters != null) {
            deadLetters.close(Duration.ofSeconds(5));
        }
        for (ElasticsearchClient each : new ElasticsearchClient[]{client, probeClient}) {
            if (each != null) {
                try {
                    ElasticsearchConnection.closeAtOnce(each);
                } catch (IOException e) {
                    LOG.warn("closing an Elasticsearch client failed: {}", e.getMessage());
                }
            }
        }
        LOG.info("publish stopped");
    }
}
