package com.researchpipeline.runner;

import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.infra.ParentDeathSignal;
import com.researchpipeline.publish.PublishConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/pipeline run} in a child JVM of its own (the test's classpath, {@link Pipeline#main}), so a test can
 * kill it with SIGKILL or stop it with SIGTERM as a user would. Its output goes to a file.
 */
final class PipelineProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("ready: .* Elasticsearch (http://\\S+)/articles/_search");

    private final Process process;
    private final Path output;

    private PipelineProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static PipelineProcess run(List<String> args, Path output) throws IOException {
        return run(args, Map.of(), output);
    }

    static PipelineProcess run(List<String> args, Map<String, String> env, Path output) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), Pipeline.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(ParentDeathSignal.wrap(command))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("KAFKA_") || k.startsWith("ELASTICSEARCH_")
                || k.startsWith("INGEST_") || k.startsWith("PUBLISH_") || k.startsWith("ENRICH_"));
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        // a killed run's consumers keep their place in their groups for the session timeout, and the next run's
        // stages wait that long for their partitions: the broker's least, not Kafka's 45 s
        builder.environment().put(KafkaSettings.SESSION_TIMEOUT, "6s");
        // publish retries a node that is down at most every 2 s, as publish's own tests do, not 30 s: it resumes
        // within 2 s of the node's return
        builder.environment().put(PublishConfig.RETRY_BACKOFF_MAX, "2s");
        builder.environment().putAll(env);
        return new PipelineProcess(ParentDeathSignal.start(builder), output);
    }

    /** Waits for "ready" and returns the URL of the Elasticsearch node the pipeline publishes to. */
    String awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher ready = READY.matcher(output());
            if (ready.find()) {
                return ready.group(1);
            }
            if (!process.isAlive()) {
                throw new AssertionError("bin/pipeline run exited with " + process.exitValue() + ":\n" + output());
            }
            Thread.sleep(200);
        }
        throw new AssertionError("bin/pipeline run not ready within " + timeout.toSeconds() + " s:\n" + output());
    }

    /** Everything the pipeline printed so far. */
    String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "";
        }
    }

    /** Every process below the pipeline JVM: the Elasticsearch node's launcher and server, if it runs one. */
    List<ProcessHandle> children() {
        return process.descendants().toList();
    }

    /** SIGKILL: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, as Ctrl-C or a service manager; returns how long the pipeline took to exit, at most 60 s. */
    Duration terminate() throws InterruptedException {
        long started = System.nanoTime();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits up to {@code timeout} for the pipeline to exit by itself; returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("bin/pipeline run still running after " + timeout.toSeconds() + " s:\n" + output());
        }
        return process.exitValue();
    }

    int exitValue() {
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            List<ProcessHandle> children = children();
            kill();
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
