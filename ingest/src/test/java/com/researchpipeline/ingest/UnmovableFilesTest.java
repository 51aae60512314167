package com.researchpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
