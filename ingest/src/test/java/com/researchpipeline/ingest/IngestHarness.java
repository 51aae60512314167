package com.researchpipeline.ingest;

import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.infra.TestInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * One ingest stage on the shared real broker with its own inbox and topics, plus what a test needs to
 * look at the outcome: the records on both topics and the files in the inbox's folders.
 */
final class IngestHarness implements AutoCloseable {

    final Path inbox;
    final String rawTopic;
    final String dlqTopic;
    final IngestConfig config;
    private final String bootstrap;
    private final List<IngestService> services = new ArrayList<>();
    private final KafkaConsumer<byte[], byte[]> rawConsumer;
    private final KafkaConsumer<byte[], byte[]> dlqConsumer;
    private final List<ConsumerRecord<byte[], byte[]>> raw = new ArrayList<>();
    private final List<ConsumerRecord<byte[], byte[]>> dlq = new ArrayList<>();

    IngestHarness(Path inbox, Map<String, String> overrides) {
        this(inbox, overrides, TestInfrastructure.shared().kafkaBootstrapServers());
    }

    IngestHarness(Path inbox, Map<String, String> overrides, String bootstrap) {
        this.inbox = inbox;
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        this.rawTopic = "articles.raw." + suffix;
        this.dlqTopic = "articles.dlq." + suffix;
        this.bootstrap = bootstrap;
        Settings settings = new Settings(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "INGEST_INBOX", inbox.toString(),
                "INGEST_RAW_TOPIC", rawTopic,
                "INGEST_DLQ_TOPIC", dlqTopic,
                "INGEST_STABLE_FOR", "300ms",
                "INGEST_POLL_INTERVAL", "100ms",
                "INGEST_SEND_TIMEOUT", "10s",
                "INGEST_RETRY_BACKOFF_MAX", "2s",
                "KAFKA_TOPIC_PARTITIONS", "1")).with(overrides);
        this.config = IngestConfig.from(settings);
        KafkaSettings kafka = new KafkaSettings(bootstrap);
        this.rawConsumer = new KafkaConsumer<>(kafka.consumer("test-" + suffix + "-raw", "test-raw"));
        this.dlqConsumer = new KafkaConsumer<>(kafka.consumer("test-" + suffix + "-dlq", "test-dlq"));
        rawConsumer.subscribe(List.of(rawTopic));
        dlqConsumer.subscribe(List.of(dlqTopic));
    }

    IngestHarness(Path inbox) {
        this(inbox, Map.of());
    }

    IngestService start() {
        return start(Files::readAllBytes);
    }

    IngestService start(ArticleIntake.FileReader reader) {
        IngestService service = new IngestService(config, reader, Clock.systemUTC());
        services.add(service);
        service.start();
        return service;
    }

    String bootstrapServers() {
        return bootstrap;
    }

    /** Every record read so far from the raw topic, after waiting until the condition holds on them. */
    List<ConsumerRecord<byte[], byte[]>> rawRecords(Predicate<List<ConsumerRecord<byte[], byte[]>>> until) {
        return poll(rawConsumer, raw, until, Duration.ofSeconds(30));
    }

    List<ConsumerRecord<byte[], byte[]>> dlqRecords(Predicate<List<ConsumerRecord<byte[], byte[]>>> until) {
        return poll(dlqConsumer, dlq, until, Duration.ofSeconds(30));
    }

    /** Records that arrived within the given time, for checking that nothing more comes. */
    List<ConsumerRecord<byte[], byte[]>> rawRecordsAfter(Duration wait) {
        return poll(rawConsumer, raw, r -> false, wait);
    }

    List<ConsumerRecord<byte[], byte[]>> dlqRecordsAfter(Duration wait) {
        return poll(dlqConsumer, dlq, r -> false, wait);
    }

    private static List<ConsumerRecord<byte[], byte[]>> poll(KafkaConsumer<byte[], byte[]> consumer,
            List<ConsumerRecord<byte[], byte[]>> seen, Predicate<List<ConsumerRecord<byte[], byte[]>>> until,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!until.test(seen) && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        return List.copyOf(seen);
    }

    Path done(String relative) {
        return inbox.resolve(Inbox.DONE).resolve(relative);
    }

    Path failed(String relative) {
        return inbox.resolve(Inbox.FAILED).resolve(relative);
    }

    /** Paths of regular files below a folder, relative to it, '/' separated, sorted; tolerates files moving meanwhile. */
    static List<String> filesBelow(Path folder) {
        if (!Files.exists(folder)) {
            return List.of();
        }
        List<String> files = new ArrayList<>();
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() || attrs.isSymbolicLink()) {
                        files.add(folder.relativize(file).toString().replace('\\', '/'));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // moved away between listing and visiting
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.sort(null);
        return files;
    }

    /** Files still waiting in the inbox itself (not in .done or .failed). */
    List<String> waiting() {
        return filesBelow(inbox).stream().filter(p -> !p.startsWith(".")).toList();
    }

    static void awaitTrue(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        services.forEach(IngestService::close);
        rawConsumer.close();
        dlqConsumer.close();
    }
}
