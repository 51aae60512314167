package com.researchpipeline.enrich;

import com.researchpipeline.contract.Stage;
import com.researchpipeline.contract.TopicAdmin;
import com.researchpipeline.contract.Topics;
import com.researchpipeline.contract.consumer.BatchPolicy;
import com.researchpipeline.contract.consumer.ConsumerLoop;
import com.researchpipeline.contract.consumer.ConsumerLoopListener;
import com.researchpipeline.observability.KafkaWatch;
import com.researchpipeline.observability.Observability;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code articles.raw}, enriches each article on a pool of threads and produces
 * {@code articles.enriched}, on the shared {@link ConsumerLoop}: an offset is committed only once its
 * enriched event (or dead letter) was acknowledged, so nothing is lost; what can never be enriched is
 * dead-lettered with its original bytes; Kafka being unreachable is retried with backoff, never dropped.
 */
public final class EnrichService implements Stage {

    private static final Logger LOG = LoggerFactory.getLogger(EnrichService.class);
    private static final String STAGE = "enrich";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final EnrichConfig config;
    private final ArticleEnricher enricher;
    private final ConsumerLoopListener listener;
    private final Observability observability;
    private final EnrichObserver observer;
    private volatile boolean running;
    private ExecutorService workers;
    private Producer<byte[], byte[]> producer;
    private volatile ConsumerLoop loop;
    private volatile Thread thread;

    public EnrichService(EnrichConfig config, Extractor extractor) {
        this(config, extractor, ConsumerLoopListener.NONE);
    }

    /** With {@code listener} told of every record processed, dead-lettered or retried (metrics, status). */
    public EnrichService(EnrichConfig config, Extractor extractor, ConsumerLoopListener listener) {
        this(config, extractor, listener, Observability.inMemory());
    }

    /** A stage that reports its status events, metrics and health through {@code observability}. */
    public EnrichService(EnrichConfig config, Extractor extractor, Observability observability) {
        this(config, extractor, ConsumerLoopListener.NONE, observability);
    }

    private EnrichService(EnrichConfig config, Extractor extractor, ConsumerLoopListener given,
                          Observability observability) {
        this.observability = observability;
        this.observer = new EnrichObserver(observability.statusReporter(STAGE), observability.registry());
        ConsumerLoopListener listener = observer.andThen(given);
        this.config = config;
        this.enricher = new ArticleEnricher(extractor, Clock.systemUTC(), observer::enriched);
        this.listener = listener;
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
        var props = config.kafka().loopConsumer(config.groupId(), "enrich-consumer");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        workers = Executors.newFixedThreadPool(config.threads(), namedThreads());
        producer = new KafkaProducer<>(config.kafka().producer("enrich-producer"));
        var processor = new EnrichProcessor(enricher, producer, workers,
                new OutputEventLimit(config.kafka(), Topics.ENRICHED.name()), Topics.ENRICHED.name(),
                heapForOneArticle());
        // enriched events and dead letters go through the same producer: both are acknowledged before a commit
        loop = new ConsumerLoop(STAGE, new KafkaConsumer<>(props), List.of(Topics.RAW.name()), producer, processor,
                BatchPolicy.eachPoll(config.maxPollRecords()), config.retryPolicy(), listener);
        thread = new Thread(loop, "enrich-loop");
        thread.start();
        watch();
        running = true;
        try {
            if (!loop.awaitFirstPoll(START_TIMEOUT)) {
                LOG.warn("enrich has not reached Kafka at {} within {} s; it keeps trying",
                        config.kafka().bootstrapServers(), START_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The heap's maximum less what the process holds now, its models loaded (measured after a collection). */
    private static long heapForOneArticle() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long held = runtime.totalMemory() - runtime.freeMemory();
        long forOne = runtime.maxMemory() - held;
        LOG.info("enrich: {} MB of heap, {} MB held after start: an article needing more than {} MB ({} characters) "
                + "is dead-lettered before it is begun", runtime.maxMemory() >> 20, held >> 20, forOne >> 20,
                forOne / EnrichProcessor.HEAP_BYTES_PER_CHAR);
        return forOne;
    }

    /** Readiness: Kafka answers, not retrying; liveness: the loop runs. */
    private void watch() {
        KafkaWatch kafka = observability.closeLater(new KafkaWatch(config.kafka(), STAGE, observability.registry(), 5_000)
                .lagOf(config.groupId(), Topics.RAW.name())
                .keeps(config.settings(), Topics.RAW, Topics.ENRICHED, Topics.DLQ, observability.statusTopic())
                .writesTo(Topics.ENRICHED, Topics.DLQ));
        observability.health().readiness(STAGE, "kafka", kafka::problem);
        observability.watchPauses(STAGE, () -> loop, "Kafka did not take a batch, retrying with backoff");
        observability.health().liveness(STAGE, "loop", () -> {
            Thread running = thread;
            return this.running && running != null && !running.isAlive() ? "the enrich loop has stopped; restart the stage" : null;
        });
    }

    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        loop.stopWithin(thread, Duration.ofSeconds(60));
        producer.close(Duration.ofSeconds(5));
        workers.shutdownNow();
        LOG.info("enrich stopped");
    }

    private static ThreadFactory namedThreads() {
        var counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "enrich-worker-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
