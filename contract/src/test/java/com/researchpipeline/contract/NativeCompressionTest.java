package com.researchpipeline.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A temp folder zstd cannot unpack its native library into (a read-only root file system, a full disk): before,
 * every stage started, then each send failed ("Kafka did not acknowledge") and each fetch threw, for ever.
 */
class NativeCompressionTest {

    @Test
    void aStageSaysAtStartThatItsTempFolderCannotTakeZstdsLibrary(@TempDir Path dir) throws Exception {
        Path notAFolder = Files.createFile(dir.resolve("tmp"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + notAFolder, "-cp", System.getProperty("java.class.path"),
                ConfigureAProducer.class.getName()).redirectErrorStream(true).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).contains("refused: zstd, the compression of the pipeline's Kafka records, cannot load")
                .contains("java.io.tmpdir=" + notAFolder).contains("writable");
    }

    @Test
    void aWorkingTempFolderIsNoProblem() {
        assertThat(new KafkaSettings("127.0.0.1:9092").producer("test")).isNotEmpty();
    }

    /** What a stage does first: configures its producer. */
    public static final class ConfigureAProducer {
        public static void main(String[] args) {
            try {
                new KafkaSettings("127.0.0.1:9092").producer("test");
                System.out.println("configured");
            } catch (IllegalStateException e) {
                System.out.println("refused: " + e.getMessage());
            }
        }
    }
}
