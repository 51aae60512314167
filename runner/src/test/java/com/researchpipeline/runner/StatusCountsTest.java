package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.StatusEvent;
import com.researchpipeline.contract.StatusEvent.Kind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How status counts files from their events, without a broker. */
class StatusCountsTest {

    private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");

    private static StatusEvent event(Kind kind, int second, String path, String id) {
        var b = StatusEvent.of(kind, "ingest", T.plusSeconds(second));
        if (path != null) {
            b.path(path);
        }
        if (id != null) {
            b.articleId(id);
        }
        if (kind == Kind.INDEXED) {
            b.endToEndMillis(second * 1000L);
        }
        return b.build();
    }

    @Test
    void eachFileCountsOnceInTheStateItsLatestAttemptReached() {
        List<StatusEvent> events = List.of(
                event(Kind.DISCOVERED, 0, "a.txt", null), event(Kind.INGESTED, 1, "a.txt", "A"),
                event(Kind.ENRICHED, 2, "a.txt", "A"), event(Kind.INDEXED, 3, "a.txt", "A"),
                // the same text again under another name: a second file, done with the same document
                event(Kind.DISCOVERED, 4, "copy-of-a.txt", null), event(Kind.INGESTED, 5, "copy-of-a.txt", "A"),
                event(Kind.ENRICHED, 6, "copy-of-a.txt", "A"), event(Kind.INDEXED, 9, "copy-of-a.txt", "A"),
                // rejected, fixed, dropped again and now in flight
                event(Kind.DISCOVERED, 1, "b.pdf", null), event(Kind.REJECTED, 2, "b.pdf", null),
                event(Kind.DISCOVERED, 20, "b.pdf", null), event(Kind.INGESTED, 21, "b.pdf", "B"),
                // dead-lettered by publish
                event(Kind.DISCOVERED, 2, "c.md", null), event(Kind.INGESTED, 3, "c.md", "C"),
                event(Kind.ENRICHED, 4, "c.md", "C"), event(Kind.DEAD_LETTERED, 5, "c.md", "C"),
                // still being read
                event(Kind.DISCOVERED, 30, "d.html", null),
                // a record no file led to
                event(Kind.DEAD_LETTERED, 7, null, "garbage"));

        var files = StatusCommand.Files.of(events, Instant.EPOCH, Instant.EPOCH);

        assertThat(files.discovered()).isEqualTo(5);
        assertThat(files.done()).isEqualTo(2);
        assertThat(files.inFlight()).isEqualTo(2);
        assertThat(files.rejected()).isZero();
        assertThat(files.deadLettered()).isEqualTo(1);
        assertThat(files.deadLetteredRecords()).isEqualTo(1);
        assertThat(files.oldestInFlight()).isEqualTo(T.plusSeconds(20));
        assertThat(files.slowest().path()).isEqualTo("copy-of-a.txt");
    }

    @Test
    void todayLeavesOutFilesFirstSeenBeforeMidnight() {
        List<StatusEvent> events = List.of(event(Kind.DISCOVERED, 0, "old.txt", null), event(Kind.REJECTED, 1, "old.txt", null),
                event(Kind.DISCOVERED, 100, "new.txt", null), event(Kind.REJECTED, 101, "new.txt", null));
        var today = StatusCommand.Files.of(events, T.plusSeconds(50), Instant.EPOCH);
        assertThat(today.discovered()).isEqualTo(1);
        assertThat(today.rejected()).isEqualTo(1);
    }

    @Test
    void aFileWaitingUnchangedWhileIngestTakesNothingIsStuckButNotOneAtTheEndOfABacklog() {
        Instant now = T.plusSeconds(3600);
        var waiting = new com.researchpipeline.ingest.WaitingFiles(2, java.nio.file.Path.of("/inbox/back\\slash.txt"),
                now.minus(StatusCommand.WAITING_TOO_LONG).minusSeconds(1));
        var tookNothingSince = StatusCommand.Files.of(List.of(event(Kind.DISCOVERED, 0, "a.txt", null),
                event(Kind.INGESTED, 1, "a.txt", "A")), Instant.EPOCH, Instant.EPOCH);
        var tookOneJustNow = StatusCommand.Files.of(List.of(event(Kind.DISCOVERED, 3500, "a.txt", null),
                event(Kind.INGESTED, 3540, "a.txt", "A")), Instant.EPOCH, Instant.EPOCH);

        assertThat(StatusCommand.neverTaken(waiting, tookNothingSince, now))
                .startsWith("a file has waited in the inbox for 10 min 1 s unchanged, and ingest took no file meanwhile: "
                        + "/inbox/back\\\\slash.txt")
                .contains("rename it, or move it out of the inbox");
        assertThat(StatusCommand.neverTaken(waiting, null, now)).as("status topic unreadable: by its age").isNotNull();
        assertThat(StatusCommand.neverTaken(waiting, tookOneJustNow, now)).as("a backlog still moving").isNull();
        assertThat(StatusCommand.neverTaken(new com.researchpipeline.ingest.WaitingFiles(1, waiting.longestWaiting(),
                now.minusSeconds(60)), tookNothingSince, now)).as("changed a minute ago").isNull();
        assertThat(StatusCommand.neverTaken(new com.researchpipeline.ingest.WaitingFiles(0, null, null),
                tookNothingSince, now)).isNull();
    }
}
