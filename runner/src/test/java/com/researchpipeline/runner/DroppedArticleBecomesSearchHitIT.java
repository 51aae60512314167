package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.Topics;
import com.researchpipeline.infra.TestInfrastructure;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The walking skeleton, end to end: three seed articles dropped into the inbox become three search hits. */
class DroppedArticleBecomesSearchHitIT {

    private static final List<String> SEEDS = List.of("seed-000.txt", "seed-001.txt", "seed-002.txt");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static LocalPipeline pipeline;
    private static Path inbox;
    private static String elasticsearch;
    private static String kafka;

    @BeforeAll
    static void dropTheSeedArticles() throws IOException {
        TestInfrastructure infra = TestInfrastructure.shared();
        kafka = infra.kafkaBootstrapServers();
        elasticsearch = infra.elasticsearchUrl();
        inbox = infra.newFolder("inbox-");
        Settings env = new Settings(Map.of(KafkaSettings.BOOTSTRAP_SERVERS, kafka, "ELASTICSEARCH_URL", elasticsearch,
                "PIPELINE_METRICS_PORT", "off"));
        pipeline = new LocalPipeline();
        pipeline.start(LocalOptions.parse(List.of("--inbox", inbox.toString()), env), env);
        for (String seed : SEEDS) {
            try (InputStream in = DroppedArticleBecomesSearchHitIT.class.getResourceAsStream("/seeds/" + seed)) {
                Files.copy(in, inbox.resolve(seed));
            }
        }
        awaitDocuments(3, Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void everySeedArticleIsOneDocumentFoundByFullTextSearch() throws Exception {
        JsonNode hits = search("""
                {"query": {"match": {"body": "Ibn Sina Institute of Science"}}}""");
        assertThat(hits.at("/hits/total/value").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(hits.at("/hits/hits/0/_source/title").asText()).contains("Stem Cell Research Institutions");
        assertThat(count()).isEqualTo(3);
    }

    @Test
    void articlesAreFoundByTheirEntitiesOfEachType() throws Exception {
        for (String[] typeAndText : new String[][] {{"institution", "Ibn Sina Institute of Science"},
                {"disease", "cancer"}, {"therapy", "stem cell therapy"}}) {
            JsonNode hits = search("""
                    {"query": {"nested": {"path": "entities", "query": {"bool": {"filter": [
                      {"term": {"entities.type": "%s"}},
                      {"match_phrase": {"entities.text": "%s"}}]}}}}}""".formatted(typeAndText[0], typeAndText[1]));
            assertThat(hits.at("/hits/total/value").asInt()).as(String.join(" ", typeAndText)).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void eachArticleIsOnBothTopicsUnderTheIdOfItsDocument() throws Exception {
        Set<String> documentIds = new HashSet<>();
        search("{\"size\": 10, \"_source\": false}").at("/hits/hits").forEach(h -> documentIds.add(h.get("_id").asText()));

        // other tests send their own articles through the same topics
        assertThat(keysOn(Topics.RAW.name(), documentIds)).containsAll(documentIds);
        assertThat(keysOn(Topics.ENRICHED.name(), documentIds)).containsAll(documentIds);
    }

    @Test
    void articleTopicsKeepTheLatestEventPerArticleAndDeadLettersFourWeeks() throws Exception {
        var props = new java.util.Properties();
        props.put("bootstrap.servers", kafka);
        try (var admin = org.apache.kafka.clients.admin.Admin.create(props)) {
            for (var topic : Topics.all()) {
                var resource = new org.apache.kafka.common.config.ConfigResource(
                        org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic.name());
                var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
                topic.config().forEach((key, value) ->
                        assertThat(config.get(key).value()).as(topic.name() + " " + key).isEqualTo(value));
            }
        }
        assertThat(Topics.RAW.config()).containsEntry("cleanup.policy", "compact");
    }

    @Test
    void processedFilesAreInTheDoneFolder() throws IOException {
        try (Stream<Path> done = Files.list(inbox.resolve(".done"))) {
            assertThat(done.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(SEEDS);
        }
        try (Stream<Path> left = Files.list(inbox)) {
            assertThat(left.filter(Files::isRegularFile)).isEmpty();
        }
    }

    private static Set<String> keysOn(String topic, Set<String> wanted) {
        var props = new KafkaSettings(kafka).consumer("e2e-" + topic + "-" + System.nanoTime(), "e2e");
        Set<String> keys = new HashSet<>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(props)) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plusSeconds(30);
            while (!keys.containsAll(wanted) && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> keys.add(new String(r.key(), StandardCharsets.UTF_8)));
            }
        }
        return keys;
    }

    private static void awaitDocuments(int expected, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (count() >= expected) {
                    return;
                }
            } catch (Exception e) {
                // the alias does not exist until publish created it
            }
            sleep();
        }
        throw new AssertionError("fewer than " + expected + " documents in 'articles' after " + timeout.toSeconds()
                + " s; inbox now holds " + inbox.toFile().list().length + " entries");
    }

    private static int count() throws Exception {
        send("POST", "/articles/_refresh", null);
        return JsonSerde.mapper().readTree(send("GET", "/articles/_count", null)).get("count").asInt();
    }

    private static JsonNode search(String query) throws Exception {
        return JsonSerde.mapper().readTree(send("POST", "/articles/_search", query));
    }

    private static String send(String method, String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(elasticsearch + path))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
