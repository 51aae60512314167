package com.researchpipeline.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.researchpipeline.contract.JsonSerde;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches the search alias for documents whose file name starts with a prefix, every
 * {@link #POLL} (so a latency is known to within that), and remembers when each file name first became
 * searchable. Latency from drop to searchable is that moment minus the moment the file was dropped.
 */
final class SearchWatcher implements AutoCloseable {

    static final Duration POLL = Duration.ofMillis(50);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String searchUrl;
    private final String prefix;
    private final Map<String, Long> dropped = new ConcurrentHashMap<>();
    private final Map<String, Long> searchable = new ConcurrentHashMap<>();
    /** Seconds from the document's {@code ingestedAt} (ingest read the file) to the poll that found it. */
    private final Map<String, Double> sinceIngested = new ConcurrentHashMap<>();
    /** The same to the moment that search was sent: the document became searchable between the two. */
    private final Map<String, Double> sinceIngestedAsked = new ConcurrentHashMap<>();
    private final Set<String> seenIds = new HashSet<>();
    private final Thread thread;
    private volatile boolean running = true;

    SearchWatcher(String elasticsearch, String alias, String prefix) {
        this.searchUrl = elasticsearch + "/" + alias + "/_search";
        this.prefix = prefix;
        this.thread = new Thread(this::watch, "search-watcher-" + prefix);
        thread.setDaemon(true);
        thread.start();
    }

    /** Records that {@code fileName} was dropped into the inbox now. */
    void dropped(String fileName) {
        dropped.put(fileName, System.nanoTime());
    }

    int searchableCount() {
        return searchable.size();
    }

    /** Waits until {@code count} files are searchable; fails when nothing new appeared for {@code stuck}. */
    void awaitSearchable(int count, Duration stuck) throws InterruptedException {
        int last = -1;
        long lastChange = System.nanoTime();
        while (searchable.size() < count) {
            if (searchable.size() != last) {
                last = searchable.size();
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > stuck.toNanos()) {
                throw new IllegalStateException("stuck at " + last + " of " + count + " searchable for "
                        + stuck.toSeconds() + " s");
            }
            Thread.sleep(20);
        }
    }

    /** Seconds from drop to searchable of every file that was dropped and is searchable, sorted. */
    double[] latencies() {
        List<Double> values = new ArrayList<>();
        dropped.forEach((name, at) -> {
            Long seen = searchable.get(name);
            if (seen != null) {
                values.add((seen - at) / 1e9);
            }
        });
        return values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    /**
     * Seconds from ingest reading the file (the {@code ingestedAt} its document carries, which publish's end-to-end
     * histogram starts from) to searchable, of every dropped file that is searchable, sorted.
     */
    double[] sinceIngested() {
        return sorted(sinceIngested);
    }

    /** As {@link #sinceIngested()}, to the moment the search that found the document was sent. */
    double[] sinceIngestedAsked() {
        return sorted(sinceIngestedAsked);
    }

    private double[] sorted(Map<String, Double> seconds) {
        return dropped.keySet().stream().map(seconds::get).filter(java.util.Objects::nonNull)
                .mapToDouble(Double::doubleValue).sorted().toArray();
    }

    /** Nanotime at which the last of the dropped files became searchable. */
    long lastSearchableNanos() {
        return searchable.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private void watch() {
        while (running) {
            long started = System.nanoTime();
            try {
                poll();
            } catch (Exception e) {
                // the alias may not exist yet
            }
            long left = POLL.toNanos() - (System.nanoTime() - started);
            if (left > 0) {
                try {
                    Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void poll() throws Exception {
        ObjectNode query = JsonSerde.mapper().createObjectNode();
        query.put("size", 1000);
        query.putArray("_source").add("source.fileName").add("ingestedAt");
        ObjectNode bool = query.putObject("query").putObject("bool");
        bool.putArray("filter").addObject().putObject("prefix").put("source.fileName", prefix);
        ArrayNode ids = bool.putArray("must_not").addObject().putObject("ids").putArray("values");
        seenIds.forEach(ids::add);
        long askedMillis = System.currentTimeMillis();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(searchUrl))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(query.toString())).build(), HttpResponse.BodyHandlers.ofString());
        long now = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        if (response.statusCode() != 200) {
            return;
        }
        for (JsonNode hit : JsonSerde.mapper().readTree(response.body()).at("/hits/hits")) {
            seenIds.add(hit.get("_id").asText());
            String fileName = hit.at("/_source/source/fileName").asText();
            searchable.putIfAbsent(fileName, now);
            JsonNode ingestedAt = hit.at("/_source/ingestedAt");
            if (ingestedAt.isTextual()) {
                long ingested = java.time.Instant.parse(ingestedAt.asText()).toEpochMilli();
                sinceIngested.putIfAbsent(fileName, (nowMillis - ingested) / 1e3);
                sinceIngestedAsked.putIfAbsent(fileName, (askedMillis - ingested) / 1e3);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
