package com.researchpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.Settings;
import com.researchpipeline.infra.TestInfrastructure;
import com.researchpipeline.observability.Observability;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A file that holds the inbox route makes ingest not ready, over HTTP, until it lets go. */
class HeldRouteIsNotReadyIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aRouteHeldOnOneFileIsNotReadyAndReadyAgainOnceTheFileIsDone() throws Exception {
        Path inbox = TestInfrastructure.shared().newFolder("inbox-held-");
        CountDownLatch release = new CountDownLatch(1);
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (IngestHarness harness = new IngestHarness(inbox, Map.of("INGEST_STUCK_AFTER", "1s"));
             Observability observability = Observability.from(new Settings(Map.of(
                     "KAFKA_BOOTSTRAP_SERVERS", TestInfrastructure.shared().kafkaBootstrapServers(),
                     "STATUS_TOPIC", "articles.status.held" + System.nanoTime(),
                     "INGEST_METRICS_PORT", Integer.toString(port))), "INGEST_METRICS_PORT", 0);
             IngestService service = new IngestService(harness.config, file -> {
                 if (file.getFileName().toString().equals("held.txt")) {
                     try {
                         release.await(60, TimeUnit.SECONDS);
                     } catch (InterruptedException e) {
                         Thread.currentThread().interrupt();
                     }
                 }
                 return Files.readAllBytes(file);
             }, Clock.systemUTC(), observability)) {
            service.start();
            IngestHarness.awaitTrue("ready before any file", Duration.ofSeconds(30), () -> ready(port) == 200);

            IngestHarness.write(inbox.resolve("held.txt"), "A short article about cancer research.\n".getBytes(StandardCharsets.UTF_8));
            IngestHarness.awaitTrue("not ready while the route is held", Duration.ofSeconds(30), () -> ready(port) == 503);
            assertThat(body(port)).contains("ingest/route").contains("oldest of the files in flight");

            release.countDown();
            IngestHarness.awaitTrue("ready again once the file is done", Duration.ofSeconds(30), () -> ready(port) == 200);
            assertThat(IngestHarness.filesBelow(inbox.resolve(".done"))).containsExactly("held.txt");
            assertThat(observability.scrape()).contains("pipeline_files_discovered_total{stage=\"ingest\"} 1.0");
        }
    }

    private int ready(int port) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private String body(int port) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
