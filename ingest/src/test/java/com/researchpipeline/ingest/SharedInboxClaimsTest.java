package com.researchpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.infra.SmallDisk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedInboxClaimsTest {

    @TempDir
    Path inbox;

    @Test
    void onlyOneOfTwoProcessesClaimsAFileUntilItIsReleased() throws Exception {
        Path file = Files.writeString(inbox.resolve("a.txt"), "text");
        SharedInboxClaims first = new SharedInboxClaims(inbox, Duration.ofMinutes(5), Clock.systemUTC());
        SharedInboxClaims second = new SharedInboxClaims(inbox, Duration.ofMinutes(5), Clock.systemUTC());

        assertThat(first.add(file.toString())).isTrue();
        assertThat(second.add(file.toString())).as("held by the first").isFalse();
        assertThat(second.contains(file.toString())).isTrue();

        first.remove(file.toString());
        assertThat(second.add(file.toString())).as("released, so free").isTrue();
    }

    @Test
    void aClaimThatCouldNotBeReleasedIsTakenBackAtTheFilesNextClaim() throws Exception {
        Path file = Files.writeString(inbox.resolve("a.txt"), "text");
        SharedInboxClaims claims = new SharedInboxClaims(inbox, Duration.ofMinutes(5), Clock.systemUTC());
        assertThat(claims.add(file.toString())).isTrue();
        Path claim;
        try (var all = Files.list(inbox.resolve(SharedInboxClaims.FOLDER))) {
            claim = all.filter(p -> !p.getFileName().toString().startsWith(".")).findFirst().orElseThrow();
        }
        Path aside = Files.move(claim, inbox.resolve("claim-aside"));
        Files.createDirectory(claim); // reading the claim fails, as it does when the process has no descriptor left

        assertThat(claims.remove(file.toString())).isFalse();
        Files.delete(claim);
        Files.move(aside, claim);

        assertThat(claims.add(file.toString())).as("its own claim, released as far as this process knows").isTrue();
        SharedInboxClaims other = new SharedInboxClaims(inbox, Duration.ofMinutes(5), Clock.systemUTC());
        assertThat(other.add(file.toString())).as("held again, so by no other process").isFalse();
    }

    @Test
    void aFileInPlaceOfTheFolderIsReportedUntilItIsGoneEvenWithNoFileWaiting() throws Exception {
        SharedInboxClaims claims = new SharedInboxClaims(inbox, Duration.ofMinutes(5), Clock.systemUTC());
        Path folder = inbox.resolve(SharedInboxClaims.FOLDER);
        Files.delete(folder);
        Files.writeString(folder, "a stray file");
        Path file = Files.writeString(inbox.resolve("a.txt"), "text");

        assertThat(claims.add(file.toString())).isFalse();
        assertThat(claims.problem()).contains("not a folder").contains("What to do:");
        assertThat(claims.problem()).as("still there, still reported").isNotNull();

        Files.delete(folder);
        Files.delete(file);
        assertThat(claims.problem()).as("the stray file moved away; no file waits to be claimed").isNull();
        assertThat(folder).isDirectory();
        assertThat(Files.list(folder)).as("the probe claim left nothing behind").isEmpty();
    }

    @Test
    void aFileAlreadyGoneIsNotClaimed() throws Exception {
        SharedInboxClaims claims = new SharedInboxClaims(inbox, Duration.ofMinutes(5), Clock.systemUTC());

        assertThat(claims.add(inbox.resolve("moved-to-done-meanwhile.txt").toString())).isFalse();
        assertThat(Files.list(inbox.resolve(SharedInboxClaims.FOLDER))).as("no claim left behind").isEmpty();
    }

    @Test
    void theClaimOfAProcessOfThisMachineThatIsGoneIsTakenOverAtOnce() throws Exception {
        Path file = Files.writeString(inbox.resolve("c.txt"), "text");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String host = java.lang.management.ManagementFactory.getRuntimeMXBean().getName().replaceFirst("^[0-9]+", "");
        SharedInboxClaims claims = new SharedInboxClaims(inbox, Duration.ofMinutes(5), Clock.systemUTC());
        assertThat(claims.add(file.toString())).isTrue();
        try (var held = Files.list(inbox.resolve(SharedInboxClaims.FOLDER))) {
            Path claim = held.findFirst().orElseThrow();
            Files.writeString(claim, gone.pid() + host + " killed-instance " + SharedInboxClaims.PID_NAMESPACE + "\n" + file
                    + "\n" + Instant.now() + "\n");
        }

        SharedInboxClaims restarted = new SharedInboxClaims(inbox, Duration.ofMinutes(5), Clock.systemUTC());
        assertThat(restarted.add(file.toString())).as("its holder's pid is gone").isTrue();
    }

    @Test
    void theClaimOfAProcessThatDiedIsTakenOverAfterTheLease() throws Exception {
        Path file = Files.writeString(inbox.resolve("b.txt"), "text");
        SharedInboxClaims dead = new SharedInboxClaims(inbox, Duration.ofMinutes(5), Clock.systemUTC());
        assertThat(dead.add(file.toString())).isTrue();
        heldOnAnotherMachine(Duration.ZERO);
        SharedInboxClaims alive = new SharedInboxClaims(inbox, Duration.ofMinutes(5), Clock.systemUTC());
        assertThat(alive.add(file.toString())).as("within the lease").isFalse();

        heldOnAnotherMachine(Duration.ofMinutes(6));
        assertThat(alive.add(file.toString())).as("past the lease").isTrue();
        assertThat(dead.add(file.toString())).as("now held by the taker").isFalse();
    }

    @Test
    void aProcessWhoseClaimWasTakenOverDoesNotReleaseTheTakersClaim() throws Exception {
        Path file = Files.writeString(inbox.resolve("d.txt"), "text");
        SharedInboxClaims slow = new SharedInboxClaims(inbox, Duration.ofMinutes(5), Clock.systemUTC());
        assertThat(slow.add(file.toString())).isTrue();
        heldOnAnotherMachine(Duration.ofMinutes(6));
        SharedInboxClaims taker = new SharedInboxClaims(inbox, Duration.ofMinutes(5), Clock.systemUTC());
        assertThat(taker.add(file.toString())).as("past the lease").isTrue();

        slow.remove(file.toString());

        assertThat(taker.contains(file.toString())).as("the taker's claim survives the old holder's release").isTrue();
        SharedInboxClaims third = new SharedInboxClaims(inbox, Duration.ofMinutes(5), Clock.systemUTC());
        assertThat(third.add(file.toString())).as("still held by the taker").isFalse();
        taker.remove(file.toString());
        assertThat(third.add(file.toString())).as("released by its owner").isTrue();
    }

    @Test
    void theClaimOfAProcessThatRunsHereIsNeverTakenOverEvenPastTheLease() throws Exception {
        Path file = Files.writeString(inbox.resolve("f.txt"), "text");
        SharedInboxClaims slow = new SharedInboxClaims(inbox, Duration.ofMinutes(5), Clock.systemUTC());
        assertThat(slow.add(file.toString())).isTrue();
        setClaimsModified(Instant.now().minus(Duration.ofHours(1)));

        SharedInboxClaims other = new SharedInboxClaims(inbox, Duration.ofMinutes(5), Clock.systemUTC());
        assertThat(other.add(file.toString())).as("its holder runs on this machine").isFalse();
    }

    @Test
    void theClaimOfAPidGivenAgainToAProcessStartedSinceIsTakenOverAtOnce() throws Exception {
        Path file = Files.writeString(inbox.resolve("g.txt"), "text");
        SharedInboxClaims claims = new SharedInboxClaims(inbox, Duration.ofMinutes(5), Clock.systemUTC());
        assertThat(claims.add(file.toString())).isTrue();
        // ingest restarted as pid 1 of its container: the same pid, a claim written before this JVM started
        String self = java.lang.management.ManagementFactory.getRuntimeMXBean().getName();
        rewriteClaims(self + " instance-before-the-restart " + SharedInboxClaims.PID_NAMESPACE + "\n" + file + "\n"
                + Instant.now().minus(Duration.ofDays(1)) + "\n");

        SharedInboxClaims restarted = new SharedInboxClaims(inbox, Duration.ofMinutes(5), Clock.systemUTC());
        Assumptions.assumeTrue(ProcessHandle.current().info().startInstant().isPresent(), "start times known here");
        assertThat(restarted.add(file.toString())).as("the pid now names a process started after the claim").isTrue();
    }

    @Test
    void aClockSetForwardTakesNoLiveClaimOfAnotherMachine() throws Exception {
        Path file = Files.writeString(inbox.resolve("h.txt"), "text");
        SharedInboxClaims elsewhere = new SharedInboxClaims(inbox, Duration.ofMinutes(5), Clock.systemUTC());
        assertThat(elsewhere.add(file.toString())).isTrue();
        heldOnAnotherMachine(Duration.ZERO);

        Clock tenMinutesAhead = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10));
        SharedInboxClaims skewed = new SharedInboxClaims(inbox, Duration.ofMinutes(5), tenMinutesAhead);
        assertThat(skewed.add(file.toString())).as("the file system's clock says the claim is new").isFalse();
    }

    @Test
    void oneInboxReachedByTwoPathsClaimsEachFileOnce() throws Exception {
        Path real = Files.createDirectories(inbox.resolve("real"));
        Path alias = Files.createSymbolicLink(inbox.resolve("alias"), real);
        Files.writeString(real.resolve("i.txt"), "text");
        SharedInboxClaims viaReal = new SharedInboxClaims(real, Duration.ofMinutes(5), Clock.systemUTC());
        SharedInboxClaims viaAlias = new SharedInboxClaims(alias, Duration.ofMinutes(5), Clock.systemUTC());

        assertThat(viaReal.add(real.resolve("i.txt").toString())).isTrue();
        assertThat(viaAlias.add(alias.resolve("i.txt").toString())).as("the same file by another path").isFalse();
    }

    /** Makes every claim look written by a process on another machine, {@code ago} ago. */
    private void heldOnAnotherMachine(Duration ago) throws Exception {
        try (var claims = Files.list(inbox.resolve(SharedInboxClaims.FOLDER))) {
            for (Path claim : (Iterable<Path>) claims::iterator) {
                Files.writeString(claim, Files.readString(claim).replaceFirst("@[^ ]+", "@another-machine"));
            }
        }
        setClaimsModified(Instant.now().minus(ago));
    }

    private void rewriteClaims(String content) throws Exception {
        try (var claims = Files.list(inbox.resolve(SharedInboxClaims.FOLDER))) {
            for (Path claim : (Iterable<Path>) claims::iterator) {
                Files.writeString(claim, content);
            }
        }
    }

    private void setClaimsModified(Instant when) throws Exception {
        try (var claims = Files.list(inbox.resolve(SharedInboxClaims.FOLDER))) {
            for (Path claim : (Iterable<Path>) claims::iterator) {
                Files.setLastModifiedTime(claim, FileTime.from(when));
            }
        }
    }

    @Test
    void aClaimLeftUnwrittenIsTakenOverAfterAFewSecondsNotAfterTheLease() throws Exception {
        Path file = Files.writeString(inbox.resolve("e.txt"), "text");
        SharedInboxClaims killed = new SharedInboxClaims(inbox, Duration.ofMinutes(5), Clock.systemUTC());
        assertThat(killed.add(file.toString())).isTrue();
        Path claim;
        try (var claims = Files.list(inbox.resolve(SharedInboxClaims.FOLDER))) {
            claim = claims.findFirst().orElseThrow();
        }
        Files.write(claim, new byte[0]); // created, then its process was killed or the machine lost power

        SharedInboxClaims other = new SharedInboxClaims(inbox, Duration.ofMinutes(5), Clock.systemUTC());
        assertThat(other.add(file.toString())).as("an empty claim just made is being written").isFalse();
        Files.setLastModifiedTime(claim, FileTime.from(Instant.now()
                .minus(SharedInboxClaims.UNWRITTEN_CLAIM_GRACE).minusSeconds(1)));
        assertThat(other.add(file.toString())).as("still empty after the grace: nobody holds it").isTrue();
    }

    @Test
    void aFullDiskLeavesNoEmptyClaimBehindAndFilesAreClaimedOnceThereIsRoom() throws Exception {
        Optional<SmallDisk> mounted = SmallDisk.mount(inbox.resolve("small-disk"), "256k");
        Assumptions.assumeTrue(mounted.isPresent(), "mounting a tmpfs needs root");
        try (SmallDisk disk = mounted.get()) {
            Path smallInbox = Files.createDirectory(disk.folder().resolve("inbox"));
            Path file = Files.writeString(smallInbox.resolve("f.txt"), "text");
            SharedInboxClaims claims = new SharedInboxClaims(smallInbox, Duration.ofMinutes(5), Clock.systemUTC());
            disk.fill(0);

            assertThat(claims.add(file.toString())).isFalse();
            assertThat(claims.problem()).contains("No space left on device").contains("not full");
            try (var left = Files.list(smallInbox.resolve(SharedInboxClaims.FOLDER))) {
                assertThat(left).as("no claim nor probe left without its content").isEmpty();
            }

            disk.makeRoom();
            assertThat(claims.problem()).isNull();
            assertThat(claims.add(file.toString())).as("claimed once there is room").isTrue();
        }
    }
}
