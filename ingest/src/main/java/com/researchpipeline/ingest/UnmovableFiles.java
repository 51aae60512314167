package com.researchpipeline.ingest;

import com.researchpipeline.contract.Printable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files whose event Kafka acknowledged but that could not then be moved out of the inbox (an immutable file,
 * {@code .done/} or {@code .failed/} not writable, replaced by a file, on a full or read-only file system). Such a
 * file is tried again, as any file that cannot be moved; this memory makes that retry a move only: while the file
 * holds what was read ({@link #holdsWhatWasRead}) its event is not sent again, so a
 * file that stays unmovable is on Kafka once, not once per retry. A file changed since is read and sent anew; one
 * that is gone (moved away by hand) is forgotten, unless it turns up under another name in the inbox with the same
 * identity (inode, size, modification time: its folder was renamed meanwhile), which is then only moved. {@link #problem()} says which files are stuck, for the readiness
 * check {@code ingest/archive}. The memory is this process's: after a restart such a file is sent once more (the
 * same article id, so downstream keeps one document). Thread-safe.
 */
final class UnmovableFiles {

    private record Stuck(InboxWatcher.FileState state, ArticleIntake.Intake intake, String failure, Instant since) {
        Stuck in(InboxWatcher.FileState now) {
            return new Stuck(now, intake, failure, since);
        }
    }

    private record Sent(ArticleIntake.Intake intake, Instant at) {
    }

    private final Clock clock;
    private final Map<Path, Stuck> stuck = new ConcurrentHashMap<>();
    /**
     * Files sent whose move found them gone, by identity, for the listings that find them under their new names:
     * forgotten after {@link #renamedMemory} (a file moved out by hand and dropped back later is read anew), and the
     * oldest past {@link #MAX_RENAMED}.
     */
    private final Map<InboxWatcher.FileState, Sent> renamedAway = new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InboxWatcher.FileState, Sent> eldest) {
            return size() > MAX_RENAMED;
        }
    };
    static final int MAX_RENAMED = 10_000;
    private final Duration renamedMemory;

    UnmovableFiles(Clock clock, Duration renamedMemory) {
        this.clock = clock;
        this.renamedMemory = renamedMemory;
    }

    /**
     * The state a move would compare: size, modification time, inode and (where the file system has one) change
     * time of the file itself (not a link's target).
     */
    static InboxWatcher.FileState stateOf(Path file) {
        try {
            if (!file.getFileSystem().supportedFileAttributeViews().contains("unix")) {
                return InboxWatcher.FileState.of(Files.readAttributes(file, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS));
            }
            Map<String, Object> unix = Files.readAttributes(file, "unix:size,lastModifiedTime,fileKey,ctime",
                    LinkOption.NOFOLLOW_LINKS);
            return new InboxWatcher.FileState((Long) unix.get("size"), (FileTime) unix.get("lastModifiedTime"),
                    unix.get("fileKey"), (FileTime) unix.get("ctime"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * True when the file, now in state {@code now}, still holds what {@code intake} read of it in state
     * {@code read}: the same state, or one that differs by the change time alone (a rename, a chmod, chattr, a hard
     * link made or removed; or a rewrite whose size and modification time were set back) while its bytes are still
     * those read.
     */
    static boolean holdsWhatWasRead(Path file, InboxWatcher.FileState read, InboxWatcher.FileState now,
                                    ArticleIntake.Intake intake) {
        if (now.equals(read)) {
            return true;
        }
        if (!now.withoutChangeTime().equals(read.withoutChangeTime()) || intake.sha256() == null
                || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            return intake.sha256().equals(ArticleIntake.sha256(Files.readAllBytes(file)));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Kafka acknowledged the file's event, read when the file was in {@code state}, but the move failed. A file no
     * longer at its path (its folder renamed meanwhile, say) is remembered by its identity instead, for a listing
     * that finds it under its new name.
     */
    void remember(Path file, InboxWatcher.FileState state, ArticleIntake.Intake intake, String failure) {
        if (state == null) {
            return; // not known what was sent: the next attempt reads it again
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            stuck.remove(file);
            if (state.fileKey() != null) {
                synchronized (renamedAway) {
                    renamedAway.put(state.withoutChangeTime(), new Sent(intake, clock.instant()));
                }
            }
            return;
        }
        stuck.merge(file, new Stuck(state, intake, failure, clock.instant()),
                (before, now) -> before.state().equals(now.state())
                        ? new Stuck(before.state(), before.intake(), failure, before.since()) : now);
    }

    /**
     * What was sent for the file when it is still in the state it was read in (then only its move is left), else
     * null; a file changed since is forgotten here, to be read and sent again.
     */
    ArticleIntake.Intake sentAlready(Path file, InboxWatcher.FileState state) {
        Stuck entry = stuck.get(file);
        if (entry == null) {
            if (state == null || state.fileKey() == null) {
                return null;
            }
            synchronized (renamedAway) {
                // the same file (inode, size, modification time) under a new name, which changed its change time
                Sent sent = renamedAway.remove(state.withoutChangeTime());
                return sent == null ? null : sent.intake();
            }
        }
        if (state != null && holdsWhatWasRead(file, entry.state(), state, entry.intake())) {
            stuck.replace(file, entry, entry.in(state));
            return entry.intake();
        }
        stuck.remove(file, entry);
        return null;
    }

    /** True when Kafka has the event of the file in this state (no side effect, unlike {@link #sentAlready}). */
    boolean isSent(Path file, InboxWatcher.FileState state) {
        Stuck entry = stuck.get(file);
        if (entry != null) {
            return entry.state().equals(state);
        }
        synchronized (renamedAway) {
            return state != null && renamedAway.containsKey(state.withoutChangeTime());
        }
    }

    /** The file left the inbox. */
    void moved(Path file) {
        stuck.remove(file);
    }

    /**
     * Forgets the files that changed, and renamed ones not found again in time (after each listing); one gone from
     * its path is remembered by its identity, for a listing that finds it under a new name (its folder renamed).
     */
    void forgetGone() {
        for (Map.Entry<Path, Stuck> entry : stuck.entrySet()) {
            Path file = entry.getKey();
            Stuck stuckFile = entry.getValue();
            InboxWatcher.FileState now = stateOf(file);
            if (now == null && stuckFile.state().fileKey() != null) {
                synchronized (renamedAway) {
                    renamedAway.put(stuckFile.state().withoutChangeTime(), new Sent(stuckFile.intake(), clock.instant()));
                }
            }
            if (now == null || !holdsWhatWasRead(file, stuckFile.state(), now, stuckFile.intake())) {
                stuck.remove(file, stuckFile);
            } else {
                stuck.replace(file, stuckFile, stuckFile.in(now));
            }
        }
        Instant oldest = clock.instant().minus(renamedMemory);
        synchronized (renamedAway) {
            renamedAway.values().removeIf(sent -> sent.at().isBefore(oldest));
        }
    }

    int count() {
        return stuck.size();
    }

    /** Null while every file sent could be moved; else which are stuck, and what to do. */
    String problem() {
        var oldest = stuck.entrySet().stream().min(Comparator.comparing(e -> e.getValue().since())).orElse(null);
        if (oldest == null) {
            return null;
        }
        Stuck entry = oldest.getValue();
        long seconds = Duration.between(entry.since(), clock.instant()).toSeconds();
        return stuck.size() + " file(s) whose event is on Kafka cannot be moved out of the inbox (the first, "
                + Printable.of(oldest.getKey().toString()) + ", for " + seconds + " s: " + entry.failure()
                + "). Their events are not sent again; ingest retries the move after a backoff. What to do: make the "
                + "file and the inbox's .done/ and .failed/ folders writable (chattr -i, permissions, a read-only "
                + "mount, a full disk, an archive folder replaced by a file), or move the file out of the inbox";
    }
}
