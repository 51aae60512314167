package com.researchpipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker/import-kibana-objects.sh, the kibana-objects service, run against the recorded Kibana import API. */
class KibanaImportScriptTest {

    @TempDir
    Path objectsFolder;

    private RecordedKibana kibana;

    @BeforeEach
    void shippedObjects() throws IOException {
        kibana = new RecordedKibana();
        try (Stream<Path> files = Files.list(Repository.file("kibana"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".ndjson")).toList()) {
                Files.copy(file, objectsFolder.resolve(file.getFileName()));
            }
        }
    }

    @AfterEach
    void stop() {
        kibana.close();
    }

    @Test
    void importsEveryShippedObjectWithTheDataViewOnPublishAlias() throws IOException {
        Files.writeString(objectsFolder.resolve("extra.ndjson"),
                "{\"id\":\"extra-search\",\"type\":\"search\",\"attributes\":{\"title\":\"Extra\"},"
                        + "\"references\":[{\"id\":\"articles-data-view\",\"type\":\"index-pattern\",\"name\":\"x\"}]}\n");
        var result = importObjects(Map.of("PUBLISH_ALIAS", "research"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(kibana.imports).extracting(RecordedKibana.ImportRequest::fileName)
                .containsExactlyInAnyOrderElementsOf(ndjsonFiles());
        for (var request : kibana.imports) {
            assertThat(request.query()).containsEntry("overwrite", "false").doesNotContainKey("createNewCopies");
            assertThat(request.xsrf()).isNotBlank();
        }
        long shipped = kibana.imports.stream().mapToLong(r -> r.objects().size()).sum();
        assertThat(kibana.objects).hasSize((int) shipped);
        assertThat(kibana.objects.get("index-pattern/articles-data-view").path("attributes").path("title").asText())
                .isEqualTo("research");
    }

    @Test
    void keepsObjectsAUserChangedAndSaysSo() {
        assertThat(importObjects(Map.of()).exitCode()).isZero();
        var dashboard = kibana.objects.entrySet().stream().filter(e -> e.getKey().startsWith("dashboard/"))
                .findFirst().orElseThrow().getValue();
        ((com.fasterxml.jackson.databind.node.ObjectNode) dashboard.path("attributes")).put("title", "Mine now");

        var again = importObjects(Map.of());

        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(dashboard.path("attributes").path("title").asText()).isEqualTo("Mine now");
        assertThat(again.output()).contains("kept as they are").contains("0 imported");
    }

    @Test
    void replacesThemWhenOverwriteIsAsked() {
        assertThat(importObjects(Map.of()).exitCode()).isZero();
        var key = kibana.objects.keySet().stream().filter(k -> k.startsWith("dashboard/")).findFirst().orElseThrow();
        String shippedTitle = kibana.objects.get(key).path("attributes").path("title").asText();
        ((com.fasterxml.jackson.databind.node.ObjectNode) kibana.objects.get(key).path("attributes"))
                .put("title", "Mine now");

        var again = importObjects(Map.of("KIBANA_OBJECTS_OVERWRITE", "true"));

        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(kibana.objects.get(key).path("attributes").path("title").asText()).isEqualTo(shippedTitle);
    }

    @Test
    void retriesWhileKibanaIsNotReady() {
        kibana.unavailableAnswers.set(3);
        var result = importObjects(Map.of());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("503");
        assertThat(kibana.objects).isNotEmpty();
    }

    @Test
    void failsNamingTheRefusedObjects() throws IOException {
        Files.writeString(objectsFolder.resolve("broken.ndjson"),
                "{\"id\":\"v1\",\"type\":\"no-such-type\",\"attributes\":{\"title\":\"Broken\"},\"references\":[]}\n");
        var result = importObjects(Map.of());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("broken.ndjson").contains("unsupported_type");
        assertThat(kibana.objects).containsKey("index-pattern/articles-data-view");
    }

    @Test
    void readsObjectFilesWithWindowsLineEndings() throws IOException {
        for (String name : ndjsonFiles()) {
            Path file = objectsFolder.resolve(name);
            Files.writeString(file, Files.readString(file).replace("\n", "\r\n"));
        }
        var result = importObjects(Map.of());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(kibana.objects).containsKey("index-pattern/articles-data-view");
    }

    @Test
    void refusesAnAliasElasticsearchWouldRefuse() {
        var result = importObjects(Map.of("PUBLISH_ALIAS", "Articles\"},{"));
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("PUBLISH_ALIAS");
        assertThat(kibana.imports).isEmpty();
    }

    private List<String> ndjsonFiles() {
        try (Stream<Path> files = Files.list(objectsFolder)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".ndjson")).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Processes.Result importObjects(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(Map.of("KIBANA_URL", kibana.url(), "KIBANA_IMPORT_RETRY_SECONDS", "0"));
        all.putAll(env);
        return Processes.run(objectsFolder, all, List.of("bash",
                Repository.file("docker/import-kibana-objects.sh").toString(), objectsFolder.toString()), 60);
    }
}
