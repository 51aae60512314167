package com.researchpipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage images' Maven step, run as the Dockerfile runs it: in a folder holding only what the Dockerfile's
 * build stage COPYs (minus .dockerignore), with the same script, offline against the local Maven repository.
 * It proves the image builds without infra (the tests' Kafka and Elasticsearch, the 132 MB zip) and carries
 * no test infrastructure. The default suite builds the ingest and publish images; the enrich image's step also
 * trains the disease model (about a minute and a half), so it runs with {@code -Dimage.stages=ingest,enrich,publish}.
 */
class StageImageBuildIT {

    @TempDir
    Path context;

    @Test
    void eachStageImageBuildsFromItsContextWithoutTestInfrastructure() throws IOException {
        copyBuildContext();
        for (String stage : System.getProperty("image.stages", "ingest,publish").split(",")) {
            Path app = context.resolve("app-" + stage);
            var result = Processes.run(context, Map.of(), List.of("bash", "docker/build-stage.sh", stage,
                    app.toString(), "-o", "-q"), 600);
            assertThat(result.exitCode()).as(stage + " image build:\n" + result.output()).isZero();
            assertThat(result.output()).doesNotContain("integ-test-zip");

            assertThat(Files.readString(app.resolve("main-class")).strip()).isEqualTo(
                    "com.researchpipeline." + stage + "." + Character.toUpperCase(stage.charAt(0)) + stage.substring(1)
                            + "Application");
            List<String> jars;
            try (Stream<Path> lib = Files.list(app.resolve("lib"))) {
                jars = lib.map(p -> p.getFileName().toString()).toList();
            }
            assertThat(jars).anyMatch(j -> j.startsWith(stage + "-")).anyMatch(j -> j.startsWith("contract-"))
                    .anyMatch(j -> j.startsWith("log4j-core-"));
            assertThat(jars).as("test infrastructure in the %s image", stage).noneMatch(j -> j.startsWith("infra-")
                    || j.startsWith("testcontainers") || j.startsWith("junit") || j.startsWith("kafka_2.13")
                    || j.matches("elasticsearch-[0-9].*") || j.endsWith(".zip")
                    || j.startsWith("assertj"));
        }
        assertThat(context.resolve("infra/target")).as("infra built for an image").doesNotExist();
    }

    /** Copies the sources of the Dockerfile's build stage's COPY lines, as `docker build` would send them. */
    private void copyBuildContext() throws IOException {
        String dockerfile = Repository.read("Dockerfile");
        String build = dockerfile.substring(0, dockerfile.lastIndexOf("\nFROM "));
        List<PathMatcher> ignored = new ArrayList<>();
        for (String line : Repository.read(".dockerignore").split("\n")) {
            String pattern = line.strip().replaceAll("/$", "");
            if (!pattern.isEmpty() && !pattern.startsWith("#")) {
                ignored.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern));
                ignored.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern + "/**"));
            }
        }
        var copy = Pattern.compile("(?m)^COPY (?!--from)(.+)$").matcher(build);
        int copies = 0;
        while (copy.find()) {
            String[] parts = copy.group(1).trim().split("\\s+");
            String destination = parts[parts.length - 1];
            for (int i = 0; i < parts.length - 1; i++) {
                Path source = Repository.file(parts[i].replaceAll("/$", ""));
                Path target = destination.endsWith("/") && !parts[i].endsWith("/")
                        ? context.resolve(destination).resolve(source.getFileName())
                        : context.resolve(destination);
                copyTree(source, target, ignored);
                copies++;
            }
        }
        assertThat(copies).isGreaterThan(3);
        // what the Dockerfile does to scripts before running them
        Path script = context.resolve("docker/build-stage.sh");
        Files.writeString(script, Files.readString(script).replace("\r", ""));
    }

    private static void copyTree(Path source, Path target, List<PathMatcher> ignored) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path relative = Repository.ROOT.relativize(file);
                if (ignored.stream().anyMatch(m -> m.matches(relative))) {
                    continue;
                }
                Path destination = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(destination);
                } else {
                    Files.createDirectories(destination.getParent());
                    Files.copy(file, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
