package com.researchpipeline.ingest;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * What the operating system said about the files of the inbox: the state of a file when it was last reported
 * settled (renamed into the inbox, or closed after writing and unchanged for a settle period since), as long as nothing reported since (a write, a new creation, a
 * rename away, a deletion) makes that report stale. {@link PickupPolicy} decides what the report means; a watcher
 * decides nothing. Implementations are thread-safe.
 */
interface InboxWatcher extends AutoCloseable {

    /**
     * Size, modification time and identity (device and inode, where the file system has them) of a file, and its
     * change time where it was asked for and the file system has one (else null). The change time is the one
     * user tools cannot set back: a file rewritten in place and given its old size and modification time again
     * still differs by it. A rename, a chmod or a new hard link changes it too.
     */
    record FileState(long size, FileTime modified, Object fileKey, FileTime changed) {
        static FileState of(BasicFileAttributes attributes) {
            return new FileState(attributes.size(), attributes.lastModifiedTime(), attributes.fileKey(), null);
        }

        /** The same state without the change time: the file by what a rename leaves it. */
        FileState withoutChangeTime() {
            return new FileState(size, modified, fileKey, null);
        }
    }

    /** No reports at all: every file waits for the stability window. */
    InboxWatcher NONE = new InboxWatcher() {
        @Override
        public FileState settled(Path file) {
            return null;
        }

        @Override
        public boolean isWatching() {
            return false;
        }

        @Override
        public void close() {
        }
    };

    /**
     * The file's state when it was last reported settled (moved into the inbox, or closed after writing and then
     * unchanged for the settle period), or null when it was
     * not, or when it was written, recreated or moved away since.
     *
     * @param file an absolute, normalised path below the inbox
     */
    FileState settled(Path file);

    /**
     * True while a writer is known to have the file open after writing to it (its close not reported yet): it is not
     * ready, however long it stays unchanged. False when nothing is known.
     *
     * @param file an absolute, normalised path below the inbox
     */
    default boolean isBeingWritten(Path file) {
        return false;
    }

    /** True while reports arrive (false when the watcher could not start, or for {@link #NONE}). */
    boolean isWatching();

    /** Folders below the inbox that have no watch while this one watches (their files take the stability window). */
    default int unwatchedFolders() {
        return 0;
    }

    /** Stops watching; idempotent, never throws. */
    @Override
    void close();
}
