package com.researchpipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scripts, the Dockerfile and where topics come from, checked without Docker. */
class DeploymentFilesTest {

    private static final List<String> STAGES = List.of("ingest", "enrich", "publish");

    /** Every script a container or bash runs: bind-mounted by compose, copied by the Dockerfile, or run on the host. */
    static List<String> scripts() throws IOException {
        TreeSet<String> scripts = new TreeSet<>(List.of("bin/pipeline", ".ci/run"));
        try (Stream<Path> files = Files.list(Repository.file("docker"))) {
            files.filter(f -> f.toString().endsWith(".sh"))
                    .forEach(f -> scripts.add("docker/" + f.getFileName()));
        }
        var mounted = Pattern.compile("- \\./([^:]+\\.sh):").matcher(Repository.read("docker-compose.yml"));
        while (mounted.find()) {
            scripts.add(mounted.group(1));
        }
        var copied = Pattern.compile("(?m)^COPY (?!--from)(.*)$").matcher(Repository.read("Dockerfile"));
        while (copied.find()) {
            for (String part : copied.group(1).split("\\s+")) {
                if (part.endsWith(".sh")) {
                    scripts.add(part);
                }
            }
        }
        return List.copyOf(scripts);
    }

    @Test
    void scriptsKeepLfLineEndingsInAWindowsCheckout(@TempDir Path clone) throws IOException {
        assumeTrue(Processes.run(Repository.ROOT, Map.of(), List.of("git", "rev-parse", "HEAD"), 30).exitCode() == 0,
                "not a git checkout");
        var cloned = Processes.run(clone.getParent(), Map.of(), List.of("git", "clone", "-q", "-c",
                "core.autocrlf=true", Repository.ROOT.toString(), clone.toString()), 120);
        assertThat(cloned.exitCode()).as(cloned.output()).isZero();
        // the simulation converts: a file git treats as text without eol=lf gets CRLF
        assertThat(Files.readString(clone.resolve("README.md"))).as("README.md in a CRLF checkout").contains("\r\n");
        for (String script : scripts()) {
            Path file = clone.resolve(script);
            assertThat(file).as(script + " is committed").exists();
            assertThat(Files.readString(file)).as(script + " in a checkout with core.autocrlf=true").doesNotContain("\r");
        }
    }

    @Test
    void scriptsHaveNoCarriageReturnsAndAreExecutable() throws IOException {
        for (String script : scripts()) {
            Path file = Repository.file(script);
            assertThat(Files.readString(file)).as(script).doesNotContain("\r");
            assertThat(Files.isExecutable(file)).as(script + " executable").isTrue();
        }
    }

    @Test
    void theImagesStripCarriageReturnsFromTheScriptsTheyCopy() {
        String dockerfile = Repository.read("Dockerfile");
        assertThat(dockerfile).contains("sed -i 's/\\r$//' docker/build-stage.sh")
                .contains("sed -i 's/\\r$//' /app/bin/*.sh");
    }

    @Test
    void noTopicIsCreatedOutsideTheCataloguesTopicAdmin() throws IOException {
        List<String> offenders = new ArrayList<>();
        List<Path> roots = new ArrayList<>(List.of(Repository.file("docker"), Repository.file("bin"),
                Repository.file("docker-compose.yml"), Repository.file("Dockerfile"), Repository.file("deploy/kubernetes")));
        for (String module : Repository.pomModules()) {
            roots.add(Repository.file(module + "/src/main"));
        }
        for (Path root : roots) {
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    byte[] bytes = Files.readAllBytes(file);
                    if (file.getFileName().toString().equals("TopicAdmin.java") || isBinary(bytes)) {
                        continue;
                    }
                    String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
                    for (String creation : List.of("kafka-topics", "createTopics(", "new NewTopic(", "--create --topic")) {
                        if (text.contains(creation)) {
                            offenders.add(Repository.ROOT.relativize(file) + ": " + creation);
                        }
                    }
                }
            }
        }
        assertThat(offenders).as("topic creation outside contract's TopicAdmin").isEmpty();
    }

    @Test
    void theStageImageBuildsEveryModulesPomButOnlyTheStagesSources() {
        String dockerfile = Repository.read("Dockerfile");
        String build = dockerfile.substring(0, dockerfile.lastIndexOf("\nFROM "));
        String runtime = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
        for (String module : Repository.pomModules()) {
            boolean sources = module.equals("contract") || module.equals("observability") || STAGES.contains(module);
            assertThat(build).as("the build copies " + module)
                    .contains(sources ? "COPY " + module + "/ " + module + "/" : "COPY " + module + "/pom.xml " + module + "/");
        }
        assertThat(build).contains("docker/build-stage.sh");
        assertThat(runtime).doesNotContain("infra").doesNotContain("maven")
                .contains("HEALTHCHECK").contains("ENTRYPOINT [\"/app/bin/stage-entrypoint.sh\"]");
    }

    @Test
    void everyStageHasItsOwnLoggingConfigurationLikeTheLocalRunner() throws IOException {
        for (String stage : STAGES) {
            Path config = Repository.file(stage + "/src/main/resources/log4j2.xml");
            assertThat(config).as(stage + "'s log4j2.xml, packed into its image").exists();
            assertThat(Files.readString(config)).contains("SYSTEM_OUT").contains("%msg%n");
        }
    }

    private static boolean isBinary(byte[] head) {
        for (int i = 0; i < Math.min(head.length, 4096); i++) {
            if (head[i] == 0) {
                return true;
            }
        }
        return false;
    }
}
