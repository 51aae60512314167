package com.researchpipeline.ingest;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileOperations;

/**
 * Camel's read lock for the shared inbox, and the bound on files in flight: a file is read by the ingest process
 * that claimed it in {@link SharedInboxClaims}, once one of this process's {@code slots} (the concurrency) is free.
 * The poller waits for that slot, so one listing hands its files over oldest first, as fast as they finish, as long
 * as {@code mayTake} holds (not while Kafka's failure pauses the inbox, nor once ingest stops). Claim and slot are
 * released once the file has left the inbox or its processing was rolled back. Only what this lock acquired is
 * ever released (Camel also calls the release after a refused acquire: the claim then
 * belongs to another process). Once the slot is there, the file must still have the length and modification time
 * the listing saw, else it is refused (a file written to while the poller waited is judged again by the next
 * listing). Unlike Camel's own idempotent read lock, which skips every path
 * {@code File.exists()} denies, a dangling symbolic link or a link loop is claimed too, so that it reaches the
 * intake and is rejected with its reason instead of lying in the inbox unnoticed. Thread-safe.
 */
final class InboxClaimReadLock implements GenericFileExclusiveReadLockStrategy<File> {

    /** Exchange property: the key of the file this exchange holds claim and slot for. */
    private static final String ACQUIRED = "ingest.claimed";
    /** How often a poller waiting for a slot looks whether it may still take files. */
    private static final long SLOT_CHECK_MILLIS = 100;

    private final SharedInboxClaims claims;
    private final Semaphore slots;
    private final BooleanSupplier mayTake;
    private final Runnable handedOver;
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    InboxClaimReadLock(SharedInboxClaims claims, int slots, BooleanSupplier mayTake) {
        this(claims, slots, mayTake, () -> { });
    }

    /** {@code handedOver} runs on the poller's thread for each file this lock gives the route. */
    InboxClaimReadLock(SharedInboxClaims claims, int slots, BooleanSupplier mayTake, Runnable handedOver) {
        this.claims = claims;
        this.slots = new Semaphore(slots);
        this.mayTake = mayTake;
        this.handedOver = handedOver;
    }

    @Override
    public void prepareOnStartup(GenericFileOperations<File> operations, GenericFileEndpoint<File> endpoint) {
        // claims of processes that died are taken over one by one as their files are met again
    }

    @Override
    public boolean acquireExclusiveReadLock(GenericFileOperations<File> operations, GenericFile<File> file,
                                            Exchange exchange) {
        if (!Files.exists(file.getFile().toPath(), LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (!awaitSlot()) {
            return false;
        }
        String key = file.getAbsoluteFilePath();
        boolean holding = false;
        boolean claimed = false;
        boolean acquired = false;
        try {
            holding = held.add(key); // false cannot happen while Camel's in-progress repository works
            claimed = holding && claims.add(key);
            // the wait for a slot may have been long: if the file changed, the next listing decides again
            if (!claimed || changedSinceListed(file)) {
                return false;
            }
            exchange.setProperty(ACQUIRED, key);
            handedOver.run();
            acquired = true;
            return true;
        } finally {
            if (!acquired) {
                // refused, or an error thrown half-way (any Throwable, even the poll thread's death): nothing this
                // call took may stay taken, or the slot is lost for good and, at a concurrency of one, ingest stops
                exchange.removeProperty(ACQUIRED);
                if (claimed) {
                    claims.remove(key);
                }
                if (holding) {
                    held.remove(key);
                }
                slots.release();
            }
        }
    }

    /** True while this lock holds the file named by the key (its absolute path) for an exchange of the route. */
    boolean holds(String key) {
        return held.contains(key);
    }

    /**
     * True when the file's length or modification time is no longer what the listing saw (and judged ready), or it
     * is gone. A link is compared by what it leads to, as listed; a dangling link or a loop stays acceptable.
     */
    static boolean changedSinceListed(GenericFile<File> file) {
        Path path = file.getFile().toPath();
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (now.isSymbolicLink()) {
                try {
                    now = Files.readAttributes(path, BasicFileAttributes.class);
                } catch (IOException dangling) {
                    return false;
                }
            }
        } catch (IOException gone) {
            return true;
        }
        return now.size() != file.getFileLength() || now.lastModifiedTime().toMillis() != file.getLastModified();
    }

    private void release(Exchange exchange) {
        String key = exchange.getProperty(ACQUIRED, String.class);
        if (key == null || !held.remove(key)) {
            return; // not acquired by this exchange (refused, or released already)
        }
        exchange.removeProperty(ACQUIRED);
        claims.remove(key);
        slots.release();
    }

    /** Waits for a free slot while files may be taken; false when they may not (any more). */
    private boolean awaitSlot() {
        try {
            while (mayTake.getAsBoolean()) {
                if (slots.tryAcquire(SLOT_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    @Override
    public void releaseExclusiveReadLockOnAbort(GenericFileOperations<File> operations, GenericFile<File> file,
                                                Exchange exchange) {
        release(exchange);
    }

    @Override
    public void releaseExclusiveReadLockOnRollback(GenericFileOperations<File> operations, GenericFile<File> file,
                                                   Exchange exchange) {
        release(exchange);
    }

    @Override
    public void releaseExclusiveReadLockOnCommit(GenericFileOperations<File> operations, GenericFile<File> file,
                                                 Exchange exchange) {
        release(exchange);
    }

    @Override
    public void setTimeout(long timeout) {
    }

    @Override
    public void setCheckInterval(long checkInterval) {
    }

    @Override
    public void setReadLockLoggingLevel(LoggingLevel readLockLoggingLevel) {
    }

    @Override
    public void setMarkerFiler(boolean markerFile) {
    }

    @Override
    public void setDeleteOrphanLockFiles(boolean deleteOrphanLockFiles) {
    }
}
