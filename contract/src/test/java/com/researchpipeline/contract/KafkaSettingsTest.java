package com.researchpipeline.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

    @Test
    void consumersKeepKafkasSessionTimeoutUnlessTold() {
        var props = KafkaSettings.from(new Settings(Map.of())).consumer("g", "c");
        assertThat(props).containsEntry("session.timeout.ms", 45_000).containsEntry("heartbeat.interval.ms", 3_000);
    }

    @Test
    void aShorterSessionTimeoutHeartbeatsEveryThirdOfIt() {
        var props = KafkaSettings.from(new Settings(Map.of("KAFKA_SESSION_TIMEOUT", "6s"))).consumer("g", "c");
        assertThat(props).containsEntry("session.timeout.ms", 6_000).containsEntry("heartbeat.interval.ms", 2_000);
    }

    @Test
    void aSessionTimeoutTheBrokerWouldRefuseFailsAtStartNamingTheVariable() {
        assertThatThrownBy(() -> KafkaSettings.from(new Settings(Map.of("KAFKA_SESSION_TIMEOUT", "2s"))))
                .isInstanceOf(Settings.ConfigException.class)
                .hasMessageContaining("KAFKA_SESSION_TIMEOUT=2000ms").hasMessageContaining("between 6s and 30m");
    }

    @Test
    void aLoopsBatchMayTakeHalfAnHourBeforeTheGroupTakesItsPartitions() {
        var props = KafkaSettings.from(new Settings(Map.of())).loopConsumer("g", "c");
        assertThat(props).containsEntry("max.poll.interval.ms", 1_800_000).containsEntry("auto.offset.reset", "none")
                .containsEntry("session.timeout.ms", 45_000).containsEntry("connections.max.idle.ms", 1_860_000L);
    }

    @Test
    void bootstrapServersThatNoClientCouldUseFailAtStartNamingTheVariable() {
        // before: a missing port, port 65536 or an empty entry gave Kafka's ConfigException as a stack trace once a
        // client was made; port 0, or a list of commas alone, was waited on for 60 s
        for (String hostile : new String[] {"localhost", "127.0.0.1:0", "127.0.0.1:65536", ",", " , ", ":9092"}) {
            assertThatThrownBy(() -> KafkaSettings.from(new Settings(Map.of("KAFKA_BOOTSTRAP_SERVERS", hostile))))
                    .as(hostile)
                    .isInstanceOf(Settings.ConfigException.class)
                    .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS='" + hostile.trim() + "'");
        }
    }

    @Test
    void bootstrapServersLeaveEmptyEntriesAndSpacesOut() {
        var kafka = KafkaSettings.from(new Settings(Map.of("KAFKA_BOOTSTRAP_SERVERS", "a:9092,, b:9093 ,[::1]:9094,")));
        assertThat(kafka.bootstrapServers()).isEqualTo("a:9092,b:9093,[::1]:9094");
    }

    @Test
    void aLoopsConsumerRebalancesCooperativelyOnly() {
        var props = KafkaSettings.from(new Settings(Map.of())).loopConsumer("g", "c");
        // with range in the list as well, the client would fall back to eager rebalancing
        assertThat(props).containsEntry("partition.assignment.strategy",
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
    }
}
