package com.researchpipeline.ingest;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * The real C library, except that the calls a test names fail the way the kernel fails them: -1 with that errno
 * (set for real, so the caller reads it with {@link LibC#lastError} as it would after the kernel's refusal). What
 * the watcher then does is its own code, not a test's.
 */
final class FailingLibC implements LibC.Calls {

    private final LibC.Calls real = LibC.calls();
    private volatile int initErrno;
    private volatile int addWatchErrno;
    private volatile Predicate<String> addWatchFailsFor = path -> false;
    private volatile int readErrno;

    /** inotify_init1 fails with errno (EMFILE: the user's inotify instances are used up). */
    FailingLibC failInit(int errno) {
        initErrno = errno;
        return this;
    }

    /** inotify_add_watch fails with errno for the folders (absolute paths) the predicate names. */
    FailingLibC failAddWatch(int errno, Predicate<String> folders) {
        addWatchErrno = errno;
        addWatchFailsFor = folders;
        return this;
    }

    /** From now on every read fails with errno (EBADF: the descriptor is gone, EIO ...). */
    FailingLibC failReads(int errno) {
        readErrno = errno;
        return this;
    }

    /** Reads work again (the next watcher started reads its own descriptor normally). */
    FailingLibC healReads() {
        readErrno = 0;
        return this;
    }

    @Override
    public int inotify_init1(int flags) {
        return initErrno != 0 ? fail(initErrno) : real.inotify_init1(flags);
    }

    @Override
    public int inotify_add_watch(int fd, byte[] path, int mask) {
        String folder = new String(path, 0, path.length - 1, StandardCharsets.UTF_8);
        return addWatchFailsFor.test(folder) ? fail(addWatchErrno) : real.inotify_add_watch(fd, path, mask);
    }

    @Override
    public int inotify_rm_watch(int fd, int wd) {
        return real.inotify_rm_watch(fd, wd);
    }

    @Override
    public NativeLong read(int fd, byte[] buffer, NativeLong count) {
        return readErrno != 0 ? new NativeLong(fail(readErrno)) : real.read(fd, buffer, count);
    }

    @Override
    public int poll(byte[] fds, NativeLong count, int timeoutMillis) {
        if (readErrno != 0) {
            return 1; // as for a descriptor in error: poll says readable, the read then fails
        }
        return real.poll(fds, count, timeoutMillis);
    }

    @Override
    public int close(int fd) {
        return real.close(fd);
    }

    @Override
    public int open(byte[] path, int flags) {
        return real.open(path, flags);
    }

    @Override
    public int renameat2(int oldDirFd, byte[] oldPath, int newDirFd, byte[] newPath, int flags) {
        return real.renameat2(oldDirFd, oldPath, newDirFd, newPath, flags);
    }

    private static int fail(int errno) {
        Native.setLastError(errno);
        return -1;
    }
}
