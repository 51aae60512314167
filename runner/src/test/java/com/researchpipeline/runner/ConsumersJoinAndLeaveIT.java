package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.EnrichedArticle;
import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.RawArticle;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.SourceFile;
import com.researchpipeline.contract.TopicAdmin;
import com.researchpipeline.contract.Topics;
import com.researchpipeline.enrich.EnrichConfig;
import com.researchpipeline.enrich.EnrichService;
import com.researchpipeline.enrich.Extractor;
import com.researchpipeline.infra.TestInfrastructure;
import com.researchpipeline.publish.PublishConfig;
import com.researchpipeline.publish.PublishService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scale-out of the consumer groups on a real broker and node: consumers of enrich and publish join, leave
 * and are killed while articles stream in, and every article, counted by a marker unique to the test, comes
 * out once: none lost, none doubled.
 */
class ConsumersJoinAndLeaveIT {

    private static final int ARTICLES = 240;
    /** Stands for the extractor: the group's hand-overs are under test here, not the entities. */
    private static final Extractor NO_ENTITIES = new Extractor() {
        @Override
        public List<com.researchpipeline.contract.Entity> extract(String text) {
            return List.of();
        }

        @Override
        public String modelVersion() {
            return "join-leave-test";
        }
    };
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String kafka;
    private static String elasticsearch;
    private static KafkaProbe probe;

    @BeforeAll
    static void infrastructure() {
        kafka = TestInfrastructure.shared().kafkaBootstrapServers();
        elasticsearch = TestInfrastructure.shared().elasticsearchUrl();
        TopicAdmin.ensureTopics(new KafkaSettings(kafka), new Settings(Map.of()), Topics.RAW, Topics.ENRICHED, Topics.DLQ);
        probe = new KafkaProbe(kafka);
    }

