package com.researchpipeline.ingest;

import static com.researchpipeline.ingest.IngestHarness.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.observability.Observability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The readiness check {@code ingest/inbox} of a running stage: ready while the inbox is listed; not ready, within
 * the threshold (here max(3 x 100 ms, 1 s) = 1 s), once listings stop (the poll held by a file that never finishes,
 * the inbox gone); ready again once they resume, and the files are taken.
 */
class InboxLivenessIT {

    private static final Duration NOTICED = Duration.ofSeconds(6);
    private static final Pattern AGE = Pattern.compile("pipeline_inbox_listing_age_seconds\\{stage=\"ingest\"} ([0-9.E]+)");

    @TempDir
    Path inbox;

    @Test
    void aPollHeldByAFileThatNeverFinishesIsNotReadyAndReadyAgainOnceItDoes() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Observability observability = Observability.inMemory();
        try (IngestHarness harness = new IngestHarness(inbox, Map.of("INGEST_STUCK_AFTER", "1s",
                "INGEST_CONCURRENCY", "1"));
             IngestService service = new IngestService(harness.config, file -> {
                 if (file.getFileName().toString().equals("held.txt")) {
                     entered.countDown();
                     try {
                         release.await(30, TimeUnit.SECONDS); // a processor that does not return
                     } catch (InterruptedException e) {
                         Thread.currentThread().interrupt();
                     }
                 }
                 return Files.readAllBytes(file);
             }, Clock.systemUTC(), observability)) {
            service.start();
            assertThat(InboxListings.overdueAfter(harness.config)).isEqualTo(Duration.ofSeconds(1));
            Files.writeString(inbox.resolve("held.txt"), "A short article about cancer research.\n");
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            awaitTrue("listings go on while one file is held and no other waits", NOTICED,
                    () -> inboxProblem(observability) == null);
            Thread.sleep(1_500); // past the threshold: one file held is not a poller stopped
            assertThat(inboxProblem(observability)).isNull();

            Files.writeString(inbox.resolve("next.txt"), "An article about asthma, waiting for the only slot.\n");
            long dropped = System.nanoTime();
            awaitTrue("not ready once the poll waits for good", NOTICED, () -> inboxProblem(observability) != null);
            assertThat(Duration.ofNanos(System.nanoTime() - dropped)).isLessThan(NOTICED);
            assertThat(inboxProblem(observability)).contains("one listing has been running")
                    .contains("InboxClaimReadLock.awaitSlot").contains("What to do");
            assertThat(listingAge(observability)).isGreaterThan(1.0);

            release.countDown();
            awaitTrue("ready again once the held file is done", NOTICED, () -> inboxProblem(observability) == null);
            awaitTrue("both files taken", NOTICED, () -> IngestHarness.filesBelow(harness.done("")).size() == 2);
            assertThat(listingAge(observability)).isLessThan(1.0);
        } finally {
            release.countDown();
        }
    }

    @Test
    void anInboxThatGoesAwayIsNotReadyAndItsFilesAreTakenOnceItIsBack() throws Exception {
        Observability observability = Observability.inMemory();
        try (IngestHarness harness = new IngestHarness(inbox, Map.of("INGEST_STUCK_AFTER", "1s"));
             IngestService service = new IngestService(harness.config, null, Clock.systemUTC(), observability)) {
            service.start();
            Files.writeString(inbox.resolve("first.txt"), "An article about malaria, taken as usual.\n");
            long until = System.nanoTime() + Duration.ofMillis(1_500).toNanos();
            while (System.nanoTime() < until) { // past the threshold, a file taken meanwhile
                assertThat(inboxProblem(observability)).isNull();
                Thread.sleep(50);
            }
            assertThat(harness.rawRecords(r -> !r.isEmpty())).hasSize(1);

            Path away = inbox.resolveSibling(inbox.getFileName() + "-unmounted");
            Files.move(inbox, away);
            try {
                awaitTrue("not ready while the inbox is gone", NOTICED, () -> inboxProblem(observability) != null);
                assertThat(inboxProblem(observability)).contains("the listings fail").contains("INGEST_INBOX");
                Files.writeString(away.resolve("second.txt"), "An article about measles, dropped meanwhile.\n");
            } finally {
                Files.move(away, inbox);
            }
            awaitTrue("ready again", NOTICED, () -> inboxProblem(observability) == null);
            assertThat(harness.rawRecords(r -> r.size() >= 2)).hasSize(2);
        }
    }

    /**
     * The poll thread killed outright ({@link Thread#stop}: a ThreadDeath wherever it is, in a listing handing a
     * backlog over or between polls), three times: a new thread takes over each time, and every file still reaches
     * the raw topic exactly once.
     */
    @Test
    @SuppressWarnings("removal")
    void aPollThreadKilledOutrightIsReplacedAndEveryFileIsStillTakenOnce() throws Exception {
        Observability observability = Observability.inMemory();
        int files = 40;
        for (int i = 0; i < files; i++) {
            Files.writeString(inbox.resolve("backlog-" + i + ".txt"), "Backlog article " + i + " about cholera, "
                    + "number " + i + " of the backlog (QQK" + i + "QQ).\n");
        }
        try (IngestHarness harness = new IngestHarness(inbox, Map.of("INGEST_CONCURRENCY", "1",
                "INGEST_STUCK_AFTER", "1s"));
             IngestService service = new IngestService(harness.config, null, Clock.systemUTC(), observability)) {
            service.start();
            // in a listing that hands the backlog over (waiting for the one slot), then twice between polls
            for (String where : java.util.List.of("InboxClaimReadLock", "WakeablePollScheduler.pause",
                    "WakeablePollScheduler.pause")) {
                Thread poller = pollThreadAt(where);
                poller.stop(); // in a listing the poll's own last resort catches it; between polls the thread dies
                poller.join(500);
            }
            awaitTrue("every file of the backlog taken", Duration.ofSeconds(40),
                    () -> harness.waiting().isEmpty());
            Files.writeString(inbox.resolve("afterwards.txt"), "An article about typhus, dropped afterwards.\n");
            awaitTrue("a file dropped afterwards is taken", Duration.ofSeconds(15),
                    () -> Files.exists(harness.done("afterwards.txt")));
            java.util.Map<String, Integer> seen = new java.util.HashMap<>();
            for (var record : harness.rawRecords(r -> r.size() >= files + 1)) {
                String value = new String(record.value(), java.nio.charset.StandardCharsets.UTF_8);
                java.util.regex.Matcher marker = Pattern.compile("QQK\\d+QQ").matcher(value);
                if (marker.find()) {
                    seen.merge(marker.group(), 1, Integer::sum);
                }
            }
            assertThat(seen).hasSize(files);
            assertThat(seen.values()).as("each file on the raw topic once").containsOnly(1);
            assertThat(inboxProblem(observability)).isNull();
        }
    }

    /**
     * The live poll thread, once its stack passes through the named place (class or class.method). It pauses only
     * after handing a listing's backlog over one slot at a time, which a loaded machine can stretch past 10 s.
     */
    private static Thread pollThreadAt(String where) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (System.nanoTime() < until) {
            for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
                if (thread.getKey().getName().equals("ingest-inbox-poll") && thread.getKey().isAlive()
                        && java.util.Arrays.stream(thread.getValue()).anyMatch(frame ->
                                (frame.getClassName() + "." + frame.getMethodName()).contains(where))) {
                    return thread.getKey();
                }
            }
            Thread.sleep(2);
        }
        throw new AssertionError("the poll thread never passed through " + where);
    }

    private static String inboxProblem(Observability observability) {
        return observability.health().ready().stream()
                .filter(r -> r.stage().equals("ingest") && r.check().equals("inbox"))
                .findFirst().orElseThrow(() -> new AssertionError("no check ingest/inbox")).problem();
    }

    private static double listingAge(Observability observability) {
        Matcher age = AGE.matcher(observability.scrape());
        assertThat(age.find()).as("the gauge is scraped").isTrue();
        return Double.parseDouble(age.group(1));
    }
}
