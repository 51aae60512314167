package com.researchpipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.StageRunner;
import com.researchpipeline.observability.Observability;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * One 20-second outage of the real node (each restart costs 10-30 s), seen by two publishers: longer than the
 * 12 s after which readiness reports the node silent, and ten times the retry backoff's 2 s cap. And a stop
 * while a bulk request waits for the node, frozen.
 */
class ElasticsearchOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(20);

    @Test
    void indexesEveryEventExactlyOnceAcrossATwentySecondOutageWithoutRestartingEvenAPublisherStartedDuringIt()
            throws Exception {
        int port = freePort();
        try (PublishFixture fixture = new PublishFixture("outage");
             PublishFixture lateFixture = new PublishFixture("late");
             Observability observability = Observability.from(new Settings(Map.of(
                     KafkaSettings.BOOTSTRAP_SERVERS, fixture.infra.kafkaBootstrapServers(),
                     "STATUS_TOPIC", fixture.name + ".status", "PUBLISH_METRICS_PORT", Integer.toString(port))),
                     "PUBLISH_METRICS_PORT", 0);
             PublishService publisher = new PublishService(fixture.config("a"), observability);
             PublishService latePublisher = new PublishService(lateFixture.config("a"))) {
            var before = Articles.numbered(1, 10);
            var during = Articles.numbered(11, 10);
            var after = Articles.numbered(21, 10);
            publisher.start();
            fixture.send(before);
            PublishFixture.await("the first 10 indexed", Duration.ofSeconds(60), () -> fixture.count() == 10);
            PublishFixture.await("ready before the outage", Duration.ofSeconds(30), () -> ready(port) == 200);
            lateFixture.send(Articles.numbered(100, 3));
            CompletableFuture<Void> lateStarted = new CompletableFuture<>();

            fixture.infra.stopElasticsearch();
            long stoppedAt = System.nanoTime();
            try {
                startInBackground(latePublisher, lateStarted);
                fixture.send(during.subList(0, 5));
                PublishFixture.await("not ready, naming Elasticsearch, while it is down", Duration.ofSeconds(30),
                        () -> ready(port) == 503 && readiness(port).contains("Elasticsearch does not answer"));
                assertThat(lateStarted).as("start() waits for Elasticsearch instead of failing").isNotDone();
                assertThat(readiness(port)).contains("publish/elasticsearch").contains("does not answer");
                PublishFixture.await("paused on retries, said by readiness and the gauge", Duration.ofSeconds(30),
                        () -> readiness(port).contains("publish/retries") && paused(observability) == 1);
                fixture.send(during.subList(5, 10));
                Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - stoppedAt) / 1_000_000));
            } finally {
                fixture.infra.startElasticsearch();
            }
            fixture.send(after);
            PublishFixture.await("ready again once Elasticsearch is back", Duration.ofSeconds(60),
                    () -> ready(port) == 200);

            assertThat(paused(observability)).as("pipeline_paused once the retry succeeded").isZero();
            PublishFixture.await("all 30 indexed after the outage", Duration.ofSeconds(120), () -> fixture.count() == 30);
            PublishFixture.await("offsets committed", Duration.ofSeconds(30), () -> fixture.groupCaughtUp("a"));
            var stored = fixture.versionsAndSeqNos();
            var all = new ArrayList<>(before);
            all.addAll(during);
            all.addAll(after);
            assertThat(stored).containsOnlyKeys(all.stream().map(a -> a.id()).toList());
            for (var article : all) {
                assertThat(stored.get(article.id()).get(0)).isEqualTo(article.enrichedAt().toEpochMilli());
            }
            // one shard: 30 writes that took effect have sequence numbers 0..29; a second write of any
            // document would have taken a 30th
            assertThat(stored.values().stream().map(v -> v.get(1)).collect(Collectors.toSet()))
                    .as("exactly one write per event")
                    .isEqualTo(LongStream.range(0, 30).boxed().collect(Collectors.toSet()));

            // the same publisher, never restarted, is still consuming
            fixture.send(List.of(Articles.numbered(31)));
            PublishFixture.await("a new event indexed by the same publisher", Duration.ofSeconds(30),
                    () -> fixture.count() == 31);

            lateStarted.get(60, TimeUnit.SECONDS);
            PublishFixture.await("the late publisher indexed its 3", Duration.ofSeconds(60),
                    () -> lateFixture.count() == 3);
        }
    }

    @Test
    void aStopWhileABulkRequestWaitsForAFrozenNodeEndsWithinTheStopBudgetAndLosesNothing() throws Exception {
        try (PublishFixture fixture = new PublishFixture("frozen-stop")) {
            var before = Articles.numbered(1, 5);
            var during = Articles.numbered(6, 5);
            PublishService publisher = new PublishService(fixture.config("a"));
            long stopMillis;
            try {
                publisher.start();
                fixture.send(before);
                PublishFixture.await("the first 5 indexed", Duration.ofSeconds(60), () -> fixture.count() == 5);
                fixture.infra.freezeElasticsearch(true);
                try {
                    fixture.send(during);
                    PublishFixture.await("a bulk request waiting for the frozen node", Duration.ofSeconds(30),
                            ElasticsearchOutageIT::bulkInFlight);
                    long start = System.nanoTime();
                    publisher.close();
                    stopMillis = (System.nanoTime() - start) / 1_000_000;
                } finally {
                    fixture.infra.freezeElasticsearch(false);
                }
            } finally {
                publisher.close();
            }
            // past it, a stage's process is halted ("could not stop cleanly"), and under bin/pipeline run the
            // broker and the node with it
            assertThat(Duration.ofMillis(stopMillis)).as("the stop, while the bulk request waited")
                    .isLessThan(StageRunner.STOP_BUDGET);
            try (PublishService next = fixture.startPublisher("a")) {
                PublishFixture.await("all 10 indexed after the restart", Duration.ofSeconds(60),
                        () -> fixture.count() == 10);
                PublishFixture.await("offsets committed", Duration.ofSeconds(30), () -> fixture.groupCaughtUp("a"));
                var all = new ArrayList<>(before);
                all.addAll(during);
                assertThat(fixture.versionsAndSeqNos()).containsOnlyKeys(all.stream().map(a -> a.id()).toList());
            }
        }
    }

    /** True while the publish loop's thread waits inside a bulk request. */
    private static boolean bulkInFlight() {
        return Thread.getAllStackTraces().entrySet().stream()
                .anyMatch(thread -> thread.getKey().getName().equals("publish-loop")
                        && java.util.Arrays.stream(thread.getValue()).anyMatch(frame ->
                        frame.getClassName().equals(BulkPublisher.class.getName())
                                && frame.getMethodName().equals("publish")));
    }

    private static int ready(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/health/ready")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static int paused(Observability observability) {
        var gauge = java.util.regex.Pattern.compile("(?m)^pipeline_paused\\{stage=\"publish\",?} (\\S+)$")
                .matcher(observability.scrape());
        return gauge.find() ? (int) Double.parseDouble(gauge.group(1)) : -1;
    }

    private static String readiness(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void startInBackground(PublishService publisher, CompletableFuture<Void> started) {
        new Thread(() -> {
            try {
                publisher.start();
                started.complete(null);
            } catch (RuntimeException e) {
                started.completeExceptionally(e);
            }
        }, "late-start").start();
    }
}
