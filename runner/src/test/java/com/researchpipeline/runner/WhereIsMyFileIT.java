package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.StatusEvent;
import com.researchpipeline.contract.Topics;
import com.researchpipeline.infra.TestInfrastructure;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole local pipeline, watched: a good file, a rejected file and a record enrich dead-letters each give the
 * right trace; status counts what was dropped; /metrics moves as the files flow; /health/ready answers.
 */
class WhereIsMyFileIT {

    private static LocalPipeline pipeline;
    private static Path inbox;
    private static Settings env;
    private static int port;
    private static PrometheusText before;
    private static final String BAD_KEY = "not-an-article-" + System.nanoTime();
    /** An alias of its own: the end-to-end test counts the documents of 'articles'. */
    private static final String ALIAS = "articles-status-it-" + System.nanoTime();

    @BeforeAll
    static void dropAGoodFileABadFileAndABadRecord() throws Exception {
        TestInfrastructure infra = TestInfrastructure.shared();
        inbox = infra.newFolder("inbox-status-");
        port = PrometheusText.freePort();
        Map<String, String> values = new HashMap<>();
        values.put(KafkaSettings.BOOTSTRAP_SERVERS, infra.kafkaBootstrapServers());
        values.put("ELASTICSEARCH_URL", infra.elasticsearchUrl());
        values.put("INGEST_INBOX", inbox.toString());
        values.put("INGEST_STABLE_FOR", "300ms");
        values.put("INGEST_POLL_INTERVAL", "100ms");
        values.put("PIPELINE_METRICS_PORT", Integer.toString(port));
        values.put("PIPELINE_HEALTH_URLS", "http://127.0.0.1:" + port);
        values.put("STATUS_TOPIC", "articles.status.it" + System.nanoTime());
        values.put("PUBLISH_ALIAS", ALIAS);
        env = new Settings(values);
        pipeline = new LocalPipeline();
        pipeline.start(LocalOptions.parse(List.of("--inbox", inbox.toString()), env), env);
        before = PrometheusText.scrape(port);

        Files.createDirectories(inbox.resolve("drop"));
        try (InputStream in = WhereIsMyFileIT.class.getResourceAsStream("/seeds/seed-001.txt")) {
            Files.copy(in, inbox.resolve("drop/good.txt"));
        }
        Files.write(inbox.resolve("binary.txt"), new byte[] {'B', 'I', 'N', 1, 0, 0, 0, 1, 2, 0, 0, 9, 0, 0});
        try (var producer = new KafkaProducer<byte[], byte[]>(new KafkaSettings(infra.kafkaBootstrapServers())
                .producer("status-it"))) {
            producer.send(new ProducerRecord<>(Topics.RAW.name(), BAD_KEY.getBytes(StandardCharsets.UTF_8),
                    "{ this is not JSON".getBytes(StandardCharsets.UTF_8))).get();
        }
        await("the good file traced to its document", () -> run("trace", "drop/good.txt").contains("INDEXED"));
        await("the binary file traced to its rejection", () -> run("trace", "binary.txt").contains("REJECTED"));
        await("the bad record traced to its dead letter", () -> run("trace", BAD_KEY).contains("DEAD_LETTERED"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (pipeline != null) {
            pipeline.close();
        }
        // the bad record's dead letter is this test's own: count it as handled, so that the redrive test,
        // which shares articles.dlq, finds only its own
        var props = new java.util.Properties();
        props.put("bootstrap.servers", TestInfrastructure.shared().kafkaBootstrapServers());
        try (var admin = org.apache.kafka.clients.admin.Admin.create(props)) {
            var partitions = admin.describeTopics(List.of(Topics.DLQ.name())).allTopicNames().get()
                    .get(Topics.DLQ.name()).partitions();
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(new org.apache.kafka.common.TopicPartition(Topics.DLQ.name(), p.partition()),
                    org.apache.kafka.clients.admin.OffsetSpec.latest()));
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) ->
                    ends.put(tp, new org.apache.kafka.clients.consumer.OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(OperationsCommand.REDRIVE_GROUP, ends).all().get();
        }
    }

    @Test
    void aGoodFileIsTracedThroughEveryStageInOrderAndByItsArticleIdToo() {
        String trace = run("trace", "drop/good.txt");
        assertThat(trace).containsSubsequence("trace of file drop/good.txt (article ", "ingest", "DISCOVERED",
                "ingest", "INGESTED", "words", "enrich", "ENRICHED", "institution", "model",
                "publish", "INDEXED", "into " + ALIAS + "-v", "searchable");
        String id = trace.substring(trace.indexOf("(article ") + 9, trace.indexOf("(article ") + 9 + 64);
        assertThat(run("trace", id)).isEqualTo(trace);
        assertThat(run("trace", inbox.resolve(".done/drop/good.txt").toString())).isEqualTo(trace);
    }

    @Test
    void aRejectedFileIsTracedWithItsReasonAndWhatToDo() {
        assertThat(run("trace", "binary.txt")).containsSubsequence("trace of file binary.txt", "DISCOVERED",
                "REJECTED", "what is wrong: the file holds binary data", "what to do:", "drop the article as",
                "=> rejected");
    }

    @Test
    void aDeadLetteredRecordIsTracedWithTheStageAndTheException() {
        assertThat(run("trace", BAD_KEY)).containsSubsequence("trace of record " + BAD_KEY, "enrich",
                "DEAD_LETTERED", "SerializationException", "what is wrong: not a valid RawArticle",
                "bin/pipeline redrive", "=> dead-lettered by enrich");
    }

    @Test
    void aFileKnownOnlyFromItsArticlesEventsIsTracedFromThem() throws Exception {
        // an article another producer put on articles.raw, or re-enriched after its ingest events aged out
        String id = "f0".repeat(32);
        String name = "foreign-" + System.nanoTime() + ".txt";
        StatusEvent enriched = StatusEvent.of(StatusEvent.Kind.ENRICHED, "enrich", Instant.now()).articleId(id)
                .path("/elsewhere/" + name).entities(Map.of("disease", 1)).modelVersion("m").millis(5).build();
        try (var producer = new KafkaProducer<byte[], byte[]>(new KafkaSettings(TestInfrastructure.shared()
                .kafkaBootstrapServers()).producer("status-it"))) {
            producer.send(new ProducerRecord<>(env.string("STATUS_TOPIC", null), id.getBytes(StandardCharsets.UTF_8),
                    JsonSerde.toBytes(enriched))).get();
        }
        assertThat(run("trace", name)).containsSubsequence("/elsewhere/" + name, "ENRICHED",
                "=> in flight: on articles.enriched");
    }

    @Test
    void anUnknownFileIsSaidToBeUnknown() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TraceCommand.run(List.of("never-dropped.txt"), env, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nothing is known of 'never-dropped.txt'");
    }

    @Test
    void statusCountsWhatWasDroppedAndShowsEveryStageUp() {
        String status = run("status");
        System.out.println("---- bin/pipeline status\n" + status + "---- bin/pipeline trace drop/good.txt\n"
                + run("trace", "drop/good.txt") + "---- bin/pipeline trace binary.txt\n" + run("trace", "binary.txt")
                + "---- bin/pipeline trace " + BAD_KEY + "\n" + run("trace", BAD_KEY));
        assertThat(status).containsPattern("stages +ingest +UP \\(ready\\)")
                .containsPattern("enrich +UP \\(ready\\)").containsPattern("publish +UP \\(ready\\)")
                .contains("today         2 files: 1 done, 0 in flight, 1 failed (1 rejected, 0 dead-lettered); "
                        + "1 record(s) without a file dead-lettered")
                .containsPattern("dead letters +[0-9]+ not yet redriven \\(enrich [1-9]")
                .contains("0 files waiting in " + inbox)
                .containsPattern("consumer lag +enrich +0 records of articles.raw")
                .contains("drop/good.txt (article ").contains("from drop to searchable")
                .contains("documents     1 in alias " + ALIAS);
    }

    @Test
    void metricsMoveAsFilesFlow() throws Exception {
        PrometheusText after = PrometheusText.scrape(port);
        System.out.println("---- metric names: " + after.samples().stream().map(PrometheusText.Sample::name)
                .filter(n -> n.startsWith("pipeline") || n.toLowerCase().startsWith("camel")).distinct().sorted().toList());
        assertThat(after.value("pipeline_files_discovered_total", "stage", "ingest")
                - before.value("pipeline_files_discovered_total", "stage", "ingest")).isEqualTo(2);
        assertThat(after.value("pipeline_files_rejected_total", "stage", "ingest", "reason", "binary")
                - before.value("pipeline_files_rejected_total", "stage", "ingest", "reason", "binary")).isEqualTo(1);
        for (String stage : List.of("ingest", "enrich", "publish")) {
            assertThat(after.value("pipeline_articles_produced_total", "stage", stage)
                    - before.value("pipeline_articles_produced_total", "stage", stage)).as(stage).isEqualTo(1);
        }
        assertThat(after.value("pipeline_dead_letters_total", "stage", "enrich")
                - before.value("pipeline_dead_letters_total", "stage", "enrich")).isEqualTo(1);
        assertThat(after.value("pipeline_entities_total", "type", "INSTITUTION")).isPositive();
        assertThat(after.value("pipeline_enrichment_time_seconds_count")).isEqualTo(1);
        assertThat(after.value("pipeline_end_to_end_seconds_count")).isEqualTo(1);
        assertThat(after.value("pipeline_end_to_end_seconds_bucket", "le", "60.0")).isEqualTo(1);
        assertThat(after.value("pipeline_bulk_time_seconds_count")).isPositive();
        assertThat(after.matching("pipeline_consumer_lag", "stage", "enrich")).isNotEmpty();
        assertThat(after.value("pipeline_paused", "stage", "publish")).isZero();
        assertThat(after.matching("CamelExchangesTotal").size() + after.matching("camel_exchanges_total").size())
                .as("Camel's route metrics").isPositive();
    }

    @Test
    void statusEventsAreSearchableInThePipelineStatusIndex() throws Exception {
        String trace = run("trace", "drop/good.txt");
        String id = trace.substring(trace.indexOf("(article ") + 9, trace.indexOf("(article ") + 9 + 64);
        HttpClient http = HttpClient.newHttpClient();
        String query = "{\"query\":{\"bool\":{\"filter\":[{\"term\":{\"articleId\":\"" + id + "\"}},"
                + "{\"term\":{\"kind\":\"INDEXED\"}},{\"range\":{\"endToEndMillis\":{\"gt\":0}}}]}}}";
        Instant deadline = Instant.now().plusSeconds(30);
        int hits = 0;
        while (hits == 0 && Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
                    TestInfrastructure.shared().elasticsearchUrl() + "/pipeline-status/_count"))
                    .header("Content-Type", "application/json")
                    .method("POST", HttpRequest.BodyPublishers.ofString(query)).build(), HttpResponse.BodyHandlers.ofString());
            hits = response.statusCode() == 200
                    ? com.researchpipeline.contract.JsonSerde.mapper().readTree(response.body()).get("count").asInt() : 0;
            Thread.sleep(500);
        }
        assertThat(hits).as("INDEXED event of " + id + " in pipeline-status").isGreaterThanOrEqualTo(1);
    }

    @Test
    void everyStageIsLiveAndReady() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/health/live", "/health/ready")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + path)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        }
    }

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        List<String> rest = List.of(args).subList(1, args.length);
        if (args[0].equals("trace")) {
            TraceCommand.run(rest, env, o, e);
        } else {
            StatusCommand.run(rest, env, o, e);
        }
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    private static void await(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            if (done.getAsBoolean()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(what + " within 90 s: " + run("status"));
    }
}
