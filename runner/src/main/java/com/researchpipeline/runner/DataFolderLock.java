package com.researchpipeline.runner;

import com.researchpipeline.contract.Printable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The data folder of one {@code bin/pipeline run}, held for the whole run. A second run on the same folder stops
 * before it starts anything: without it, the second run's Kafka controller wrote into the first's metadata log
 * before its broker failed on the log's lock, and, with an external broker, it stopped the first run's
 * Elasticsearch node as one left behind by a killed run, which stopped the first run. The operating system
 * releases the lock when the process ends, however it ends, so a killed run never leaves its folder locked.
 */
final class DataFolderLock implements AutoCloseable {

    static final String FILE = "run.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataFolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the folder for this process, or says which run holds it and what to do. */
    static DataFolderLock acquire(Path dataDir, Path inbox) {
        Path file = dataDir.resolve(FILE);
        FileChannel channel = null;
        try {
            Files.createDirectories(dataDir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this very process
            }
            if (lock == null) {
                String holder = holder(channel);
                throw new IllegalStateException("the data folder " + Printable.of(dataDir.toString())
                        + " is in use by another bin/pipeline run (" + holder + "): stop that run first, or give "
                        + "this one a data folder of its own (--data DIR)");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(String.format("pid %d, started %s, inbox %s%n",
                    ProcessHandle.current().pid(), Instant.now().truncatedTo(ChronoUnit.SECONDS), inbox)
                    .getBytes(StandardCharsets.UTF_8)), 0);
            return new DataFolderLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("could not lock the data folder " + Printable.of(dataDir.toString())
                    + " (" + e.getMessage() + "): check that it can be written", e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer text = ByteBuffer.allocate(4096);
        channel.read(text, 0);
        String written = new String(text.array(), 0, text.position(), StandardCharsets.UTF_8).strip();
        return written.isEmpty() ? "its pid not yet written" : Printable.of(written);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the lock, if any, goes with the channel
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
