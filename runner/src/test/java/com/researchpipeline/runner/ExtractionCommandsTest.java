package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchpipeline.contract.JsonSerde;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractionCommandsTest {

    @TempDir
    Path folder;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String command, String... args) {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        return switch (command) {
            case "extract" -> ExtractCommand.run(List.of(args), o, e);
            case "evaluate" -> EvaluateCommand.run(List.of(args), o, e);
            default -> BenchmarkCommand.run(List.of(args), o, e);
        };
    }

    @Test
    void extractPrintsOneJsonLinePerFileWithOffsetsIntoTheCleanedText() throws IOException {
        Path article = Files.writeString(folder.resolve("a.md"),
                "# News\n\nThe Royan Institute treats multiple sclerosis with stem cell therapy.\n");
        assertThat(run("extract", article.toString())).isZero();
        JsonNode line = JsonSerde.mapper().readTree(out.toString(StandardCharsets.UTF_8).strip());
        assertThat(line.path("source").asText()).isEqualTo(article.toString());
        String body = Files.readString(article);
        assertThat(line.path("entities")).hasSize(3);
        for (JsonNode e : line.path("entities")) {
            assertThat(body.substring(e.path("start").asInt(), e.path("end").asInt())).isEqualTo(e.path("text").asText());
            assertThat(e.has("canonical") && e.has("sentence") && e.has("confidence") && e.has("finder")).isTrue();
        }
    }

    @Test
    void extractReportsARejectedFileAndGoesOnButExitsNonZero() throws IOException {
        Path empty = Files.writeString(folder.resolve("empty.txt"), "   \n");
        Path good = Files.writeString(folder.resolve("good.txt"), "Cancer care.\n");
        assertThat(run("extract", empty.toString(), good.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("empty.txt").contains("rejected");
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(1).allMatch(l -> l.contains("good.txt"));
    }

    @Test
    void extractWithoutFilesPrintsUsage() {
        assertThat(run("extract")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("usage: pipeline extract");
    }

    @Test
    void evaluateScoresAFolderAsTheGuidelinesSay() throws IOException {
        Files.writeString(folder.resolve("x.txt"), "The King Hussein Cancer Center treats leukaemia.\n");
        Files.writeString(folder.resolve("x.json"), "{\"entities\": ["
                + "{\"type\": \"institution\", \"text\": \"King Hussein Cancer Center\"},"
                + "{\"type\": \"disease\", \"text\": \"leukemia\"},"
                + "{\"type\": \"therapy\", \"text\": \"chemotherapy\"}]}");
        assertThat(run("evaluate", folder.toString(), "--verbose")).isZero();
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(report).contains("missed   therapy     chemotherapy")
                .contains("missed   disease     leukemia")
                .contains("spurious disease     leukaemia")
                .contains("institution precision 1.000  recall 1.000  F1 1.000  (tp 1, predicted 1, gold 1)")
                .contains("micro F1: 0.400");
    }

    @Test
    void evaluateRejectsAMissingFolder() {
        assertThat(run("evaluate", folder.resolve("nope").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not a folder");
    }

    @Test
    void benchmarkRejectsOptionsItDoesNotKnow() {
        assertThat(run("benchmark", "--fast")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("usage: pipeline benchmark");
    }
}
