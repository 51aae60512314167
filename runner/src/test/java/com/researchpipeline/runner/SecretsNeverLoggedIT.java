package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.infra.EmbeddedKafka;
import com.researchpipeline.infra.FreePort;
import com.researchpipeline.infra.TestCertificate;
import com.researchpipeline.infra.TestInfrastructure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every stage at {@code PIPELINE_LOG_LEVEL=DEBUG}, each with the log configuration it ships with (and publish
 * also with the runner's), given fake credentials (an API key, a user and password, a password inside
 * {@code ELASTICSEARCH_URL}) and run as its own process against the real broker and node until it is ready
 * and has talked to them: no credential appears anywhere in its output. Ingest also logs in to a broker whose
 * listener wants SASL over TLS, with Kafka's own loggers at DEBUG as well: its password never appears either.
 */
class SecretsNeverLoggedIT {

    private static final String URL_PASSWORD = "urlPw-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String ENV_PASSWORD = "envPw-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String API_KEY = "keyId:apiKey-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String KAFKA_PASSWORD = "kafkaPw-\"" + UUID.randomUUID().toString().substring(0, 8);
    /** The broker with a SASL_SSL listener the Kafka login run talks to, and the certificate its clients trust. */
    private static EmbeddedKafka securedKafka;
    private static TestCertificate securedKafkaCertificate;

    record Run(String name, String mainClass, String logConfig, String credentials) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * The two runs of publish, the stage that holds credentials, and ingest's Kafka login by default; every stage
     * with {@code -Dsecrets.allStages=true} (six processes: about two minutes on a busy machine).
     */
    static List<Run> runs() {
        // the runner's log configuration (bin/pipeline's) is the one that can show Kafka's own lines
        Run kafkaLogin = new Run("ingest, Kafka SASL_SSL login, runner's log config",
                "com.researchpipeline.ingest.IngestApplication", "runner/src/main/resources/log4j2.xml", "kafka-sasl");
        List<Run> all = List.of(kafkaLogin,
                new Run("publish, API key, runner's log config", "com.researchpipeline.publish.PublishApplication",
                        "runner/src/main/resources/log4j2.xml", "api-key"),
                new Run("publish, password in the URL, its own log config",
                        "com.researchpipeline.publish.PublishApplication", "publish/src/main/resources/log4j2.xml",
                        "url"),
                new Run("publish, user and password, its own log config",
                        "com.researchpipeline.publish.PublishApplication", "publish/src/main/resources/log4j2.xml",
                        "user"),
                new Run("enrich, every credential in its environment", "com.researchpipeline.enrich.EnrichApplication",
                        "enrich/src/main/resources/log4j2.xml", "all"),
                new Run("ingest, every credential in its environment", "com.researchpipeline.ingest.IngestApplication",
                        "ingest/src/main/resources/log4j2.xml", "all"));
        return Boolean.getBoolean("secrets.allStages") ? all : all.subList(0, 3);
    }

    /** The stages run side by side, each in its own process, so the whole check takes one start-up's time. */
    @Test
    void noCredentialAppearsInTheOutputOfAnyStageAtDebug(@TempDir Path dir) throws Exception {
        TestInfrastructure.shared();
        securedKafkaCertificate = TestCertificate.selfSigned(dir, "broker", "ip:127.0.0.1");
        securedKafka = EmbeddedKafka.secured(dir.resolve("secured-kafka"), securedKafkaCertificate,
                Map.of("pipeline", KAFKA_PASSWORD));
        ExecutorService pool = Executors.newFixedThreadPool(runs().size());
        try {
            Map<Run, Future<String>> outputs = new java.util.LinkedHashMap<>();
            int n = 0;
            for (Run run : runs()) {
                Path own = Files.createDirectories(dir.resolve("run-" + n++));
                outputs.put(run, pool.submit(() -> runUntilReady(run, environment(run, own), own.resolve("output.log"))));
            }
            SoftAssertions softly = new SoftAssertions();
            for (var entry : outputs.entrySet()) {
                Run run = entry.getKey();
                String output = entry.getValue().get(3, TimeUnit.MINUTES);
                softly.assertThat(output).as(run + ": started").contains(stageName(run) + " ready");
                softly.assertThat(output).as(run + ": DEBUG is on, so the test sees what DEBUG would leak")
                        .contains(" DEBUG ");
                if (run.credentials().equals("kafka-sasl")) {
                    softly.assertThat(output).as(run + ": Kafka's config dump is seen, the JAAS line masked")
                            .contains("sasl.jaas.config = [hidden]");
                }
                for (String secret : secrets()) {
                    softly.assertThat(output).as("output of " + run).doesNotContain(secret);
                }
            }
            softly.assertAll();
        } finally {
            pool.shutdownNow();
            securedKafka.close();
        }
    }

