package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.DeadLetterHeaders;
import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.TopicAdmin;
import com.researchpipeline.contract.Topics;
import com.researchpipeline.infra.TestInfrastructure;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** replay and redrive against the real broker. */
class OperationsCommandIT {

    private final KafkaSettings kafka = new KafkaSettings(TestInfrastructure.shared().kafkaBootstrapServers());
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void redriveSendsDeadLettersBackToTheirTopicOnceAndListsRejectedFiles() throws Exception {
        String origin = "ops.origin." + System.nanoTime();
        Settings env = env(Map.of());
        TopicAdmin.ensureTopics(kafka, env, Topics.DLQ);
        var failed = new ConsumerRecord<>(origin, 0, 41L, bytes("article-1"), bytes("{\"original\":true}"));
        try (var producer = new KafkaProducer<byte[], byte[]>(kafka.producer("ops-it"))) {
            producer.send(DeadLetterHeaders.forRecord("enrich", failed, new IllegalStateException("model bug"))).get();
            var rejected = new ProducerRecord<byte[], byte[]>(Topics.DLQ.name(), bytes("a.pdf"), bytes("{}"));
            DeadLetterHeaders.describe(rejected.headers(), "ingest", new IllegalArgumentException("no text layer"));
            rejected.headers().add(DeadLetterHeaders.ORIGIN_FILE, bytes("scans/a.pdf"));
            producer.send(rejected).get();
        }

        assertThat(OperationsCommand.redrive(List.of(), env, print(out), print(err))).isZero();

        List<ConsumerRecord<byte[], byte[]>> back = read(origin, 1);
        assertThat(new String(back.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("article-1");
        assertThat(new String(back.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{\"original\":true}");
        assertThat(out.toString()).contains("scans/a.pdf: no text layer", "redriven: 1 dead letters");

        out.reset();
        assertThat(OperationsCommand.redrive(List.of(), env, print(out), print(err))).isZero();
        assertThat(out.toString()).contains("redriven: 0 dead letters");
    }

    @Test
    void replayMovesAStoppedStagesGroupToTheStartAndRefusesWhileItRuns() throws Exception {
        // a topic and group of its own: the pipeline's topics are shared with the end-to-end test
        String topic = "ops.enriched." + System.nanoTime();
        String group = "ops-publish-" + System.nanoTime();
        Settings env = env(Map.of("PUBLISH_TOPIC", topic, "PUBLISH_GROUP_ID", group));
        TopicAdmin.ensureTopics(kafka, env, Topics.ENRICHED.named(topic));
        try (var producer = new KafkaProducer<byte[], byte[]>(kafka.producer("ops-it"))) {
            producer.send(new ProducerRecord<>(topic, bytes("k"), bytes("v"))).get();
        }
        try (var running = new KafkaConsumer<byte[], byte[]>(kafka.consumer(group, "ops-it"))) {
            running.subscribe(List.of(topic));
            while (running.poll(Duration.ofMillis(500)).isEmpty()) {
                // wait until it has joined and read the record
            }
            running.commitSync();
            assertThat(committed(group)).isPositive();

            assertThat(OperationsCommand.replay(List.of("publish"), env, print(out), print(err))).isEqualTo(1);
            assertThat(err.toString()).contains("Stop the publish stage first");
        }

        assertThat(OperationsCommand.replay(List.of("publish"), env, print(out), print(err))).isZero();
        assertThat(committed(group)).isZero();
        assertThat(out.toString()).contains("publish will process " + topic + " again from the start");
    }

    private Settings env(Map<String, String> more) {
        return new Settings(Map.of(KafkaSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers())).with(more);
    }

    /** The sum of the group's committed offsets. */
    private long committed(String group) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().values().stream()
                    .mapToLong(o -> o == null ? 0 : o.offset()).sum();
        }
    }

    private List<ConsumerRecord<byte[], byte[]>> read(String topic, int count) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(kafka.consumer("ops-reader-" + System.nanoTime(), "ops-it"))) {
            consumer.subscribe(List.of(topic));
            for (int i = 0; i < 60 && records.size() < count; i++) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        assertThat(records).hasSize(count);
        return records;
    }

    private static PrintStream print(ByteArrayOutputStream buffer) {
        return new PrintStream(buffer, true, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
