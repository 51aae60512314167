package com.researchpipeline.ingest;

import static com.researchpipeline.ingest.IngestHarness.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where inotify cannot be used (the watch limit, no inotify instance left, a reader that fails, a name C cannot be
 * given exactly) the watcher reports nothing for the folders concerned, so their files take the stability window,
 * and says so. The failures are the kernel's own answers, given through {@link FailingLibC}; names with bytes
 * invalid in UTF-8 are made for real by the shell.
 */
@EnabledOnOs(OS.LINUX)
class InotifyFallbackTest {

    private static final Duration EVENTS = Duration.ofSeconds(5);
    private static final int EBADF = 9;

    @TempDir
    Path folder;
    Path inbox;
    InboxWatcher watcher = InboxWatcher.NONE;
    final AtomicInteger wakes = new AtomicInteger();

    @BeforeEach
    void inbox() throws IOException {
        inbox = Files.createDirectories(folder.toRealPath().resolve("inbox"));
    }

    @AfterEach
    void stop() {
        watcher.close();
    }

    @Test
    void noInotifyInstanceLeftMeansNoWatcherAndNoReports() throws IOException {
        watcher = InotifyInboxWatcher.start(new FailingLibC().failInit(LibC.EMFILE), inbox, Duration.ofSeconds(2),
                wakes::incrementAndGet);
        assertThat(watcher.isWatching()).isFalse();
        Path file = Files.writeString(inbox.resolve("a.txt"), "closed");
        assertThat(watcher.settled(file)).isNull();
    }

    @Test
    void theWatchLimitReachedAtTheInboxItselfMeansNoWatcher() {
        watcher = InotifyInboxWatcher.start(new FailingLibC().failAddWatch(LibC.ENOSPC, path -> true), inbox,
                Duration.ofSeconds(2), wakes::incrementAndGet);
        assertThat(watcher.isWatching()).isFalse();
    }

    @Test
    void theWatchLimitReachedAtASubfolderLeavesThatFolderToTheWindowAndWatchesTheRest() throws Exception {
        Path full = Files.createDirectories(inbox.resolve("full"));
        Path fine = Files.createDirectories(inbox.resolve("fine"));
        watcher = InotifyInboxWatcher.start(new FailingLibC().failAddWatch(LibC.ENOSPC,
                path -> path.endsWith("/full") || path.endsWith("/later")), inbox, Duration.ZERO, wakes::incrementAndGet);
        assertThat(watcher.isWatching()).isTrue();
        assertThat(watcher.unwatchedFolders()).isEqualTo(1);

        Path later = Files.createDirectories(inbox.resolve("later")); // the limit still reached for a new folder
        Path inFull = Files.writeString(full.resolve("a.txt"), "in the folder without a watch");
        Path inLater = Files.writeString(later.resolve("b.txt"), "in a new folder without a watch");
        Path marker = Files.writeString(fine.resolve("marker.txt"), "written last, in a watched folder");
        awaitTrue("the marker is reported", EVENTS, () -> watcher.settled(marker) != null);
        assertThat(watcher.settled(inFull)).isNull();
        assertThat(watcher.settled(inLater)).isNull();
        assertThat(watcher.unwatchedFolders()).isEqualTo(2);

        Files.delete(inLater);
        Files.delete(later);
        awaitTrue("a folder gone is no longer counted", EVENTS, () -> watcher.unwatchedFolders() == 1);
    }

    @Test
    void aReaderWhoseReadsFailStopsForgetsWhatItKnewAndSaysItNoLongerWatches() throws Exception {
        FailingLibC libc = new FailingLibC();
        watcher = InotifyInboxWatcher.start(libc, inbox, Duration.ZERO, wakes::incrementAndGet);
        Path file = Files.writeString(inbox.resolve("a.txt"), "closed");
        awaitTrue("the close is reported", EVENTS, () -> watcher.settled(file) != null);

        libc.failReads(EBADF);
        awaitTrue("the watcher stops", EVENTS, () -> !watcher.isWatching());
        assertThat(watcher.settled(file)).as("no report outlives the watcher").isNull();
        assertThat(watcher.unwatchedFolders()).isZero();
    }

    @Test
    void aFolderWhoseNameHasNoExactBytesGetsNoWatchAndTheOthersDo() throws Exception {
        shell("mkdir \"$(printf 'raw-\\377-folder')\"", inbox);
        Path raw = only(inbox, "raw-");
        assertThat(LibC.nativePath(raw)).as("no exact bytes in UTF-8").isNull();
        watcher = InotifyInboxWatcher.start(inbox, Duration.ZERO, wakes::incrementAndGet);
        assertThat(watcher.isWatching()).isTrue();
        assertThat(watcher.unwatchedFolders()).isEqualTo(1);

        Path inRaw = Files.writeString(raw.resolve("a.txt"), "in the folder no watch can name");
        Path marker = Files.writeString(inbox.resolve("marker.txt"), "written last");
        awaitTrue("the marker is reported", EVENTS, () -> watcher.settled(marker) != null);
        assertThat(watcher.settled(inRaw)).isNull();

        Path renamed = inbox.resolve("renamed-folder"); // as UndecodableNames renames it
        Files.move(raw, renamed);
        awaitTrue("no longer counted once renamed", EVENTS, () -> watcher.unwatchedFolders() == 0);
        Path inRenamed = Files.writeString(renamed.resolve("b.txt"), "in the folder under its new name");
        awaitTrue("watched under its new name", EVENTS, () -> watcher.settled(inRenamed) != null);
    }

    @Test
    void anEventForANameWithoutExactBytesNeverSettlesItsLookAlike() throws Exception {
        watcher = InotifyInboxWatcher.start(inbox, Duration.ZERO, wakes::incrementAndGet);
        Path lookAlike = inbox.resolve("raw-\uFFFD.txt"); // what the raw name decodes to, lossily
        try (OutputStream open = Files.newOutputStream(lookAlike)) {
            open.write("still being written".getBytes(StandardCharsets.UTF_8));
            open.flush();
            shell("printf 'closed' > \"$(printf 'raw-\\377.txt')\"", inbox); // closed: an IN_CLOSE_WRITE with raw bytes
            Path marker = Files.writeString(inbox.resolve("marker.txt"), "written last");
            awaitTrue("the marker is reported", EVENTS, () -> watcher.settled(marker) != null);
            assertThat(watcher.settled(lookAlike)).as("the open look-alike is not reported settled").isNull();
        }
    }

    @Test
    void theLimitsTheWarningsNameAreTheKernelsWholeValues() throws Exception {
        for (String limit : List.of("max_user_watches", "max_user_instances")) {
            Process cat = new ProcessBuilder("cat", "/proc/sys/fs/inotify/" + limit).start();
            String kernel = new String(cat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            assertThat(cat.waitFor()).isZero();
            assertThat(InotifyInboxWatcher.procValue(limit)).isEqualTo(kernel);
        }
    }

    private static Path only(Path folder, String prefix) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            List<Path> found = entries.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
            assertThat(found).hasSize(1);
            return found.get(0);
        }
    }

    private static void shell(String command, Path in) throws Exception {
        Process process = new ProcessBuilder("sh", "-c", command).directory(in.toFile()).inheritIO().start();
        assertThat(process.waitFor()).as(command).isZero();
    }
}
