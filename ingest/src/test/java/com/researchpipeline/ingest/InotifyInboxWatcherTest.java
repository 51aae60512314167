package com.researchpipeline.ingest;

import static com.researchpipeline.ingest.IngestHarness.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The inotify watcher on a real folder: what it reports settled, and what it forgets. No broker. */
@EnabledOnOs(OS.LINUX)
class InotifyInboxWatcherTest {

    private static final Duration EVENTS = Duration.ofSeconds(5);

    @TempDir
    Path folder;
    Path inbox;
    @TempDir
    Path outside;
    InboxWatcher watcher;
    final AtomicInteger wakes = new AtomicInteger();

    @BeforeEach
    void watch() throws IOException {
        inbox = folder.toRealPath().resolve("inbox");
        Files.createDirectories(inbox.resolve(".done"));
        watcher = InotifyInboxWatcher.start(inbox, Duration.ofSeconds(2), wakes::incrementAndGet);
        assertThat(watcher.isWatching()).as("inotify works on this Linux machine").isTrue();
    }

    @AfterEach
    void stop() {
        watcher.close();
    }

    @Test
    void reportsAFileClosedAfterWritingWithItsStateAndWakesThePoll() throws IOException {
        Path file = inbox.resolve("closed.txt");
        Files.writeString(file, "written and closed");

        awaitTrue("the close is reported", EVENTS, () -> watcher.settled(file) != null);
        assertThat(watcher.settled(file)).isEqualTo(stateOf(file));
        assertThat(wakes.get()).isPositive();
    }

