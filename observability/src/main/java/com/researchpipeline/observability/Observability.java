package com.researchpipeline.observability;

import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.StatusEvent;
import com.researchpipeline.contract.StatusTopic;
import com.researchpipeline.contract.Topic;
import com.researchpipeline.contract.TopicAdmin;
import com.researchpipeline.contract.consumer.ConsumerLoop;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What one process offers to be watched: one Prometheus registry and one set of health checks for every stage
 * it runs, served over HTTP when a port is set, and a {@link StatusReporter} per stage for {@code articles.status}.
 * Settings: {@code METRICS_HOST} (default 127.0.0.1; 0.0.0.0 in containers), the port variable the caller names
 * ({@code INGEST_METRICS_PORT}, ...; {@code 0} or {@code off} serves nothing), {@code STATUS_TOPIC} and
 * {@code STATUS_RETENTION}. Thread-safe.
 */
public final class Observability implements AutoCloseable {

    public static final String HOST = "METRICS_HOST";
    public static final String PORT = "METRICS_PORT";
    public static final String STATUS_TOPIC = "STATUS_TOPIC";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Health health = new Health();
    private final KafkaSettings kafka;
    private final Settings settings;
    private final Topic<StatusEvent> statusTopic;
    private final boolean reportStatus;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private ObservabilityServer server;

    private Observability(Settings settings, KafkaSettings kafka, Topic<StatusEvent> statusTopic, boolean reportStatus) {
        this.settings = settings;
        this.kafka = kafka;
        this.statusTopic = statusTopic;
        this.reportStatus = reportStatus;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /**
     * For a process: status events to the configured topic, and the HTTP endpoints on the port in
     * {@code portVariable} (default {@code defaultPort}) unless it is 0 or off.
     */
    public static Observability from(Settings settings, String portVariable, int defaultPort) {
        Topic<StatusEvent> topic = StatusTopic.configured(settings).named(
                settings.string(STATUS_TOPIC, StatusTopic.configured(settings).name()));
        Observability observability = new Observability(settings, KafkaSettings.from(settings), topic, true);
        int port = port(settings, portVariable, defaultPort);
        if (port > 0) {
            observability.server = new ObservabilityServer(settings.string(HOST, "127.0.0.1"), port,
                    observability.registry, observability.health);
        }
        return observability;
    }

    /** Metrics and checks in memory only, no status events, nothing served: tests of a stage's logic. */
    public static Observability inMemory() {
        return new Observability(null, null, null, false);
    }

    /** The stage's own variable, else {@code METRICS_PORT} (one stage per container), else the default; 0: none. */
    public static int port(Settings settings, String variable, int defaultPort) {
        String name = settings.string(variable, null) != null ? variable : PORT;
        String raw = settings.string(name, Integer.toString(defaultPort));
        if (raw.toLowerCase(Locale.ROOT).equals("off")) {
            return 0;
        }
        int port = settings.integer(name, defaultPort);
        if (port < 0 || port > 65535) {
            throw new Settings.ConfigException(name + "='" + raw + "' is not a port (1-65535), 0 or off");
        }
        return port;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The metrics in Prometheus' text format, as {@code /metrics} serves them. */
    public String scrape() {
        return registry.scrape();
    }

    public Health health() {
        return health;
    }

    /** The status topic the stages of this process write to; null when in memory only. */
    public Topic<StatusEvent> statusTopic() {
        return statusTopic;
    }

    /** A reporter for one stage's events, closed with this object; creates the status topic when missing. */
    public synchronized StatusReporter statusReporter(String stage) {
        if (!reportStatus) {
            return StatusReporter.NONE;
        }
        TopicAdmin.ensureTopics(kafka, settings, statusTopic);
        StatusReporter reporter = new StatusReporter(kafka, stage + "-status", statusTopic.name());
        resources.add(reporter);
        registry.gauge("pipeline.status.events.dropped", io.micrometer.core.instrument.Tags.of("stage", stage),
                reporter, StatusReporter::dropped);
        return reporter;
    }

    /**
     * The {@code pipeline.paused} gauge, the {@code pipeline.records.skipped} counter and the "retries" readiness
     * check of a stage's consumer loop, all read
     * from the loop itself ({@code loop} gives null before the stage starts). Readiness names the loop's retry
     * causes with their detail and what to do ({@link ConsumerLoop#retryReason()}); {@code whilePaused} when
     * it has none.
     */
    public void watchPauses(String stage, Supplier<ConsumerLoop> loop, String whilePaused) {
        Supplier<Boolean> paused = () -> {
            ConsumerLoop current = loop.get();
            return current != null && current.isPaused();
        };
        Gauge.builder("pipeline.paused", paused, p -> p.get() ? 1 : 0).description("1 while the stage is paused, retrying")
                .tag("stage", stage).strongReference(true).register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("pipeline.records.skipped", loop, l -> {
                    ConsumerLoop current = l.get();
                    return current == null ? 0 : current.skippedRecords();
                }).description("records deleted from the input topic (retention, delete-records) before the stage read "
                        + "them: never processed; the WARN log names partition and offsets")
                .tag("stage", stage).register(registry);
        health.readiness(stage, "retries", () -> {
            ConsumerLoop current = loop.get();
            String failing = current == null ? null : current.failure();
            if (failing != null) {
                return "failing: every attempt to consume fails (" + failing + "), so nothing is processed: the ERROR "
                        + "log has the stack trace";
            }
            String reason = current == null ? null : current.retryReason();
            return !paused.get() ? null : "paused: " + (reason == null ? whilePaused : reason);
        });
    }

    /** The port the HTTP endpoints listen on, or 0 when nothing is served. */
    public int port() {
        return server == null ? 0 : server.port();
    }

    /** Closes {@code resource} with this object (probes, lag meters). */
    public synchronized <T extends AutoCloseable> T closeLater(T resource) {
        resources.add(resource);
        return resource;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(Observability.class).warn("closing {} failed: {}", resource, e.toString());
            }
        }
        resources.clear();
    }
}
