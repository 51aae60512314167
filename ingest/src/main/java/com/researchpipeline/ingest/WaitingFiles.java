package com.researchpipeline.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * The files of an inbox that ingest would take, as a listing considers them (hidden and temporary names and their
 * folders left out, links not followed), and the one left unchanged the longest: since its last change of content,
 * name or place (its inode's change time), so a file moved in today from an old archive counts from today.
 *
 * @param count           files waiting
 * @param longestWaiting  the file unchanged the longest, or null when none waits
 * @param unchangedSince  when it last changed, or null when none waits
 */
public record WaitingFiles(long count, Path longestWaiting, Instant unchangedSince) {

    public static WaitingFiles in(Path inbox) {
        return walk(inbox, true);
    }

    /** How many files wait, without reading their change times (ingest's count at start). */
    static long count(Path inbox) {
        return walk(inbox, false).count();
    }

    private static WaitingFiles walk(Path inbox, boolean changeTimes) {
        long[] count = {0};
        Path[] longest = {null};
        Instant[] since = {null};
        try {
            Files.walkFileTree(inbox, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return dir.equals(inbox) || !PickupPolicy.isIgnoredFolderName(dir.getFileName().toString())
                            ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (!PickupPolicy.isIgnoredName(file.getFileName().toString()) && !attrs.isDirectory()
                            && !(attrs.isSymbolicLink() && Files.isDirectory(file))) {
                        count[0]++;
                        if (!changeTimes) {
                            return FileVisitResult.CONTINUE;
                        }
                        Instant changed = changed(file, attrs);
                        if (since[0] == null || changed.isBefore(since[0])) {
                            since[0] = changed;
                            longest[0] = file;
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the inbox " + inbox, e);
        }
        return new WaitingFiles(count[0], longest[0], since[0]);
    }

    private static Instant changed(Path file, BasicFileAttributes attrs) {
        try {
            return ((FileTime) Files.getAttribute(file, "unix:ctime", LinkOption.NOFOLLOW_LINKS)).toInstant();
        } catch (IOException | RuntimeException e) {
            return attrs.lastModifiedTime().toInstant(); // no change time on this file system
        }
    }
}
