package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.StageRunner;
import com.researchpipeline.contract.TopicAdmin;
import com.researchpipeline.contract.Topics;
import com.researchpipeline.infra.EmbeddedKafka;
import com.researchpipeline.infra.TestCertificate;
import com.researchpipeline.ingest.IngestConfig;
import com.researchpipeline.ingest.IngestService;
import com.researchpipeline.observability.KafkaWatch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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
 * The pipeline's clients against a real broker whose listener wants TLS and SASL (SASL_SSL, PLAIN and SCRAM users,
 * a self-signed certificate made for the test): an article goes through ingest's Camel endpoint, topics are made by
 * {@link TopicAdmin}, records go both ways; a wrong password, a CA the broker's certificate is not signed by and a
 * PLAINTEXT client on the TLS port each stop a stage at once with one line naming the variable to check; and no
 * password appears in anything logged, Kafka's own DEBUG lines included.
 */
class SecuredKafkaIT {

    private static final String PASSWORD = "s3cr3t-\"pipe\\line " + UUID.randomUUID().toString().substring(0, 8);
    private static final String SCRAM_PASSWORD = "scr4m-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;
    static TestCertificate broker;
    static TestCertificate client;
    static StringWriter logged = new StringWriter();
    static WriterAppender capture;

    @BeforeAll
    static void startSecuredBroker() throws Exception {
        LoggerContext context = (LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
        capture = WriterAppender.newBuilder().setName("secured-kafka-capture").setTarget(logged)
                .setLayout(PatternLayout.newBuilder().withPattern("%-5level %c - %msg%n%throwable").build()).build();
        capture.start();
        context.getConfiguration().addAppender(capture);
        context.getRootLogger().addAppender(capture);
        Configurator.setLevel("org.apache.kafka", Level.DEBUG);
        Configurator.setLevel("org.apache.camel", Level.DEBUG);
        broker = TestCertificate.selfSigned(dir, "broker", "ip:127.0.0.1,dns:localhost");
        client = TestCertificate.selfSigned(dir, "client", "dns:pipeline-client");
        kafka = EmbeddedKafka.secured(dir.resolve("kafka"), broker, Map.of("pipeline", PASSWORD), client);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("scram-user",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), SCRAM_PASSWORD))).all().get();
        }
    }

    @AfterAll
    static void stop() {
        Configurator.setLevel("org.apache.kafka", Level.WARN);
        Configurator.setLevel("org.apache.camel", Level.INFO);
        LoggerContext context = (LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
        context.getRootLogger().removeAppender(capture);
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Map<String, String> saslSsl(String password) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.securedBootstrapServers());
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_SASL_USERNAME", "pipeline");
        env.put("KAFKA_SASL_PASSWORD", password);
        env.put("KAFKA_SSL_CA_CERT", broker.pem().toString());
        env.put("KAFKA_TOPIC_PARTITIONS", "1");
        return env;
    }

    @Test
    void anArticleDroppedInTheInboxReachesArticlesRawOverSaslSsl() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Map<String, String> env = saslSsl(PASSWORD);
        env.putAll(Map.of("INGEST_INBOX", inbox.toString(), "INGEST_STABLE_FOR", "300ms",
                "INGEST_POLL_INTERVAL", "100ms", "INGEST_SEND_TIMEOUT", "10s"));
        Settings settings = new Settings(env);
        KafkaSettings secured = KafkaSettings.from(settings);
        try (IngestService ingest = new IngestService(IngestConfig.from(settings));
             KafkaConsumer<byte[], byte[]> raw = new KafkaConsumer<>(secured.consumer("secured-raw", "secured-raw"))) {
            ingest.start();
            Files.writeString(inbox.resolve("secured.txt"), "Aspirin and secure transport of research articles.\n");
            raw.subscribe(List.of(Topics.RAW.name()));
            List<ConsumerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                raw.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            assertThat(records).hasSize(1);
            assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8)).contains("secure transport");
        }
        assertNoPasswordLogged();
    }

    @Test
    void aScramUserCreatesTopicsAndRoundTripsARecord() throws Exception {
        Map<String, String> env = saslSsl(SCRAM_PASSWORD);
        env.put("KAFKA_SASL_USERNAME", "scram-user");
        env.put("KAFKA_SASL_MECHANISM", "SCRAM-SHA-256");
        Settings settings = new Settings(env);
        KafkaSettings secured = KafkaSettings.from(settings);
        var topic = Topics.DLQ.named("scram." + UUID.randomUUID());
        var report = TopicAdmin.ensureTopics(secured, settings, topic);
        assertThat(report.created()).containsExactly(topic.name());
        try (var producer = new KafkaProducer<byte[], byte[]>(secured.producer("scram-producer"));
             var consumer = new KafkaConsumer<byte[], byte[]>(secured.consumer("scram-group", "scram-consumer"))) {
            producer.send(new ProducerRecord<>(topic.name(), "k".getBytes(), "scram".getBytes())).get();
            consumer.subscribe(List.of(topic.name()));
            List<ConsumerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            assertThat(records).extracting(r -> new String(r.value())).contains("scram");
        }
        assertThat(StatusCommand.kafkaUnreachable(secured)).as("status and trace reach it too").isNull();
    }

    @Test
    void aWrongPasswordStopsTheStageAtOnceWithOneLineNamingTheVariables() throws Exception {
        String wrong = "wr0ng-" + UUID.randomUUID().toString().substring(0, 8);
        Settings settings = new Settings(saslSsl(wrong));
        String line = startFailure(settings);
        assertThat(line).contains("refused the login of user 'pipeline' (PLAIN)", "KAFKA_SASL_PASSWORD")
                .doesNotContain(wrong);
        assertThat(StatusCommand.kafkaUnreachable(KafkaSettings.from(settings)))
                .contains("refused the login of user 'pipeline'", "KAFKA_SASL_PASSWORD");
        try (KafkaWatch watch = new KafkaWatch(KafkaSettings.from(settings), "ingest", new SimpleMeterRegistry(), 200)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!String.valueOf(watch.problem()).contains("refused") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(watch.problem()).as("readiness").startsWith("Kafka at " + kafka.securedBootstrapServers()
                    + " refused the login of user 'pipeline'").contains("KAFKA_SASL_PASSWORD");
        }
        assertThat(logged.toString()).doesNotContain(wrong);
        assertNoPasswordLogged();
    }

    @Test
    void aCaThatDidNotSignTheBrokersCertificateStopsTheStageNamingKafkaSslCaCert() {
        TestCertificate stranger = TestCertificate.selfSigned(dir, "stranger", "ip:127.0.0.1");
        Map<String, String> env = saslSsl(PASSWORD);
        env.put("KAFKA_SSL_CA_CERT", stranger.pem().toString());
        assertThat(startFailure(new Settings(env))).contains("TLS handshake", "not signed by a CA this client trusts",
                "check KAFKA_SSL_CA_CERT (" + stranger.pem() + ")");
    }

    @Test
    void aPlaintextClientOnTheTlsListenerStopsTheStageNamingKafkaSecurityProtocol() {
        Settings settings = new Settings(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.securedBootstrapServers()));
        assertThat(startFailure(settings)).contains("answers in TLS", "set KAFKA_SECURITY_PROTOCOL");
    }

    @Test
    void aSecuredClientOnAPlaintextListenerStopsTheStageNamingKafkaSecurityProtocol() {
        Map<String, String> env = saslSsl(PASSWORD);
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        assertThat(startFailure(new Settings(env))).contains("KAFKA_SECURITY_PROTOCOL");
    }

    @Test
    void aClientCertificateAndKeyInPemLetTheStageInOnAListenerThatRequiresOne() {
        Map<String, String> env = new HashMap<>(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.mutualTlsBootstrapServers(),
                "KAFKA_SECURITY_PROTOCOL", "SSL", "KAFKA_SSL_CA_CERT", broker.pem().toString(),
                "KAFKA_TOPIC_PARTITIONS", "1"));
        Settings without = new Settings(env);
        assertThat(startFailure(without)).contains("TLS handshake", "wants a client certificate it trusts (mutual TLS) and "
                + "none is set: check KAFKA_SSL_CLIENT_CERT and KAFKA_SSL_CLIENT_KEY");
        env.put("KAFKA_SSL_CLIENT_CERT", client.pem().toString());
        env.put("KAFKA_SSL_CLIENT_KEY", client.keyPem().toString());
        Settings with = new Settings(env);
        var topic = Topics.DLQ.named("mtls." + UUID.randomUUID());
        assertThat(TopicAdmin.ensureTopics(KafkaSettings.from(with), with, topic).created()).containsExactly(topic.name());
    }

    /** What a stage whose start creates its topics prints, on one line, and that it stops well before 60 s. */
    private static String startFailure(Settings settings) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long started = System.nanoTime();
        int code;
        try {
            code = StageRunner.exitCode("ingest", new PrintStream(err, true, StandardCharsets.UTF_8),
                    () -> TopicAdmin.ensureTopics(KafkaSettings.from(settings), settings, Topics.RAW));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        String output = err.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(1);
        assertThat(output.strip()).doesNotContain("\n").startsWith("ingest could not start: ");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        assertThat(output).doesNotContain(PASSWORD);
        return output;
    }

    private static void assertNoPasswordLogged() {
        String output = logged.toString();
        assertThat(output).contains("sasl.jaas.config = [hidden]");
        assertThat(output).doesNotContain(PASSWORD, SCRAM_PASSWORD, "pipe\\line", broker.password());
    }
}