    @Test
    void doesNotReportAFileStillOpenForWritingUntilItIsClosed() throws Exception {
        Path file = inbox.resolve("open.txt");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("first piece\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(300);
            assertThat(watcher.settled(file)).as("open, written").isNull();
            out.write("second piece\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(300);
            assertThat(watcher.settled(file)).as("still open").isNull();
        }
        awaitTrue("the close is reported", EVENTS, () -> watcher.settled(file) != null);
        assertThat(watcher.settled(file).size()).isEqualTo(25);
    }

    @Test
    void watchesAnInboxThatIsALinkAndTheFoldersBelowIt() throws Exception {
        watcher.close();
        Files.createDirectories(inbox.resolve("sub"));
        Path linked = Files.createSymbolicLink(folder.toRealPath().resolve("linked-inbox"), inbox);
        watcher = InotifyInboxWatcher.start(linked, Duration.ofSeconds(2), wakes::incrementAndGet);
        assertThat(watcher.isWatching()).as("the link to the inbox is followed").isTrue();

        Path file = linked.resolve("sub/closed.txt");
        Files.move(Files.writeString(outside.resolve("closed.txt"), "renamed in below a linked inbox"), file);
        awaitTrue("reported under the inbox's own path", EVENTS, () -> watcher.settled(file) != null);
    }

    @Test
    void stopsWatchingWhenTheInboxItselfIsDeletedSoThatItIsStartedAgain() throws Exception {
        Files.delete(inbox.resolve(".done"));
        Files.delete(inbox);
        awaitTrue("no longer watching a deleted inbox", EVENTS, () -> !watcher.isWatching());
    }

    @Test
    void watchesTheNewFolderAgainWhenTheInboxIsMovedAwayAndReplacedOrItsLinkPointedElsewhere() throws Exception {
        watcher.close();
        Path base = folder.toRealPath();
        Path link = Files.createSymbolicLink(base.resolve("linked-inbox"), inbox);
        watcher = RearmingInboxWatcher.start(() -> InotifyInboxWatcher.start(link, Duration.ofSeconds(2),
                wakes::incrementAndGet), new com.researchpipeline.contract.RetryPolicy(Duration.ofMillis(200),
                Duration.ofSeconds(1)));

        // a deployment switching folders: the link made anew and renamed over the old one
        Path other = Files.createDirectories(base.resolve("other"));
        Files.move(Files.createSymbolicLink(base.resolve("new-link"), other), link, StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        reportsARenamedInFileOnceWatchingAgain(link.resolve("after-the-switch.txt"));

        // the folder itself moved away and another made in its place
        Files.move(other, base.resolve("other.old"));
        Files.createDirectory(other);
        reportsARenamedInFileOnceWatchingAgain(link.resolve("after-the-move.txt"));
    }

    private void reportsARenamedInFileOnceWatchingAgain(Path file) throws Exception {
        awaitTrue("the watch on the old folder is given up", EVENTS, () -> !watcher.isWatching());
        awaitTrue("a watcher is started on the folder the inbox's path now names", EVENTS, watcher::isWatching);
        Files.move(Files.writeString(outside.resolve(file.getFileName()), "renamed in"), file,
                StandardCopyOption.ATOMIC_MOVE);
        awaitTrue("the rename in is reported at once", EVENTS, () -> watcher.settled(file) != null);
    }

    @Test
    void aFileWrittenToIsBeingWrittenUntilItsWriterClosesIt() throws Exception {
        Path file = inbox.resolve("paused.txt");
        Path touched = inbox.resolve("touched.txt");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("the first half\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            Files.createFile(touched);
            awaitTrue("the write is reported", EVENTS, () -> watcher.isBeingWritten(file));
            Thread.sleep(300);
            assertThat(watcher.isBeingWritten(file)).as("the writer pauses, its file open").isTrue();
            assertThat(watcher.isBeingWritten(touched)).as("created, never written").isFalse();
            out.write("the second half\n".getBytes(StandardCharsets.UTF_8));
        }
        awaitTrue("the close ends the writing", EVENTS, () -> !watcher.isBeingWritten(file));
        awaitTrue("and is reported", EVENTS, () -> watcher.settled(file) != null);
        assertThat(watcher.settled(file).size()).isEqualTo(31);
    }

    @Test
    void aFileReopenedToAppendWithinTheSettlePeriodSettlesOnlyAfterItsLastCloseAndTheSettle() throws Exception {
        watcher.close();
        Duration settle = InotifyInboxWatcher.settlePeriod(Duration.ofSeconds(4));
        assertThat(settle).isEqualTo(Duration.ofSeconds(1));
        watcher = InotifyInboxWatcher.start(inbox, Duration.ofSeconds(4), wakes::incrementAndGet);
        Path file = inbox.resolve("chunks.txt");
        Files.writeString(file, "first chunk\n");
        Thread.sleep(300);
        assertThat(watcher.settled(file)).as("closed, but the writer may come back").isNull();
        Files.writeString(file, "second chunk\n", StandardOpenOption.APPEND);
        long lastClose = System.nanoTime();
        Thread.sleep(300);
        assertThat(watcher.settled(file)).as("closed again within the settle period").isNull();
        assertThat(wakes.get()).as("no wake-up for a file not settled").isZero();

        awaitTrue("settled after the last close and the settle period", EVENTS, () -> watcher.settled(file) != null);
        assertThat(Duration.ofNanos(System.nanoTime() - lastClose)).isGreaterThanOrEqualTo(settle.minusMillis(50));
        assertThat(watcher.settled(file)).isEqualTo(stateOf(file));
        assertThat(watcher.settled(file).size()).isEqualTo(25);
        awaitTrue("the poll is woken when it settles", EVENTS, () -> wakes.get() > 0);
    }

    @Test
    void aFileRenamedInIsSettledAtOnceWithoutTheSettlePeriod() throws Exception {
        watcher.close();
        watcher = InotifyInboxWatcher.start(inbox, Duration.ofSeconds(40), wakes::incrementAndGet); // settle: 10 s
        Path temporary = outside.resolve("whole.txt");
        Files.writeString(temporary, "renamed in whole");
        Path file = inbox.resolve("whole.txt");
        long moved = System.nanoTime();
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        Path closedInPlace = inbox.resolve("in-place.txt");
        Files.writeString(closedInPlace, "closed in place");

        awaitTrue("the rename in is settled", EVENTS, () -> watcher.settled(file) != null);
        assertThat(Duration.ofNanos(System.nanoTime() - moved)).isLessThan(Duration.ofSeconds(5));
        assertThat(watcher.settled(file)).isEqualTo(stateOf(file));
        assertThat(watcher.settled(closedInPlace)).as("waits its 10 s settle period").isNull();
    }

    @Test
    void reportsAFileRenamedInAndForgetsItWhenRenamedOutUntilItComesBack() throws Exception {
        Path temporary = outside.resolve("article.txt");
        Files.writeString(temporary, "renamed in whole");
        Path file = inbox.resolve("article.txt");
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        awaitTrue("the rename in is reported", EVENTS, () -> watcher.settled(file) != null);

        Files.move(file, outside.resolve("away.txt"), StandardCopyOption.ATOMIC_MOVE);
        awaitTrue("the rename out is reported", EVENTS, () -> watcher.settled(file) == null);

        Files.move(outside.resolve("away.txt"), file, StandardCopyOption.ATOMIC_MOVE);
        awaitTrue("the rename back in is reported", EVENTS, () -> watcher.settled(file) != null);
        assertThat(watcher.settled(file)).isEqualTo(stateOf(file));
    }

    @Test
    void forgetsAFileWrittenAgainAfterItsCloseAndReportsItsNextClose() throws Exception {
        Path file = inbox.resolve("again.txt");
        Files.writeString(file, "first version");
        awaitTrue("the close is reported", EVENTS, () -> watcher.settled(file) != null);
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
            out.write(" and more".getBytes(StandardCharsets.UTF_8));
            out.flush();
            awaitTrue("the write after the close is reported", EVENTS, () -> watcher.settled(file) == null);
        }
        awaitTrue("the second close is reported", EVENTS, () -> watcher.settled(file) != null);
        assertThat(watcher.settled(file)).isEqualTo(stateOf(file));
    }

    @Test
    void reportsTheNewFileWhenOneIsReplacedByARenameAfterItsClose() throws Exception {
        Path file = inbox.resolve("replaced.txt");
        Files.writeString(file, "the first file");
        awaitTrue("the close is reported", EVENTS, () -> watcher.settled(file) != null);
        InboxWatcher.FileState first = watcher.settled(file);
        Path other = outside.resolve("other.txt");
        Files.writeString(other, "another file, same size");
        Files.move(other, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        awaitTrue("the replacement is reported", EVENTS, () -> !first.equals(watcher.settled(file)));
        assertThat(watcher.settled(file)).isEqualTo(stateOf(file));
        assertThat(watcher.settled(file).fileKey()).isNotEqualTo(first.fileKey());
    }

    @Test
    void watchesSubfoldersCreatedAfterTheStartButNotHiddenOnes() throws Exception {
        Path sub = Files.createDirectories(inbox.resolve("new/deeper"));
        Thread.sleep(300); // the watcher adds its watches as it learns of the folders
        Path file = sub.resolve("late.txt");
        Files.writeString(file, "in a folder made after the start");
        awaitTrue("the close in the new subfolder is reported", EVENTS, () -> watcher.settled(file) != null);

        Path archived = inbox.resolve(".done/archived.txt");
        Files.writeString(archived, "in the archive");
        Path hidden = Files.createDirectories(inbox.resolve(".hidden"));
        Files.writeString(hidden.resolve("x.txt"), "in a hidden folder");
        Files.writeString(inbox.resolve("marker.txt"), "written last");
        awaitTrue("the marker is reported", EVENTS, () -> watcher.settled(inbox.resolve("marker.txt")) != null);
        assertThat(watcher.settled(archived)).isNull();
        assertThat(watcher.settled(hidden.resolve("x.txt"))).isNull();
    }

    @Test
    void neitherReportsNorWakesForTemporaryNames() throws Exception {
        Files.writeString(inbox.resolve("draft.txt.part"), "being downloaded");
        Files.writeString(inbox.resolve(".hidden.txt"), "hidden");
        Thread.sleep(300);
        assertThat(wakes.get()).isZero();
        assertThat(watcher.settled(inbox.resolve("draft.txt.part"))).isNull();
    }

    @Test
    void forgetsTheFilesOfAFolderRenamedOutAndDoesNotFollowItThere() throws Exception {
        Path sub = Files.createDirectories(inbox.resolve("sub"));
        Thread.sleep(300);
        Path file = sub.resolve("a.txt");
        Files.writeString(file, "in a folder that leaves");
        awaitTrue("reported", EVENTS, () -> watcher.settled(file) != null);

        Path gone = outside.resolve("sub");
        Files.move(sub, gone, StandardCopyOption.ATOMIC_MOVE);
        awaitTrue("forgotten", EVENTS, () -> watcher.settled(file) == null);
        Files.writeString(gone.resolve("b.txt"), "written where the folder went");
        Files.writeString(inbox.resolve("marker.txt"), "written last");
        awaitTrue("the marker is reported", EVENTS, () -> watcher.settled(inbox.resolve("marker.txt")) != null);
        assertThat(watcher.settled(sub.resolve("b.txt"))).as("no stale watch reports it under its old path").isNull();
    }

    private static InboxWatcher.FileState stateOf(Path file) throws IOException {
        return InboxWatcher.FileState.of(Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    }
}
