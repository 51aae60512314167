package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The images start each stage by its {@code *Application} class. A stage that cannot start said why in one line
 * under {@code bin/pipeline stage}; its image printed that line under "Exception in thread main" with the whole
 * stack trace (and a bad setting the same way, exit 1 instead of 2).
 */
class StageEntryPointsTest {

    @TempDir
    Path inbox;

    @Test
    void aStageThatCannotStartSaysWhyInOneLineAsBinPipelineStageDoes() throws Exception {
        for (String stage : List.of("ingest", "publish")) {
            Ended ended = run(stage, "ulimit -n 150", List.of(), Map.of());
            assertThat(ended.code()).as(stage).isEqualTo(1);
            assertThat(ended.err().lines()).as(stage).hasSize(1).first().asString()
                    .startsWith(stage + " could not start: " + stage + " may open only 150 files at once");
        }
        Ended enrich = run("enrich", "true", List.of("-Xmx96m"), Map.of());
        assertThat(enrich.code()).isEqualTo(1);
        assertThat(enrich.err().lines()).hasSize(1).first().asString()
                .startsWith("enrich could not start: enrich's models do not fit in its heap of ");
    }

    @Test
    void aBadSettingIsItsMessageAloneWithExitCodeTwo() throws Exception {
        Ended ended = run("publish", "true", List.of(), Map.of("KAFKA_TOPIC_PARTITIONS", "0"));
        assertThat(ended.code()).isEqualTo(2);
        assertThat(ended.err().lines()).hasSize(1).first().asString().contains("KAFKA_TOPIC_PARTITIONS");
    }

    private record Ended(int code, String err) {
    }

    /** Runs the stage's image entry point in a JVM of its own after {@code shell} (a ulimit, say). */
    private Ended run(String stage, String shell, List<String> jvmOptions, Map<String, String> env) throws Exception {
        String main = "com.researchpipeline." + stage + "." + Character.toUpperCase(stage.charAt(0))
                + stage.substring(1) + "Application";
        List<String> command = new ArrayList<>(List.of("bash", "-c", shell + " && exec \"$@\"", "entrypoint",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("INGEST_INBOX", inbox.toString());
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9");
        builder.environment().put("METRICS_PORT", "off");
        builder.environment().putAll(env);
        Process child = builder.start();
        String err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Ended(child.exitValue(), err);
    }
}
