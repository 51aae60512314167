package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.DeadLetterHeaders;
import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.TopicAdmin;
import com.researchpipeline.contract.Topics;
import com.researchpipeline.infra.EmbeddedKafka;
import com.researchpipeline.infra.FreePort;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/pipeline redrive} stopped half-way (Ctrl-C, SIGTERM) and run again at once. Before, the stopped run
 * neither committed the letters it had sent since its last batch nor left its group: the next run waited for the
 * group's session timeout and gave up ("is another redrive running?"), and once let in sent those letters again.
 */
class RedriveInterruptedIT {

    private static final int LETTERS = 1_000;

    @TempDir
    Path folder;

    @Test
    void aRedriveStoppedHalfWayAndRunAgainSendsEachLetterOnce() throws Exception {
        try (EmbeddedKafka broker = EmbeddedKafka.start(folder.resolve("kafka"), FreePort.find())) {
            KafkaSettings kafka = new KafkaSettings(broker.bootstrapServers());
            Map<String, String> variables = Map.of(KafkaSettings.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                    "KAFKA_OPERATION_TIMEOUT", "20s");
            Settings env = new Settings(variables);
            String origin = "redrive.origin";
            TopicAdmin.ensureTopics(kafka, env, Topics.DLQ);
            try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(origin, 1, (short) 1))).all().get();
            }
            try (var producer = new KafkaProducer<byte[], byte[]>(kafka.producer("redrive-it"))) {
                List<Future<RecordMetadata>> sends = new ArrayList<>();
                for (int i = 0; i < LETTERS; i++) {
                    sends.add(producer.send(letter(origin, i)));
                }
                for (int i = 0; i < LETTERS; i++) {
                    try {
                        sends.get(i).get();
                    } catch (ExecutionException refused) { // a partition of the new topic not led yet
                        producer.send(letter(origin, i)).get();
                    }
                }
            }

            ProcessBuilder redrive = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"), Pipeline.class.getName(), "redrive")
                    .redirectErrorStream(true).redirectOutput(folder.resolve("first.log").toFile());
            redrive.environment().putAll(variables);
            Process first = redrive.start();
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (endOffset(broker, origin) < 200 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            first.destroy(); // SIGTERM, as Ctrl-C
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            long sentBeforeTheStop = endOffset(broker, origin);
            assertThat(sentBeforeTheStop).as("stopped half-way").isBetween(200L, LETTERS - 1L);

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = OperationsCommand.redrive(List.of(), env, print(out), print(err));
            assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();

            Set<String> keys = new HashSet<>();
            long records = 0;
            try (var consumer = new KafkaConsumer<byte[], byte[]>(kafka.consumer("redrive-it-check", "check"))) {
                TopicPartition partition = new TopicPartition(origin, 0);
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                long end = endOffset(broker, origin);
                while (consumer.position(partition) < end) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        keys.add(new String(record.key(), StandardCharsets.UTF_8));
                        records++;
                    }
                }
            }
            assertThat(keys).hasSize(LETTERS);
            assertThat(records).as("each letter sent back once (" + sentBeforeTheStop + " before the stop)")
                    .isEqualTo(LETTERS);
        }
    }

    private static ProducerRecord<byte[], byte[]> letter(String origin, int n) {
        var failed = new ConsumerRecord<>(origin, 0, n, bytes("article-" + n), bytes("{\"n\":" + n + "}"));
        return DeadLetterHeaders.forRecord("enrich", failed, new IllegalStateException("bug"));
    }

    private static long endOffset(EmbeddedKafka broker, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers()))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            return admin.listOffsets(Map.of(partition, org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get()
                    .get(partition).offset();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static PrintStream print(ByteArrayOutputStream buffer) {
        return new PrintStream(buffer, true, StandardCharsets.UTF_8);
    }
}