    private static Map<String, String> environment(Run run, Path dir) throws IOException {
        TestInfrastructure infra = TestInfrastructure.shared();
        String node = infra.elasticsearchUrl();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = new HashMap<>();
        env.put("PIPELINE_LOG_LEVEL", "DEBUG");
        // the stages run side by side: each serves its metrics and health (at DEBUG too) on a port of its own
        env.put("METRICS_PORT", Integer.toString(FreePort.find()));
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrapServers());
        env.put("PUBLISH_ALIAS", "secrets-" + suffix);
        env.put("PUBLISH_GROUP_ID", "secrets-" + suffix);
        env.put("ENRICH_GROUP_ID", "secrets-" + suffix);
        env.put("INGEST_INBOX", Files.createDirectories(dir.resolve("inbox")).toString());
        env.put("ELASTICSEARCH_URL", node);
        switch (run.credentials()) {
            case "api-key" -> env.put("ELASTICSEARCH_API_KEY", API_KEY);
            case "kafka-sasl" -> {
                env.put("KAFKA_BOOTSTRAP_SERVERS", securedKafka.securedBootstrapServers());
                env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
                env.put("KAFKA_SASL_USERNAME", "pipeline");
                env.put("KAFKA_SASL_PASSWORD", KAFKA_PASSWORD);
                env.put("KAFKA_SSL_CA_CERT", securedKafkaCertificate.pem().toString());
            }
            case "url" -> env.put("ELASTICSEARCH_URL", node.replace("://", "://elastic:" + URL_PASSWORD + "@"));
            case "user" -> {
                env.put("ELASTICSEARCH_USERNAME", "elastic");
                env.put("ELASTICSEARCH_PASSWORD", ENV_PASSWORD);
            }
            default -> {
                env.put("ELASTICSEARCH_URL", node.replace("://", "://elastic:" + URL_PASSWORD + "@"));
                env.put("ELASTICSEARCH_API_KEY", API_KEY);
                env.put("ELASTICSEARCH_PASSWORD", ENV_PASSWORD);
            }
        }
        return env;
    }

    private static List<String> secrets() {
        Base64.Encoder base64 = Base64.getEncoder();
        return List.of(KAFKA_PASSWORD, KAFKA_PASSWORD.substring(KAFKA_PASSWORD.indexOf('"') + 1),
                URL_PASSWORD, ENV_PASSWORD, API_KEY, API_KEY.substring(API_KEY.indexOf(':') + 1),
                base64.encodeToString(API_KEY.getBytes(StandardCharsets.UTF_8)),
                base64.encodeToString(("elastic:" + URL_PASSWORD).getBytes(StandardCharsets.UTF_8)),
                base64.encodeToString(("elastic:" + ENV_PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    private static String stageName(Run run) {
        return run.mainClass().replaceAll(".*\\.(\\w+)Application", "$1").toLowerCase(java.util.Locale.ROOT);
    }

    /** Runs the stage as its own JVM until it says it is ready, then a little longer, and returns all it printed. */
    private static String runUntilReady(Run run, Map<String, String> env, Path log) throws Exception {
        Path config = Path.of("..").resolve(run.logConfig()).toAbsolutePath().normalize();
        assertThat(config).exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "-Dlog4j2.configurationFile=" + config.toUri()));
        if (run.credentials().equals("kafka-sasl")) {
            command.add("-Dpipeline.kafka.log.level=DEBUG"); // kafka-clients' own lines too, its config dump included
        }
        command.add(run.mainClass());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            long deadline = System.currentTimeMillis() + 90_000;
            while (System.currentTimeMillis() < deadline && process.isAlive()
                    && !Files.readString(log).contains(stageName(run) + " ready")) {
                Thread.sleep(250);
            }
            Thread.sleep(2_000);
        } finally {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        return read(log);
    }

    private static String read(Path log) throws IOException {
        try (InputStream in = Files.newInputStream(log)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
