package com.researchpipeline.ingest;

import static com.researchpipeline.ingest.IngestHarness.awaitTrue;
import static com.researchpipeline.ingest.IngestHarness.filesBelow;
import static com.researchpipeline.ingest.IngestHarness.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.RawArticle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files in flight together: a hanging file holds none of the others, and every file is sent and moved once. */
class ConcurrentIngestIT {

    @TempDir
    Path inbox;

    @Test
    void aHangingFileDoesNotHoldTheOthersAndEveryFileIsSentAndMovedOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Set<String> readers = ConcurrentHashMap.newKeySet();
        Map<String, Integer> reads = new ConcurrentHashMap<>();
        try (IngestHarness harness = new IngestHarness(inbox, Map.of("INGEST_CONCURRENCY", "3"))) {
            harness.start(file -> {
                String name = file.getFileName().toString();
                reads.merge(name, 1, Integer::sum);
                if (name.equals("hanging.txt")) {
                    readers.add(name);
                    awaitQuietly(release, Duration.ofSeconds(60));
                }
                return Files.readAllBytes(file);
            });
            write(inbox.resolve("hanging.txt"), "An article whose reading hangs, about cystic fibrosis.\n"
                    .getBytes(StandardCharsets.UTF_8));
            awaitTrue("the hanging file is being read", Duration.ofSeconds(20), () -> readers.contains("hanging.txt"));

            int others = 12;
            for (int i = 0; i < others; i++) {
                write(inbox.resolve("batch/other-" + i + ".txt"), ("Article " + i + " about asthma in children.\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            List<ConsumerRecord<byte[], byte[]>> records = harness.rawRecords(r -> r.size() >= others);
            awaitTrue("the others are in .done", Duration.ofSeconds(20),
                    () -> filesBelow(inbox.resolve(".done")).size() == others);
            assertThat(paths(records)).hasSize(others).doesNotContain("hanging.txt");
            assertThat(harness.waiting()).containsExactly("hanging.txt");

            release.countDown();
            records = harness.rawRecords(r -> r.size() >= others + 1);
            awaitTrue("the hanging file is in .done too", Duration.ofSeconds(20),
                    () -> filesBelow(inbox.resolve(".done")).size() == others + 1);
            records = harness.rawRecordsAfter(Duration.ofSeconds(1));

            Map<String, Long> sent = paths(records).stream().collect(Collectors.groupingBy(Function.identity(),
                    Collectors.counting()));
            assertThat(sent).hasSize(others + 1).allSatisfy((path, times) -> assertThat(times).as(path).isEqualTo(1));
            assertThat(reads).allSatisfy((name, times) -> assertThat(times).as(name).isEqualTo(1));
            assertThat(harness.waiting()).isEmpty();
            assertThat(filesBelow(inbox.resolve(".failed"))).isEmpty();
        }
    }

    @Test
    void filesMovedTogetherOntoTheSameArchiveNameNeverOverwriteEachOther() throws Exception {
        // "p3.txt" is already in .done, so its next free name is "p3 (2).txt", which "p3 (2).txt" of the inbox wants too
        int pairs = 4;
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < pairs; i++) {
            write(inbox.resolve(".done/p" + i + ".txt"), ("Archived earlier, article " + i + ".\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        try (IngestHarness harness = new IngestHarness(inbox, Map.of("INGEST_CONCURRENCY", "8"))) {
            CountDownLatch allRead = new CountDownLatch(2 * pairs);
            harness.start(file -> {
                allRead.countDown();
                awaitQuietly(allRead, Duration.ofSeconds(10)); // all eight in flight together, then sent and moved together
                return Files.readAllBytes(file);
            });
            for (int i = 0; i < pairs; i++) {
                String first = "A first article on leukaemia, number " + i + ".\n";
                String second = "A second article on melanoma, number " + i + ".\n";
                write(inbox.resolve("p" + i + ".txt"), first.getBytes(StandardCharsets.UTF_8));
                write(inbox.resolve("p" + i + " (2).txt"), second.getBytes(StandardCharsets.UTF_8));
                expected.put(first.strip(), null);
                expected.put(second.strip(), null);
            }
            harness.rawRecords(r -> r.size() >= 2 * pairs);
            awaitTrue("every file is in .done", Duration.ofSeconds(30),
                    () -> filesBelow(inbox.resolve(".done")).size() == 3 * pairs);

            List<String> archived = new ArrayList<>();
            for (String name : filesBelow(inbox.resolve(".done"))) {
                archived.add(Files.readString(inbox.resolve(".done").resolve(name)).strip());
            }
            assertThat(archived).hasSize(3 * pairs).doesNotHaveDuplicates().containsAll(expected.keySet());
            assertThat(harness.waiting()).isEmpty();
        }
    }

    private static void awaitQuietly(CountDownLatch latch, Duration timeout) throws java.io.IOException {
        try {
            latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
    }

    private static List<String> paths(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> JsonSerde.fromBytes(r.value(), RawArticle.class).source().path()).toList();
    }
}
