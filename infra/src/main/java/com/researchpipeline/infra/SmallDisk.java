package com.researchpipeline.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A file system of a few MB (a tmpfs) mounted on a folder, for tests of what a full disk does: filled to the last
 * bytes, then given room again. Mounting needs root; where it cannot be mounted, {@link #mount} is empty and the
 * test is skipped.
 */
public final class SmallDisk implements AutoCloseable {

    private final Path folder;
    private final List<Path> fillers = new ArrayList<>();

    private SmallDisk(Path folder) {
        this.folder = folder;
    }

    /** {@code size} as mount(8) takes it ({@code 256k}, {@code 64m}); the folder is created when missing. */
    public static Optional<SmallDisk> mount(Path folder, String size) {
        try {
            Files.createDirectories(folder);
            return run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", folder.toString())
                    ? Optional.of(new SmallDisk(folder)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a file of its own until no more than {@code room} bytes are left free. */
    public void fill(long room) {
        Path filler = folder.resolve(".filler-" + fillers.size());
        fillers.add(filler);
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (long usable; (usable = Files.getFileStore(filler).getUsableSpace()) > room; ) {
                out.write(block, 0, (int) Math.min(block.length, usable - room));
                out.flush();
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left on device")) {
                throw new UncheckedIOException(full);
            }
        }
    }

    /** Deletes what {@link #fill} wrote. */
    public void makeRoom() {
        try {
            for (Path filler : fillers) {
                Files.deleteIfExists(filler);
            }
            fillers.clear();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path folder() {
        return folder;
    }

    /** Unmounts lazily: a process still holding a file there does not keep it mounted. */
    @Override
    public void close() {
        run("umount", "-l", folder.toString());
    }

    private static boolean run(String... command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
