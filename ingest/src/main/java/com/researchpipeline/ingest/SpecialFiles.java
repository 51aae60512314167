package com.researchpipeline.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/** Names what a path that is not a regular file is, from its mode bits where the platform has them. Stateless. */
final class SpecialFiles {

    private static final int TYPE_MASK = 0170000;
    private static final int FIFO = 0010000;
    private static final int CHARACTER_DEVICE = 0020000;
    private static final int BLOCK_DEVICE = 0060000;
    private static final int SOCKET = 0140000;

    /** "a named pipe (FIFO)", "a socket", "a folder" ...; never null. */
    static String describe(Path path, BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return "a folder";
        }
        if (attributes.isSymbolicLink()) {
            return "a symbolic link";
        }
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return switch (mode & TYPE_MASK) {
                case FIFO -> "a named pipe (FIFO)";
                case SOCKET -> "a socket";
                case CHARACTER_DEVICE -> "a character device";
                case BLOCK_DEVICE -> "a block device";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a special file (pipe, socket or device)";
        }
    }

    /**
     * When the path has become a named pipe (swapped in after its type was checked), a reader blocked in
     * opening it is released: a writer opens it and closes it at once, so the reader sees the end of the
     * pipe. The open happens on a daemon thread of its own, as it blocks when nobody reads.
     */
    static void releaseReaderOf(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isOther() || !describe(path, attributes).contains("FIFO")) {
                return;
            }
        } catch (IOException e) {
            return;
        }
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(path, LinkOption.NOFOLLOW_LINKS, StandardOpenOption.WRITE)) {
                out.flush();
            } catch (IOException | RuntimeException ignored) {
                // gone or no longer a pipe: nothing to release
            }
        }, "ingest-release-pipe");
        writer.setDaemon(true);
        writer.start();
        try {
            writer.join(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private SpecialFiles() {
    }
}
