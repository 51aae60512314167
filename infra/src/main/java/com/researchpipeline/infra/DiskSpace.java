package com.researchpipeline.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Free space where Kafka or Elasticsearch keeps its data, for messages that say why one stopped or will not start. */
public final class DiskSpace {

    /** Less than this free is reported as a full disk: neither can write its log, translog or own log file in less. */
    public static final long LOW_BYTES = 64L * 1024 * 1024;

    /** "the disk is full: N KB free on DIR" when less than {@link #LOW_BYTES} is free where {@code dir} lives. */
    public static Optional<String> full(Path dir) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return Optional.empty();
        }
        try {
            long free = Files.getFileStore(existing).getUsableSpace();
            return free < LOW_BYTES ? Optional.of("the disk is full: " + free / 1024 + " KB free on " + dir)
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // what cannot be measured is not reported as the cause
        }
    }

    /** " (the disk is full: …)" to add to a message about a process that stopped, or "" when there is room. */
    public static String aside(Path dir) {
        return full(dir).map(full -> " (" + full + ")").orElse("");
    }

    private DiskSpace() {
    }
}
