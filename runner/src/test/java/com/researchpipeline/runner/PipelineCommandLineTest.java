package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code bin/pipeline} prints where, and its exit codes, when asked for help or given nothing. */
class PipelineCommandLineTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void noCommandIsAnErrorWithTheUsageOnStandardError() throws Exception {
        // before: the usage went to standard output with exit code 2
        assertThat(run()).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).startsWith("usage: bin/pipeline COMMAND");
    }

    @Test
    void everyCommandAnswersHelpWithItsUsageOnStandardOutputAndExitCodeZero() throws Exception {
        // before: '--help' after a command was an unknown option or stage (exit 2, on standard error), and
        // 'trace --help' asked Kafka for a file named --help
        assertThat(run("-h")).isZero();
        for (String command : List.of("run", "stage", "extract", "evaluate", "benchmark", "benchmark-pipeline", "replay",
                "status", "trace", "redrive")) {
            for (String help : List.of("--help", "-h")) {
                out.reset();
                err.reset();
                assertThat(run(command, help)).as(command + " " + help).isZero();
                assertThat(out.toString()).as(command + " " + help).matches("(?s)usage: bin/pipeline " + command + "[ \n].*");
                assertThat(err.toString()).as(command + " " + help).isEmpty();
            }
        }
    }

    private int run(String... args) throws Exception {
        return Pipeline.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
