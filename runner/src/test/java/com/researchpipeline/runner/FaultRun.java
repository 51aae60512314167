package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.tools.BenchmarkArticles;
import com.researchpipeline.infra.FreePort;
import com.researchpipeline.infra.TestInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One fault run: {@link #ARTICLES} generated articles, each ending with a word no other article holds (its
 * marker), dropped into an inbox; the ledger that finds every marker in Elasticsearch and every file in
 * {@code .done/}; and a sampler that checks, all along, that no file is in the inbox and in {@code .done/} at
 * once. The random points of a run come from one seed, printed, and fixed with {@code -Dfaults.seed=N}.
 */
final class FaultRun implements AutoCloseable {

    static final int ARTICLES = Integer.getInteger("faults.articles", 100);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** What the ledger found: articles missing from the index, and extra copies of articles in it. */
    record Figures(int articles, int lost, int doubled, int searchable) {
    }

    final String name;
    final Path folder;
    final Path inbox;
    /** The pipeline's {@code --data} folder. */
    final Path data;
    final Random random;
    private final long seed;
    private final String marker;
    private final Path staging;
    private final List<String> inBoth = new CopyOnWriteArrayList<>();
    private final Thread sampler;
    private volatile boolean closed;

    FaultRun(String name) throws IOException {
        this.name = name;
        this.seed = Long.getLong("faults.seed", System.nanoTime());
        this.random = new Random(seed);
        this.marker = "fault" + Long.toString(Math.abs(seed) % 1_000_000, 36) + "x";
        this.folder = TestInfrastructure.shared().newFolder(name + "-");
        folder.toFile().setExecutable(true, false);
        this.inbox = Files.createDirectories(folder.resolve("inbox"));
        this.data = folder.resolve("data");
        this.staging = Files.createDirectories(folder.resolve("staging"));
        writeArticles();
        System.out.printf("[%s] %d articles, seed %d (-Dfaults.seed=%d repeats this run)%n", name, ARTICLES, seed, seed);
        this.sampler = new Thread(this::sampleInboxAndDone, name + "-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /**
     * {@code article-<i>.md}, cycled from the articles the extractor benchmark ships (as benchmark-pipeline's
     * are); each ends with the word {@code <marker><i>}, which no other article holds, and so has its own id.
     */
    private void writeArticles() throws IOException {
        List<String> bodies = BenchmarkArticles.shipped();
        for (int i = 0; i < ARTICLES; i++) {
            Files.writeString(staging.resolve("article-" + i + ".md"),
                    bodies.get(i % bodies.size()) + "\n\nCopy " + marker + i + ".\n");
        }
    }

    /** Moves every article into the inbox at once, as a backfill. */
    void dropAll() throws IOException {
        for (int i = 0; i < ARTICLES; i++) {
            drop(i);
        }
    }

    /** Moves the articles into the inbox one by one, evenly over {@code duration}, in the background. */
    Thread trickle(Duration duration) {
        Thread thread = new Thread(() -> {
            long pause = duration.toMillis() / ARTICLES;
            try {
                for (int i = 0; i < ARTICLES; i++) {
                    drop(i);
                    Thread.sleep(pause);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name + "-trickle");
        thread.start();
        return thread;
    }

    private void drop(int i) throws IOException {
        String file = "article-" + i + ".md";
        Files.move(staging.resolve(file), inbox.resolve(file), StandardCopyOption.ATOMIC_MOVE);
    }

    /** {@code bin/pipeline run} on this run's inbox and data, its broker and node on free ports. */
    List<String> runArguments() {
        return List.of("run", "--inbox", inbox.toString(), "--data", data.toString(),
                "--kafka-port", Integer.toString(FreePort.find()),
                "--elasticsearch-port", Integer.toString(FreePort.find()));
    }

    /** The Elasticsearch server's pid, which it writes at every start. */
    long elasticsearchPid() throws IOException, InterruptedException {
        Path pidFile = data.resolve("elasticsearch/node.pid");
        await("node.pid", Duration.ofMinutes(1), () -> Files.isReadable(pidFile));
        return Long.parseLong(Files.readString(pidFile).trim());
    }

    /** A file under target/fault-logs/ for a child's output, kept after the run for reading. */
    Path log(String child) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "fault-logs"));
        Path file = dir.resolve(name + "-" + child + ".log");
        Files.deleteIfExists(file);
        return file;
    }

    int dropped() {
        return ARTICLES - count(staging);
    }

    int done() {
        return count(inbox.resolve(".done"));
    }

    /** Occurrences of each article's marker among the documents behind {@code alias}. */
    Map<Integer, Integer> markersIn(String elasticsearch, String alias) {
        Map<Integer, Integer> seen = new HashMap<>();
        try {
            send(HttpRequest.newBuilder(URI.create(elasticsearch + "/" + alias + "/_refresh"))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(elasticsearch + "/" + alias
                            + "/_search?size=10000&_source_includes=body"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"query\":{\"match_all\":{}}}")));
            if (response.statusCode() != 200) {
                return seen;
            }
            Pattern word = Pattern.compile("\\b" + marker + "(\\d+)\\b");
            for (JsonNode hit : JsonSerde.mapper().readTree(response.body()).at("/hits/hits")) {
                Matcher m = word.matcher(hit.at("/_source/body").asText());
                while (m.find()) {
                    seen.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
                }
            }
        } catch (IOException e) {
            // not reachable right now: nothing seen
        }
        return seen;
    }

    int searchable(String elasticsearch, String alias) {
        return markersIn(elasticsearch, alias).size();
    }

    /** Waits until every article is searchable and has left the inbox; fails when nothing moves for 3 minutes. */
    void awaitAllProcessed(String elasticsearch, String alias) throws InterruptedException {
        int last = -1;
        long lastChange = System.nanoTime();
        while (true) {
            int searchable = searchable(elasticsearch, alias);
            int done = done();
            if (searchable >= ARTICLES && done >= ARTICLES) {
                return;
            }
            if (searchable + done != last) {
                last = searchable + done;
                lastChange = System.nanoTime();
            }
            assertThat(System.nanoTime() - lastChange).as("[%s] stuck at %d searchable, %d in .done/ of %d for 3 minutes",
                    name, searchable, done, ARTICLES).isLessThan(Duration.ofMinutes(3).toNanos());
            Thread.sleep(500);
        }
    }

    /**
     * The proof: each article's marker is found exactly once, each file is in {@code .done/} exactly once under
     * its own name, none is left in the inbox, and none was ever seen in both.
     */
    Figures assertExactlyOnce(String elasticsearch, String alias) throws IOException {
        Map<Integer, Integer> seen = markersIn(elasticsearch, alias);
        int lost = 0;
        int doubled = 0;
        for (int i = 0; i < ARTICLES; i++) {
            int copies = seen.getOrDefault(i, 0);
            lost += copies == 0 ? 1 : 0;
            doubled += Math.max(0, copies - 1);
        }
        Figures figures = new Figures(ARTICLES, lost, doubled, seen.size());
        List<Integer> missing = new ArrayList<>();
        seen.forEach((i, n) -> assertThat(n).as("[%s] copies of article %d in the index", name, i).isEqualTo(1));
        for (int i = 0; i < ARTICLES && missing.size() < 20; i++) {
            if (!seen.containsKey(i)) {
                missing.add(i);
            }
        }
        assertThat(missing).as("[%s] articles not searchable (first 20)", name).isEmpty();
        assertThat(seen.keySet()).as("[%s] markers of articles never dropped", name).allMatch(i -> i < ARTICLES);

        Set<String> expected = new HashSet<>();
        for (int i = 0; i < ARTICLES; i++) {
            expected.add("article-" + i + ".md");
        }
        List<String> inDone = names(inbox.resolve(".done"));
        assertThat(inDone).as("[%s] files in .done/", name).hasSize(ARTICLES);
        assertThat(new HashSet<>(inDone)).as("[%s] files in .done/", name).isEqualTo(expected);
        assertThat(names(inbox)).as("[%s] files left in the inbox", name).isEmpty();
        assertThat(names(inbox.resolve(".failed"))).as("[%s] files rejected", name).isEmpty();
        assertThat(inBoth).as("[%s] files seen in the inbox and in .done/ at once", name).isEmpty();
        return figures;
    }

    /** Prints the figures and appends them to target/fault-figures.txt, which the README's table quotes. */
    void report(String fault, Figures figures, String details) throws IOException {
        String line = String.format("%s: %d articles, lost %d, doubled %d; %s (seed %d)", fault, figures.articles(),
                figures.lost(), figures.doubled(), details, seed);
        System.out.println("FAULT " + line);
        Files.writeString(Path.of("target", "fault-figures.txt"), line + System.lineSeparator(),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** .done/ first, then the inbox: a file moved between the two listings is then in neither, never in both. */
    private void sampleInboxAndDone() {
        while (!closed) {
            Set<String> done = new HashSet<>(names(inbox.resolve(".done")));
            for (String file : names(inbox)) {
                if (done.contains(file) && !inBoth.contains(file)) {
                    inBoth.add(file);
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static int count(Path dir) {
        return names(dir).size();
    }

    private static List<String> names(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("article-")).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        sampler.interrupt();
    }
}
