package com.researchpipeline.runner;

import com.researchpipeline.contract.DeadLetterHeaders;
import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.Printable;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.StatusEvent;
import com.researchpipeline.contract.StatusEvent.Kind;
import com.researchpipeline.observability.Observability;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code bin/pipeline trace FILE|ID}: one file's or article's way through the stages from {@code articles.status},
 * with the time of each step, how long it took, and for a failure the reason and what to do. FILE may be the
 * path relative to the inbox, a path into the inbox (its {@code .done/} and {@code .failed/} too) or a file name.
 */
final class TraceCommand {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    static int run(List<String> args, Settings env, PrintStream out, PrintStream err) {
        if (args.size() != 1) {
            err.println("usage: bin/pipeline trace FILE|ID");
            return 2;
        }
        String wanted = args.get(0);
        KafkaSettings kafka = KafkaSettings.from(env);
        String unreachable = StatusCommand.kafkaUnreachable(kafka);
        if (unreachable != null) {
            err.println("cannot trace '" + wanted + "': " + unreachable);
            return 1;
        }
        try (StatusLog log = new StatusLog(kafka, statusTopic(env))) {
            String key = keyOf(wanted, env.path("INGEST_INBOX", Path.of("inbox")));
            List<StatusEvent> events = log.history(key);
            if (events.isEmpty()) {
                Set<String> paths = log.pathsEndingWith(Path.of(key).getFileName().toString());
                for (String path : paths) {
                    List<StatusEvent> history = log.history(path);
                    if (history.isEmpty()) {
                        // known only from its article's events (put on articles.raw by another producer, or
                        // re-enriched after its ingest events aged out): they sit under the article's id
                        history = log.historyOfArticlesAt(path);
                    }
                    if (!history.isEmpty()) {
                        print(path, history, out);
                    }
                }
                if (paths.isEmpty()) {
                    err.printf("nothing is known of '%s' in %s: no stage has seen a file or article by that name. "
                            + "Is it still being written or copied (ingest waits until it is stable), in a hidden or "
                            + "temporary name (.*, *.tmp, *.part are ignored), older than the topic's retention, or "
                            + "was it dropped into another inbox?%n", wanted, statusTopic(env));
                    return 1;
                }
                return 0;
            }
            print(key, events, out);
            return 0;
        } catch (org.apache.kafka.common.KafkaException e) {
            err.println("cannot trace '" + wanted + "': reading " + statusTopic(env) + " from Kafka at "
                    + kafka.bootstrapServers() + " failed (" + DeadLetterHeaders.messageOf(e) + "); check that the "
                    + "broker runs, then try again");
            return 1;
        }
    }

    static String statusTopic(Settings env) {
        return env.string(Observability.STATUS_TOPIC, com.researchpipeline.contract.Topics.STATUS.name());
    }

    /** The key a user's argument stands for: a path relative to the inbox, or the argument itself. */
    static String keyOf(String argument, Path inbox) {
        Path root = inbox.toAbsolutePath().normalize();
        Path given = Path.of(argument).toAbsolutePath().normalize();
        String key = argument;
        if (given.startsWith(root)) {
            key = root.relativize(given).toString().replace('\\', '/');
        }
        for (String archive : new String[] {".done/", ".failed/"}) {
            if (key.startsWith(archive)) {
                key = key.substring(archive.length());
            }
        }
        return key;
    }

    static void print(String key, List<StatusEvent> events, PrintStream out) {
        String path = events.stream().map(StatusEvent::path).filter(p -> p != null).findFirst().orElse(null);
        Set<String> ids = events.stream().map(StatusEvent::articleId).filter(id -> id != null)
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        if (path == null) {
            ids.remove(key);
        }
        out.printf("trace of %s%s%n", Printable.of(path == null ? "record " + key : "file " + path),
                ids.isEmpty() ? "" : " (article " + String.join(", ", ids) + ")");
        Instant previous = null;
        for (StatusEvent event : events) {
            String since = previous == null ? "" : "+" + human(Duration.between(previous, event.at()));
            out.printf("  %s  %-7s  %-13s %9s  %s%n", TIME.format(event.at()), event.stage(), event.kind(), since,
                    detail(event));
            if (event.kind().isFailure()) {
                out.printf("%44s what is wrong: %s%n", "", printable(event.reason()));
                out.printf("%44s what to do:    %s%n", "", printable(event.action()));
            }
            previous = event.at();
        }
        out.println("  " + verdict(events));
    }

