package com.researchpipeline.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicAdminTest {

    private final List<Duration> slept = new ArrayList<>();

    @Test
    void aBrokerNameThatEntersDnsLateIsWaitedFor() {
        int[] lookups = {0};
        int waits = TopicAdmin.awaitResolvable("kafka:9092", Duration.ofSeconds(60), host -> {
            assertThat(host).isEqualTo("kafka");
            if (++lookups[0] < 3) {
                throw new UnknownHostException(host);
            }
        }, slept::add);

        assertThat(waits).isEqualTo(2);
        assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void anyResolvableServerOfTheListIsEnoughAndALoopbackAddressNeedsNoWait() {
        assertThat(TopicAdmin.awaitResolvable("no-such-broker.invalid:9092, 127.0.0.1:9092", Duration.ofSeconds(60),
                host -> InetAddress.getAllByName(host), slept::add)).isZero();
        assertThat(slept).isEmpty();
    }

    @Test
    void aNameThatNeverResolvesFailsAfterTheBudgetSayingWhatToCheck() {
        assertThatThrownBy(() -> TopicAdmin.awaitResolvable("no-such-broker.invalid:9092", Duration.ofSeconds(60),
                host -> InetAddress.getAllByName(host), slept::add))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS=no-such-broker.invalid:9092")
                .hasMessageContaining("is the name right");
        assertThat(slept.stream().mapToLong(Duration::toSeconds).sum()).isBetween(60L, 70L);
    }

    @Test
    void topicSettingsNoBrokerTakesFailNamingTheVariable() {
        // before: 65537 was cut to a replication factor of 1 without a word, 32768 to -32768; 0 partitions was
        // refused by the broker only when a topic was missing, with advice to check ACLs
        for (String[] hostile : new String[][] {{"KAFKA_TOPIC_PARTITIONS", "0"}, {"KAFKA_TOPIC_PARTITIONS", "-3"},
                {"KAFKA_REPLICATION_FACTOR", "0"}, {"KAFKA_REPLICATION_FACTOR", "65537"}, {"KAFKA_REPLICATION_FACTOR", "32768"}}) {
            assertThatThrownBy(() -> TopicAdmin.TopicSettings.from(new Settings(Map.of(hostile[0], hostile[1]))))
                    .as(hostile[0] + "=" + hostile[1])
                    .isInstanceOf(Settings.ConfigException.class).hasMessageContaining(hostile[0] + "=" + hostile[1]);
        }
        assertThat(TopicAdmin.TopicSettings.from(new Settings(Map.of("KAFKA_REPLICATION_FACTOR", "3"))))
                .isEqualTo(new TopicAdmin.TopicSettings(12, (short) 3, false));
    }
}
