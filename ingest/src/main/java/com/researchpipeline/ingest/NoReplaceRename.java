package com.researchpipeline.ingest;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One atomic rename that never replaces an existing file, even when another process renames onto the same
 * name at the same moment: Linux's {@code renameat2(RENAME_NOREPLACE)}. Where that call is missing or the file
 * system refuses the flag (some network file systems), or the name cannot be passed as bytes, the rename
 * checks the target first and then renames: two processes can then still race for one name.
 */
final class NoReplaceRename {

    private static final Logger LOG = LoggerFactory.getLogger(NoReplaceRename.class);

    /** The part of libc this needs; paths as bytes in the file-name encoding Java itself uses. */
    interface LibC extends Library {
        int renameat2(int oldDirFd, byte[] oldPath, int newDirFd, byte[] newPath, int flags);
    }

    private static final int AT_FDCWD = -100;
    private static final int RENAME_NOREPLACE = 1;
    private static final int ENOENT = 2;
    private static final int EEXIST = 17;
    private static final int EXDEV = 18;
    private static final Charset FILE_NAMES = Charset.forName(System.getProperty("sun.jnu.encoding",
            Charset.defaultCharset().name()));
    private static final LibC LIBC = load();
    private static volatile boolean warned;

    private NoReplaceRename() {
    }

    private static LibC load() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return null;
        }
        try {
            return Native.load("c", LibC.class);
        } catch (Throwable e) { // UnsatisfiedLinkError, a JNA that cannot unpack its library ...
            LOG.warn("archive moves check the name, then rename: JNA cannot call renameat2 ({}); two ingest "
                    + "processes sharing an inbox could then race for one archive name", e.toString());
            return null;
        }
    }

    /** True when renames here cannot replace a file another process just put there. */
    static boolean isAtomicNoReplace() {
        return LIBC != null;
    }

    /**
     * Renames {@code from} (a link itself, never its target) to {@code to}. Throws
     * {@link FileAlreadyExistsException} when {@code to} exists, leaving both as they were, and
     * {@link AtomicMoveNotSupportedException} when they lie on different file systems.
     */
    static void move(Path from, Path to) throws IOException {
        if (LIBC != null) {
            byte[] source = (from.toString() + "\0").getBytes(FILE_NAMES);
            byte[] target = (to.toString() + "\0").getBytes(FILE_NAMES);
            if (LIBC.renameat2(AT_FDCWD, source, AT_FDCWD, target, RENAME_NOREPLACE) == 0) {
                return;
            }
            int errno = Native.getLastError();
            if (errno == EEXIST) {
                throw new FileAlreadyExistsException(to.toString());
            }
            if (errno == EXDEV) {
                throw new AtomicMoveNotSupportedException(from.toString(), to.toString(), "different file systems");
            }
            if (errno == ENOENT && !Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
                throw new java.nio.file.NoSuchFileException(from.toString());
            }
            if (!warned) { // EINVAL: the file system refuses the flag; ENOENT: a name the encoding cannot carry
                warned = true;
                LOG.warn("renameat2 refused {} (errno {}); moving by name check and rename instead", to, errno);
            }
        }
        if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(to.toString());
        }
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }
}
