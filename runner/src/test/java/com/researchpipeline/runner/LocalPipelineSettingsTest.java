package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchpipeline.contract.Settings;
import com.researchpipeline.infra.FreePort;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/pipeline run} with a bad setting of a stage, its metrics port in use, or a heap too small for enrich's
 * models, refuses before it starts the
 * broker and the node. Before, it started both (20 s and more), then publish and enrich, and only then said why.
 */
class LocalPipelineSettingsTest {

    @TempDir
    Path folder;

    @Test
    void aBadStageSettingStopsRunBeforeTheBrokerStarts() throws Exception {
        Path data = folder.resolve("data");
        try (LocalPipeline pipeline = new LocalPipeline()) {
            assertThatThrownBy(() -> pipeline.start(options(data), new Settings(Map.of("PUBLISH_BATCH_DOCUMENTS", "0",
                    "ELASTICSEARCH_URL", "http://127.0.0.1:9"))))
                    .isInstanceOf(Settings.ConfigException.class).hasMessageContaining("PUBLISH_BATCH_DOCUMENTS");
        }
        assertThat(Files.exists(data.resolve("kafka"))).as("no broker was started").isFalse();
    }

    @Test
    void aKafkaSecurityProtocolWithoutBrokersStopsRunBeforeItsOwnPlaintextBrokerStarts() throws Exception {
        Path data = folder.resolve("data");
        try (LocalPipeline pipeline = new LocalPipeline()) {
            assertThatThrownBy(() -> pipeline.start(options(data), new Settings(Map.of("KAFKA_SECURITY_PROTOCOL",
                    "SASL_SSL", "KAFKA_SASL_USERNAME", "u", "KAFKA_SASL_PASSWORD", "p",
                    "ELASTICSEARCH_URL", "http://127.0.0.1:9"))))
                    .isInstanceOf(Settings.ConfigException.class)
                    .hasMessage("KAFKA_SECURITY_PROTOCOL=SASL_SSL needs KAFKA_BOOTSTRAP_SERVERS (a secured cluster): "
                            + "the broker run starts itself speaks PLAINTEXT only");
        }
        assertThat(Files.exists(data.resolve("kafka"))).as("no broker was started").isFalse();
    }

    @Test
    void aMetricsPortInUseStopsRunBeforeTheBrokerStarts() throws Exception {
        Path data = folder.resolve("data");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             LocalPipeline pipeline = new LocalPipeline()) {
            Settings env = new Settings(Map.of("PIPELINE_METRICS_PORT", Integer.toString(taken.getLocalPort()),
                    "ELASTICSEARCH_URL", "http://127.0.0.1:9"));
            assertThatThrownBy(() -> pipeline.start(options(data), env))
                    .hasMessageContaining("port " + taken.getLocalPort()).hasMessageContaining("PIPELINE_METRICS_PORT");
        }
        assertThat(Files.exists(data.resolve("kafka"))).as("no broker was started").isFalse();
    }

    @Test
    void aHeapTooSmallForEnrichStopsRunBeforeTheBrokerStarts() throws Exception {
        // before: the broker and the node started (20 s and more) while the models loaded, and run refused after
        Path data = folder.resolve("data");
        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-cp", System.getProperty("java.class.path"), Pipeline.class.getName(), "run",
                "--inbox", folder.resolve("inbox").toString(), "--data", data.toString(),
                "--kafka-port", Integer.toString(FreePort.find()),
                "--elasticsearch-port", Integer.toString(FreePort.find()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(run.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).isEqualTo(1);
        assertThat(err).contains("could not start the pipeline: enrich's models do not fit in its heap of")
                .contains("PIPELINE_JAVA_OPTS");
        assertThat(Files.exists(data.resolve("kafka"))).as("no broker was started").isFalse();
        assertThat(Files.exists(data.resolve("elasticsearch"))).as("no node was started").isFalse();
    }

    private LocalOptions options(Path data) {
        return new LocalOptions(folder.resolve("inbox"), data, 0, 0, "256m");
    }
}