    /** A value of an event as one safe line: file names may hold line breaks and terminal escapes. */
    static String printable(String value) {
        return value == null ? "null" : Printable.of(value);
    }

    static String detail(StatusEvent e) {
        List<String> parts = new ArrayList<>();
        switch (e.kind()) {
            case DISCOVERED -> parts.add(printable(e.path()) + ", " + bytes(e.sizeBytes()));
            case REJECTED -> parts.add("by ingest after " + millis(e.millis()));
            case INGESTED -> {
                parts.add("article " + shortId(e.articleId()) + ", " + e.format() + ", " + e.words() + " words");
                parts.add("took " + millis(e.millis()));
                if (e.sameTextAs() != null) {
                    parts.add("same text as " + printable(e.sameTextAs()) + ", so downstream keeps one document");
                }
            }
            case ENRICHED -> {
                parts.add(entities(e.entities()));
                parts.add("model " + e.modelVersion());
                parts.add("took " + millis(e.millis()));
            }
            case DEAD_LETTERED -> parts.add("by " + e.stage() + ": " + e.exception());
            case INDEXED -> {
                parts.add("into " + e.index() + " as version " + e.documentVersion());
                parts.add("bulk " + millis(e.millis()));
                if (e.endToEndMillis() != null) {
                    parts.add("searchable " + millis(e.endToEndMillis()) + " after discovery");
                }
                if (e.reason() != null) {
                    parts.add(e.reason());
                }
            }
        }
        return String.join("; ", parts);
    }

    /** Where the story stands: searchable, failed (and what to do), or waiting for which stage. */
    static String verdict(List<StatusEvent> events) {
        StatusEvent last = events.get(events.size() - 1);
        Duration total = Duration.between(events.get(0).at(), last.at());
        return switch (last.kind()) {
            case INDEXED -> "=> searchable: " + human(total) + " from first seen to indexed";
            case REJECTED -> "=> rejected: fix the file and move it from the inbox's .failed/ back into the inbox";
            case DEAD_LETTERED -> "=> dead-lettered by " + last.stage() + ": fix the cause, then bin/pipeline redrive";
            case DISCOVERED -> "=> in flight: ingest is reading it (or retrying Kafka) since " + TIME.format(last.at());
            case INGESTED -> "=> in flight: on articles.raw, waiting for enrich (see its lag in bin/pipeline status)";
            case ENRICHED -> "=> in flight: on articles.enriched, waiting for publish (see its lag in bin/pipeline status)";
        };
    }

    static String entities(Map<String, Integer> counts) {
        if (counts == null || counts.isEmpty()) {
            return "no entities";
        }
        return counts.entrySet().stream().map(c -> c.getValue() + " " + c.getKey().toLowerCase(java.util.Locale.ROOT))
                .collect(Collectors.joining(", "));
    }

    static String shortId(String id) {
        return id == null ? "?" : id.length() > 12 ? id.substring(0, 12) + "…" : id;
    }

    static String bytes(Long size) {
        return size == null || size < 0 ? "size unknown" : String.format("%,d bytes", size);
    }

    static String millis(Long millis) {
        return millis == null ? "?" : human(Duration.ofMillis(millis));
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 120_000) {
            return String.format("%.2f s", ms / 1000.0);
        }
        return String.format("%d min %d s", ms / 60_000, ms % 60_000 / 1000);
    }

    private TraceCommand() {
    }
}
