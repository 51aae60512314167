package com.researchpipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.TopicAdmin;
import com.researchpipeline.contract.Topics;
import com.researchpipeline.infra.TestInfrastructure;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one place topics are created, against a real broker: a topic the old compose setup created (broker
 * defaults: delete after 7 days, one partition) is found, reported and corrected where Kafka allows it.
 */
class TopicAdminIT {

    private static final String SEVEN_DAYS = Long.toString(7L * 24 * 60 * 60 * 1000);
    private static KafkaSettings kafka;
    private static Admin admin;

    @BeforeAll
    static void broker() {
        kafka = new KafkaSettings(TestInfrastructure.shared().kafkaBootstrapServers());
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        admin = Admin.create(props);
    }

    @AfterAll
    static void close() {
        admin.close();
    }

    @Test
    void createsMissingTopicsWithTheCataloguesSettings() throws Exception {
        var raw = Topics.RAW.named("raw-" + UUID.randomUUID());
        var dlq = Topics.DLQ.named("dlq-" + UUID.randomUUID());

        var report = TopicAdmin.ensureTopics(kafka, new Settings(Map.of("KAFKA_TOPIC_PARTITIONS", "2")), raw, dlq);

        assertThat(report.created()).containsExactlyInAnyOrder(raw.name(), dlq.name());
        assertThat(config(raw.name(), "cleanup.policy")).isEqualTo("compact");
        assertThat(config(dlq.name(), "retention.ms")).isEqualTo(Topics.DLQ.config().get("retention.ms"));
        assertThat(partitions(raw.name())).isEqualTo(2);
    }

    @Test
    void aReplicationFactorAboveTheBrokersCountIsRefusedSayingWhichSettingToLower() {
        // before: "check ... its ACLs", whatever the broker's reason
        var raw = Topics.RAW.named("raw-" + UUID.randomUUID());
        assertThatThrownBy(() -> TopicAdmin.ensureTopics(kafka, new Settings(Map.of("KAFKA_REPLICATION_FACTOR", "3")),
                raw)).hasMessageContaining("give KAFKA_REPLICATION_FACTOR no more than the brokers the cluster has")
                .hasMessageNotContaining("ACLs");
    }

    @Test
    void correctsAnExistingTopicKeptAtTheBrokersSevenDayDefault() throws Exception {
        var raw = Topics.RAW.named("raw-" + UUID.randomUUID());
        var dlq = Topics.DLQ.named("dlq-" + UUID.randomUUID());
        admin.createTopics(List.of(new NewTopic(raw.name(), 3, (short) 1),
                new NewTopic(dlq.name(), 3, (short) 1).configs(Map.of("retention.ms", SEVEN_DAYS)))).all().get();

        var report = TopicAdmin.ensureTopics(kafka, new Settings(Map.of()), raw, dlq);

        assertThat(report.created()).isEmpty();
        assertThat(report.corrected()).anySatisfy(line -> assertThat(line).contains(raw.name())
                .contains("cleanup.policy is delete").contains("wants compact"));
        assertThat(report.corrected()).anySatisfy(line -> assertThat(line).contains(dlq.name())
                .contains("retention.ms is " + SEVEN_DAYS));
        assertThat(config(raw.name(), "cleanup.policy")).isEqualTo("compact");
        assertThat(config(dlq.name(), "retention.ms")).isEqualTo(Topics.DLQ.config().get("retention.ms"));
        assertThat(TopicAdmin.ensureTopics(kafka, new Settings(Map.of()), raw, dlq).corrected())
                .as("a second start finds nothing to correct").isEmpty();
    }

    @Test
    void reportsMissingPartitionsAndAddsThemOnlyWhenAsked() throws Exception {
        var enriched = Topics.ENRICHED.named("enriched-" + UUID.randomUUID());
        admin.createTopics(List.of(new NewTopic(enriched.name(), 1, (short) 1)
                .configs(Map.of("cleanup.policy", "compact")))).all().get();

        var report = TopicAdmin.ensureTopics(kafka, new Settings(Map.of("KAFKA_TOPIC_PARTITIONS", "3")), enriched);
        assertThat(report.left()).singleElement().asString().contains(enriched.name()).contains("1 partitions")
                .contains("asks for 3");
        assertThat(partitions(enriched.name())).isEqualTo(1);

        var added = TopicAdmin.ensureTopics(kafka, new Settings(Map.of("KAFKA_TOPIC_PARTITIONS", "3",
                "KAFKA_TOPIC_ADD_PARTITIONS", "true")), enriched);
        assertThat(added.corrected()).singleElement().asString().endsWith("added");
        assertThat(partitionsOnceSettled(enriched.name(), 3)).isEqualTo(3);
    }

    private static String config(String topic, String name) throws Exception {
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        for (int attempt = 1; ; attempt++) {
            try {
                return admin.describeConfigs(List.of(resource)).all().get().get(resource).get(name).value();
            } catch (java.util.concurrent.ExecutionException e) {
                // a topic just created reaches the broker's metadata a moment later
                if (attempt == 50) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** New partitions reach the broker's metadata a moment after createPartitions returns. */
    private static int partitionsOnceSettled(String topic, int expected) throws Exception {
        int seen = partitions(topic);
        for (int attempt = 1; seen != expected && attempt < 50; attempt++) {
            Thread.sleep(100);
            seen = partitions(topic);
        }
        return seen;
    }

    private static int partitions(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    }
}
