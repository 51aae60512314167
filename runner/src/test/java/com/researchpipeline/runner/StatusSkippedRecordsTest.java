package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.Settings;
import com.researchpipeline.observability.Observability;
import io.micrometer.core.instrument.FunctionCounter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records deleted from a stage's input topic before it read them are articles lost: status says so. */
class StatusSkippedRecordsTest {

    @TempDir
    Path inbox;

    @Test
    void statusCountsTheRecordsAStageFoundDeletedAndIsNotHealthy() throws Exception {
        int port = PrometheusText.freePort();
        int nobody = PrometheusText.freePort();
        AtomicLong skipped = new AtomicLong(3);
        try (Observability enrich = Observability.from(new Settings(Map.of("ENRICH_METRICS_PORT",
                Integer.toString(port))), "ENRICH_METRICS_PORT", 0)) {
            enrich.health().readiness("enrich", "kafka", () -> null);
            FunctionCounter.builder("pipeline.records.skipped", skipped, AtomicLong::get).tag("stage", "enrich")
                    .register(enrich.registry());
            Settings env = new Settings(Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + nobody,
                    "ELASTICSEARCH_URL", "http://127.0.0.1:" + nobody,
                    "PIPELINE_HEALTH_URLS", "http://127.0.0.1:" + port,
                    "INGEST_INBOX", inbox.toString()));
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            int code = StatusCommand.run(List.of(), env, print(out), print(new ByteArrayOutputStream()));

            assertThat(code).isEqualTo(1);
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .contains("3 record(s) were deleted from its input topic (retention, delete-records) before it read them")
                    .contains("3 record(s) deleted before enrich read them");
        }
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