    @Test
    void enrichConsumersJoiningAndLeavingMidStreamLoseAndDoubleNothing() throws Exception {
        String marker = "m" + UUID.randomUUID().toString().replace("-", "");
        String group = "join-leave-enrich-" + marker;
        probe.startAtEnd(group, Topics.RAW.name());
        Map<TopicPartition, Long> outputStart = probe.endOffsets(Topics.ENRICHED.name());
        Settings settings = new Settings(Map.of(KafkaSettings.BOOTSTRAP_SERVERS, kafka, "ENRICH_GROUP_ID", group,
                "ENRICH_THREADS", "1", "ENRICH_MAX_POLL_RECORDS", "5"));
        List<RawArticle> articles = articles(marker, ARTICLES);

        EnrichService first = new EnrichService(EnrichConfig.from(settings), NO_ENTITIES);
        EnrichService second = new EnrichService(EnrichConfig.from(settings), NO_ENTITIES);
        first.start();
        try (Trickle trickle = Trickle.raw(articles, Duration.ofSeconds(8))) {
            trickle.awaitSent(ARTICLES / 3);
            second.start();
            assertThat(probe.awaitBalanced(group, Topics.RAW.name(), 2, Duration.ofSeconds(60))).hasSize(2);
            trickle.awaitSent(2 * ARTICLES / 3);
            first.close();
            trickle.awaitSent(ARTICLES);
            Map<String, Integer> seen = countEnriched(marker, outputStart, Duration.ofSeconds(90));
            assertThat(seen).as("every article enriched").hasSize(ARTICLES);
            assertThat(seen.values()).as("no article enriched twice").allMatch(n -> n == 1);
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    void publishConsumersJoiningLeavingAndKilledMidStreamLoseNothingAndIndexEachArticleOnce() throws Exception {
        String marker = "m" + UUID.randomUUID().toString().replace("-", "");
        String topic = "join-leave-" + marker;
        String alias = "join-leave-" + marker.substring(0, 12);
        Map<String, String> env = Map.of(KafkaSettings.BOOTSTRAP_SERVERS, kafka, "ELASTICSEARCH_URL", elasticsearch,
                PublishConfig.TOPIC, topic, PublishConfig.ALIAS, alias, PublishConfig.BATCH_DOCUMENTS, "10",
                "KAFKA_TOPIC_PARTITIONS", "6", "PIPELINE_LOG_LEVEL", "INFO",
                // the killed consumer's partitions go to the others once its session is over: the broker's least
                KafkaSettings.SESSION_TIMEOUT, "6s");
        PublishConfig config = PublishConfig.from(new Settings(env));
        List<EnrichedArticle> articles = articles(marker, ARTICLES).stream()
                .map(a -> new EnrichedArticle(EnrichedArticle.SCHEMA_VERSION, a, List.of(), Instant.now(),
                        "join-leave-test")).toList();

        int quarter = ARTICLES / 4;
        PublishService first = new PublishService(config);
        PublishService second = new PublishService(config);
        first.start();
        Path logs = TestInfrastructure.shared().newFolder("join-leave-logs-");
        try {
            try (Trickle alone = Trickle.enriched(topic, articles.subList(0, quarter), Duration.ofSeconds(2))) {
                alone.awaitSent(quarter);
            }
            second.start();
            probe.awaitBalanced(config.groupId(), topic, 2, Duration.ofSeconds(60));
            try (Trickle joined = Trickle.enriched(topic, articles.subList(quarter, 2 * quarter), Duration.ofSeconds(4))) {
                joined.awaitSent(quarter / 2);
                first.close();
            }
            try (ChildJvm third = ChildJvm.start("publish-killed", "publish", "256m", env, logs,
                    Pattern.compile("indexed article"))) {
                third.awaitReady(Duration.ofMinutes(2));
                try (Trickle killed = Trickle.enriched(topic, articles.subList(2 * quarter, 3 * quarter),
                        Duration.ofSeconds(10))) {
                    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    while (third.articles() == 0 && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    third.kill();
                    assertThat(third.articles()).as("the killed consumer was indexing when it was killed").isPositive();
                    killed.awaitSent(quarter);
                }
            }
            try (Trickle after = Trickle.enriched(topic, articles.subList(3 * quarter, ARTICLES), Duration.ofSeconds(2))) {
                after.awaitSent(ARTICLES - 3 * quarter);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (count(alias, marker) < ARTICLES && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(count(alias, marker)).as("every article searchable, each once").isEqualTo(ARTICLES);
            Thread.sleep(1500);
            assertThat(count(alias, marker)).as("and no more").isEqualTo(ARTICLES);
        } finally {
            first.close();
            second.close();
        }
    }

    private static List<RawArticle> articles(String marker, int count) throws Exception {
        List<RawArticle> articles = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = "Article " + i + " of " + marker + " on cell therapy at a university hospital.";
            String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(body.getBytes(StandardCharsets.UTF_8)));
            String name = marker + "-" + i + ".txt";
            articles.add(new RawArticle(RawArticle.SCHEMA_VERSION, id, "Article " + i, body, List.of(), "eng",
                    body.split("\\s+").length, new SourceFile(name, name, body.length(), "text/plain", Instant.now(), id),
                    Instant.now(), "test"));
        }
        return articles;
    }

    /** How often each article of {@code marker} appears in articles.enriched after {@code from}. */
    private static Map<String, Integer> countEnriched(String marker, Map<TopicPartition, Long> from, Duration timeout) {
        Properties props = new KafkaSettings(kafka).consumer("join-leave-reader-" + UUID.randomUUID(), "reader");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        Map<String, Integer> seen = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            long deadline = System.nanoTime() + timeout.toNanos();
            long quietSince = System.nanoTime();
            while (System.nanoTime() < deadline) {
                var records = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    EnrichedArticle article = JsonSerde.fromBytes(record.value(), EnrichedArticle.class);
                    if (article.article().body().contains(marker)) {
                        seen.merge(article.article().id(), 1, Integer::sum);
                        quietSince = System.nanoTime();
                    }
                }
                // all in, and nothing more for 3 s: a doubled article would have come by now
                if (seen.size() >= ARTICLES && System.nanoTime() - quietSince > Duration.ofSeconds(3).toNanos()) {
                    break;
                }
            }
        }
        return seen;
    }

    private static int count(String alias, String marker) throws Exception {
        HttpRequest refresh = HttpRequest.newBuilder(URI.create(elasticsearch + "/" + alias + "/_refresh"))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HTTP.send(refresh, HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(elasticsearch + "/" + alias
                        + "/_count")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":{\"match\":{\"body\":\"" + marker + "\"}}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JsonSerde.mapper().readTree(response.body()).get("count").asInt() : -1;
    }

    /** Sends records evenly over a duration on its own thread, keyed by article id. */
    private static final class Trickle implements AutoCloseable {

        private final Thread thread;
        private volatile int sent;
        private volatile Exception failure;

        static Trickle raw(List<RawArticle> articles, Duration over) {
            return new Trickle(Topics.RAW.name(), articles.stream()
                    .map(a -> Map.entry(a.id(), JsonSerde.toBytes(a))).toList(), over);
        }

        static Trickle enriched(String topic, List<EnrichedArticle> articles, Duration over) {
            return new Trickle(topic, articles.stream()
                    .map(a -> Map.entry(a.article().id(), JsonSerde.toBytes(a))).toList(), over);
        }

        private Trickle(String topic, List<Map.Entry<String, byte[]>> records, Duration over) {
            thread = new Thread(() -> {
                try (var producer = new KafkaProducer<byte[], byte[]>(new KafkaSettings(kafka).producer("trickle"))) {
                    long pause = over.toMillis() / records.size();
                    for (Map.Entry<String, byte[]> record : records) {
                        producer.send(new ProducerRecord<>(topic, record.getKey().getBytes(StandardCharsets.UTF_8),
                                record.getValue())).get();
                        sent++;
                        Thread.sleep(pause);
                    }
                } catch (Exception e) {
                    failure = e;
                }
            }, "trickle");
            thread.start();
        }

        void awaitSent(int count) throws Exception {
            while (sent < count && thread.isAlive()) {
                Thread.sleep(10);
            }
            if (failure != null) {
                throw failure;
            }
            assertThat(sent).as("records sent").isGreaterThanOrEqualTo(count);
        }

        @Override
        public void close() throws InterruptedException {
            thread.join(Duration.ofMinutes(1).toMillis());
        }
    }
}
