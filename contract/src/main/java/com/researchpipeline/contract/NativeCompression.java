package com.researchpipeline.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.ByteBufferOutputStream;

/**
 * zstd, the compression of every record the stages send ({@link KafkaSettings#producer}), is native code its library
 * unpacks into {@code java.io.tmpdir} on first use, to read records as well as to write them. Where that folder
 * cannot be written or run from (a read-only root file system, a full disk, a noexec mount) every send and every
 * fetch fails; checked once, when the first producer is configured, so a stage stops at start saying so.
 */
final class NativeCompression {

    private static final class Once {
        static final String PROBLEM = problemOf(NativeCompression::roundTrip);
    }

    /** Throws, saying what to do, when zstd cannot be used in this process. */
    static void require() {
        if (Once.PROBLEM != null) {
            throw new IllegalStateException(Once.PROBLEM);
        }
    }

    /** Null when {@code roundTrip} works; else why zstd cannot be used and what to do. */
    static String problemOf(Runnable roundTrip) {
        try {
            roundTrip.run();
            return null;
        } catch (LinkageError | RuntimeException e) {
            Throwable root = DeadLetterHeaders.rootCause(e);
            return "zstd, the compression of the pipeline's Kafka records, cannot load its native library ("
                    + DeadLetterHeaders.messageOf(root) + "): it is unpacked into the temp folder java.io.tmpdir="
                    + System.getProperty("java.io.tmpdir") + ", which must be writable and allow running code; give the "
                    + "process one (-Djava.io.tmpdir=DIR in PIPELINE_JAVA_OPTS or JAVA_TOOL_OPTIONS; under a read-only "
                    + "root file system, mount a writable volume at /tmp)";
        }
    }

    private static void roundTrip() {
        Compression zstd = Compression.zstd().build();
        byte[] text = "zstd".getBytes(StandardCharsets.UTF_8);
        ByteBufferOutputStream compressed = new ByteBufferOutputStream(64);
        try {
            try (OutputStream out = zstd.wrapForOutput(compressed, RecordBatch.CURRENT_MAGIC_VALUE)) {
                out.write(text);
            }
            ByteBuffer buffer = compressed.buffer().flip();
            try (InputStream in = zstd.wrapForInput(buffer, RecordBatch.CURRENT_MAGIC_VALUE, BufferSupplier.NO_CACHING)) {
                in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private NativeCompression() {
    }
}
