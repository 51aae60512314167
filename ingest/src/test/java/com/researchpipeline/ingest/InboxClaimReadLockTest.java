package com.researchpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileConsumer;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read lock on real files: claim, slot, and the readiness check again once the slot is there. No broker. */
class InboxClaimReadLockTest {

    @TempDir
    Path inbox;

    private final DefaultCamelContext camel = new DefaultCamelContext();

    @Test
    void refusesAFileWrittenToWhileThePollerWaitedForASlotAndReleasesClaimAndSlot() throws Exception {
        SharedInboxClaims claims = new SharedInboxClaims(inbox, Duration.ofMinutes(5), Clock.systemUTC());
        InboxClaimReadLock lock = new InboxClaimReadLock(claims, 1, () -> true);
        Path file = Files.writeString(inbox.resolve("a.txt"), "first half");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
        GenericFile<File> listed = listed(file);

        Files.writeString(file, " and the rest", StandardOpenOption.APPEND); // written to during the wait

        Exchange exchange = new DefaultExchange(camel);
        assertThat(lock.acquireExclusiveReadLock(null, listed, exchange)).as("changed since listed").isFalse();
        lock.releaseExclusiveReadLockOnRollback(null, listed, exchange); // what Camel calls after a refusal
        assertThat(claims.contains(file.toString())).as("claim released").isFalse();

        GenericFile<File> again = listed(file); // the next listing
        Exchange next = new DefaultExchange(camel);
        assertThat(lock.acquireExclusiveReadLock(null, again, next)).as("unchanged since listed").isTrue();
        assertThat(claims.contains(file.toString())).isTrue();
        lock.releaseExclusiveReadLockOnCommit(null, again, next);
        assertThat(claims.contains(file.toString())).isFalse();
        assertThat(lock.acquireExclusiveReadLock(null, listed(file), new DefaultExchange(camel)))
                .as("the one slot was given back each time").isTrue();
    }

    @Test
    void anErrorThrownHalfWayThroughTheClaimGivesClaimAndSlotBack() throws Exception {
        SharedInboxClaims claims = new SharedInboxClaims(inbox, Duration.ofMinutes(5), Clock.systemUTC());
        java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
        boolean[] dies = {true};
        // the poller dies once the claim is written (a ThreadDeath, an OutOfMemoryError); a lost slot would leave
        // the next acquire waiting for it until mayTake gives up after about two seconds
        InboxClaimReadLock lock = new InboxClaimReadLock(claims, 1, () -> checks.incrementAndGet() < 20, () -> {
            if (dies[0]) {
                throw new OutOfMemoryError("the poll thread dies half-way");
            }
        });
        Path file = Files.writeString(inbox.resolve("a.txt"), "text");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
        Exchange exchange = new DefaultExchange(camel);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> lock.acquireExclusiveReadLock(null, listed(file), exchange))
                .isInstanceOf(OutOfMemoryError.class);
        assertThat(claims.contains(file.toString())).as("claim given back").isFalse();
        assertThat(lock.holds(file.toString())).isFalse();
        assertThat(exchange.getProperties()).as("the exchange holds nothing").isEmpty();

        dies[0] = false;
        assertThat(lock.acquireExclusiveReadLock(null, listed(file), new DefaultExchange(camel)))
                .as("the one slot was given back").isTrue();
    }

    @Test
    void aDanglingLinkIsStillTakenSoTheIntakeCanRejectItWithItsReason() throws Exception {
        SharedInboxClaims claims = new SharedInboxClaims(inbox, Duration.ofMinutes(5), Clock.systemUTC());
        InboxClaimReadLock lock = new InboxClaimReadLock(claims, 1, () -> true);
        Path link = Files.createSymbolicLink(inbox.resolve("dangling.txt"), inbox.resolve("nowhere.txt"));

        assertThat(lock.acquireExclusiveReadLock(null, listed(link), new DefaultExchange(camel))).isTrue();
    }

    @Test
    void aFileGoneSinceTheListingIsRefused() throws Exception {
        SharedInboxClaims claims = new SharedInboxClaims(inbox, Duration.ofMinutes(5), Clock.systemUTC());
        Path file = Files.writeString(inbox.resolve("gone.txt"), "text");
        GenericFile<File> listed = listed(file);
        Files.delete(file);

        assertThat(InboxClaimReadLock.changedSinceListed(listed)).isTrue();
    }

    /** The file as Camel's listing gives it, its length and modification time read as the pickup policy does. */
    private static GenericFile<File> listed(Path file) {
        GenericFile<File> listed = FileConsumer.asGenericFile(file.getParent().toString(), file.toFile(), null, false);
        listed.getFileLength();
        listed.getLastModified();
        return listed;
    }
}
