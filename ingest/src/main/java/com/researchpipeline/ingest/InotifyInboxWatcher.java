package com.researchpipeline.ingest;

import com.researchpipeline.contract.Printable;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link InboxWatcher} on Linux's inotify, through JNA: one watch on the inbox and on each of its subfolders
 * (hidden ones such as {@code .done/}, {@code .failed/} and {@code .claims/} excepted, linked folders not
 * entered), with watches added for subfolders created or moved in later. {@code IN_MOVED_TO} (a rename in,
 * atomic) records the file's state at once. {@code IN_CLOSE_WRITE} fires on every close, also of a writer that
 * reopens the file to append more: the state at the close becomes settled only once the file stayed unchanged
 * for the settle period after it (a quarter of {@code stableFor}; none when that is 0), and the poll is woken
 * then. {@code IN_MODIFY}, {@code IN_CREATE}, {@code IN_MOVED_FROM} and {@code IN_DELETE} forget a state, settled
 * or pending; after an {@code IN_MODIFY} the file is being written until its {@code IN_CLOSE_WRITE} (a writer that
 * pauses longer than the stability window is waited for, {@link #isBeingWritten}); {@code IN_ATTRIB} refreshes it (a writer that sets the modification time after closing). An overflowing event queue forgets every state. Java's
 * {@code WatchService} cannot tell a write from a close after writing, hence inotify itself.
 * <p>
 * {@link #start} never fails: when inotify cannot be used (not Linux, JNA cannot load, no inotify instance left)
 * it logs one WARN naming what to do and returns {@link InboxWatcher#NONE}; when the watch limit is reached, or a
 * folder's name cannot be given to C exactly ({@link LibC#nativePath}), the folders without a watch fall back
 * alone, with one WARN each; should the reading thread fail (a read of the descriptor refused, an unexpected
 * error), one WARN, and every file falls back (until {@link RearmingInboxWatcher} starts a new watcher). An event whose name the file-name encoding cannot give back exactly
 * is ignored (that file falls back too). One daemon thread reads the events; thread-safe.
 */
final class InotifyInboxWatcher implements InboxWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(InotifyInboxWatcher.class);

    static final int IN_MODIFY = 0x2;
    static final int IN_ATTRIB = 0x4;
    static final int IN_CLOSE_WRITE = 0x8;
    static final int IN_MOVED_FROM = 0x40;
    static final int IN_MOVED_TO = 0x80;
    static final int IN_CREATE = 0x100;
    static final int IN_DELETE = 0x200;
    static final int IN_Q_OVERFLOW = 0x4000;
    static final int IN_IGNORED = 0x8000;
    static final int IN_ONLYDIR = 0x0100_0000;
    static final int IN_DONT_FOLLOW = 0x0200_0000;
    static final int IN_ISDIR = 0x4000_0000;
    private static final int IN_NONBLOCK = 0x800;
    private static final int IN_CLOEXEC = 0x8_0000;
    private static final int WATCHED = IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE
            | IN_DELETE | IN_ONLYDIR | IN_DONT_FOLLOW;
    private static final int POLLIN = 1;
    /** How often the reading thread looks whether it was closed. */
    private static final int POLL_MILLIS = 200;
    /** More remembered files than this (names nobody picks up) and the memory is dropped: the fallback still holds. */
    static final int MAX_SETTLED = 100_000;
    /** How long a file written to and still open waits for its writer's close at most, after its last write. */
    static final Duration OPEN_WRITER_PATIENCE = Duration.ofMinutes(10);

    private final LibC.Calls libc;
    private final int fd;
    private final Path root;
    private final Duration stableFor;
    private final Runnable onSettled;
    private final Map<Path, FileState> settled = new ConcurrentHashMap<>();
    /** Files closed in place, with their state at the close, until their settle period ended. */
    private final Map<Path, Pending> pending = new ConcurrentHashMap<>();
    /** Files written to and not closed since, with the time (nanoTime) of their last write. */
    private final Map<Path, Long> writing = new ConcurrentHashMap<>();
    private final long settleNanos;
    /** The descriptor is closed once, by whoever ends last: the reader on its way out, or close(). */
    private final java.util.concurrent.atomic.AtomicBoolean fdClosed = new java.util.concurrent.atomic.AtomicBoolean();
    /** Watched folders by watch descriptor and back; only the reading thread changes them after the start. */
    private final Map<Integer, Path> folders = new HashMap<>();
    private final Map<Path, Integer> watches = new HashMap<>();
    private final Thread reader;
    private volatile boolean closed;
    /** The watch on the inbox itself is gone (the folder deleted or moved): nothing more is reported. */
    private volatile boolean rootLost;
    /** The identity of the folder watched as the inbox, as it was when the watch began. */
    private Object rootKey;
    private long rootCheckedNanos;
    /** How often the inbox's path is checked to still name the folder watched. */
    private static final long ROOT_CHECK_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);
    private boolean warnedLimit;
    private boolean warnedName;
    /** The errno of the refused watch on the inbox itself, for the warning. */
    private int rootErrno;
    /** Folders a watch was refused for (the limit, a name C cannot be given), until they go. */
    private final java.util.Set<Path> unwatched = ConcurrentHashMap.newKeySet();

    private record Pending(FileState state, long dueNanos) {
    }

    private InotifyInboxWatcher(LibC.Calls libc, int fd, Path root, Duration stableFor, Runnable onSettled) {
        this.libc = libc;
        this.fd = fd;
        this.root = root;
        this.stableFor = stableFor;
        this.onSettled = onSettled;
        this.settleNanos = settlePeriod(stableFor).toNanos();
        this.reader = new Thread(this::readEvents, "ingest-inotify");
        reader.setDaemon(true);
    }

    /**
     * Watches the inbox (absolute, normalised) and its subfolders; {@code onSettled} runs on the watcher's thread
     * whenever a file became settled (moved in, or closed and then unchanged for the settle period), so the inbox
     * can be listed at once. Returns
     * {@link InboxWatcher#NONE} after one WARN when inotify cannot be used here.
     */
    static InboxWatcher start(Path root, Duration stableFor, Runnable onSettled) {
        return start(LibC.calls(), root, stableFor, onSettled);
    }

    /** As {@link #start(Path, Duration, Runnable)}, through {@code libc} (null: none here; tests pass one that fails). */
    static InboxWatcher start(LibC.Calls libc, Path root, Duration stableFor, Runnable onSettled) {
        if (!LibC.onLinux()) {
            warnFallback(stableFor, "inotify exists on Linux only", "nothing (set INGEST_INSTANT_PICKUP=false to "
                    + "silence this warning)");
            return NONE;
        }
        if (LibC.nativePath(root) == null) {
            warnFallback(stableFor, "the inbox's path " + Printable.of(root.toString()) + " cannot be given to "
                    + "inotify exactly in the file-name encoding " + LibC.FILE_NAMES, "run ingest with a UTF-8 locale "
                    + "(LANG=C.UTF-8), or give the inbox a name in it, and restart ingest");
            return NONE;
        }
        int fd;
        try {
            if (libc == null) {
                throw new UnsatisfiedLinkError(LibC.unavailableBecause());
            }
            fd = libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        } catch (Throwable e) { // UnsatisfiedLinkError, a JNA that cannot unpack its library ...
            warnFallback(stableFor, "JNA cannot call inotify (" + e + ")", "give the JVM a writable java.io.tmpdir "
                    + "(JNA unpacks its native library there) or set jna.tmpdir, and restart ingest");
            return NONE;
        }
        if (fd < 0) {
            int errno = LibC.lastError();
            warnFallback(stableFor, "inotify_init1 failed (errno " + errno + ")", errno == LibC.EMFILE
                    ? "raise fs.inotify.max_user_instances (now " + procValue("max_user_instances") + ", e.g. sysctl "
                    + "fs.inotify.max_user_instances=1024); ingest tries instant pickup again by itself, at most 5 min later"
                    : "nothing: ingest tries instant pickup again by itself, at most 5 min later; if it persists, report it");
            return NONE;
        }
        InotifyInboxWatcher watcher = new InotifyInboxWatcher(libc, fd, root, stableFor, onSettled);
        watcher.rootKey = folderKey(root);
        watcher.watchTree(root);
        if (!watcher.watches.containsKey(root)) {
            watcher.closeFd();
            if (!watcher.warnedLimit) {
                warnFallback(stableFor, "inotify cannot watch the inbox " + Printable.of(root.toString())
                        + " itself (errno " + watcher.rootErrno + ")", "check that ingest may read the inbox, or set "
                        + "INGEST_INSTANT_PICKUP=false to silence this warning");
            }
            return NONE;
        }
        watcher.reader.start();
        LOG.info("instant pickup: inotify watches {} folder(s) of {}; a file renamed in is taken at once, one closed "
                + "after writing once {} unchanged after its close, others after {} unchanged", watcher.watches.size(),
                root, settlePeriod(stableFor), stableFor);
        return watcher;
    }

    /** How long a file closed in place must stay unchanged before it is settled: a quarter of stableFor. */
    static Duration settlePeriod(Duration stableFor) {
        return stableFor.dividedBy(4);
    }

    @Override
    public FileState settled(Path file) {
        return settled.get(file);
    }

    /**
     * True while a writer that wrote to the file since the watch began has not closed it, unless it has written
     * nothing for {@link #OPEN_WRITER_PATIENCE} (a file held open for good is then judged by the stability window).
     */
    @Override
    public boolean isBeingWritten(Path file) {
        Long lastWrite = writing.get(file);
        return lastWrite != null && System.nanoTime() - lastWrite < OPEN_WRITER_PATIENCE.toNanos() && isWatching();
    }

    @Override
    public boolean isWatching() {
        return !closed && !rootLost && reader.isAlive();
    }

    @Override
    public int unwatchedFolders() {
        return isWatching() ? unwatched.size() : 0;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            reader.join(POLL_MILLIS * 5L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (reader.getState() == Thread.State.NEW) {
            closeFd();
        } // else the reader closes it on its way out, so that it never reads a reused descriptor
        forgetStates();
    }

    private void closeFd() {
        if (fdClosed.compareAndSet(false, true)) {
            libc.close(fd);
        }
    }

    private void readEvents() {
        byte[] pollFd = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putInt(fd).putShort((short) POLLIN)
                .putShort((short) 0).array();
        byte[] buffer = new byte[64 * 1024];
        NativeLong one = new NativeLong(1);
        NativeLong size = new NativeLong(buffer.length);
        try {
            while (!closed) {
                boolean anySettled = false;
                int ready = libc.poll(pollFd, one, pollTimeoutMillis());
                if (ready < 0) {
                    failUnlessInterrupted("poll", LibC.lastError());
                } else if (ready > 0) { // else nothing yet
                    long read = libc.read(fd, buffer, size).longValue();
                    if (read < 0) {
                        failUnlessInterrupted("read", LibC.lastError());
                    } else if (read == 0) {
                        throw new IllegalStateException("the inotify descriptor reached its end");
                    } else {
                        anySettled = handle(buffer, (int) read);
                    }
                }
                anySettled |= promoteDue(System.nanoTime());
                checkRootIsTheWatchedFolder(System.nanoTime());
                if (anySettled) {
                    onSettled.run();
                }
            }
        } catch (RuntimeException | Error e) {
            // a watcher that stops only costs speed: pickup falls back to the stability window
            forgetStates();
            if (!closed) {
                LOG.warn("instant pickup stopped: the inotify watcher failed ({}); every file is now picked up once "
                        + "unchanged for INGEST_STABLE_FOR ({}) instead (nothing is lost, pickup is only slower). What "
                        + "to do: nothing, ingest starts the watcher again after a back-off; if it keeps failing, report this log",
                        e.toString(), stableFor, e);
            }
        } finally {
            closeFd();
        }
    }

    /** A failed poll or read of the descriptor ends the watcher, unless a signal only cut it short. */
    private static void failUnlessInterrupted(String call, int errno) {
        if (errno != LibC.EINTR && errno != LibC.EAGAIN) {
            throw new IllegalStateException(call + " on the inotify descriptor failed (errno " + errno + ")");
        }
    }

    /** Until the next settle period ends, at most {@link #POLL_MILLIS}. */
    private int pollTimeoutMillis() {
        long now = System.nanoTime();
        long wait = POLL_MILLIS;
        for (Pending file : pending.values()) {
            wait = Math.min(wait, Math.max(0, (file.dueNanos() - now + 999_999) / 1_000_000));
        }
        return (int) wait;
    }

    /** Settles the files whose settle period ended unchanged; true when any did. */
    private boolean promoteDue(long now) {
        boolean any = false;
        for (Map.Entry<Path, Pending> entry : pending.entrySet()) {
            if (entry.getValue().dueNanos() - now > 0) {
                continue;
            }
            Path path = entry.getKey();
            if (!pending.remove(path, entry.getValue())) {
                continue;
            }
            FileState current = stateOf(path);
            if (entry.getValue().state().equals(current)) {
                remember(path, current);
                any = true;
            }
        }
        return any;
    }

    /** Forgets every state, settled, pending or being written: those files take the stability window. */
    private void forgetStates() {
        settled.clear();
        pending.clear();
        writing.clear();
    }

    private void remember(Path path, FileState state) {
        if (settled.size() >= MAX_SETTLED) {
            settled.clear();
        }
        settled.put(path, state);
    }

    /** Applies a buffer of events; true when a file became settled. */
    boolean handle(byte[] buffer, int length) {
        ByteBuffer events = ByteBuffer.wrap(buffer, 0, length).order(ByteOrder.nativeOrder());
        boolean anySettled = false;
        while (events.remaining() >= 16) {
            int wd = events.getInt();
            int mask = events.getInt();
            events.getInt(); // cookie
            int nameLength = events.getInt();
            byte[] raw = new byte[Math.min(nameLength, events.remaining())];
            events.get(raw);
            if ((mask & IN_Q_OVERFLOW) != 0) {
                LOG.debug("inotify queue overflowed: states forgotten, those files wait for the stability window");
                forgetStates();
                watchTree(root);
                continue;
            }
            Path folder = folders.get(wd);
            if ((mask & IN_IGNORED) != 0) {
                forget(wd);
                continue;
            }
            if (folder == null) {
                continue;
            }
            String name = LibC.exactName(raw);
            if (name == null) { // no path can name it exactly: it is left to the stability window
                if ((mask & IN_ISDIR) != 0 && (mask & (IN_CREATE | IN_MOVED_TO)) != 0) {
                    refusedName(folder + "/" + new String(raw, LibC.FILE_NAMES).replace("\0", ""));
                } else if ((mask & IN_ISDIR) != 0 && (mask & (IN_MOVED_FROM | IN_DELETE)) != 0) {
                    // renamed to a valid name (see UndecodableNames) or gone: no longer a folder without a watch
                    unwatched.removeIf(dir -> folder.equals(dir.getParent())
                            && !Files.exists(dir, LinkOption.NOFOLLOW_LINKS));
                }
                continue;
            }
            if (name.isEmpty()) {
                continue;
            }
            anySettled |= apply(folder.resolve(name), name, mask);
        }
        return anySettled;
    }

    private boolean apply(Path path, String name, int mask) {
        if ((mask & IN_ISDIR) != 0) {
            if ((mask & (IN_MOVED_FROM | IN_DELETE)) != 0) {
                unwatchTree(path);
            } else if ((mask & (IN_CREATE | IN_MOVED_TO)) != 0 && !PickupPolicy.isIgnoredFolderName(name)) {
                watchTree(path); // its files were not watched while they were written: they take the stability window
            }
            return false;
        }
        if (PickupPolicy.isIgnoredName(name)) {
            return false; // a temporary name is never taken: its close wakes nothing
        }
        if ((mask & (IN_CLOSE_WRITE | IN_MOVED_TO)) != 0) {
            FileState state = stateOf(path);
            settled.remove(path);
            pending.remove(path);
            writing.remove(path);
            if (state == null) {
                return false;
            }
            if ((mask & IN_MOVED_TO) != 0 || settleNanos == 0) {
                remember(path, state); // renamed in whole: ready at once
                return true;
            }
            if (pending.size() < MAX_SETTLED) { // closed in place: the writer may reopen it to append more
                pending.put(path, new Pending(state, System.nanoTime() + settleNanos));
            }
            return false;
        }
        if ((mask & IN_ATTRIB) != 0) {
            settled.computeIfPresent(path, (p, before) -> stateOf(p));
            pending.computeIfPresent(path, (p, before) -> {
                FileState now = stateOf(p);
                return now == null ? null : new Pending(now, before.dueNanos());
            });
        } else if ((mask & (IN_MODIFY | IN_CREATE | IN_MOVED_FROM | IN_DELETE)) != 0) {
            settled.remove(path);
            pending.remove(path);
            if ((mask & IN_MODIFY) != 0 && writing.size() < MAX_SETTLED) {
                writing.put(path, System.nanoTime()); // open for writing until its IN_CLOSE_WRITE
            } else if ((mask & (IN_MOVED_FROM | IN_DELETE)) != 0) {
                writing.remove(path);
            }
        }
        return false;
    }

    /** The state of a regular file (not a link), or null. */
    private static FileState stateOf(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return attributes.isRegularFile() ? FileState.of(attributes) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Adds watches to the folder and its subfolders, skipping hidden and temporary names and links; an inbox that is a
     * link (to a mounted volume, say) is followed, for the inbox itself only.
     */
    private void watchTree(Path top) {
        if (top.equals(root) && Files.isSymbolicLink(root)) {
            if (!watch(root)) {
                return;
            }
            try (java.nio.file.DirectoryStream<Path> children = Files.newDirectoryStream(root)) {
                for (Path child : children) {
                    if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                        walkTree(child);
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("cannot watch below {}: {}", root, e.toString());
            }
            return;
        }
        walkTree(top);
    }

    private void walkTree(Path top) {
        try {
            Files.walkFileTree(top, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(root) && PickupPolicy.isIgnoredFolderName(dir.getFileName().toString())) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return watch(dir) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot watch below {}: {}", top, e.toString());
        }
    }

    private boolean watch(Path dir) {
        byte[] path = LibC.nativePath(dir);
        if (path == null) {
            unwatched.add(dir);
            refusedName(dir.toString());
            return false;
        }
        // the inbox itself may be a link (to a mounted volume, say); linked folders below it are never entered
        int wd = libc.inotify_add_watch(fd, path, dir.equals(root) ? WATCHED & ~IN_DONT_FOLLOW : WATCHED);
        if (wd < 0) {
            int errno = LibC.lastError();
            if (dir.equals(root)) {
                rootErrno = errno;
            }
            unwatched.add(dir);
            if (errno == LibC.ENOSPC && !warnedLimit) {
                warnedLimit = true;
                warnFallback(stableFor, "the inotify watch limit is reached (fs.inotify.max_user_watches = "
                        + procValue("max_user_watches") + ") at " + Printable.of(dir.toString()) + " and in every "
                        + "folder without a watch", "raise it (sysctl fs.inotify.max_user_watches=524288, and in "
                        + "/etc/sysctl.conf to keep it); ingest tries instant pickup again by itself, at most 5 min later");
            } else {
                LOG.debug("no inotify watch on {} (errno {})", dir, errno);
            }
            return false;
        }
        unwatched.remove(dir);
        Path before = folders.put(wd, dir);
        if (before != null && !before.equals(dir)) {
            watches.remove(before); // the same folder under a new name: it was renamed
        }
        watches.put(dir, wd);
        return true;
    }

    private void unwatchTree(Path top) {
        watches.entrySet().removeIf(entry -> {
            if (!entry.getKey().startsWith(top)) {
                return false;
            }
            libc.inotify_rm_watch(fd, entry.getValue());
            folders.remove(entry.getValue());
            return true;
        });
        settled.keySet().removeIf(file -> file.startsWith(top));
        pending.keySet().removeIf(file -> file.startsWith(top));
        writing.keySet().removeIf(file -> file.startsWith(top));
        unwatched.removeIf(folder -> folder.startsWith(top));
    }

    /** A folder whose name C cannot be given exactly: its files take the stability window (one WARN per watcher). */
    private void refusedName(String dir) {
        if (warnedName) {
            LOG.debug("no inotify watch on {}: its name has no exact bytes in {}", Printable.of(dir),
                    LibC.FILE_NAMES);
            return;
        }
        warnedName = true;
        LOG.warn("no inotify watch on {} (nor on any other folder whose name is not valid in the file-name encoding "
                + "{}): its files are picked up once unchanged for INGEST_STABLE_FOR ({}) instead (nothing is lost). "
                + "What to do: rename the folder to a name valid in {}, or run ingest with a UTF-8 locale "
                + "(LANG=C.UTF-8)", Printable.of(dir), LibC.FILE_NAMES, stableFor, LibC.FILE_NAMES);
    }

    private void forget(int wd) {
        Path folder = folders.remove(wd);
        if (folder != null) {
            watches.remove(folder, wd);
        }
        if (root.equals(folder)) {
            lostRoot("deleted");
        }
    }

    /** The inbox itself gone from under the watch: this watcher sees nothing more of it, one started anew will. */
    private void lostRoot(String how) {
        if (closed || rootLost) {
            return;
        }
        rootLost = true;
        LOG.warn("instant pickup stopped: the inbox folder {} itself was {}; files are picked up once unchanged for "
                + "INGEST_STABLE_FOR ({}) until inotify is started again on it", Printable.of(root.toString()), how,
                stableFor);
    }

    /**
     * Whether the inbox's path still names the folder watched: one moved away and replaced by another (or by a link),
     * or a link to the inbox pointed elsewhere, leaves the watch on the old folder, which reports nothing of the new.
     */
    private void checkRootIsTheWatchedFolder(long now) {
        if (rootKey == null || now - rootCheckedNanos < ROOT_CHECK_NANOS) {
            return; // a file system without file keys cannot tell
        }
        rootCheckedNanos = now;
        Object key = folderKey(root);
        if (key == null || !key.equals(rootKey)) {
            lostRoot(key == null ? "moved away or deleted" : "replaced by another folder (moved away and made anew, or "
                    + "its link pointed elsewhere)");
        }
    }

    /** The identity (device and inode) of the folder a path names, links followed; null when there is none. */
    private static Object folderKey(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (IOException | RuntimeException gone) {
            return null;
        }
    }

    private static void warnFallback(Duration stableFor, String why, String whatToDo) {
        LOG.warn("instant pickup is off: {}; every file is picked up once unchanged for INGEST_STABLE_FOR ({}) "
                + "instead (nothing is lost, pickup is only slower). What to do: {}", why, stableFor, whatToDo);
    }

    /**
     * A value of {@code /proc/sys/fs/inotify}, read in one call: such a file tells a size of 0, and gives nothing to
     * a second read at an offset ({@code Files.readString} would see its first digit only).
     */
    static String procValue(String name) {
        try (java.io.InputStream in = Files.newInputStream(Path.of("/proc/sys/fs/inotify", name))) {
            byte[] buffer = new byte[64];
            int read = in.read(buffer);
            return read <= 0 ? "unknown" : new String(buffer, 0, read, java.nio.charset.StandardCharsets.US_ASCII).strip();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
