package com.researchpipeline.ingest;

import static com.researchpipeline.ingest.IngestHarness.awaitTrue;
import static com.researchpipeline.ingest.IngestHarness.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.RawArticle;
import com.researchpipeline.contract.RejectedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Good articles mixed with files built to break ingest ({@link HostileFiles}): every good article reaches
 * the raw topic exactly once, every bad file is in {@code .failed/} with its reason, no worker ignores the
 * interruption (an abandoned worker holds a core), nothing outside the inbox is read, the route takes a new
 * file afterwards, and the stage stops within 10 s. By default 100 good and every hostile kind once; {@code -Phostile} (or {@code -Dhostile.good=1000 -Dhostile.bad=200}) runs more.
 */
class HostileFilesIT {

    private static final int GOOD = Integer.getInteger("hostile.good", 100);
    private static final int BAD = Integer.getInteger("hostile.bad", HostileFiles.KINDS.size());
    private static final long MAX_FILE_SIZE = 128 * 1024;
    private static final int MAX_TEXT = 150_000;

    @TempDir
    Path inbox;
    @TempDir
    Path outside;
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "hostile-writer");
        thread.setDaemon(true);
        return thread;
    });
    private IngestHarness harness;

    @AfterEach
    void stop() {
        background.shutdownNow();
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void survivesHostileFilesMixedWithGoodArticlesAndLosesNoneOfTheGoodOnes() throws IOException {
        write(outside.resolve("secret.txt"), ("Outside the inbox " + HostileFiles.SECRET + " must never be read.\n")
                .getBytes(StandardCharsets.UTF_8));
        byte[] secret = Files.readAllBytes(outside.resolve("secret.txt"));
        harness = new IngestHarness(inbox, Map.of(
                "INGEST_MAX_FILE_SIZE", Long.toString(MAX_FILE_SIZE),
                "INGEST_MAX_TEXT", Integer.toString(MAX_TEXT),
                "INGEST_EXTRACT_TIMEOUT", "3s"));
        List<HostileFiles.Made> made = new ArrayList<>();
        for (int i = 0; i < GOOD; i++) {
            made.add(HostileFiles.goodArticle(inbox, "good-" + (i % 5), i));
        }
        made.addAll(HostileFiles.make(new HostileFiles.Context(inbox, outside, MAX_FILE_SIZE, MAX_TEXT, background), BAD));
        long started = System.nanoTime();
        harness.start(HostileFiles.reader(inbox, outside, MAX_FILE_SIZE));

        Set<String> leftAlone = made.stream().filter(m -> m.outcome() == HostileFiles.Outcome.LEFT_ALONE)
                .map(HostileFiles.Made::path).collect(Collectors.toSet());
        List<HostileFiles.Made> articles = made.stream().filter(m -> m.outcome() == HostileFiles.Outcome.ARTICLE).toList();
        List<HostileFiles.Made> failed = made.stream().filter(m -> m.outcome() == HostileFiles.Outcome.FAILED
                || m.outcome() == HostileFiles.Outcome.VANISHED).toList();
        boolean settled = waitUntil(Duration.ofSeconds(60 + (GOOD + BAD) / 10), () -> leftAlone.containsAll(harness.waiting())
                && articles.stream().allMatch(m -> Files.exists(harness.done(m.path()), LinkOption.NOFOLLOW_LINKS))
                && failed.stream().allMatch(m -> Files.exists(Inbox.reasonFileOf(harness.failed(m.path())))));
        Duration tookAll = Duration.ofNanos(System.nanoTime() - started);
        Map<String, Integer> markerCounts = new HashMap<>();
        harness.rawRecords(r -> markersSeen(r, markerCounts) >= articles.size());
        List<ConsumerRecord<byte[], byte[]>> raw = harness.rawRecordsAfter(Duration.ofMillis(500));
        markersSeen(raw, markerCounts);

        Map<String, String> problems = new TreeMap<>();
        for (HostileFiles.Made m : articles) {
            int count = markerCounts.getOrDefault(m.marker(), 0);
            if (m.kind().equals("keeps-growing") && count >= 1) {
                String whole = HostileFiles.PROSE.strip();
                long archived = Files.exists(harness.done(m.path())) ? Files.readString(harness.done(m.path()))
                        .lines().filter(l -> l.contains(whole)).count() : -1;
                long longestSent = raw.stream().map(r -> JsonSerde.fromBytes(r.value(), RawArticle.class).body())
                        .filter(b -> b.contains(m.marker())).mapToLong(b -> b.split(java.util.regex.Pattern.quote(whole), -1).length - 1)
                        .max().orElse(0);
                if (longestSent != archived) {
                    problems.put(m.kind() + " " + m.path(), "archived with " + archived + " lines, sent with at most "
                            + longestSent);
                }
            } else if (count != 1) {
                problems.put(m.kind() + " " + m.path(), "its marker is on the raw topic " + count + " times");
            } else if (!Files.exists(harness.done(m.path()), LinkOption.NOFOLLOW_LINKS)) {
                problems.put(m.kind() + " " + m.path(), "not in .done");
            }
        }
        Map<String, String> reasons = new LinkedHashMap<>();
        for (HostileFiles.Made m : failed) {
            Path reason = Inbox.reasonFileOf(harness.failed(m.path()));
            boolean kept = m.outcome() == HostileFiles.Outcome.VANISHED
                    || Files.exists(harness.failed(m.path()), LinkOption.NOFOLLOW_LINKS);
            if (!kept || !Files.exists(reason)) {
                problems.put(m.kind() + " " + m.path(), "not in .failed with a reason file");
            } else {
                String text = Files.readString(reason);
                assertThat(text).as(m.path()).contains("What is wrong:").contains("What to do:");
                if (text.contains("ignored the interruption")) {
                    problems.put(m.kind() + " " + m.path(), "its worker ignored the interruption and was abandoned");
                }
                reasons.putIfAbsent(m.kind(), text.lines().filter(l -> l.startsWith("What is wrong:")).findFirst().orElse(""));
            }
        }
        assertThat(problems).as("files whose outcome is wrong (all settled: " + settled + ")").isEmpty();
        assertThat(harness.waiting()).as("files still in the inbox").containsExactlyInAnyOrderElementsOf(leftAlone);
        assertThat(String.join("\n", raw.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList()))
                .as("nothing outside the inbox is read, no hidden text published").doesNotContain(HostileFiles.SECRET);
        assertThat(outside.resolve("secret.txt")).as("the secret stays where it was").hasBinaryContent(secret);
        List<RejectedFile> dead = harness.dlqRecords(r -> r.size() >= failed.size()).stream()
                .map(r -> JsonSerde.fromBytes(r.value(), RejectedFile.class)).toList();
        assertThat(dead.stream().map(RejectedFile::path).collect(Collectors.toSet()))
                .containsAll(failed.stream().map(HostileFiles.Made::path).toList());

        String marker = HostileFiles.newMarker();
        write(inbox.resolve("afterwards.txt"), ("Still working " + marker + " after all that.\n").getBytes(StandardCharsets.UTF_8));
        harness.rawRecords(r -> r.stream().anyMatch(x -> new String(x.value(), StandardCharsets.UTF_8).contains(marker)));
        awaitTrue("the route takes a new file afterwards", Duration.ofSeconds(15),
                () -> Files.exists(harness.done("afterwards.txt")));

        write(inbox.resolve("during-stop.html"), ("<html><body>" + "<div>".repeat(50_000) + "stop</body></html>")
                .getBytes(StandardCharsets.UTF_8));
        long stopping = System.nanoTime();
        harness.close();
        Duration stopTook = Duration.ofNanos(System.nanoTime() - stopping);
        assertThat(stopTook).as("the stage stops on request").isLessThan(Duration.ofSeconds(10));
        System.out.printf("hostile run: %d good articles, %d hostile files of %d kinds, all taken in %d ms, stopped in %d ms%n",
                GOOD, made.size() - GOOD, HostileFiles.KINDS.size(), tookAll.toMillis(), stopTook.toMillis());
        reasons.forEach((kind, reason) -> System.out.printf("  %-30s %s%n", kind, reason));
    }

    /** Counts markers in article bodies; returns how many distinct ones were seen. */
    private static int markersSeen(List<ConsumerRecord<byte[], byte[]>> records, Map<String, Integer> counts) {
        counts.clear();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            RawArticle article = JsonSerde.fromBytes(record.value(), RawArticle.class);
            for (String marker : Set.copyOf(HostileFiles.markersIn(article.body()))) {
                counts.merge(marker, 1, Integer::sum);
            }
        }
        return counts.size();
    }

    private static boolean waitUntil(Duration timeout, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
