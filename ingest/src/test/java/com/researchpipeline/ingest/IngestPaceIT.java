package com.researchpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.RawArticle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest-only measurement of the README (not part of the default suite): files dropped at a steady rate
 * into an inbox watched with the default pickup settings, and how long each took from its drop (the rename into
 * the inbox, or the close of a file written in place) to its event on Kafka. Prints p50/p99/max and the rate;
 * asserts only that every file arrived once.
 * <pre>
 * mvn -B -ntp -pl ingest -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dfailsafe.failIfNoSpecifiedTests=false -Dit.test=IngestPaceIT \
 *     -Dingest.pace.rate=20 -Dingest.pace.seconds=15 [-Dingest.pace.mode=rename|inplace]
 * </pre>
 */
@EnabledIfSystemProperty(named = "ingest.pace.rate", matches = "\\d+")
class IngestPaceIT {

    @TempDir
    Path inbox;

    @Test
    void measuresDropToKafkaAtASteadyRate() throws Exception {
        int rate = Integer.getInteger("ingest.pace.rate");
        int seconds = Integer.getInteger("ingest.pace.seconds", 15);
        boolean rename = !"inplace".equals(System.getProperty("ingest.pace.mode", "rename"));
        int files = rate * seconds;
        Map<String, String> settings = new HashMap<>(Map.of("INGEST_STABLE_FOR", "2s", "INGEST_POLL_INTERVAL", "500ms"));
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("INGEST_"))
                .forEach(k -> settings.put(k, System.getProperty(k)));
        List<byte[]> seeds = new ArrayList<>();
        for (String seed : List.of("seed-000.txt", "seed-001.txt", "seed-002.txt")) {
            seeds.add(ArticleCleanerTest.resource(seed));
        }
        Map<String, Long> droppedAt = new ConcurrentHashMap<>();
        try (IngestHarness harness = new IngestHarness(inbox, settings)) {
            harness.start();
            long start = System.nanoTime();
            // the files are dropped on their own thread while this one reads the topic, so that each arrival is timed
            Thread dropper = new Thread(() -> {
                try {
                    for (int i = 0; i < files; i++) {
                        long due = start + i * 1_000_000_000L / rate;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        String name = "paced-" + i + ".txt";
                        byte[] text = (new String(seeds.get(i % seeds.size()), StandardCharsets.UTF_8) + "\nCopy " + i
                                + ".\n").getBytes(StandardCharsets.UTF_8);
                        if (rename) {
                            Path temporary = inbox.resolve(name + ".part");
                            Files.write(temporary, text);
                            droppedAt.put(name, System.nanoTime());
                            Files.move(temporary, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                        } else {
                            droppedAt.put(name, System.nanoTime());
                            Files.write(inbox.resolve(name), text);
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "dropper");
            dropper.start();
            List<Long> latencies = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            List<ConsumerRecord<byte[], byte[]>> records = harness.rawRecords(r -> {
                for (int i = latencies.size(); i < r.size(); i++) {
                    String path = JsonSerde.fromBytes(r.get(i).value(), RawArticle.class).source().path();
                    latencies.add((System.nanoTime() - droppedAt.get(path)) / 1_000_000);
                    seen.merge(path, 1, Integer::sum);
                }
                return r.size() >= files;
            });
            double took = (System.nanoTime() - start) / 1e9;
            dropper.join();
            latencies.sort(null);
            System.out.printf("ingest pace: %d files (%s) at %d/s, settings %s: drop -> on Kafka p50 %d ms, p99 %d ms, "
                            + "max %d ms; all on Kafka after %.1f s (%.1f files/s)%n", files, rename ? "renamed in"
                            : "written in place", rate, settings, latencies.get(latencies.size() / 2),
                    latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1), latencies.get(latencies.size() - 1),
                    took, files / took);
            assertThat(records).hasSize(files);
            assertThat(seen.values()).allMatch(n -> n == 1);
        }
    }
}
