package com.researchpipeline.ingest;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A path opened once and judged by what the kernel opened, not by its name: the open file's own path
 * ({@code /proc/self/fd/N}) must lie in a given folder. A folder on the way that was replaced by a link to another
 * place after the path was checked leads there; checking the path and then using it cannot see that, this can.
 * Opened with {@code O_PATH}: nothing is read, so a FIFO does not block. Linux only: elsewhere {@link #open} gives
 * null and callers use the path as it is.
 */
final class OpenedPath implements AutoCloseable {

    private static final int O_PATH = 010000000;
    private static final int O_CLOEXEC = 02000000;
    private static final int ENOENT = 2;
    private static final LibC.Calls LIBC = LibC.onLinux() && LibC.has("open") && Files.isDirectory(Path.of("/proc/self/fd"))
            ? LibC.calls() : null;

    private final int fd;

    private OpenedPath(int fd) {
        this.fd = fd;
    }

    /**
     * The path opened (links followed), or null where this cannot be done (not Linux, a name without exact bytes).
     *
     * @throws FileSystemException when what was opened lies outside {@code within}
     */
    static OpenedPath open(Path path, Path within) throws IOException {
        byte[] name = LIBC == null ? null : LibC.nativePath(path);
        if (name == null) {
            return null;
        }
        int fd = LIBC.open(name, O_PATH | O_CLOEXEC);
        if (fd < 0) {
            int errno = LibC.lastError();
            throw errno == ENOENT ? new NoSuchFileException(path.toString())
                    : new FileSystemException(path.toString(), null, "cannot open it: " + LibC.describeErrno(errno));
        }
        OpenedPath opened = new OpenedPath(fd);
        try {
            Path real = Files.readSymbolicLink(opened.proc());
            if (!real.startsWith(within.toRealPath())) {
                throw new FileSystemException(path.toString(), real.toString(), "it leads out of "
                        + within + " (a folder on its way was replaced by a symbolic link), so ingest does not use it");
            }
            return opened;
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /** The descriptor, for calls relative to it ({@code renameat2}). */
    int fd() {
        return fd;
    }

    /** The open file itself, whatever its name is now: opening this opens what was opened, not a path. */
    Path proc() {
        return Path.of("/proc/self/fd/" + fd);
    }

    @Override
    public void close() {
        LIBC.close(fd);
    }
}
