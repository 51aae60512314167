package com.researchpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A node left running on a data folder by an earlier JVM (one killed before it could stop it, on a system
 * where the parent-death signal is not available) would hold the folder's lock and make the next start fail:
 * the next start stops it instead, and starts.
 */
class LeftOverNodeIT {

    @Test
    void aNodeLeftRunningOnTheSameFolderIsStoppedAndReplaced() throws Exception {
        Path dir = TestInfrastructure.shared().newFolder("left-over-");
        dir.toFile().setExecutable(true, false);
        ManagedElasticsearch earlier = ManagedElasticsearch.start(dir, 0, "256m");
        try {
            long server = Long.parseLong(Files.readString(dir.resolve("node.pid")).trim());
            assertThat(ProcessHandle.of(server)).as("the earlier node's server process").isPresent();

            try (ManagedElasticsearch next = ManagedElasticsearch.start(dir, 0, "256m")) {
                assertThat(ProcessHandle.of(server).filter(ProcessHandle::isAlive)).as("the left-over server").isEmpty();
                long replacement = Long.parseLong(Files.readString(dir.resolve("node.pid")).trim());
                assertThat(replacement).isNotEqualTo(server);
                assertThat(next.isRunning()).isTrue();
            }
        } finally {
            earlier.close();
        }
    }
}
