package com.researchpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.camel.component.file.FileConsumer;
import org.apache.camel.component.file.GenericFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PickupPolicyTest {

    private static final String KAFKA = "Kafka did not acknowledge";

    @TempDir
    Path inbox;

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    @Test
    void ignoresHiddenAndTemporaryNames() {
        for (String name : new String[] {".hidden", ".x.txt.swp", "a.tmp", "a.TMP", "a.part", "~lock.txt", "a.swp",
                "a.crdownload", "notes.txt~", "#draft.txt#", "a.txt___jb_tmp___", "a.txt___jb_old___", "a.txt.filepart",
                "a.pdf.!qB", "a.pdf.!ut", "a.txt.crswap", "a.txt.sb-4a3d2e1f-AbC12x", "a.pdf.aria2", ".a\nb.txt"}) {
            assertThat(PickupPolicy.isIgnoredName(name)).as(name).isTrue();
        }
        for (String name : new String[] {"a.txt", "report.pdf", "page.html", "tmp.txt", "partial results.md", "x~y.txt",
                "#1 result.txt", "issue #12.md", "a.sb-notes.txt"}) {
            assertThat(PickupPolicy.isIgnoredName(name)).as(name).isFalse();
        }
    }

    @Test
    void takesAFileOnlyWhenSeenUnchangedAndUntouchedForTheStableTime() throws IOException {
        ManualClock clock = new ManualClock();
        PickupPolicy policy = policy(clock);
        Path file = inbox.resolve("growing.txt");
        Files.writeString(file, "first part");
        touch(file, clock.now);

        assertThat(policy.isReady(file)).as("first sight").isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(policy.isReady(file)).as("unchanged for 1 s only").isFalse();
        Files.writeString(file, "first part, second part");
        touch(file, clock.now);
        clock.advance(Duration.ofSeconds(3));
        assertThat(policy.isReady(file)).as("it grew since the last listing").isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(policy.isReady(file)).as("seen unchanged for 1 s, though modified 4 s ago").isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(policy.isReady(file)).as("seen unchanged for 2 s").isTrue();
    }

    @Test
    void takesAnOldFileRenamedIntoTheInboxOnceSeenUnchangedForTheStableTime() throws IOException {
        ManualClock clock = new ManualClock();
        PickupPolicy policy = policy(clock);
        Path file = inbox.resolve("renamed.txt");
        Files.writeString(file, "written elsewhere yesterday");
        touch(file, clock.now.minus(Duration.ofDays(1)));

        assertThat(policy.isReady(file)).isFalse();
        clock.advance(Duration.ofMillis(500));
        assertThat(policy.isReady(file)).as("an old modification time alone is not enough").isFalse();
        clock.advance(Duration.ofMillis(1500));
        assertThat(policy.isReady(file)).isTrue();
    }

    @Test
    void givesAnEmptyFileMoreTimeToBeFilled() throws IOException {
        ManualClock clock = new ManualClock();
        PickupPolicy policy = policy(clock);
        Path file = inbox.resolve("placeholder.txt");
        Files.writeString(file, "");
        touch(file, clock.now);

        assertThat(policy.isReady(file)).isFalse();
        clock.advance(Duration.ofSeconds(3));
        assertThat(policy.isReady(file)).isFalse();
        clock.advance(Duration.ofSeconds(7));
        assertThat(policy.isReady(file)).isTrue();
    }

    @Test
    void aFolderNamedLikeATemporaryFileIsEnteredButAHiddenOneIsNot() throws Exception {
        PickupPolicy policy = policy(new ManualClock());
        for (String name : new String[] {"drafts.tmp", "old~", "~scratch", "notes.part"}) {
            Path folder = Files.createDirectory(inbox.resolve(name));
            assertThat(policy.accept(FileConsumer.asGenericFile(inbox.toString(), folder.toFile(), null, false)))
                    .as("its files are finished articles: " + name).isTrue();
        }
        Path hidden = Files.createDirectory(inbox.resolve(".cache"));
        assertThat(policy.accept(FileConsumer.asGenericFile(inbox.toString(), hidden.toFile(), null, false))).isFalse();
        Path temporary = inbox.resolve("drafts.tmp").resolve("a.txt.part");
        Files.writeString(temporary, "being written");
        assertThat(policy.accept(FileConsumer.asGenericFile(inbox.toString(), temporary.toFile(), null, false)))
                .as("a temporary file's name is still a writer's").isFalse();
    }

    @Test
    void aFolderThisProcessMayNotListIsReportedUntilItCanBe() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
                "root may list any folder");
        PickupPolicy policy = policy(new ManualClock());
        Path closed = Files.createDirectory(inbox.resolve("private"));
        Files.writeString(closed.resolve("a.txt"), "an article");
        Files.setPosixFilePermissions(closed, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
        try {
            assertThat(policy.accept(FileConsumer.asGenericFile(inbox.toString(), closed.toFile(), null, false))).isFalse();
            assertThat(policy.problem()).startsWith("1 folder(s) of the inbox cannot be listed").contains("private")
                    .contains("What to do:");
        } finally {
            Files.setPosixFilePermissions(closed, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
        assertThat(policy.problem()).as("listable again").isNull();
        assertThat(policy.accept(FileConsumer.asGenericFile(inbox.toString(), closed.toFile(), null, false))).isTrue();
    }

    @Test
    void renamesAFileWhoseNameIsNotValidInTheFileNameEncodingThenTakesItUnderTheNewName() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").contains("Linux")
                && "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding")), "Linux with a UTF-8 locale");
        ManualClock clock = new ManualClock();
        PickupPolicy policy = policy(clock);
        Process shell = new ProcessBuilder("sh", "-c", "printf 'an article' > \"$(printf 'caf\\351.txt')\"")
                .directory(inbox.toFile()).start();
        assertThat(shell.waitFor()).isZero();
        java.io.File[] listed = inbox.toFile().listFiles();
        assertThat(listed).extracting(java.io.File::getName).containsExactly("caf\uFFFD.txt");

        assertThat(policy.accept(FileConsumer.asGenericFile(inbox.toString(), listed[0], null, false)))
                .as("not taken under the lossy name").isFalse();
        Path renamed = inbox.resolve("caf\u00e9.txt");
        assertThat(renamed).hasContent("an article");
        touch(renamed, clock.now);
        GenericFile<java.io.File> listedAgain = FileConsumer.asGenericFile(inbox.toString(), renamed.toFile(), null, false);
        assertThat(policy.accept(listedAgain)).as("first sight").isFalse();
        clock.advance(Duration.ofSeconds(2));
        assertThat(policy.accept(listedAgain)).as("like any other file").isTrue();
    }

    private static PickupPolicy policy(Clock clock) {
        return policy(clock, InboxWatcher.NONE);
    }

    private static PickupPolicy policy(Clock clock, InboxWatcher watcher) {
        return new PickupPolicy(Duration.ofSeconds(2), new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8), clock),
                clock, clock, watcher);
    }

    /** Reports only what the test says was reported. */
    static final class ReportedStates implements InboxWatcher {
        final java.util.Map<Path, FileState> states = new java.util.HashMap<>();
        final java.util.Set<Path> open = new java.util.HashSet<>();

        @Override
        public boolean isBeingWritten(Path file) {
            return open.contains(file);
        }

        void reportNow(Path file) throws IOException {
            states.put(file.toAbsolutePath().normalize(), FileState.of(Files.readAttributes(file,
                    java.nio.file.attribute.BasicFileAttributes.class)));
        }

        @Override
        public FileState settled(Path file) {
            return states.get(file);
        }

        @Override
        public boolean isWatching() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void takesAFileReportedSettledAtOnceWhileItIsUnchanged() throws IOException {
        ManualClock clock = new ManualClock();
        ReportedStates watcher = new ReportedStates();
        PickupPolicy policy = policy(clock, watcher);
        Path file = inbox.resolve("closed.txt");
        Files.writeString(file, "closed after writing");
        touch(file, clock.now);

        assertThat(policy.isReady(file)).as("no report: the stability window").isFalse();
        watcher.reportNow(file);
        assertThat(policy.isReady(file)).as("reported and unchanged").isTrue();
    }

    @Test
    void waitsForTheCloseOfAWriterThatPausedLongerThanTheStableTime() throws IOException {
        ManualClock clock = new ManualClock();
        ReportedStates watcher = new ReportedStates();
        PickupPolicy policy = policy(clock, watcher);
        Path file = inbox.resolve("half-written.txt");
        Files.writeString(file, "the first half, then the writer paused");
        touch(file, clock.now);
        watcher.open.add(file.toAbsolutePath().normalize());

        assertThat(policy.isReady(file)).isFalse();
        clock.advance(Duration.ofMinutes(5));
        assertThat(policy.isReady(file)).as("unchanged for long, but its writer has it open").isFalse();
        watcher.open.clear();
        assertThat(policy.isReady(file)).as("closed: seen afresh").isFalse();
        clock.advance(Duration.ofSeconds(3));
        assertThat(policy.isReady(file)).as("closed and then unchanged for the stable time").isTrue();
    }

    @Test
    void doesNotTakeAReportedFileThatChangedSinceTheReport() throws IOException {
        ManualClock clock = new ManualClock();
        ReportedStates watcher = new ReportedStates();
        PickupPolicy policy = policy(clock, watcher);
        Path grown = inbox.resolve("grown.txt");
        Files.writeString(grown, "closed once");
        watcher.reportNow(grown);
        Files.writeString(grown, " then written again", StandardOpenOption.APPEND);
        touch(grown, clock.now);

        Path touched = inbox.resolve("touched.txt");
        Files.writeString(touched, "same size later");
        touch(touched, clock.now);
        watcher.reportNow(touched);
        Files.writeString(touched, "SAME SIZE LATER");
        touch(touched, clock.now.plusSeconds(1));

        Path replaced = inbox.resolve("replaced.txt");
        Files.writeString(replaced, "the first one");
        touch(replaced, clock.now);
        watcher.reportNow(replaced);
        Path newcomer = inbox.resolve("newcomer.tmp");
        Files.writeString(newcomer, "the other one");
        touch(newcomer, clock.now);
        Files.move(newcomer, replaced, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        assertThat(policy.isReady(grown)).as("grown since its close").isFalse();
        assertThat(policy.isReady(touched)).as("same size, modified since its close").isFalse();
        assertThat(policy.isReady(replaced)).as("same size and time, but another file").isFalse();
        clock.advance(Duration.ofSeconds(3));
        assertThat(policy.isReady(grown)).as("the stability window still applies").isTrue();
    }

    @Test
    void givesAnEmptyFileItsLongerWindowEvenWhenReported() throws IOException {
        ManualClock clock = new ManualClock();
        ReportedStates watcher = new ReportedStates();
        PickupPolicy policy = policy(clock, watcher);
        Path file = inbox.resolve("empty.txt");
        Files.writeString(file, "");
        touch(file, clock.now);
        watcher.reportNow(file);

        assertThat(policy.isReady(file)).isFalse();
        clock.advance(Duration.ofSeconds(3));
        assertThat(policy.isReady(file)).isFalse();
    }

    @Test
    void backsOffDoublingUpToTheMaximumAndStopsAtTheFirstSuccess() {
        ManualClock clock = new ManualClock();
        RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5), clock);

        assertThat(backoff.failed(KAFKA)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.failed(KAFKA)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.failed(KAFKA)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.failed(KAFKA)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.isPausing()).isTrue();
        clock.advance(Duration.ofSeconds(5));
        assertThat(backoff.isPausing()).isFalse();
        backoff.failed(KAFKA);
        backoff.succeeded(Path.of("any"));
        assertThat(backoff.isPausing()).isFalse();
        assertThat(backoff.failed(KAFKA)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void filesFailingTogetherInOneOutageLengthenThePauseOnce() {
        ManualClock clock = new ManualClock();
        RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60), clock);
        long attempts = clock.millis();
        clock.advance(Duration.ofSeconds(2)); // four sends in flight together time out one after the other

        assertThat(backoff.failed(attempts, KAFKA)).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofMillis(10));
        assertThat(backoff.failed(attempts, KAFKA)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.failed(attempts, KAFKA)).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        long retry = clock.millis(); // the retry after the pause fails again: the pause doubles
        clock.advance(Duration.ofSeconds(2));
        assertThat(backoff.failed(retry, KAFKA)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void thePauseOfTheInboxSaysWhatCausedIt() {
        ManualClock clock = new ManualClock();
        RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5), clock);
        String saturated = IngestErrorPolicy.whyPaused(new org.apache.camel.CamelExecutionException("failed", null,
                new FileProcessingGuard.Saturated("8 workers abandoned after overrunning the 30 s extraction limit "
                        + "are still running (at most 8 may)")));
        String kafka = IngestErrorPolicy.whyPaused(new org.apache.kafka.common.errors.TimeoutException(
                "Expiring 1 record(s)"));

        backoff.failed(saturated);
        assertThat(backoff.whyPausing()).isEqualTo("Saturated: 8 workers abandoned after overrunning the 30 s "
                + "extraction limit are still running (at most 8 may)").doesNotContain("Kafka");
        clock.advance(Duration.ofSeconds(1));
        assertThat(backoff.whyPausing()).isNull();
        backoff.failed(kafka);
        assertThat(backoff.whyPausing()).isEqualTo("Kafka did not acknowledge (TimeoutException: Expiring 1 record(s))");
    }

    @Test
    void pausesOnlyTheFileThatCannotBeMoved() {
        ManualClock clock = new ManualClock();
        RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5), clock);
        Path stuck = inbox.resolve("stuck.txt");

        assertThat(backoff.failed(stuck)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.failed(stuck)).isEqualTo(Duration.ofSeconds(2));

        assertThat(backoff.isPausing(stuck)).isTrue();
        assertThat(backoff.isPausing()).isFalse();
        assertThat(backoff.isPausing(inbox.resolve("other.txt"))).isFalse();
        backoff.succeeded(stuck);
        assertThat(backoff.isPausing(stuck)).isFalse();
    }

    private static void touch(Path file, Instant when) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(when));
    }
}
