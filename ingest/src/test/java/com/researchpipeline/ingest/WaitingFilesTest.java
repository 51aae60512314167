package com.researchpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WaitingFilesTest {

    @TempDir
    Path inbox;

    @Test
    void countsWhatIngestWouldTakeAndFindsTheFileUnchangedTheLongestByItsLastChangeNotItsModificationTime()
            throws Exception {
        Path older = write("sub/older.md");
        Thread.sleep(50);
        Path newer = write("newer.txt");
        for (String ignored : new String[] {".hidden.txt", "x.part", "y.txt~", ".done/archived.txt",
                ".claims/claim", "~lock.txt", ".staging/inside.txt"}) {
            write(ignored);
        }
        Files.createSymbolicLink(inbox.resolve("linked-folder"), inbox.resolve("sub"));

        WaitingFiles waiting = WaitingFiles.in(inbox);
        assertThat(waiting.count()).isEqualTo(2);
        assertThat(waiting.longestWaiting()).isEqualTo(older);

        Thread.sleep(50);
        Files.setLastModifiedTime(older, FileTime.from(Instant.parse("2001-01-01T00:00:00Z"))); // touched now
        assertThat(WaitingFiles.in(inbox).longestWaiting()).isEqualTo(newer);
        assertThat(WaitingFiles.in(inbox).unchangedSince()).isAfter(Instant.now().minusSeconds(60));

        Files.delete(older);
        Files.delete(newer);
        assertThat(WaitingFiles.in(inbox)).isEqualTo(new WaitingFiles(0, null, null));
    }

    private Path write(String relative) throws Exception {
        Path file = inbox.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "text");
    }
}
