package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.AdvertisedBrokers;
import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.infra.EmbeddedKafka;
import com.researchpipeline.infra.FreePort;
import com.researchpipeline.infra.TestInfrastructure;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
