package com.researchpipeline.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A stage whose hard limit of open files is below what it holds (ulimit -n 150): before, ingest started, said it
 * was ready and never took a file, or died on a class it could not load (NoClassDefFoundError), with no word on why.
 */
class OpenFileLimitTest {

    @Test
    void aStageWithTooFewOpenFilesStopsAtStartSayingWhatToRaise() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder("bash", "-c", "ulimit -n 150 && exec \"$0\" -cp \"$1\" \"$2\"", java,
                System.getProperty("java.class.path"), StartAStage.class.getName()).redirectErrorStream(true).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).contains("refused: ingest may open only 150 files at once").contains("ulimit -Hn")
                .doesNotContain("started");
    }

    @Test
    void aLimitAsHighAsNeededOrUnknownIsNoProblem() {
        assertThat(OpenFileLimit.problemOf(OpenFileLimit.MINIMUM, "ingest")).isNull();
        assertThat(OpenFileLimit.problemOf(-1, "ingest")).isNull();
        assertThat(OpenFileLimit.problemOf(512, "bin/pipeline run")).startsWith("bin/pipeline run may open only 512");
    }

    /** Runs a stage that would report itself started. */
    public static final class StartAStage {
        public static void main(String[] args) throws InterruptedException {
            try {
                StageRunner.runUntilStopped(new Stage() {
                    @Override
                    public String name() {
                        return "ingest";
                    }

                    @Override
                    public void start() {
                        System.out.println("started");
                        System.exit(0);
                    }

                    @Override
                    public void close() {
                    }
                });
            } catch (IllegalStateException e) {
                System.out.println("refused: " + e.getMessage());
            }
        }
    }
}
