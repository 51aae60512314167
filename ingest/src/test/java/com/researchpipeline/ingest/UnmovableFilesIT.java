package com.researchpipeline.ingest;

import static com.researchpipeline.ingest.IngestHarness.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.observability.Observability;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inbox's own folders tampered with while ingest runs: {@code .done/} and {@code .failed/} replaced by files, so
 * that files whose events Kafka acknowledged cannot be moved out of the inbox, and {@code .claims/} replaced by a
 * file, so that no file can be claimed. Each such event is on Kafka once however often the move is retried, the
 * readiness checks say what is wrong and what to do, and once the folders are back everything moves and the checks
 * pass again, with nothing sent twice.
 */
class UnmovableFilesIT {

    private static final Duration NOTICED = Duration.ofSeconds(15);

    @TempDir
    Path inbox;

    @Test
    void aFileThatCannotBeMovedAfterItsEventWasSentIsSentOnceAndTheReadinessCheckSaysWhy() throws Exception {
        Observability observability = Observability.inMemory();
        try (IngestHarness harness = new IngestHarness(inbox, Map.of("INGEST_RETRY_BACKOFF_MAX", "300ms"));
             IngestService service = new IngestService(harness.config, null, Clock.systemUTC(), observability)) {
            service.start();
            Path done = inbox.resolve(Inbox.DONE);
            Path failed = inbox.resolve(Inbox.FAILED);
            replaceByFile(done);
            replaceByFile(failed);
            Files.writeString(inbox.resolve("stuck.txt"), "An article about leprosy that cannot be archived.\n");
            Files.write(inbox.resolve("stuck-bad.txt"), new byte[64]);

            awaitTrue("the check ingest/archive names the stuck files", NOTICED,
                    () -> check(observability, "archive") != null && check(observability, "archive").startsWith("2 file"));
            assertThat(check(observability, "archive")).contains("cannot be moved out of the inbox")
                    .contains("a file stands where the archive folder should be").contains("What to do:");
            assertThat(observability.scrape()).contains("pipeline_inbox_files_unmovable{stage=\"ingest\"} 2.0");
            assertThat(harness.rawRecords(r -> !r.isEmpty())).hasSize(1);
            assertThat(harness.dlqRecords(r -> !r.isEmpty())).hasSize(1);
            // several retries of the move meanwhile, each after at most 300 ms
            assertThat(harness.rawRecordsAfter(Duration.ofMillis(2_000))).as("the article sent once").hasSize(1);
            assertThat(harness.dlqRecordsAfter(Duration.ofMillis(200))).as("the rejection sent once").hasSize(1);

            Files.delete(done);
            Files.delete(failed);
            awaitTrue("both moved once the folders can be made again", NOTICED,
                    () -> Files.exists(harness.done("stuck.txt")) && Files.exists(harness.failed("stuck-bad.txt")));
            awaitTrue("the check passes again", NOTICED, () -> check(observability, "archive") == null);
            assertThat(Inbox.reasonFileOf(harness.failed("stuck-bad.txt"))).exists();
            assertThat(harness.rawRecordsAfter(Duration.ofMillis(500))).as("still sent once").hasSize(1);
            assertThat(harness.dlqRecordsAfter(Duration.ofMillis(200))).as("still rejected once").hasSize(1);
            assertThat(harness.waiting()).isEmpty();
        }
    }

    @Test
    void aStuckFileThatIsChangedIsSentAgainAndOneMovedAwayByHandIsForgotten() throws Exception {
        Observability observability = Observability.inMemory();
        try (IngestHarness harness = new IngestHarness(inbox, Map.of("INGEST_RETRY_BACKOFF_MAX", "300ms"));
             IngestService service = new IngestService(harness.config, null, Clock.systemUTC(), observability)) {
            service.start();
            Path done = inbox.resolve(Inbox.DONE);
            replaceByFile(done);
            Files.writeString(inbox.resolve("edited.txt"), "An article about yaws, first version.\n");
            Files.writeString(inbox.resolve("taken-away.txt"), "An article about pinta, taken away by hand.\n");
            assertThat(harness.rawRecords(r -> r.size() >= 2)).hasSize(2);
            awaitTrue("both stuck", NOTICED, () -> observability.scrape()
                    .contains("pipeline_inbox_files_unmovable{stage=\"ingest\"} 2.0"));

            Files.writeString(inbox.resolve("edited.txt"), "An article about yaws, second version.\n");
            Files.move(inbox.resolve("taken-away.txt"), inbox.resolveSibling(inbox.getFileName() + "-taken-away.txt"));
            assertThat(harness.rawRecords(r -> r.size() >= 3)).as("the new content is sent").hasSize(3);
            Files.delete(done);
            awaitTrue("the edited file moved", NOTICED, () -> Files.exists(harness.done("edited.txt")));
            awaitTrue("nothing is stuck any more", NOTICED, () -> check(observability, "archive") == null);
            assertThat(harness.rawRecordsAfter(Duration.ofMillis(500))).hasSize(3);
            Files.deleteIfExists(inbox.resolveSibling(inbox.getFileName() + "-taken-away.txt"));
        }
    }

    @Test
    void aClaimsFolderReplacedByAFileIsNotReadyAndFilesAreTakenOnceItIsGone() throws Exception {
        Observability observability = Observability.inMemory();
        try (IngestHarness harness = new IngestHarness(inbox);
             IngestService service = new IngestService(harness.config, null, Clock.systemUTC(), observability)) {
            service.start();
            Path claims = inbox.resolve(SharedInboxClaims.FOLDER);
            replaceByFile(claims);
            Files.writeString(inbox.resolve("unclaimed.txt"), "An article about scurvy, dropped with no claims folder.\n");
            awaitTrue("the check ingest/claims says why nothing is taken", NOTICED,
                    () -> check(observability, "claims") != null);
            assertThat(check(observability, "claims")).contains("not a folder").contains("What to do:");
            assertThat(harness.waiting()).containsExactly("unclaimed.txt");

            Files.delete(claims);
            awaitTrue("taken once the file is gone", NOTICED, () -> Files.exists(harness.done("unclaimed.txt")));
            awaitTrue("the check passes again", NOTICED, () -> check(observability, "claims") == null);

            deleteTree(claims); // deleted outright: made again at the next claim
            Files.writeString(inbox.resolve("after-delete.txt"), "An article about beriberi, dropped afterwards.\n");
            awaitTrue("taken with the folder made again", NOTICED, () -> Files.exists(harness.done("after-delete.txt")));
            assertThat(harness.rawRecordsAfter(Duration.ofMillis(300))).hasSize(2);
        }
    }

    private static void replaceByFile(Path folder) throws Exception {
        deleteTree(folder);
        Files.write(folder, "not a folder\n".getBytes(StandardCharsets.UTF_8));
    }

    private static void deleteTree(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static String check(Observability observability, String name) {
        return observability.health().ready().stream()
                .filter(r -> r.stage().equals("ingest") && r.check().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no check ingest/" + name)).problem();
    }
}
