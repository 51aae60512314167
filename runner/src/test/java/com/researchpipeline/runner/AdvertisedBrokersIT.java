package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.AdvertisedBrokers;
import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.infra.EmbeddedKafka;
import com.researchpipeline.infra.FreePort;
import com.researchpipeline.infra.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * A real broker that answers at its bootstrap address but advertises a name this host cannot resolve (a container's
 * name in KAFKA_ADVERTISED_LISTENERS): every stage, status, trace, replay and redrive waited out their timeout and
 * asked whether the broker was running at all.
 */
class AdvertisedBrokersIT {

    @TempDir
    Path folder;

    @Test
    void aBrokerAdvertisingANameThatDoesNotResolveIsNamedWithThatAddressAndAdvertisedListeners() {
        try (EmbeddedKafka broker = EmbeddedKafka.advertising(folder.resolve("kafka"), "kafka-broker.invalid")) {
            String bootstrap = broker.bootstrapServers();
            String port = bootstrap.substring(bootstrap.lastIndexOf(':') + 1);
            String problem = AdvertisedBrokers.problem(bootstrap, Duration.ofSeconds(5));
            assertThat(problem).contains("the broker at " + bootstrap + " answers")
                    .contains("kafka-broker.invalid:" + port + " (does not resolve)")
                    .contains("advertised.listeners");
            assertThat(OperationsCommand.unreachable(new KafkaSettings(bootstrap), Duration.ofSeconds(10)))
                    .contains("the broker at " + bootstrap + " answers")
                    .contains("kafka-broker.invalid:" + port + " (does not resolve)")
                    .contains("advertised.listeners")
                    .doesNotContain("is the broker running");
        }
    }

    /**
     * kafka-clients warn "Error connecting to node" with the UnknownHostException's stack trace at every attempt,
     * once a second, for as long as the name does not resolve: 60 warnings and some 900 lines of stack a minute
     * beside the stages' own message. The log configurations of bin/pipeline and of publish's image show the first
     * and no other for a minute, and let any other warning of kafka-clients through (enrich's and ingest's keep the
     * client's connection warnings off altogether).
     */
    @ParameterizedTest
    @ValueSource(strings = {"runner", "publish"})
    void kafkaClientsWarnOnceOfANameThatDoesNotResolve(String module) throws Exception {
        try (EmbeddedKafka broker = EmbeddedKafka.advertising(folder.resolve("kafka"), "kafka-broker.invalid")) {
            Path config = Path.of("..", module, "src", "main", "resources", "log4j2.xml").toAbsolutePath().normalize();
            Process client = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dlog4j2.configurationFile=" + config, "-cp", System.getProperty("java.class.path"),
                    ClientOfAnUnresolvableBroker.class.getName(), broker.bootstrapServers())
                    .redirectErrorStream(true).start();
            String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(client.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(output.lines().filter(l -> l.contains("Error connecting to node kafka-broker.invalid")))
                    .as(output).hasSize(1);
            assertThat(output).contains("java.net.UnknownHostException: kafka-broker.invalid")
                    .contains("another warning of kafka-clients").contains("gave up");
        }
    }

    /** A client that asks a broker for its topics for 6 s, then logs a warning of kafka-clients' own. */
    public static final class ClientOfAnUnresolvableBroker {
        public static void main(String[] args) {
            Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]));
            try {
                admin.listTopics().names().get(6, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.out.println("gave up: " + e);
            } finally {
                admin.close(Duration.ZERO);
            }
            LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient").warn("another warning of kafka-clients");
        }
    }

    @Test
    void aBrokerAdvertisingItsOwnAddressIsNoProblem() {
        assertThat(AdvertisedBrokers.problem(TestInfrastructure.shared().kafkaBootstrapServers(),
                Duration.ofSeconds(5))).isNull();
    }

    @Test
    void noBrokerAtAllLeavesTheUsualAdvice() {
        String nobody = "127.0.0.1:" + FreePort.find();
        assertThat(AdvertisedBrokers.problem(nobody, Duration.ofSeconds(5))).isNull();
        assertThat(OperationsCommand.unreachable(new KafkaSettings(nobody), Duration.ofSeconds(10)))
                .contains("is the broker running");
    }
}
