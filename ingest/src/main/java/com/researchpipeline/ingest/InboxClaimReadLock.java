package com.researchpipeline.ingest;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileOperations;

/**
 * Camel's read lock for the shared inbox: a file is read by the ingest process that claimed it in
 * {@link SharedInboxClaims}, and its claim is released once it has left the inbox or its processing was rolled
 * back. Unlike Camel's own idempotent read lock, which skips every path {@code File.exists()} denies, a dangling
 * symbolic link or a link loop is claimed too, so that it reaches the intake and is rejected with its reason
 * instead of lying in the inbox unnoticed.
 */
final class InboxClaimReadLock implements GenericFileExclusiveReadLockStrategy<File> {

    private final SharedInboxClaims claims;

    InboxClaimReadLock(SharedInboxClaims claims) {
        this.claims = claims;
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
        return claims.add(file.getAbsoluteFilePath());
    }

    @Override
    public void releaseExclusiveReadLockOnAbort(GenericFileOperations<File> operations, GenericFile<File> file,
                                                Exchange exchange) {
        claims.remove(file.getAbsoluteFilePath());
    }

    @Override
    public void releaseExclusiveReadLockOnRollback(GenericFileOperations<File> operations, GenericFile<File> file,
                                                   Exchange exchange) {
        claims.remove(file.getAbsoluteFilePath());
    }

    @Override
    public void releaseExclusiveReadLockOnCommit(GenericFileOperations<File> operations, GenericFile<File> file,
                                                 Exchange exchange) {
        claims.remove(file.getAbsoluteFilePath());
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
