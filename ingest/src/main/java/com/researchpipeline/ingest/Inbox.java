package com.researchpipeline.ingest;

import com.researchpipeline.contract.Printable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * The watched folder and its two archives: {@code .done/} for files whose article Kafka acknowledged and
 * {@code .failed/} for files that cannot become an article, each keeping the file's path below the inbox.
 * A name already taken in an archive is never overwritten: the newcomer becomes {@code name (2).ext},
 * {@code name (3).ext} ..., also when several files are in flight at the same time: moves within one process
 * take turns, a move is one rename that never replaces a file (so also not one another process sharing the
 * inbox just moved there: {@link NoReplaceRename}), and the {@code .failed/} name a rejected file's dead letter
 * announces is reserved for that file until it was moved there or its processing ended, so no other file of
 * this process takes it meanwhile.
 * Thread-safe.
 */
final class Inbox {

    static final String DONE = ".done";
    static final String FAILED = ".failed";
    static final String REASON_SUFFIX = ".reason.txt";
    /** The longest file name (in UTF-8 bytes) common file systems take. */
    static final int MAX_NAME_BYTES = 255;

    private final Path root;
    private final Path realRoot;
    /** Choosing a free archive name and renaming onto it is one step for the files this process moves. */
    private final Object moves = new Object();
    /** {@code .failed/} names announced to Kafka for files not moved there yet; guarded by {@link #moves}. */
    private final Set<Path> reserved = new HashSet<>();

