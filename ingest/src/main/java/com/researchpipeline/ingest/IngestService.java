package com.researchpipeline.ingest;

import com.researchpipeline.contract.Elapsed;
import com.researchpipeline.contract.TopicAdmin;
import com.researchpipeline.contract.Topics;
import java.io.File;
import com.researchpipeline.observability.KafkaWatch;
import com.researchpipeline.observability.Observability;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import java.util.HashMap;
import java.util.List;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.component.file.FileComponent;
import org.apache.camel.component.file.FileConsumer;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest stage: watches the inbox and publishes each article to the raw topic, each rejected file to
 * the dead-letter topic. {@link #start()} creates missing topics, then returns once a file dropped into the
 * inbox will be processed (files already there are processed first, as a backfill). {@link #close()}
 * finishes the files in progress and stops; it is idempotent. Not meant to be started twice.
 */
public final class IngestService implements com.researchpipeline.contract.Stage {

    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    private static final String CLIENT_ID = "ingest";

    private final IngestConfig config;
    private final ArticleIntake.FileReader reader;
    private final Clock clock;
    private final Clock waits;
    private final Observability observability;
    private CamelContext camel;
    private boolean closed;
    /** Set first on close: the poller takes no more files. */
    private volatile boolean stopping;

    /** Abandoned extraction workers (they ignored an interruption) that may still run before new files wait. */
    static final int MAX_ABANDONED_WORKERS = 8;

    /** Files Camel's listings may mark "in progress" at once (Camel's own default). */
    private static final int IN_PROGRESS_CAPACITY = 50_000;

    private FileProcessingGuard guard;
    private InboxWatcher watcher = InboxWatcher.NONE;
    /** The C library inotify is reached through: tests pass one that fails, to prove the fallback. */
    private LibC.Calls libc = LibC.calls();

    /** A stage whose metrics and checks stay in memory and which reports no status events. */
    public IngestService(IngestConfig config) {
        this(config, Observability.inMemory());
    }

    /** A stage that reports its status events, metrics and health through {@code observability}. */
    public IngestService(IngestConfig config, Observability observability) {
        this(config, null, Clock.systemUTC(), Elapsed.clock(), observability);
    }

    /** For tests that need a file to vanish or turn unreadable between listing and reading; null: the usual reader. */
    IngestService(IngestConfig config, ArticleIntake.FileReader reader, Clock clock) {
        this(config, reader, clock, Observability.inMemory());
    }

    IngestService(IngestConfig config, ArticleIntake.FileReader reader, Clock clock, Observability observability) {
        this(config, reader, clock, clock, observability);
    }

    /**
     * {@code clock} dates what happens (and is compared with files' modification times); {@code waits} measures
     * pauses and ages, so that the wall clock set back cannot make a pause of seconds last an hour.
     */
    private IngestService(IngestConfig config, ArticleIntake.FileReader reader, Clock clock, Clock waits,
                          Observability observability) {
        this.config = config;
        this.reader = reader != null ? reader : file -> ArticleIntake.readBounded(file, config.inbox(), config.maxFileSize());
        this.clock = clock;
        this.waits = waits;
        this.observability = observability;
    }

    /** For tests: reach inotify through {@code calls} (one that fails as a full kernel would); before {@link #start}. */
    IngestService inotifyThrough(LibC.Calls calls) {
        this.libc = calls;
        return this;
    }

    @Override
    public String name() {
        return IntakeSteps.STAGE;
    }

    @Override
    public synchronized void start() {
        if (camel != null || closed) {
            throw new IllegalStateException("the ingest stage starts once");
        }
        TopicAdmin.ensureTopics(config.kafka(), config.topicSettings(),
                Topics.RAW.named(config.rawTopic()), Topics.DLQ.named(config.dlqTopic()));
        Inbox inbox = new Inbox(config.inbox());
        RetryBackoff backoff = new RetryBackoff(RetryBackoff.FIRST, config.maxRetryBackoff(), waits);
        BackfillProgress progress = new BackfillProgress(WaitingFiles.count(inbox.root()),
                config.progressInterval(), clock);
        Properties producer = config.kafka().producer(CLIENT_ID);
        EventSizeLimit eventLimit = EventSizeLimit.of(config.kafka(), producer, config.rawTopic());
        guard = new FileProcessingGuard(config.extractTimeout(), MAX_ABANDONED_WORKERS);
        ArticleCleaner cleaner = new ArticleCleaner(config.maxText());
        cleaner.warmUp();
        IngestObserver observer = new IngestObserver(observability.statusReporter(name()), observability.registry(), waits);
        UnmovableFiles unmovable = new UnmovableFiles(waits, config.stuckAfter());
        IntakeSteps steps = new IntakeSteps(
                new ArticleIntake(inbox, cleaner, config.maxFileSize(), eventLimit, reader,
                        guard, clock),
                inbox, progress, backoff, clock, waits, observer, unmovable);
        CamelContext context = new DefaultCamelContext();
        WakeablePollScheduler poller = new WakeablePollScheduler(config.pollInterval().toMillis());
        InboxListings listings = new InboxListings(inbox.root(), InboxListings.overdueAfter(config), poller,
                () -> stopping, unmovable::forgetGone);
        if (config.instantPickup()) {
            LibC.Calls calls = libc;
            // a watcher that fails while running is started again after a back-off
            watcher = RearmingInboxWatcher.start(() -> InotifyInboxWatcher.start(calls, inbox.root(), config.stableFor(),
                    poller::wake), RearmingInboxWatcher.REARM);
        } else {
            LOG.info("instant pickup is off (INGEST_INSTANT_PICKUP=false): every file is taken once unchanged for {}",
                    config.stableFor());
        }
        try {
            watch(context, backoff, observer, listings);
            IngestObserver.watchArchive(observability, unmovable);
            context.getShutdownStrategy().setTimeout(config.sendTimeout().toSeconds() + 10);
            context.getShutdownStrategy().setLogInflightExchangesOnTimeout(true);
            context.addComponent("kafka", kafkaComponent());
            PickupPolicy pickup = new PickupPolicy(config.stableFor(), backoff, clock, waits, watcher);
            observability.health().readiness(name(), "folders", pickup::problem);
            Endpoint inboxEndpoint = inboxEndpoint(context, inbox, pickup, poller, listings, backoff);
            Endpoint dlqTopic = context.getEndpoint("kafka:" + config.dlqTopic());
            context.addRoutes(new IngestErrorPolicy(backoff, steps, dlqTopic));
            context.addRoutes(new InboxRoutes(inboxEndpoint, context.getEndpoint("kafka:" + config.rawTopic()),
                    dlqTopic, steps, config.concurrency()));
            context.start();
        } catch (Exception e) {
            context.stop();
            watcher.close();
            throw new IllegalStateException("cannot start the ingest route: " + e.getMessage(), e);
        }
        camel = context;
        LOG.info("ingest watching {} (and subfolders) -> {} on {}; rejected files -> {}; {} files at a time; per file "
                + "at most {} bytes, {} characters of text, {} ms to read, {} bytes of event ({})", inbox.root(),
                config.rawTopic(), config.kafka().bootstrapServers(), config.dlqTopic(), config.concurrency(),
                config.maxFileSize(), config.maxText(), config.extractTimeout().toMillis(), eventLimit.maxEventBytes(),
                eventLimit.origin());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopping = true;
        if (guard != null) {
            guard.close(); // the file being read now stays in the inbox; the stop does not wait for it
        }
        if (camel != null) {
            camel.stop();
            LOG.info("ingest stopped");
        }
        watcher.close();
    }

    /** Camel's route metrics into the stage's registry, and the readiness checks of ingest. */
    private void watch(CamelContext context, RetryBackoff backoff, IngestObserver observer, InboxListings listings) {
        context.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, observability.registry());
        context.addRoutePolicyFactory(new MicrometerRoutePolicyFactory());
        KafkaWatch kafka = observability.closeLater(
                new KafkaWatch(config.kafka(), name(), observability.registry(), 5_000).keeps(config.topicSettings(),
                        Topics.RAW.named(config.rawTopic()), Topics.DLQ.named(config.dlqTopic()), observability.statusTopic())
                        .writesTo(Topics.RAW.named(config.rawTopic()), Topics.DLQ.named(config.dlqTopic())));
        IngestObserver.watch(observability, config, kafka, backoff, observer::oldestInFlight, config.stuckAfter());
        IngestObserver.watchInbox(observability, listings, watcher);
    }

    private Endpoint inboxEndpoint(CamelContext context, Inbox inbox, PickupPolicy policy, WakeablePollScheduler poller,
                                   InboxListings listings, RetryBackoff backoff) throws Exception {
        FileEndpoint endpoint = new FileEndpoint("file://ingest-inbox", context.getComponent("file", FileComponent.class)) {
            @Override
            public FileConsumer createConsumer(Processor processor) throws Exception {
                FileConsumer consumer = super.createConsumer(processor);
                // listed every INGEST_POLL_INTERVAL, and at once when inotify reports a file ready (an endpoint's
                // own scheduler option reaches its consumer only when set in the URI)
                consumer.setScheduler(poller);
                consumer.setPollStrategy(listings); // whether listings still complete: readiness check ingest/inbox
                return consumer;
            }
        };
        endpoint.setCamelContext(context);
        endpoint.setFile(new File(inbox.root().toString()));
        endpoint.setRecursive(true);
        // the route moves files itself, and only after Kafka acknowledged them
        endpoint.setNoop(true);
        endpoint.setIdempotent(false);
        // several ingest processes may watch one (shared) inbox: each file is taken by the one that claims it
        // ... and holds at most INGEST_CONCURRENCY of them at a time (the poller waits for a free slot)
        SharedInboxClaims claims = new SharedInboxClaims(inbox.root(), claimLease(), clock);
        observability.health().readiness(name(), "claims", claims::problem);
        InboxClaimReadLock readLock = new InboxClaimReadLock(claims, config.concurrency(),
                () -> !stopping && !backoff.isPausing(), listings::handedOver);
        endpoint.setExclusiveReadLockStrategy(readLock);
        // the files a listing marks "in progress" stay marked should it end in an error (or its thread die) before
        // handing them over: afterwards only those the route really holds stay marked, the others are listed again
        MemoryIdempotentRepository inProgress = (MemoryIdempotentRepository)
                MemoryIdempotentRepository.memoryIdempotentRepository(IN_PROGRESS_CAPACITY);
        endpoint.setInProgressRepository(inProgress);
        poller.afterFailedPoll(() -> {
            for (String key : List.copyOf(inProgress.getCache().keySet())) {
                if (!readLock.holds(key)) {
                    inProgress.remove(key);
                }
            }
        });
        endpoint.setFilter(policy);
        // the oldest files first, so that none waits behind newer ones while every slot is busy
        endpoint.setSorter((a, b) -> Long.compare(a.getLastModified(), b.getLastModified()));
        endpoint.setDelay(config.pollInterval().toMillis());
        endpoint.setInitialDelay(0);
        endpoint.setAutoCreate(true);
        context.addEndpoint(endpoint.getEndpointUri(), endpoint);
        return endpoint;
    }

    /** How long a claim outlives a process that died holding it: far past the longest send of one file. */
    private Duration claimLease() {
        return config.sendTimeout().multipliedBy(2).plus(Duration.ofMinutes(1));
    }

    private KafkaComponent kafkaComponent() {
        int sendTimeout = (int) Math.min(Integer.MAX_VALUE, config.sendTimeout().toMillis());
        KafkaConfiguration kafka = new KafkaConfiguration();
        kafka.setBrokers(config.kafka().bootstrapServers());
        kafka.setClientId(CLIENT_ID);
        kafka.setRequestRequiredAcks("all");
        kafka.setEnableIdempotence(true);
        kafka.setSynchronous(true);
        kafka.setRecordMetadata(false);
        Map<String, Object> producer = new HashMap<>();
        config.kafka().producer(CLIENT_ID).forEach((key, value) -> producer.put(key.toString(), value));
        // delivery.timeout must cover linger + request timeout; max.block bounds the wait for metadata
        producer.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, sendTimeout);
        producer.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(30_000, sendTimeout / 2));
        producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, sendTimeout);
        kafka.setKeySerializer(producer.get(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG).toString());
        kafka.setValueSerializer(producer.get(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG).toString());
        kafka.setAdditionalProperties(producer);
        KafkaComponent component = new KafkaComponent();
        component.setConfiguration(kafka);
        return component;
    }
}
