package com.researchpipeline.ingest;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One atomic rename that never replaces an existing file, even when another process renames onto the same
 * name at the same moment: Linux's {@code renameat2(RENAME_NOREPLACE)}. Where that call is missing (another OS,
 * an old C library) or the file system refuses the flag (some network file systems), or a name is not
 * exactly what its string encodes (bytes invalid in the file-name encoding), the rename checks the target
 * first and then renames: two processes can then still race for one name.
 */
final class NoReplaceRename {

    private static final Logger LOG = LoggerFactory.getLogger(NoReplaceRename.class);

    private static final int AT_FDCWD = -100;
    private static final int RENAME_NOREPLACE = 1;
    private static final int ENOENT = 2;
    private static final int EEXIST = 17;
    private static final int EXDEV = 18;
    private static final int EINVAL = 22;
    private static final int ENOSYS = 38;
    private static final LibC.Calls LIBC = load();
    private static volatile boolean warned;

    private NoReplaceRename() {
    }

    private static LibC.Calls load() {
        if (!LibC.onLinux()) {
            return null;
        }
        if (!LibC.has("renameat2")) {
            LOG.warn("archive moves check the name, then rename: JNA cannot call renameat2 ({}); two ingest "
                    + "processes sharing an inbox could then race for one archive name", LibC.calls() == null
                    ? LibC.unavailableBecause() : "the C library has no renameat2");
            return null;
        }
        return LibC.calls();
    }

    /** True when this process can call renameat2 (the file system may still refuse its flag). */
    static boolean nativeCallAvailable() {
        return LIBC != null;
    }

    /**
     * Renames {@code from} (a link itself, never its target) to {@code to}. Throws
     * {@link FileAlreadyExistsException} when {@code to} exists, leaving both as they were, and
     * {@link AtomicMoveNotSupportedException} when they lie on different file systems.
     */
    static void move(Path from, Path to) throws IOException {
        move(from, LibC.nativePath(from), to);
    }

    /**
     * As {@link #move(Path, Path)}, for a {@code from} whose string does not give its name back (bytes invalid in
     * the file-name encoding): {@code fromBytes} is its path exactly, ended by a NUL, or null when not known.
     */
    static void move(Path from, byte[] fromBytes, Path to) throws IOException {
        move(AT_FDCWD, from, fromBytes, to);
    }

    /**
     * As {@link #move(Path, Path)}, with the folder {@code from} is in opened first and seen to lie in {@code within}:
     * a folder on its way replaced by a link since it was listed cannot lead the move out of {@code within} (and take
     * a file from elsewhere).
     */
    static void moveWithin(Path within, Path from, Path to) throws IOException {
        byte[] name = LIBC == null ? null : LibC.nativePath(from.getFileName());
        try (OpenedPath folder = name == null ? null : OpenedPath.open(from.getParent(), within)) {
            if (folder == null) {
                move(from, to);
            } else {
                move(folder.fd(), from, name, to);
            }
        }
    }

    /** Renames {@code fromBytes}, a path relative to {@code fromFolder} (or to the working folder: AT_FDCWD). */
    private static void move(int fromFolder, Path from, byte[] fromBytes, Path to) throws IOException {
        byte[] source = LIBC == null ? null : fromBytes;
        byte[] target = LIBC == null ? null : LibC.nativePath(to);
        if (source != null && target != null) {
            if (LIBC.renameat2(fromFolder, source, AT_FDCWD, target, RENAME_NOREPLACE) == 0) {
                return;
            }
            int errno = LibC.lastError();
            if (errno == EEXIST) {
                throw new FileAlreadyExistsException(to.toString());
            }
            if (errno == EXDEV) {
                throw new AtomicMoveNotSupportedException(from.toString(), to.toString(), "different file systems");
            }
            if (errno == ENOENT && !Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
                throw new NoSuchFileException(from.toString());
            }
            if (errno != EINVAL && errno != ENOSYS) {
                throw new FileSystemException(from.toString(), to.toString(), "renameat2 failed with " + LibC.describeErrno(errno));
            }
            if (!warned) {
                warned = true;
                LOG.warn("the file system of {} refuses renameat2(RENAME_NOREPLACE) (errno {}); archive moves check the "
                        + "name, then rename, so two ingest processes sharing this inbox could race for one name", to, errno);
            }
        }
        if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(to.toString());
        }
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }
}
