package com.researchpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker's disk fills up: Kafka gives up on its only log folder and halts the JVM, which ended
 * everything else the process ran ({@code bin/pipeline run}) without a word. With {@link EmbeddedKafka#whenFailed}
 * its owner is told why, a full disk and where, and the JVM goes on. Needs root to mount the small disk.
 */
class BrokerDiskFullIT {

    @TempDir
    Path folder;

    @Test
    void aBrokerThatGivesUpOnAFullDiskSaysWhyAndTheJvmGoesOn() throws Exception {
        Optional<SmallDisk> mounted = SmallDisk.mount(folder.resolve("kafka"), "32m");
        Assumptions.assumeTrue(mounted.isPresent(), "mounting a tmpfs needs root");
        try (SmallDisk disk = mounted.get()) {
            EmbeddedKafka kafka = EmbeddedKafka.start(disk.folder(), 0, true);
            CompletableFuture<String> failed = new CompletableFuture<>();
            kafka.whenFailed(failed::complete);
            KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000), new ByteArraySerializer(), new ByteArraySerializer());
            try {
                producer.send(new ProducerRecord<>("fills-the-disk", new byte[1024])).get(30, TimeUnit.SECONDS);
                disk.fill(0);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!failed.isDone() && System.nanoTime() < deadline) {
                    producer.send(new ProducerRecord<>("fills-the-disk", new byte[64 * 1024]));
                    Thread.sleep(20);
                }
            } finally {
                producer.close(Duration.ZERO); // what it still holds can never be stored
            }
            assertThat(failed).as("told the broker gave up").isDone();
            assertThat(failed.get()).startsWith("the Kafka broker stopped: ")
                    .contains("the disk is full: ").contains(" KB free on " + disk.folder().resolve("log"));
            // still here: the JVM was not halted. A broker whose log folder failed may not stop cleanly: not waited for
            Thread closing = new Thread(kafka::close, "close-failed-broker");
            closing.setDaemon(true);
            closing.start();
            closing.join(2_000);
        }
    }
}
