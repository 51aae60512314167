package com.researchpipeline.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft broker in its own JVM ({@code kafka.Kafka}, from this JVM's own classpath), so that it
 * can be killed and restarted while clients keep running: for fault tests. Its ports and log folder stay the
 * same across {@link #kill()}/{@link #stop()} and {@link #start()}. It dies with this JVM
 * ({@link ParentDeathSignal}). Not thread-safe.
 */
public final class KafkaProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaProcess.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path dataDir;
    private final int brokerPort;
    private final Path config;
    private Process process;

    private KafkaProcess(Path dataDir, int brokerPort, Path config) {
        this.dataDir = dataDir;
        this.brokerPort = brokerPort;
        this.config = config;
    }

    /** Formats a new log in {@code dataDir} (unless one is there), starts the broker and waits until it answers. */
    public static KafkaProcess start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    /** As {@link #start(Path)}, with broker settings of the test's own ({@code auto.create.topics.enable}, ...). */
    public static KafkaProcess start(Path dataDir, Map<String, String> settings) {
        Path dir = dataDir.toAbsolutePath();
        int brokerPort = FreePort.find();
        Properties props = EmbeddedKafka.serverProperties(dir, brokerPort, FreePort.find());
        props.putAll(settings);
        EmbeddedKafka.formatIfNew(dir, props);
        Path config = dir.resolve("server.properties");
        try (var out = Files.newOutputStream(config)) {
            props.store(out, "written by KafkaProcess");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        KafkaProcess kafka = new KafkaProcess(dir, brokerPort, config);
        kafka.start();
        return kafka;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** Starts the stopped or killed broker again on the same ports and log; returns once it answers. */
    public void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "kafka.Kafka", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(ParentDeathSignal.wrap(command))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("console.log").toFile()));
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        try {
            process = ParentDeathSignal.start(builder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Kafka broker process", e);
        }
        awaitReady();
        LOG.info("Kafka broker process {} listening on {} (log in {})", process.pid(), bootstrapServers(), dataDir);
    }

    /** SIGKILL, as a crash or the OOM killer would: nothing is flushed or handed over. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitForExit(Duration.ofSeconds(10));
            LOG.info("Kafka broker process killed");
        }
    }

    /** SIGTERM: a controlled shutdown, SIGKILL after 30 s. */
    public void stop() {
        if (process != null) {
            process.destroy();
            if (!waitForExit(Duration.ofSeconds(30))) {
                kill();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void awaitReady() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        try (Admin admin = Admin.create(props)) {
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the Kafka broker process exited with code " + process.exitValue()
                            + " while starting: see " + dataDir.resolve("console.log"));
                }
                try {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for Kafka", e);
                    }
                }
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("the Kafka broker process did not answer within " + START_TIMEOUT.toSeconds()
                + " s: see " + dataDir.resolve("console.log"));
    }
}
