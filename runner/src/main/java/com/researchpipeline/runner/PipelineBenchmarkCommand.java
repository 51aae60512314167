package com.researchpipeline.runner;

import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.enrich.extract.ExtractionBenchmark;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/pipeline benchmark-pipeline [--articles N]}: the whole pipeline on this machine (embedded Kafka,
 * an Elasticsearch child, the three stages) in a temporary folder; drops N distinct articles into its inbox at
 * once and reports how long until all N are searchable, and how much memory the pipeline and the
 * Elasticsearch node took.
 */
public final class PipelineBenchmarkCommand {

    static final String USAGE = "usage: bin/pipeline benchmark-pipeline [--articles N]   (default 1000)";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        System.exit(run(List.of(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        int count = articles(args);
        // one INFO line per article per stage would drown the figures
        org.apache.logging.log4j.core.config.Configurator.setRootLevel(org.apache.logging.log4j.Level.WARN);
        Path work = Files.createTempDirectory("pipeline-benchmark-");
        work.toFile().setExecutable(true, false);
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        try (LocalPipeline pipeline = new LocalPipeline()) {
            Settings env = new Settings(Map.of());
            String elasticsearch = pipeline.start(new LocalOptions(inbox, work.resolve("data"), 0, 0, "512m"), env);
            Path staging = Files.createDirectories(work.resolve("staging"));
            long bytes = writeArticles(staging, count);
            err.printf("dropping %d articles (%.1f MB) into the inbox ...%n", count, bytes / 1e6);
            long started = System.nanoTime();
            moveAll(staging, inbox);
            awaitCount(elasticsearch, count, err);
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf("articles: %d (%.1f MB) from inbox to search hit in %.1f s = %.1f articles/s, %.2f MB/s%n",
                    count, bytes / 1e6, seconds, count / seconds, bytes / 1e6 / seconds);
            out.printf("memory: pipeline JVM peak RSS %d MB (heap max %d MB); Elasticsearch node RSS %d MB%n",
                    peakRssOfThisJvm() / 1024, Runtime.getRuntime().maxMemory() / (1024 * 1024),
                    elasticsearchRss() / 1024);
            out.printf("cores: %d%n", Runtime.getRuntime().availableProcessors());
        } finally {
            deleteTree(work);
        }
        return 0;
    }

    private static int articles(List<String> args) {
        if (args.isEmpty()) {
            return 1000;
        }
        if (args.size() != 2 || !args.get(0).equals("--articles")) {
            throw new IllegalArgumentException(USAGE);
        }
        try {
            int n = Integer.parseInt(args.get(1));
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--articles '" + args.get(1) + "' is not a positive number\n" + USAGE);
        }
    }

    /** Distinct articles (each gets its own id) cycled from the articles the extractor benchmark ships. */
    private static long writeArticles(Path folder, int count) throws IOException {
        List<String> bodies = ExtractionBenchmark.shippedArticles();
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            String text = bodies.get(i % bodies.size()) + "\n\nBenchmark copy " + i + ".\n";
            byte[] content = text.getBytes(StandardCharsets.UTF_8);
            Files.write(folder.resolve("article-" + i + ".md"), content);
            bytes += content.length;
        }
        return bytes;
    }

    /** Renames are atomic, so the inbox sees each file whole at once. */
    private static void moveAll(Path from, Path to) throws IOException {
        try (var files = Files.list(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.move(file, to.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    private static void awaitCount(String elasticsearch, int expected, PrintStream err) throws Exception {
        int last = -1;
        long lastChange = System.nanoTime();
        while (true) {
            int count = count(elasticsearch);
            if (count >= expected) {
                return;
            }
            if (count != last) {
                err.printf("  %d / %d searchable%n", count, expected);
                last = count;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > Duration.ofMinutes(3).toNanos()) {
                throw new IllegalStateException("stuck at " + count + " of " + expected + " documents for 3 minutes");
            }
            Thread.sleep(1000);
        }
    }

    private static int count(String elasticsearch) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(elasticsearch + "/articles/_count"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JsonSerde.mapper().readTree(response.body()).get("count").asInt() : 0;
    }

    /** VmHWM of this process, in kB. */
    private static long peakRssOfThisJvm() throws IOException {
        return statusField(Path.of("/proc/self/status"), "VmHWM:");
    }

    /** VmRSS of the Elasticsearch server process, the largest child of this one, in kB. */
    private static long elasticsearchRss() {
        return ProcessHandle.current().descendants().mapToLong(p -> {
            try {
                return statusField(Path.of("/proc", Long.toString(p.pid()), "status"), "VmRSS:");
            } catch (IOException e) {
                return 0;
            }
        }).max().orElse(0);
    }

    private static long statusField(Path status, String field) throws IOException {
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
            }
        }
        return 0;
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private PipelineBenchmarkCommand() {
    }
}
