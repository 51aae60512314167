package com.researchpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PickupPolicyTest {

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
                "a.crdownload", "notes.txt~"}) {
            assertThat(PickupPolicy.isIgnoredName(name)).as(name).isTrue();
        }
        for (String name : new String[] {"a.txt", "report.pdf", "page.html", "tmp.txt", "partial results.md", "x~y.txt"}) {
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

    private static PickupPolicy policy(Clock clock) {
        return new PickupPolicy(Duration.ofSeconds(2), new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8), clock),
                clock);
    }

    @Test
    void backsOffDoublingUpToTheMaximumAndStopsAtTheFirstSuccess() {
        ManualClock clock = new ManualClock();
        RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5), clock);

        assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.isPausing()).isTrue();
        clock.advance(Duration.ofSeconds(5));
        assertThat(backoff.isPausing()).isFalse();
        backoff.failed();
        backoff.succeeded(Path.of("any"));
        assertThat(backoff.isPausing()).isFalse();
        assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(1));
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
