package com.researchpipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

/**
 * The compose stack itself, where a Docker engine answers (Testcontainers' check) and `docker compose` is
 * installed; skipped elsewhere. `up --build --wait`, the seed articles dropped into the inbox, found in
 * Elasticsearch; then `down` and `up` again: the documents, the topics' settings and the inbox are still there.
 * Uses the stack's fixed ports on 127.0.0.1 (9092, 9200, 5601): stop another running stack first.
 */
class DockerStackIT {

    private static final String PROJECT = "research-pipeline-it";
    private static final List<String> SERVICES = List.of("kafka", "elasticsearch", "kibana", "ingest", "enrich", "publish");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path inbox;
    private static boolean composeAvailable;

    @BeforeAll
    static void dockerIsThere() {
        // without a socket or DOCKER_HOST, Testcontainers' check would only log a page of errors
        String home = System.getProperty("user.home");
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        boolean docker = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(home, ".docker/run/docker.sock"))
                || Files.exists(Path.of(home, ".testcontainers.properties"))
                || runtime != null && Files.exists(Path.of(runtime, "docker.sock"));
        try {
            docker = docker && DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            docker = false;
        }
        assumeTrue(docker, "no Docker engine: the compose stack is checked statically (ComposeFileTest)");
        assumeTrue(compose(List.of("version"), 60).exitCode() == 0, "docker compose is not installed");
        composeAvailable = true;
    }

    @AfterAll
    static void removeTheStack() {
        if (composeAvailable) {
            compose(List.of("down", "-v", "--remove-orphans"), 300);
        }
    }

    @Test
    void dropsTheSeedsAndKeepsEverythingAcrossDownAndUp() throws Exception {
        List<Path> seeds;
        try (Stream<Path> files = Files.list(Repository.file("runner/src/test/resources/seeds"))) {
            seeds = files.filter(f -> f.toString().endsWith(".txt")).sorted().toList();
        }
        assertThat(seeds).isNotEmpty();
        up(true);
        for (Path seed : seeds) {
            Files.copy(seed, inbox.resolve(seed.getFileName()));
        }
        awaitDocuments(seeds.size());
        try (Stream<Path> done = Files.walk(inbox.resolve(".done"))) {
            String me = Processes.run(inbox, Map.of(), List.of("id", "-u"), 10).output().strip();
            for (Path file : done.toList()) {
                String owner = Processes.run(inbox, Map.of(), List.of("stat", "-c", "%u", file.toString()), 10)
                        .output().strip();
                assertThat(owner).as(file + " stays the user's").isEqualTo(me);
            }
        }

        var down = compose(List.of("down"), 300);
        assertThat(down.exitCode()).as(down.output()).isZero();
        up(false);
        awaitDocuments(seeds.size());
        var topic = compose(List.of("exec", "-T", "kafka", "/opt/kafka/bin/kafka-configs.sh", "--bootstrap-server",
                "localhost:29092", "--describe", "--entity-type", "topics", "--entity-name", "articles.raw"), 120);
        assertThat(topic.output()).contains("cleanup.policy=compact");
    }

    private static void up(boolean build) {
        List<String> command = new ArrayList<>(List.of("up", "-d", "--wait", "--wait-timeout", "900"));
        if (build) {
            command.add("--build");
        }
        command.addAll(SERVICES);
        var result = compose(command, 1800);
        assertThat(result.exitCode()).as("docker compose up:\n" + result.output()).isZero();
    }

    private static void awaitDocuments(int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        long count = -1;
        while (System.nanoTime() < deadline) {
            try {
                var response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:9200/articles/_count"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                Matcher m = Pattern.compile("\"count\":(\\d+)").matcher(response.body());
                if (response.statusCode() == 200 && m.find()) {
                    count = Long.parseLong(m.group(1));
                    if (count >= expected) {
                        return;
                    }
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(2000);
        }
        throw new AssertionError("expected " + expected + " articles in Elasticsearch, found " + count);
    }

    private static Processes.Result compose(List<String> arguments, long timeoutSeconds) {
        List<String> command = new ArrayList<>(List.of("docker", "compose", "-p", PROJECT));
        command.addAll(arguments);
        return Processes.run(Repository.ROOT, Map.of("PIPELINE_INBOX", inbox.toString()), command, timeoutSeconds);
    }
}
