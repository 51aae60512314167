package com.researchpipeline.runner;

import com.researchpipeline.contract.KafkaSecurity;
import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.Printable;
import com.researchpipeline.contract.Redaction;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.Stage;
import com.researchpipeline.enrich.EnrichApplication;
import com.researchpipeline.enrich.EnrichConfig;
import com.researchpipeline.enrich.EnrichService;
import com.researchpipeline.enrich.Extractor;
import com.researchpipeline.infra.DiskSpace;
import com.researchpipeline.infra.EmbeddedKafka;
import com.researchpipeline.infra.FreePort;
import com.researchpipeline.infra.ManagedElasticsearch;
import com.researchpipeline.ingest.ArticleCleaner;
import com.researchpipeline.ingest.IngestConfig;
import com.researchpipeline.ingest.IngestService;
import com.researchpipeline.observability.Observability;
import com.researchpipeline.publish.PublishConfig;
import com.researchpipeline.publish.PublishService;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in one process: an embedded Kafka broker and an Elasticsearch child process (unless
 * {@code KAFKA_BOOTSTRAP_SERVERS} and {@code ELASTICSEARCH_URL} name running ones), then publish, enrich and
 * ingest, started downstream first so that "ready" means a dropped file goes all the way. Closing stops
 * everything in reverse order, the Elasticsearch child included. The Elasticsearch child is supervised: it is
 * restarted when it dies, and when it cannot be, {@link #failure()} completes with the reason.
 */
final class LocalPipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPipeline.class);
    private static final String METRICS_PORT = "PIPELINE_METRICS_PORT";
    private static final int DEFAULT_METRICS_PORT = 9400;

    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final CompletableFuture<String> failure = new CompletableFuture<>();
    private ManagedElasticsearch node;

    /** Starts everything and returns the Elasticsearch URL the pipeline publishes to. */
    String start(LocalOptions options, Settings env) {
        checkSettings(options, env);
        if (env.string(KafkaSettings.BOOTSTRAP_SERVERS, null) == null || env.string("ELASTICSEARCH_URL", null) == null) {
            running.push(claimDataFolder(options));
        }
        // after the claim: a second run on the same data folder is told which run holds it, not that its port is taken
        checkMetricsPort(options, env);
        CompletableFuture<Void> parsers = CompletableFuture.runAsync(() -> new ArticleCleaner().warmUp());
        // before the broker and the node (3 s): a heap too small for enrich's models stopped run only after both
        Extractor extractor = EnrichApplication.loadExtractor();
        Map<String, String> overrides = new HashMap<>();
        overrides.put("INGEST_INBOX", options.inbox().toString());
        overrides.put(KafkaSettings.BOOTSTRAP_SERVERS, kafka(options, env));
        overrides.put("ELASTICSEARCH_URL", elasticsearch(options, env));
        Settings settings = env.with(overrides);

        // one registry, one set of checks and one HTTP port for the three stages of this process
        Observability observability = Observability.from(settings, METRICS_PORT, DEFAULT_METRICS_PORT);
        running.push(observability);
        startStage(new PublishService(PublishConfig.from(settings), observability));
        startStage(new EnrichService(EnrichConfig.from(settings), extractor, observability));
        parsers.exceptionally(e -> null).join(); // a failure here, ingest's own warm-up meets again and reports
        startStage(new IngestService(IngestConfig.from(settings), observability));
        System.out.printf("ready: drop articles into %s (Kafka %s, Elasticsearch %s/articles/_search); Ctrl-C stops%n",
                options.inbox(), overrides.get(KafkaSettings.BOOTSTRAP_SERVERS),
                Redaction.url(overrides.get("ELASTICSEARCH_URL")));
        return overrides.get("ELASTICSEARCH_URL");
    }

    /**
     * Every stage's settings and the metrics port, checked before the broker and the node start: a bad value
     * stopped run only after both had started (20 s and more), and after publish and enrich had.
     */
    private static void checkSettings(LocalOptions options, Settings env) {
        Settings planned = planned(options, env);
        PublishConfig.from(planned);
        EnrichConfig.from(planned);
        IngestConfig.from(planned);
        Observability.port(planned, METRICS_PORT, DEFAULT_METRICS_PORT);
        String protocol = KafkaSettings.from(planned).security().protocol();
        if (env.string(KafkaSettings.BOOTSTRAP_SERVERS, null) == null && !protocol.equals("PLAINTEXT")) {
            throw new Settings.ConfigException(KafkaSecurity.PROTOCOL + "=" + protocol + " needs "
                    + KafkaSettings.BOOTSTRAP_SERVERS + " (a secured cluster): the broker run starts itself speaks "
                    + "PLAINTEXT only");
        }
    }

    private static void checkMetricsPort(LocalOptions options, Settings env) {
        int metricsPort = Observability.port(planned(options, env), METRICS_PORT, DEFAULT_METRICS_PORT);
        if (metricsPort > 0) {
            FreePort.requireFree(metricsPort, "metrics and health (" + METRICS_PORT + ")");
        }
    }

    private static Settings planned(LocalOptions options, Settings env) {
        return env.with(Map.of("INGEST_INBOX", options.inbox().toString()));
    }

    /**
     * The data folder, for this run alone, once it is known to be apart from the inbox and to have room: a broker
     * started on a full disk failed reading its memory-mapped index, a node with a stack trace about its log file.
     */
    private static DataFolderLock claimDataFolder(LocalOptions options) {
        requireApart(options.inbox(), options.dataDir());
        for (String part : List.of("kafka", "elasticsearch")) { // either may be a disk of its own
            DiskSpace.full(options.dataDir().resolve(part)).ifPresent(full -> {
                throw new IllegalStateException("no room for Kafka and Elasticsearch in the data folder (" + full
                        + "): free space there, or give another folder (--data DIR), then run again");
            });
        }
        return DataFolderLock.acquire(options.dataDir(), options.inbox());
    }

    /**
     * Ingest takes every file under the inbox: a data folder inside it would have the broker's log segments and the
     * node's index files taken as articles, rejected and moved to {@code .failed/} under the running broker.
     */
    static void requireApart(Path inbox, Path dataDir) {
        Path in = real(inbox);
        Path data = real(dataDir);
        if (data.startsWith(in) || in.startsWith(data)) {
            throw new IllegalStateException("the data folder " + Printable.of(dataDir.toString()) + " and the inbox "
                    + Printable.of(inbox.toString()) + " are one inside the other: ingest would take Kafka's and "
                    + "Elasticsearch's own files as articles; give them folders apart (e.g. --inbox ./inbox --data ./data)");
        }
    }

    /** The path with links resolved as far as it exists, so that a link cannot hide one folder inside the other. */
    private static Path real(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        for (Path existing = absolute; existing != null; existing = existing.getParent()) {
            try {
                return existing.toRealPath().resolve(existing.relativize(absolute));
            } catch (IOException e) {
                // not there yet: try its parent
            }
        }
        return absolute;
    }

    private String kafka(LocalOptions options, Settings env) {
        String external = env.string(KafkaSettings.BOOTSTRAP_SERVERS, null);
        if (external != null) {
            LOG.info("Using the Kafka at {} (KAFKA_BOOTSTRAP_SERVERS)", external);
            return external;
        }
        EmbeddedKafka kafka = EmbeddedKafka.start(options.dataDir().resolve("kafka"), options.kafkaPort(), false);
        kafka.whenFailed(why -> failure.complete(why + ". Nothing is lost: files not yet sent are still in the inbox, "
                + "what the broker stored is in its log. Free space or mend the folder, then run bin/pipeline run again"));
        running.push(kafka);
        return kafka.bootstrapServers();
    }

    private String elasticsearch(LocalOptions options, Settings env) {
        String external = env.string("ELASTICSEARCH_URL", null);
        if (external != null) {
            LOG.info("Using the Elasticsearch at {} (ELASTICSEARCH_URL)", Redaction.url(external));
            return external;
        }
        System.out.println("starting Elasticsearch (about 20 s) ...");
        node = ManagedElasticsearch.start(options.dataDir().resolve("elasticsearch"),
                options.elasticsearchPort(), options.elasticsearchHeap());
        running.push(new ElasticsearchSupervisor(node, options.elasticsearchRestarts(), failure::complete));
        return node.url();
    }

    /** Completes with a message when a part of the pipeline died and could not be brought back. */
    CompletableFuture<String> failure() {
        return failure;
    }

    /** The Elasticsearch child this pipeline started, if it started one. */
    Optional<ManagedElasticsearch> elasticsearchNode() {
        return Optional.ofNullable(node);
    }

    private void startStage(Stage stage) {
        stage.start();
        running.push(stage);
        LOG.info("{} started", stage.name());
    }

    @Override
    public synchronized void close() {
        while (!running.isEmpty()) {
            AutoCloseable next = running.pop();
            try {
                next.close();
            } catch (Exception e) {
                LOG.error("Could not stop {} cleanly", next.getClass().getSimpleName(), e);
            }
        }
    }
}
