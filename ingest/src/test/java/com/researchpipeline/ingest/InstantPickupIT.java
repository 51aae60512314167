package com.researchpipeline.ingest;

import static com.researchpipeline.ingest.IngestHarness.awaitTrue;
import static com.researchpipeline.ingest.IngestHarness.filesBelow;
import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.RawArticle;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pickup with inotify: files renamed in or closed after writing are taken at once, though the stability window
 * is ten seconds here; a file still open is never read; without the watcher the window still holds.
 */
class InstantPickupIT {

    /** Far longer than any pickup these tests wait for, so that a file taken within it was not taken by the window. */
    private static final Duration LONG_WINDOW = Duration.ofSeconds(10);
    /** Well under both the window and the poll interval of these tests, even on a loaded machine. */
    private static final Duration WELL_UNDER_THE_WINDOW = Duration.ofSeconds(4);

    @TempDir
    Path inbox;
    @TempDir
    Path staging;

    @Test
    @EnabledOnOs(OS.LINUX)
    void takesAFileRenamedInAndAFileClosedInPlaceWellWithinTheStabilityWindow() throws Exception {
        try (IngestHarness harness = new IngestHarness(inbox, Map.of("INGEST_STABLE_FOR", "10s",
                "INGEST_POLL_INTERVAL", "10s"))) {
            Files.createDirectories(inbox.resolve("sub"));
            harness.start();
            long started = System.nanoTime();
            Path temporary = inbox.resolve("renamed.txt.part");
            Files.writeString(temporary, "An article written under a temporary name, about sickle cell disease.\n");
            Files.move(temporary, inbox.resolve("renamed.txt"), StandardCopyOption.ATOMIC_MOVE);
            Path outside = staging.resolve("from-elsewhere.txt");
            Files.writeString(outside, "An article moved in from another folder, about Crohn's disease.\n");
            Files.move(outside, inbox.resolve("sub/from-elsewhere.txt"), StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(inbox.resolve("in-place.txt"), "An article written in place and closed, about gout.\n");

            List<ConsumerRecord<byte[], byte[]>> records = harness.rawRecords(r -> r.size() >= 3);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(paths(records)).containsExactlyInAnyOrder("renamed.txt", "sub/from-elsewhere.txt", "in-place.txt");
            assertThat(took).as("published long before the 10 s window or the 10 s poll interval: the event woke the poll")
                    .isLessThan(WELL_UNDER_THE_WINDOW);
            awaitTrue("all moved", Duration.ofSeconds(5), () -> filesBelow(inbox.resolve(".done")).size() == 3);
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void neverReadsAFileStillOpenForWritingAndTakesItWholeOnceClosed() throws Exception {
        Set<String> readEarly = ConcurrentHashMap.newKeySet();
        Path file = inbox.resolve("new-folder/slow writer.txt");
        StringBuilder expected = new StringBuilder();
        try (IngestHarness harness = new IngestHarness(inbox, Map.of("INGEST_STABLE_FOR", "10s",
                "INGEST_POLL_INTERVAL", "10s"))) {
            AtomicBoolean closed = new AtomicBoolean();
            harness.start(path -> {
                if (path.getFileName().toString().equals("slow writer.txt") && !closed.get()) {
                    readEarly.add(path.toString());
                }
                return Files.readAllBytes(path);
            });
            Files.createDirectories(file.getParent()); // a folder made after the start
            Thread.sleep(200);
            try (OutputStream out = Files.newOutputStream(file)) {
                for (int piece = 0; piece < 5; piece++) {
                    String line = "Piece " + piece + " of an article about Parkinson's disease.\n";
                    out.write(line.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    expected.append(line);
                    if (piece == 2) { // a neighbour closed meanwhile: the inbox is listed, the open file with it
                        Files.writeString(file.resolveSibling("neighbour.txt"), "A neighbour about epilepsy.\n");
                        assertThat(paths(harness.rawRecords(r -> !r.isEmpty()))).containsExactly("new-folder/neighbour.txt");
                    }
                    Thread.sleep(400);
                }
            }
            closed.set(true);
            long closedAt = System.nanoTime();
            List<ConsumerRecord<byte[], byte[]>> records = harness.rawRecords(r -> r.size() >= 2);
            Duration afterClose = Duration.ofNanos(System.nanoTime() - closedAt);
            records = harness.rawRecordsAfter(Duration.ofMillis(500));

            assertThat(readEarly).as("read while still open").isEmpty();
            assertThat(records).hasSize(2);
            assertThat(JsonSerde.fromBytes(records.get(1).value(), RawArticle.class).body())
                    .isEqualTo(expected.toString());
            assertThat(afterClose).as("taken once closed, not after the window").isLessThan(WELL_UNDER_THE_WINDOW);
        }
    }

    @Test
    void withoutTheWatcherAFileRenamedInWaitsForTheStabilityWindow() throws Exception {
        try (IngestHarness harness = new IngestHarness(inbox, Map.of("INGEST_STABLE_FOR", "2s",
                "INGEST_INSTANT_PICKUP", "false"))) {
            harness.start();
            Path temporary = staging.resolve("whole.txt");
            Files.writeString(temporary, "An article renamed in while instant pickup is off, about lupus.\n");
            Files.move(temporary, inbox.resolve("whole.txt"), StandardCopyOption.ATOMIC_MOVE);

            assertThat(harness.rawRecordsAfter(Duration.ofMillis(1500))).as("nothing before the window").isEmpty();
            assertThat(paths(harness.rawRecords(r -> !r.isEmpty()))).containsExactly("whole.txt");
        }
    }

    private static List<String> paths(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> JsonSerde.fromBytes(r.value(), RawArticle.class).source().path())
                .collect(Collectors.toList());
    }
}
