package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchpipeline.contract.Settings;
import com.researchpipeline.infra.SmallDisk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/pipeline run} on a data folder whose disk is full refuses before it starts anything, saying so: a
 * broker started there failed reading its memory-mapped index ({@code InternalError}), and a node with a stack
 * trace about its own log file. Needs root to mount the small disk; skipped otherwise.
 */
class LocalPipelineDiskFullTest {

    @TempDir
    Path folder;

    @Test
    void aRunOnAFullDiskRefusesAtOnceSayingWhereAndWhatToDo() throws Exception {
        Path data = folder.resolve("data");
        Optional<SmallDisk> mounted = SmallDisk.mount(data.resolve("kafka"), "1m"); // the broker's disk alone is full
        Assumptions.assumeTrue(mounted.isPresent(), "mounting a tmpfs needs root");
        try (SmallDisk kafkaDisk = mounted.get(); LocalPipeline pipeline = new LocalPipeline()) {
            kafkaDisk.fill(0);
            LocalOptions options = new LocalOptions(folder.resolve("inbox"), data, 0, 0, "256m");

            assertThatThrownBy(() -> pipeline.start(options, new Settings(Map.of())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("no room for Kafka and Elasticsearch in the data folder (the disk is full: ")
                    .hasMessageContaining(" KB free on " + data.resolve("kafka"))
                    .hasMessageContaining("free space there, or give another folder (--data DIR)");
            assertThat(Files.exists(data.resolve("kafka/log"))).as("no broker was started").isFalse();
        }
    }
}
