package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.researchpipeline.contract.EnrichedArticle;
import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.RawArticle;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.SourceFile;
import com.researchpipeline.contract.StageRunner;
import com.researchpipeline.contract.TopicAdmin;
import com.researchpipeline.contract.Topics;
import com.researchpipeline.infra.ManagedElasticsearch;
import com.researchpipeline.infra.TestCertificate;
import com.researchpipeline.infra.TestInfrastructure;
import com.researchpipeline.observability.Observability;
import com.researchpipeline.publish.ElasticsearchConnection;
import com.researchpipeline.publish.PublishConfig;
import com.researchpipeline.publish.PublishService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publish and {@code bin/pipeline status} against one real Elasticsearch node with security on, as a production
 * cluster runs: users in its file realm, HTTPS with a certificate made for the test. Articles are indexed with the user's password (also given inside {@code ELASTICSEARCH_URL});
 * a wrong password, an API key the node does not know, a CA that did not sign the node's certificate, no CA at all
 * and {@code http://} for an HTTPS node each stop publish at once with one line naming the variable to fix, and
 * {@code status} says the same; a password changed on the node while publish runs makes readiness name it, and
 * once the password is right again every article waiting is indexed, each once. No password appears in any log.
 */
class SecuredElasticsearchIT {

    private static final String USER = "pipeline";
    private static final String PASSWORD = "es-s3cr3t-" + UUID.randomUUID().toString().substring(0, 8);
    /** The test's own user, for its checks of the index: its password never changes. */
    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "adm1n-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    static Path dir;
    static TestCertificate certificate;
    static ManagedElasticsearch node;
    static String kafka;
    static final StringWriter logged = new StringWriter();
    static WriterAppender capture;
    static final Map<String, Level> levels = new HashMap<>();

    @BeforeAll
    static void startSecuredNode() {
        LoggerContext context = (LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
        capture = WriterAppender.newBuilder().setName("secured-elasticsearch-capture").setTarget(logged)
                .setLayout(PatternLayout.newBuilder().withPattern("%-5level %c - %msg%n%throwable").build()).build();
        capture.start();
        context.getConfiguration().addAppender(capture);
        context.getRootLogger().addAppender(capture);
        for (String logger : List.of("com.researchpipeline", "co.elastic")) {
            levels.put(logger, org.apache.logging.log4j.LogManager.getLogger(logger).getLevel());
            Configurator.setLevel(logger, Level.DEBUG);
        }
        kafka = TestInfrastructure.shared().kafkaBootstrapServers();
        certificate = TestCertificate.selfSigned(dir, "elasticsearch", "ip:127.0.0.1,dns:localhost");
        Path nodeDir = TestInfrastructure.shared().newFolder("secured-elasticsearch-");
        nodeDir.toFile().setExecutable(true, false);
        node = ManagedElasticsearch.secured(nodeDir, "512m", Map.of(USER, PASSWORD, ADMIN, ADMIN_PASSWORD),
                certificate);
    }

    @AfterAll
    static void stop() {
        Configurator.setLevel(levels);
        LoggerContext context = (LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
        context.getRootLogger().removeAppender(capture);
        if (node != null) {
            node.close();
        }
    }

    /** One test's own topic, alias and group, with the user's password over HTTPS trusting the node's CA. */
    private static Map<String, String> env(String name) {
        Map<String, String> env = new HashMap<>();
        env.put(KafkaSettings.BOOTSTRAP_SERVERS, kafka);
        env.put(ElasticsearchConnection.URL, node.url());
        env.put(ElasticsearchConnection.USERNAME, USER);
        env.put(ElasticsearchConnection.PASSWORD, PASSWORD);
        env.put(ElasticsearchConnection.CA_CERT, certificate.pem().toString());
        env.put(PublishConfig.TOPIC, name + ".enriched");
        env.put(PublishConfig.ALIAS, name);
        env.put(PublishConfig.GROUP_ID, name + "-publish");
        env.put(PublishConfig.BATCH_WAIT, "200ms");
        env.put(PublishConfig.RETRY_BACKOFF, "200ms");
        env.put(PublishConfig.RETRY_BACKOFF_MAX, "2s");
        env.put("KAFKA_TOPIC_PARTITIONS", "1");
        env.put("STATUS_TOPIC", name + ".status");
        return env;
    }

    @Test
    void publishIndexesOverHttpsAsAFileRealmUserAndStatusCountsWithThePasswordInTheUrl() throws Exception {
        String name = "secured-user-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = env(name);
        List<EnrichedArticle> articles = articles(name, 3);
        try (PublishService publish = new PublishService(PublishConfig.from(new Settings(env)))) {
            publish.start();
            send(env, articles);
            await("3 articles searchable", Duration.ofSeconds(60), () -> count(name) == 3);
        }
        assertIndexedOnceEach(name, articles);
        Map<String, String> inUrl = new HashMap<>(env);
        inUrl.remove(ElasticsearchConnection.USERNAME);
        inUrl.remove(ElasticsearchConnection.PASSWORD);
        inUrl.put(ElasticsearchConnection.URL, node.url().replace("https://", "https://" + USER + ":" + PASSWORD + "@"));
        String status = status(inUrl);
        assertThat(status).contains("documents     3 in alias " + name).doesNotContain(PASSWORD);
        assertNoPasswordLogged();
    }

    @Test
    void aWrongPasswordStopsPublishNamingTheVariablesAndTheArticlesArriveOnceItIsRight() throws Exception {
        String name = "secured-wrong-" + UUID.randomUUID().toString().substring(0, 8);
        String wrong = "wr0ng-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = env(name);
        List<EnrichedArticle> articles = articles(name, 4);
        send(env, articles);
        env.put(ElasticsearchConnection.PASSWORD, wrong);
        String line = startFailure(env);
        assertThat(line).contains("refused the login of user '" + USER + "'",
                ElasticsearchConnection.USERNAME, ElasticsearchConnection.PASSWORD).doesNotContain(wrong);
        assertThat(status(env)).contains("refused the login of user '" + USER + "'", ElasticsearchConnection.PASSWORD)
                .doesNotContain(wrong);

        env.put(ElasticsearchConnection.PASSWORD, PASSWORD);
        try (PublishService publish = new PublishService(PublishConfig.from(new Settings(env)))) {
            publish.start();
            await("the 4 articles sent before, once the password is right", Duration.ofSeconds(60),
                    () -> count(name) == 4);
        }
        assertIndexedOnceEach(name, articles);
        assertThat(logged.toString()).doesNotContain(wrong);
        assertNoPasswordLogged();
    }

    @Test
    void anApiKeyTheNodeDoesNotKnowStopsPublishNamingElasticsearchApiKey() {
        String name = "secured-key-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = "k3y-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = env(name);
        env.remove(ElasticsearchConnection.USERNAME);
        env.remove(ElasticsearchConnection.PASSWORD);
        env.put(ElasticsearchConnection.API_KEY, "revoked-id:" + secret);
        assertThat(startFailure(env)).contains("refused the API key", ElasticsearchConnection.API_KEY)
                .doesNotContain(secret);
        assertThat(status(env)).contains("refused the API key", ElasticsearchConnection.API_KEY).doesNotContain(secret);
        assertThat(logged.toString()).doesNotContain(secret,
                Base64.getEncoder().encodeToString(("revoked-id:" + secret).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aCaThatDidNotSignTheNodesCertificateNoCaAndPlainHttpEachStopPublishNamingTheVariable() {
        String name = "secured-tls-" + UUID.randomUUID().toString().substring(0, 8);
        TestCertificate stranger = TestCertificate.selfSigned(dir, "stranger", "ip:127.0.0.1");
        Map<String, String> env = env(name);
        env.put(ElasticsearchConnection.CA_CERT, stranger.pem().toString());
        String notSigned = "its certificate is not signed by a CA this client trusts: check "
                + ElasticsearchConnection.CA_CERT;
        assertThat(startFailure(env)).contains("TLS handshake with Elasticsearch", notSigned, stranger.pem().toString());
        assertThat(status(env)).contains(notSigned);

        env.remove(ElasticsearchConnection.CA_CERT);
        assertThat(startFailure(env)).contains(notSigned, "unset: the JVM's trust store is used");

        env.put(ElasticsearchConnection.URL, node.url().replace("https://", "http://"));
        assertThat(startFailure(env)).contains("answers in TLS", "https://", ElasticsearchConnection.URL);
    }

    @Test
    void aPasswordChangedOnTheNodeWhilePublishRunsIsNamedByReadinessAndNothingIsLostOnceItIsRightAgain()
            throws Exception {
        String name = "secured-rotated-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = env(name);
        List<EnrichedArticle> before = articles(name, 2);
        List<EnrichedArticle> during = articles(name + "-during", 3);
        try (Observability observability = Observability.inMemory();
             PublishService publish = new PublishService(PublishConfig.from(new Settings(env)), observability)) {
            publish.start();
            send(env, before);
            await("the first 2 searchable", Duration.ofSeconds(60), () -> count(name) == 2);
            String rotated = "r0tated-" + UUID.randomUUID().toString().substring(0, 8);
            node.changePassword(USER, rotated);
            try {
                await("readiness naming the refused login", Duration.ofSeconds(30), () -> readiness(observability)
                        .contains("refused the login of user '" + USER + "'"));
                send(env, during);
                await("publish paused, retrying the 3", Duration.ofSeconds(30),
                        () -> readiness(observability).contains("publish/retries"));
                assertThat(readiness(observability)).contains(ElasticsearchConnection.PASSWORD)
                        .doesNotContain("does not answer", rotated, PASSWORD);
                assertThat(count(name)).as("nothing written while refused").isEqualTo(2);
            } finally {
                node.changePassword(USER, PASSWORD);
            }
            await("the 3 sent meanwhile, once the password is right again", Duration.ofSeconds(60),
                    () -> count(name) == 5);
            await("ready again", Duration.ofSeconds(30), () -> readiness(observability).isEmpty());
        }
        List<EnrichedArticle> all = new ArrayList<>(before);
        all.addAll(during);
        assertIndexedOnceEach(name, all);
        assertNoPasswordLogged();
    }

    /** What {@code bin/pipeline stage publish} prints when it cannot start: one line, in well under a minute. */
    private static String startFailure(Map<String, String> env) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream printed = new PrintStream(err, true, StandardCharsets.UTF_8);
        PublishService publish = new PublishService(PublishConfig.from(new Settings(env)));
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> {
            try {
                return StageRunner.exitCode("publish", printed, publish::start);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            assertThat(code.get(30, TimeUnit.SECONDS)).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(1);
        } catch (TimeoutException e) {
            throw new AssertionError("publish neither started nor stopped within 30 s: it retries for ever");
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        } finally {
            publish.close();
        }
        String output = err.toString(StandardCharsets.UTF_8);
        assertThat(output.strip()).doesNotContain("\n").startsWith("publish could not start: ");
        assertThat(output).doesNotContain(PASSWORD);
        return output;
    }

    /** What {@code bin/pipeline status} prints. */
    private static String status(Map<String, String> env) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StatusCommand.run(List.of(), new Settings(env), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String readiness(Observability observability) {
        StringBuilder problems = new StringBuilder();
        observability.health().ready().stream().filter(r -> !r.ok())
                .forEach(r -> problems.append(r.stage()).append('/').append(r.check()).append(": ")
                        .append(r.problem()).append('\n'));
        return problems.toString();
    }

    private static ElasticsearchClient client() {
        return ElasticsearchConnection.from(new Settings(Map.of(ElasticsearchConnection.URL, node.url(),
                ElasticsearchConnection.USERNAME, ADMIN, ElasticsearchConnection.PASSWORD, ADMIN_PASSWORD,
                ElasticsearchConnection.CA_CERT, certificate.pem().toString()))).open();
    }

    private static long count(String alias) {
        try (ElasticsearchClient es = client()) {
            es.indices().refresh(r -> r.index(alias));
            return es.count(c -> c.index(alias)).count();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Each article stored with its own version, by exactly one write (one shard: sequence numbers 0 to n-1). */
    private static void assertIndexedOnceEach(String alias, List<EnrichedArticle> articles) throws Exception {
        try (ElasticsearchClient es = client()) {
            es.indices().refresh(r -> r.index(alias));
            List<Hit<Void>> hits = es.search(s -> s.index(alias).size(1000).version(true).seqNoPrimaryTerm(true)
                    .source(src -> src.fetch(false)), Void.class).hits().hits();
            assertThat(hits).extracting(Hit::id).containsExactlyInAnyOrderElementsOf(
                    articles.stream().map(EnrichedArticle::id).toList());
            assertThat(hits).extracting(Hit::seqNo).as("exactly one write per article")
                    .containsExactlyInAnyOrder(java.util.stream.LongStream.range(0, articles.size()).boxed()
                            .toArray(Long[]::new));
        }
    }

    private static List<EnrichedArticle> articles(String marker, int count) {
        List<EnrichedArticle> articles = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = "Article " + i + " of " + marker + " on secured search of research articles.";
            String id = UUID.nameUUIDFromBytes(body.getBytes(StandardCharsets.UTF_8)).toString();
            String file = marker + "-" + i + ".txt";
            Instant now = Instant.now();
            RawArticle raw = new RawArticle(RawArticle.SCHEMA_VERSION, id, "Article " + i, body, List.of(), "eng",
                    body.split("\\s+").length, new SourceFile(file, file, body.length(), "text/plain", now, id), now,
                    "test");
            articles.add(new EnrichedArticle(EnrichedArticle.SCHEMA_VERSION, raw, List.of(), now, "secured-test"));
        }
        return articles;
    }

    private static void send(Map<String, String> env, List<EnrichedArticle> articles) throws Exception {
        Settings settings = new Settings(env);
        TopicAdmin.ensureTopics(KafkaSettings.from(settings), settings, Topics.ENRICHED.named(env.get(PublishConfig.TOPIC)));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(new KafkaSettings(kafka)
                .producer("secured-elasticsearch-test"))) {
            for (EnrichedArticle article : articles) {
                producer.send(new ProducerRecord<>(env.get(PublishConfig.TOPIC),
                        article.id().getBytes(StandardCharsets.UTF_8), JsonSerde.toBytes(article))).get();
            }
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within " + timeout.toSeconds() + " s").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static void assertNoPasswordLogged() {
        assertThat(logged.toString()).doesNotContain(PASSWORD, Base64.getEncoder().encodeToString(
                (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)), certificate.password());
    }
}
