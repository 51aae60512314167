package com.researchpipeline.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.elasticsearch.ElasticsearchContainer;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Real Kafka and Elasticsearch for tests, one of each per JVM, started on first use and stopped when the JVM
 * exits. Where a Docker engine answers they are Testcontainers (the official images of the same versions);
 * where none does, an in-process KRaft broker ({@link EmbeddedKafka}) and an Elasticsearch child process
 * ({@link ManagedElasticsearch}) on free loopback ports, with their data in a temporary folder.
 * Thread-safe. Tests sharing it should use their own topics, groups and indices.
 */
public final class TestInfrastructure {

    private static final Logger LOG = LoggerFactory.getLogger(TestInfrastructure.class);
    private static TestInfrastructure shared;

    private final boolean docker;
    private final Path dataDir;
    private EmbeddedKafka embeddedKafka;
    private KafkaContainer kafkaContainer;
    private ManagedElasticsearch managedElasticsearch;
    private ElasticsearchContainer elasticsearchContainer;

    private TestInfrastructure(boolean docker, Path dataDir) {
        this.docker = docker;
        this.dataDir = dataDir;
    }

    public static synchronized TestInfrastructure shared() {
        if (shared == null) {
            boolean docker = !"false".equals(System.getenv("PIPELINE_TEST_DOCKER")) && dockerAvailable();
            shared = new TestInfrastructure(docker, temporaryFolder());
            LOG.info("Test infrastructure: {}", docker ? "Testcontainers" : "embedded Kafka broker and Elasticsearch child process");
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "test-infrastructure-shutdown"));
        }
        return shared;
    }

    /** The Kafka image of the Docker case: the pom's {@code kafka.version}, which compose's .env must match. */
    public static String kafkaImage() {
        return "apache/kafka:" + InfraProperties.get("kafka.version");
    }

    /** The Elasticsearch image of the Docker case: the pom's {@code elasticsearch.version}, as in compose's .env. */
    public static String elasticsearchImage() {
        return "docker.elastic.co/elasticsearch/elasticsearch:" + ElasticsearchDistribution.version();
    }

    public synchronized String kafkaBootstrapServers() {
        if (docker) {
            if (kafkaContainer == null) {
                kafkaContainer = new KafkaContainer(kafkaImage());
                kafkaContainer.start();
            }
            return kafkaContainer.getBootstrapServers();
        }
        if (embeddedKafka == null) {
            embeddedKafka = EmbeddedKafka.start(dataDir.resolve("kafka"), 0);
        }
        return embeddedKafka.bootstrapServers();
    }

    public synchronized String elasticsearchUrl() {
        if (docker) {
            if (elasticsearchContainer == null) {
                elasticsearchContainer = new ElasticsearchContainer(elasticsearchImage())
                        .withEnv("xpack.security.enabled", "false")
                        .withEnv("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
                elasticsearchContainer.start();
            }
            return "http://" + elasticsearchContainer.getHttpHostAddress();
        }
        if (managedElasticsearch == null) {
            managedElasticsearch = ManagedElasticsearch.start(dataDir.resolve("elasticsearch"), 0, "512m");
        }
        return managedElasticsearch.url();
    }

    /** Takes Elasticsearch away (connections refused, or paused under Docker) without losing its data. */
    public synchronized void stopElasticsearch() {
        elasticsearchUrl();
        if (docker) {
            var client = DockerClientFactory.instance().client();
            client.pauseContainerCmd(elasticsearchContainer.getContainerId()).exec();
        } else {
            managedElasticsearch.stop();
        }
    }

    /**
     * Freezes Elasticsearch ({@code true}) or thaws it: frozen, it takes connections and answers nothing, as a hung
     * or swapping node does ({@code kill -STOP}; under Docker, the container paused).
     */
    public synchronized void freezeElasticsearch(boolean frozen) {
        elasticsearchUrl();
        if (docker) {
            var client = DockerClientFactory.instance().client();
            if (frozen) {
                client.pauseContainerCmd(elasticsearchContainer.getContainerId()).exec();
            } else {
                client.unpauseContainerCmd(elasticsearchContainer.getContainerId()).exec();
            }
        } else {
            managedElasticsearch.freeze(frozen);
        }
    }

    /** Brings Elasticsearch back at the same address with the same data; returns once it is healthy. */
    public synchronized void startElasticsearch() {
        if (docker) {
            var client = DockerClientFactory.instance().client();
            client.unpauseContainerCmd(elasticsearchContainer.getContainerId()).exec();
        } else {
            managedElasticsearch.start();
        }
    }

    /** A new empty folder for a test's own files, removed when the JVM exits. */
    public Path newFolder(String prefix) {
        try {
            return Files.createTempDirectory(dataDir, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void close() {
        if (managedElasticsearch != null) {
            managedElasticsearch.close();
        }
        if (embeddedKafka != null) {
            embeddedKafka.close();
        }
        if (elasticsearchContainer != null) {
            elasticsearchContainer.stop();
        }
        if (kafkaContainer != null) {
            kafkaContainer.stop();
        }
        ElasticsearchDistribution.deleteTree(dataDir);
    }

    private static boolean dockerAvailable() {
        boolean socket = Files.exists(Path.of("/var/run/docker.sock"));
        if (!socket && System.getenv("DOCKER_HOST") == null) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static Path temporaryFolder() {
        try {
            Path dir = Files.createTempDirectory("pipeline-test-");
            // the Elasticsearch child may run as an unprivileged account and must reach its folder
            dir.toFile().setExecutable(true, false);
            dir.toFile().setReadable(true, false);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
