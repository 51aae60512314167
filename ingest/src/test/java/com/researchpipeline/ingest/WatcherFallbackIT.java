package com.researchpipeline.ingest;

import static com.researchpipeline.ingest.IngestHarness.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.observability.Observability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest without inotify, for the kernel's reasons (the watch limit reached at start, the watcher's reads failing
 * while it runs): files are still taken, on the poll interval and the stability window, the gauge
 * {@code pipeline_inbox_watcher_active} says 0, and readiness is not failed for it (nothing is lost); a watcher
 * that failed while running is started again after a back-off, and files are taken at once again.
 */
@EnabledOnOs(OS.LINUX)
class WatcherFallbackIT {

    private static final Duration TAKEN = Duration.ofSeconds(15);
    private static final int EBADF = 9;

    @TempDir
    Path inbox;
    @TempDir
    Path staging;

    @Test
    void withTheWatchLimitReachedAtStartFilesAreStillTakenAndTheGaugeSaysSo() throws Exception {
        Observability observability = Observability.inMemory();
        try (IngestHarness harness = new IngestHarness(inbox);
             IngestService service = new IngestService(harness.config, null, Clock.systemUTC(), observability)
                     .inotifyThrough(new FailingLibC().failAddWatch(LibC.ENOSPC, path -> true))) {
            service.start();
            assertThat(observability.scrape()).contains("pipeline_inbox_watcher_active{stage=\"ingest\"} 0.0");

            renameIn("limit.txt", "An article about tuberculosis, dropped with no watch on the inbox.\n");
            assertThat(harness.rawRecords(r -> !r.isEmpty())).hasSize(1);
            awaitTrue("moved to .done", TAKEN, () -> Files.exists(harness.done("limit.txt")));
            assertThat(inboxCheck(observability)).isNull();
        }
    }

    @Test
    void whenTheWatcherFailsWhileRunningFilesAreStillTakenAndInstantPickupComesBackAfterABackOff() throws Exception {
        Observability observability = Observability.inMemory();
        FailingLibC libc = new FailingLibC();
        try (IngestHarness harness = new IngestHarness(inbox, Map.of("INGEST_STABLE_FOR", "1s",
                "INGEST_POLL_INTERVAL", "200ms"));
             IngestService service = new IngestService(harness.config, null, Clock.systemUTC(), observability)
                     .inotifyThrough(libc)) {
            service.start();
            assertThat(observability.scrape()).contains("pipeline_inbox_watcher_active{stage=\"ingest\"} 1.0");
            renameIn("before.txt", "An article about influenza, taken at once by the watcher.\n");
            assertThat(harness.rawRecords(r -> !r.isEmpty())).hasSize(1);

            libc.failReads(EBADF);
            awaitTrue("the gauge says the watcher stopped", TAKEN,
                    () -> observability.scrape().contains("pipeline_inbox_watcher_active{stage=\"ingest\"} 0.0"));
            long dropped = System.nanoTime();
            renameIn("after.txt", "An article about rabies, dropped after the watcher failed.\n");
            assertThat(harness.rawRecords(r -> r.size() >= 2)).hasSize(2);
            assertThat(Duration.ofNanos(System.nanoTime() - dropped)).as("taken by the stability window, not at once")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(900));
            awaitTrue("moved to .done", TAKEN, () -> Files.exists(harness.done("after.txt")));
            assertThat(inboxCheck(observability)).isNull();

            libc.healReads(); // whatever failed is over: instant pickup comes back without a restart
            awaitTrue("the watcher is started again after its back-off", TAKEN,
                    () -> observability.scrape().contains("pipeline_inbox_watcher_active{stage=\"ingest\"} 1.0"));
            long renamed = System.nanoTime();
            renameIn("rearmed.txt", "An article about measles, dropped once the watcher was back.\n");
            assertThat(harness.rawRecords(r -> r.size() >= 3)).hasSize(3);
            assertThat(Duration.ofNanos(System.nanoTime() - renamed)).as("taken at once again, not after the window")
                    .isLessThan(Duration.ofMillis(900));
        }
    }

    private void renameIn(String name, String text) throws Exception {
        Path temporary = Files.writeString(staging.resolve(name), text);
        Files.move(temporary, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static String inboxCheck(Observability observability) {
        return observability.health().ready().stream()
                .filter(r -> r.stage().equals("ingest") && r.check().equals("inbox"))
                .findFirst().orElseThrow(() -> new AssertionError("no check ingest/inbox")).problem();
    }
}