    Inbox(Path root) {
        try {
            this.root = root.toAbsolutePath().normalize();
            Files.createDirectories(this.root.resolve(DONE));
            Files.createDirectories(this.root.resolve(FAILED));
            this.realRoot = this.root.toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the inbox " + Printable.of(root.toString())
                    + " and its .done/.failed folders (" + e.getMessage()
                    + (e instanceof FileAlreadyExistsException ? ": a file, not a folder" : "") + "): give INGEST_INBOX (run: --inbox) a "
                    + "folder ingest may create and write", e);
        }
    }

    Path root() {
        return root;
    }

    /** The file's path below the inbox, with '/' separators. */
    String relative(Path file) {
        return root.relativize(file.toAbsolutePath().normalize()).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    /** True when the path, after following every link, is no longer below the inbox. */
    boolean leadsOutside(Path path) {
        try {
            return !path.toRealPath().startsWith(realRoot);
        } catch (IOException e) {
            return false; // a dangling link leads nowhere; reading it will say so
        }
    }

    /**
     * The real path (links followed) below the inbox when it lies in one of ingest's own folders ({@code .done/},
     * {@code .failed/}, {@code .claims/}), whose files are archived copies, reason files and claims, not new articles;
     * else null.
     */
    String inOwnFolder(Path realPath) {
        Path below = realRoot.relativize(realPath);
        String first = below.getNameCount() > 1 ? below.getName(0).toString() : "";
        return first.equals(DONE) || first.equals(FAILED) || first.equals(SharedInboxClaims.FOLDER)
                ? below.toString() : null;
    }

    boolean isSymbolicLink(Path path) {
        return Files.isSymbolicLink(path);
    }

    /** A free name for the file in {@code .done/}, with its subfolders created. */
    Path doneTarget(Path file) {
        synchronized (moves) {
            return firstFree(archived(DONE, file), candidate -> true);
        }
    }

    /**
     * A free name for the file in {@code .failed/}, reserved for it: no other file of this process gets that name
     * until this one was moved there ({@link #moveWithReason}) or {@link #releaseReservation} gave it back (its
     * processing ended otherwise, a rollback included).
     */
    Path reserveFailedTarget(Path file) {
        synchronized (moves) {
            return firstFree(archived(FAILED, file), reserved::add);
        }
    }

    /** Gives a reserved {@code .failed/} name back; harmless when it was used or given back already. */
    void releaseReservation(Path target) {
        synchronized (moves) {
            reserved.remove(target);
        }
    }

    /**
     * Moves the file (a link itself, never its target) to the target, or to the next free name should the
     * target have been taken meanwhile. Returns where it went. The move is one atomic rename, so a crash at any
     * moment leaves the file either in the inbox or in the archive, never in both and never half copied; an
     * archive on another file system, where a move would be a copy, is refused with what to do.
     */
    Path move(Path file, Path target) throws IOException {
        synchronized (moves) {
            return moveTaking(file, target);
        }
    }

    /**
     * Writes the reason of a failed file beside its target (reserved by {@link #reserveFailedTarget}, or the
     * first free name from it on), then moves the file there (when it still exists), as one step for this
     * process: two failed files never share a name or a reason. The reason comes first, so that a crash cannot
     * leave a failed file without one; a move refused takes its reason back. Returns where the file went; the
     * reservation is used up.
     */
    Path moveWithReason(Path file, Path target, Function<Path, String> reasonFor) throws IOException {
        synchronized (moves) {
            reserved.remove(target);
            Path candidate = firstFree(target, free -> true);
            Path reason = writeReason(candidate, reasonFor.apply(candidate));
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return candidate;
            }
            Path moved;
            try {
                moved = moveTaking(file, candidate);
            } catch (IOException | RuntimeException refused) {
                // the file stays in the inbox, to be read again: a reason with no file beside it would say it is here
                deleteIfPossible(reason, refused);
                throw refused;
            }
            if (!moved.equals(candidate)) { // taken by another process meanwhile: the reason follows the file
                writeReason(moved, reasonFor.apply(moved));
                Files.deleteIfExists(reason);
            }
            return moved;
        }
    }

    private static void deleteIfPossible(Path reason, Exception refused) {
        try {
            Files.deleteIfExists(reason);
        } catch (IOException | RuntimeException e) {
            refused.addSuppressed(e);
        }
    }

    private Path moveTaking(Path file, Path target) throws IOException {
        createFolders(target.getParent());
        try {
            return firstFree(target, candidate -> {
            try {
                NoReplaceRename.moveWithin(root, file, candidate);
                return true;
            } catch (AtomicMoveNotSupportedException e) {
                // no cause: the reason and the advice are this message, which log lines and readiness give as they are
                throw new java.nio.file.FileSystemException(file.toString(), candidate.toString(), "different file "
                        + "systems: " + DONE + "/ and " + FAILED + "/ must be on the same file system as the inbox (do not "
                        + "mount or link them elsewhere)");
            } catch (FileAlreadyExistsException taken) {
                return false; // taken by another process between the check and the move: try the next name
            }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Creates an archive folder and those above it (an archive deleted while ingest runs comes back); one that a
     * file stands in the place of is an error saying so.
     */
    private static void createFolders(Path folder) throws IOException {
        try {
            Files.createDirectories(folder);
        } catch (FileAlreadyExistsException e) {
            throw new java.nio.file.FileSystemException(e.getFile(), null, "a file stands where the archive folder "
                    + "should be: move it out of the way, and ingest creates the folder again");
        }
    }

    /** Takes a free archive name, or says it was taken meanwhile. */
    private interface NameTaker {
        boolean take(Path candidate) throws IOException;
    }

    /**
     * The first of {@code target}, {@code target (2)}, ... that holds no file, is reserved for no file and that
     * {@code taker} takes. The one free-name search of the archives; called holding {@link #moves}.
     */
    private Path firstFree(Path target, NameTaker taker) {
        Path candidate = target;
        try {
            for (int n = 2; ; n++) {
                if (!taken(candidate) && !reserved.contains(candidate) && taker.take(candidate)) {
                    return candidate;
                }
                candidate = numbered(target, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Where the file goes in the archive, below the folders it was in; a folder whose name an archived file took
     * (a file "report" archived before a folder "report/" came) becomes "report (2)", so the file can still go.
     */
    private Path archived(String archive, Path file) {
        Path relative = root.relativize(file.toAbsolutePath().normalize());
        Path folder = root.resolve(archive);
        for (int k = 0; k < relative.getNameCount() - 1; k++) {
            Path candidate = folder.resolve(relative.getName(k).toString());
            for (int n = 2; Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isDirectory(candidate, LinkOption.NOFOLLOW_LINKS); n++) {
                candidate = folder.resolve(fitName(relative.getName(k).toString(), " (" + n + ")", ""));
            }
            folder = candidate;
        }
        return folder.resolve(relative.getFileName().toString());
    }

    /** Writes the reason file beside a failed file. */
    Path writeReason(Path failedFile, String text) throws IOException {
        Path reason = reasonFileOf(failedFile);
        createFolders(reason.getParent());
        Files.writeString(reason, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        return reason;
    }

    /**
     * A name is taken by a file only: a reason file alone is the orphan of a crash between writing it and
     * moving its file (or of a file that vanished), and is written again for the newcomer. Unless what stands where
     * the reason would go is a rejected file itself (it has a reason of its own: a file named {@code a.txt.reason.txt}),
     * which the newcomer's reason must not overwrite.
     */
    private static boolean taken(Path candidate) {
        Path reason = reasonFileOf(candidate);
        return Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)
                || Files.exists(reason, LinkOption.NOFOLLOW_LINKS)
                && Files.exists(reasonFileOf(reason), LinkOption.NOFOLLOW_LINKS);
    }

    /** {@code NAME.reason.txt} beside the file; for a name too long for that, a shortened one. */
    static Path reasonFileOf(Path failedFile) {
        return failedFile.resolveSibling(fitName(failedFile.getFileName().toString(), "", REASON_SUFFIX));
    }

    /**
     * {@code base + middle + suffix}, with the base cut short (and marked with a hash of it, to stay unique)
     * when the whole would pass the {@value #MAX_NAME_BYTES}-byte limit of file names.
     */
    static String fitName(String base, String middle, String suffix) {
        String whole = base + middle + suffix;
        if (utf8Length(whole) <= MAX_NAME_BYTES) {
            return whole;
        }
        String mark = "~" + Integer.toHexString(base.hashCode());
        int room = MAX_NAME_BYTES - utf8Length(middle + suffix + mark);
        int end = 0;
        int bytes = 0;
        while (end < base.length()) {
            int next = base.offsetByCodePoints(end, 1);
            int more = utf8Length(base.substring(end, next));
            if (bytes + more > room) {
                break;
            }
            bytes += more;
            end = next;
        }
        return base.substring(0, end) + mark + middle + suffix;
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** {@code report.pdf} becomes {@code report (2).pdf}; names without extension get the number at the end. */
    static Path numbered(Path target, int n) {
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String numbered = dot > 0 ? fitName(name.substring(0, dot), " (" + n + ")", name.substring(dot))
                : fitName(name, " (" + n + ")", "");
        return target.resolveSibling(numbered);
    }
}
