package com.researchpipeline.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchpipeline.contract.Settings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ObservabilityTest {

    @Test
    void theStagesOwnPortWinsThenMetricsPortThenTheDefaultAndOffServesNothing() {
        assertThat(Observability.port(new Settings(Map.of()), "INGEST_METRICS_PORT", 9401)).isEqualTo(9401);
        assertThat(Observability.port(new Settings(Map.of("METRICS_PORT", "8080")), "INGEST_METRICS_PORT", 9401))
                .isEqualTo(8080);
        assertThat(Observability.port(new Settings(Map.of("METRICS_PORT", "8080", "INGEST_METRICS_PORT", "7070")),
                "INGEST_METRICS_PORT", 9401)).isEqualTo(7070);
        assertThat(Observability.port(new Settings(Map.of("INGEST_METRICS_PORT", "off")), "INGEST_METRICS_PORT", 9401))
                .isZero();
        assertThat(Observability.port(new Settings(Map.of("INGEST_METRICS_PORT", "0")), "INGEST_METRICS_PORT", 9401))
                .isZero();
        assertThatThrownBy(() -> Observability.port(new Settings(Map.of("INGEST_METRICS_PORT", "70000")),
                "INGEST_METRICS_PORT", 9401)).hasMessageContaining("INGEST_METRICS_PORT='70000'");
    }

    @Test
    void notReadyWhileNoStageHasRegisteredItsChecksThatIsWhileItStarts() {
        Health health = new Health();
        assertThat(Health.allOk(health.ready())).as("a stage still reaching Kafka is not ready").isFalse();
        assertThat(health.ready()).singleElement().satisfies(r -> assertThat(r.problem()).startsWith("starting"));
        assertThat(Health.allOk(health.live())).isTrue();
        health.readiness("enrich", "kafka", () -> null);
        assertThat(Health.allOk(health.ready())).isTrue();
    }

    @Test
    void readinessIsServedAs503WithTheProblemAndLivenessStaysUp() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        AtomicReference<String> problem = new AtomicReference<>();
        try (Observability observability = Observability.from(new Settings(Map.of("X_PORT", Integer.toString(port),
                "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1")), "X_PORT", 0)) {
            observability.health().readiness("enrich", "retries", problem::get);
            assertThat(get(port, "/health/ready").statusCode()).isEqualTo(200);
            problem.set("paused: retrying");
            HttpResponse<String> ready = get(port, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("\"enrich/retries\":\"paused: retrying\"").contains("DOWN");
            assertThat(get(port, "/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> metrics = get(port, "/metrics");
            assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            assertThat(metrics.body()).contains("jvm_memory_used_bytes");
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
