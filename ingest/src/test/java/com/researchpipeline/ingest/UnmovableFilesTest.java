package com.researchpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnmovableFilesTest {

    @TempDir
    Path inbox;

    @Test
    void aFileSentWhoseFolderWasRenamedIsOnlyMovedWhenFoundSoonButReadAnewWhenDroppedBackLater() throws Exception {
        PickupPolicyTest.ManualClock clock = new PickupPolicyTest.ManualClock();
        UnmovableFiles unmovable = new UnmovableFiles(clock, Duration.ofMinutes(5));
        Path before = Files.writeString(Files.createDirectories(inbox.resolve("a")).resolve("x.txt"), "text");
        InboxWatcher.FileState state = UnmovableFiles.stateOf(before);
        ArticleIntake.Intake sent = new ArticleIntake.Intake.Rejected(before, "a/x.txt", 4, null,
                new RejectedInputException("too large", "raise the limit"));

        Files.move(inbox.resolve("a"), inbox.resolve("b"));
        unmovable.remember(before, state, sent, "gone");
        Path after = inbox.resolve("b/x.txt");
        assertThat(unmovable.sentAlready(after, UnmovableFiles.stateOf(after))).as("found in the next listing").isSameAs(sent);

        Files.move(inbox.resolve("b"), inbox.resolve("a"));
        unmovable.remember(before.getParent().resolve("gone.txt"), UnmovableFiles.stateOf(before), sent, "gone");
        clock.advance(Duration.ofMinutes(6));
        unmovable.forgetGone();
        assertThat(unmovable.sentAlready(before, UnmovableFiles.stateOf(before)))
                .as("dropped back long after: read and sent anew, its old reason forgotten").isNull();
    }

    @Test
    void aStuckFileIsOnlyMovedAfterAChmodButSentAnewAfterAnInPlaceRewriteThatSetItsTimeBack() throws Exception {
        UnmovableFiles unmovable = new UnmovableFiles(new PickupPolicyTest.ManualClock(), Duration.ofMinutes(5));
        Path file = Files.writeString(inbox.resolve("stuck.txt"), "ORIGINAL");
        FileTime modified = Files.getLastModifiedTime(file);
        ArticleIntake.Intake sent = new ArticleIntake.Intake.Rejected(file, "stuck.txt", 8,
                ArticleIntake.sha256(Files.readAllBytes(file)), new RejectedInputException("too short", "write more"));
        unmovable.remember(file, UnmovableFiles.stateOf(file), sent, "EPERM");

        Thread.sleep(20); // past the coarse tick of the kernel's change time
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----")); // as chattr -i would
        unmovable.forgetGone();
        assertThat(unmovable.sentAlready(file, UnmovableFiles.stateOf(file))).as("its content unchanged").isSameAs(sent);

        Thread.sleep(20);
        Files.writeString(file, "REPLACED");
        Files.setLastModifiedTime(file, modified);
        assertThat(unmovable.sentAlready(file, UnmovableFiles.stateOf(file))).as("rewritten in place").isNull();
    }
}
