package com.researchpipeline.ingest;

import static com.researchpipeline.ingest.IngestHarness.awaitTrue;
import static com.researchpipeline.ingest.IngestHarness.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.infra.TestInfrastructure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stage as its own process, configured only from the environment, stopped by SIGTERM. */
class IngestApplicationIT {

    @TempDir
    Path inbox;
    @TempDir
    Path work;
    Process process;

    @AfterEach
    void killProcess() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    @Test
    void runsFromTheEnvironmentAndStopsCleanlyOnSigterm() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Path log = work.resolve("ingest.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), IngestApplication.class.getName())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", TestInfrastructure.shared().kafkaBootstrapServers());
        builder.environment().put("INGEST_INBOX", inbox.toString());
        builder.environment().put("INGEST_RAW_TOPIC", "articles.raw.app-" + suffix);
        builder.environment().put("INGEST_DLQ_TOPIC", "articles.dlq.app-" + suffix);
        builder.environment().put("INGEST_STABLE_FOR", "500ms");
        process = builder.start();

        awaitTrue("the stage says it is ready", Duration.ofSeconds(60), () -> read(log).contains("ingest ready"));
        write(inbox.resolve("seed-001.txt"), ArticleCleanerTest.resource("seed-001.txt"));
        awaitTrue("the article is in .done", Duration.ofSeconds(30),
                () -> Files.exists(inbox.resolve(".done/seed-001.txt")));

        process.destroy();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
        assertThat(read(log)).contains("ingested ").contains(" from seed-001.txt").contains("ingest stopped");
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
