package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.researchpipeline.contract.EnrichedArticle;
import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.RawArticle;
import com.researchpipeline.contract.SourceFile;
import com.researchpipeline.infra.FreePort;
import com.researchpipeline.infra.TestInfrastructure;
import com.researchpipeline.publish.PublishConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wall clock of a stage's host set back an hour (NTP stepping a clock that ran ahead, a VM resumed, {@code date
 * -s}). Publish waits to retry a closed index: before, the wait was measured on the wall clock, and the retry due
 * in 10 s came an hour later, publish holding the article with readiness naming an index that was open again. Ingest
 * has seen a file and waits for it to stay unchanged 20 s: before, that was measured on the wall clock too, and
 * the file was taken an hour later. The clock is moved for the stage's JVM alone, with libfaketime; skipped where it
 * is not installed.
 */
class ClockSetBackFaultIT {

    private static final List<Path> FAKETIME = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1"),
            Path.of("/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1"),
            Path.of("/usr/lib/faketime/libfaketimeMT.so.1"));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path folder;

    @Test
    void aRetryDueInTenSecondsComesInTenSecondsAfterTheClockIsSetBackAnHour() throws Exception {
        Path faketime = faketime();
        TestInfrastructure infra = TestInfrastructure.shared();
        String elasticsearch = infra.elasticsearchUrl();
        String marker = "clockback" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String topic = "clock-set-back-" + marker;
        String alias = "clock-" + marker;
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", infra.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Path clock = folder.resolve("faketime");
        Files.writeString(clock, "+0\n");
        int port = FreePort.find();
        Map<String, String> env = withFakeTime(faketime, clock,
                Map.entry(KafkaSettings.BOOTSTRAP_SERVERS, infra.kafkaBootstrapServers()),
                Map.entry("ELASTICSEARCH_URL", elasticsearch),
                Map.entry(PublishConfig.TOPIC, topic),
                Map.entry(PublishConfig.ALIAS, alias),
                Map.entry("PUBLISH_METRICS_PORT", Integer.toString(port)),
                Map.entry(PublishConfig.RETRY_BACKOFF, "10s"),
                Map.entry(PublishConfig.RETRY_BACKOFF_MAX, "10s"),
                // Kafka's own clients stop heart-beating until the clock catches up; the proof ends before the group
                // would drop the member (which would reset the retry by itself)
                Map.entry(KafkaSettings.SESSION_TIMEOUT, "60s"));
        try (PipelineProcess publish = PipelineProcess.run(List.of("stage", "publish"), env, folder.resolve("publish.log"))) {
            awaitTrue(() -> status("http://127.0.0.1:" + port + "/health/ready") == 200, Duration.ofSeconds(180),
                    () -> "publish ready:\n" + publish.output());
            String index = com.researchpipeline.publish.IndexTemplate.load(alias).indexName();
            awaitTrue(() -> status(elasticsearch + "/" + alias) == 200, Duration.ofSeconds(60),
                    () -> "index and alias made:\n" + publish.output());
            assertThat(post(elasticsearch + "/" + index + "/_close")).as(publish.output()).isEqualTo(200);

            send(infra.kafkaBootstrapServers(), topic, article(marker));
            awaitTrue(() -> publish.output().contains("records not finished (STORE_REFUSED"), Duration.ofSeconds(60),
                    () -> "publish retrying the closed index:\n" + publish.output());
            Files.writeString(clock, "-1h\n");
            assertThat(post(elasticsearch + "/" + index + "/_open")).isEqualTo(200);
            long opened = System.nanoTime();

            awaitTrue(() -> hits(elasticsearch, alias, marker) == 1, Duration.ofSeconds(60),
                    () -> "the article indexed within 60 s of the index opened again, the clock set back an hour:\n"
                            + publish.output());
            System.out.printf("clock set back 1 h during a 10 s retry wait: indexed %.1f s after the index opened%n",
                    (System.nanoTime() - opened) / 1e9);
        }
    }

    @Test
    void aFileSeenBeforeTheClockIsSetBackAnHourIsTakenOnceUnchangedForItsTwentySeconds() throws Exception {
        Path faketime = faketime();
        TestInfrastructure infra = TestInfrastructure.shared();
        String marker = "clockback" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Path inbox = Files.createDirectories(folder.resolve("inbox"));
        Path clock = folder.resolve("faketime");
        Files.writeString(clock, "+0\n");
        int port = FreePort.find();
        Map<String, String> env = withFakeTime(faketime, clock,
                Map.entry(KafkaSettings.BOOTSTRAP_SERVERS, infra.kafkaBootstrapServers()),
                Map.entry("INGEST_INBOX", inbox.toString()),
                Map.entry("INGEST_RAW_TOPIC", "clock-raw-" + marker),
                Map.entry("INGEST_DLQ_TOPIC", "clock-dlq-" + marker),
                // no inotify: the file is taken by the rule "seen unchanged for INGEST_STABLE_FOR"
                Map.entry("INGEST_INSTANT_PICKUP", "false"),
                Map.entry("INGEST_STABLE_FOR", "20s"),
                Map.entry("INGEST_POLL_INTERVAL", "500ms"),
                Map.entry("INGEST_METRICS_PORT", Integer.toString(port)));
        try (PipelineProcess ingest = PipelineProcess.run(List.of("stage", "ingest"), env, folder.resolve("ingest.log"))) {
            awaitTrue(() -> status("http://127.0.0.1:" + port + "/health/ready") == 200, Duration.ofSeconds(180),
                    () -> "ingest ready:\n" + ingest.output());
            Path article = inbox.resolve(marker + ".txt");
            Files.writeString(article, "A study of " + marker + " in malaria.\n\nIt was done in Lyon.\n");
            Thread.sleep(8_000); // listed many times (every 500 ms): seen, not yet unchanged for 20 s
            assertThat(article).as("not taken before its 20 s:\n" + ingest.output()).exists();
            Files.writeString(clock, "-1h\n");
            long setBack = System.nanoTime();

            awaitTrue(() -> Files.exists(inbox.resolve(".done").resolve(article.getFileName())), Duration.ofSeconds(60),
                    () -> "the file taken within 60 s, the clock set back an hour:\n" + ingest.output());
            System.out.printf("clock set back 1 h while a file waited out its 20 s: taken %.1f s after%n",
                    (System.nanoTime() - setBack) / 1e9);
        }
    }

    private static Path faketime() {
        Path faketime = FAKETIME.stream().filter(Files::isReadable).findFirst().orElse(null);
        assumeTrue(faketime != null, "libfaketime is not installed (apt-get install faketime)");
        return faketime;
    }

    @SafeVarargs
    private static Map<String, String> withFakeTime(Path faketime, Path clock, Map.Entry<String, String>... settings) {
        Map<String, String> env = new java.util.HashMap<>(Map.ofEntries(settings));
        env.put("LD_PRELOAD", faketime.toString());
        env.put("FAKETIME_TIMESTAMP_FILE", clock.toString());
        env.put("FAKETIME_NO_CACHE", "1");
        env.put("FAKETIME_DONT_FAKE_MONOTONIC", "1"); // nanoTime, the clock that must not move
        return env;
    }

    private static EnrichedArticle article(String marker) throws Exception {
        String body = "A study of " + marker + " in malaria.";
        String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(body.getBytes(StandardCharsets.UTF_8)));
        String name = marker + ".txt";
        RawArticle raw = new RawArticle(RawArticle.SCHEMA_VERSION, id, "Clock", body, List.of(), "eng", 6,
                new SourceFile(name, name, body.length(), "text/plain", Instant.now(), id), Instant.now(), "test");
        return new EnrichedArticle(EnrichedArticle.SCHEMA_VERSION, raw, List.of(), Instant.now(), "clock-test");
    }

    private static void send(String bootstrap, String topic, EnrichedArticle article) throws Exception {
        try (var producer = new KafkaProducer<byte[], byte[]>(new KafkaSettings(bootstrap).producer("clock-test"))) {
            producer.send(new ProducerRecord<>(topic, article.article().id().getBytes(StandardCharsets.UTF_8),
                    JsonSerde.toBytes(article))).get(30, TimeUnit.SECONDS);
        }
    }

    private static long hits(String elasticsearch, String alias, String marker) {
        try {
            post(elasticsearch + "/" + alias + "/_refresh");
            var response = HTTP.send(HttpRequest.newBuilder(URI.create(elasticsearch + "/" + alias + "/_count?q=" + marker))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JsonSerde.mapper().readTree(response.body()).get("count").asLong() : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static int post(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout,
                                  java.util.function.Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what.get());
            }
            Thread.sleep(250);
        }
    }
}
