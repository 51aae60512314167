package com.researchpipeline.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchpipeline.contract.AdvertisedBrokers;
import com.researchpipeline.contract.DeadLetterHeaders;
import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.StatusEvent;
import com.researchpipeline.contract.StatusEvent.Kind;
import com.researchpipeline.contract.Topics;
import com.researchpipeline.enrich.EnrichConfig;
import com.researchpipeline.ingest.WaitingFiles;
import com.researchpipeline.publish.PublishConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code bin/pipeline status}: one screen that says whether the pipeline is healthy and keeping up. Stages from
 * their {@code /health/ready} (the URLs in {@code PIPELINE_HEALTH_URLS}, by default the local ports) or, failing
 * that, their consumer groups; files from {@code articles.status}; lag and dead letters from Kafka's offsets;
 * documents from Elasticsearch. Each part that cannot be reached says so; the rest is still shown.
 */
final class StatusCommand {

    static final List<String> STAGES = List.of("ingest", "enrich", "publish");
    static final String HEALTH_URLS = "PIPELINE_HEALTH_URLS";

    static int defaultPort(String stage) {
        return switch (stage) {
            case "ingest" -> 9401;
            case "enrich" -> 9402;
            case "publish" -> 9403;
            default -> 9400;
        };
    }

    /** What the status topic says about the files: counts and the slowest recent article. */
    record Files(int discovered, int done, int inFlight, int rejected, int deadLettered, int deadLetteredRecords,
                 StatusEvent slowest, Instant oldestInFlight, Instant lastTaken) {

        int failed() {
            return rejected + deadLettered;
        }

        static Files of(List<StatusEvent> unordered, Instant since, Instant recentSince) {
            List<StatusEvent> events = unordered.stream().sorted(java.util.Comparator.comparing(StatusEvent::at)
                    .thenComparing(e -> e.kind().ordinal())).toList();
            Map<String, StatusEvent> lastOfPath = new HashMap<>();
            Map<String, Instant> firstOfPath = new HashMap<>();
            Map<String, StatusEvent> lastOfArticle = new HashMap<>();
            StatusEvent slowest = null;
            Instant lastTaken = null;
            for (StatusEvent e : events) {
                if (e.kind() == Kind.INGESTED || e.kind() == Kind.REJECTED) {
                    lastTaken = e.at();
                }
                if (e.path() != null && (e.kind() == Kind.DISCOVERED || e.kind() == Kind.REJECTED
                        || e.kind() == Kind.INGESTED)) {
                    StatusEvent previous = lastOfPath.get(e.path());
                    if (e.kind() == Kind.DISCOVERED && (previous == null || previous.kind() != Kind.DISCOVERED)) {
                        firstOfPath.put(e.path(), e.at());
                    }
                    lastOfPath.put(e.path(), e);
                }
                if (e.articleId() != null && e.kind() != Kind.DISCOVERED && e.kind() != Kind.REJECTED) {
                    lastOfArticle.put(e.articleId(), e);
                }
                if (e.kind() == Kind.INDEXED && e.endToEndMillis() != null && !e.at().isBefore(recentSince)
                        && (slowest == null || e.endToEndMillis() > slowest.endToEndMillis())) {
                    slowest = e;
                }
            }
            int discovered = 0, done = 0, inFlight = 0, rejected = 0, deadLettered = 0, records = 0;
            Instant oldest = null;
            for (var entry : lastOfPath.entrySet()) {
                Instant first = firstOfPath.getOrDefault(entry.getKey(), entry.getValue().at());
                if (first.isBefore(since)) {
                    continue;
                }
                discovered++;
                StatusEvent last = entry.getValue();
                StatusEvent state = last.kind() == Kind.INGESTED ? lastOfArticle.getOrDefault(last.articleId(), last) : last;
                switch (state.kind()) {
                    case INDEXED -> done++;
                    case REJECTED -> rejected++;
                    case DEAD_LETTERED -> deadLettered++;
                    default -> {
                        inFlight++;
                        oldest = oldest == null || first.isBefore(oldest) ? first : oldest;
                    }
                }
            }
            for (StatusEvent e : events) {
                if (e.kind() == Kind.DEAD_LETTERED && e.path() == null && !e.at().isBefore(since)) {
                    records++;
                }
            }
            return new Files(discovered, done, inFlight, rejected, deadLettered, records, slowest, oldest, lastTaken);
        }
    }

    static int run(List<String> args, Settings env, PrintStream out, PrintStream err) {
        if (!args.isEmpty()) {
            err.println("usage: bin/pipeline status");
            return 2;
        }
        KafkaSettings kafka = KafkaSettings.from(env);
        PublishConfig publish = PublishConfig.from(env);
        String enrichGroup = EnrichConfig.from(env).groupId();
        Instant now = Instant.now();
        out.printf("pipeline status at %s (Kafka %s, Elasticsearch %s)%n%n", TraceCommand.TIME.format(now),
                kafka.bootstrapServers(), publish.elasticsearch().hosts());
        List<String> problems = new ArrayList<>();
        Files files = null;
        WaitingFiles waiting = null;

        // asked while Kafka is: with both silent, status waits for the longer of the two waits, not their sum
        List<String> documentProblems = new ArrayList<>();
        CompletableFuture<String> documents = CompletableFuture.supplyAsync(() -> documents(publish, documentProblems));
        Map<String, String> groups = Map.of("enrich", enrichGroup, "publish", publish.groupId());
        Map<String, String> inputs = Map.of("enrich", Topics.RAW.name(), "publish", publish.topic());
        String unreachable = kafkaUnreachable(kafka);
        if (unreachable != null) {
            problems.add("Kafka does not answer");
            waiting = stages(env, null, groups, problems, out);
            out.printf("%-14s%s%n", "kafka", unreachable);
            out.printf("%-14s%s%n", "", "files, consumer lag and dead letters are unknown until it answers");
        } else {
            try (Admin admin = admin(kafka)) {
                waiting = stages(env, admin, groups, problems, out);
                try (StatusLog log = new StatusLog(kafka, TraceCommand.statusTopic(env))) {
                    List<StatusEvent> events = log.all();
                    Files today = Files.of(events, StatusLog.startOfToday(), now.minus(Duration.ofHours(1)));
                    files = Files.of(events, Instant.EPOCH, now.minus(Duration.ofHours(1)));
                    out.printf("%-14s%s%n", "today", counts(today));
                    out.printf("%-14s%s%n", "in total", counts(files));
                    if (files.oldestInFlight() != null) {
                        Duration age = Duration.between(files.oldestInFlight(), now);
                        out.printf("%-14s%s in flight for %s%n", "oldest", "a file", TraceCommand.human(age));
                        if (age.compareTo(Duration.ofMinutes(5)) > 0) {
                            problems.add("a file has been in flight for " + TraceCommand.human(age));
                        }
                    }
                } catch (RuntimeException e) {
                    out.printf("%-14s%s%n", "files", "unknown: cannot read " + TraceCommand.statusTopic(env) + " ("
                            + DeadLetterHeaders.messageOf(e) + ")");
                }
                out.println();
                long totalLag = 0;
                for (String stage : List.of("enrich", "publish")) {
                    String lag;
                    try {
                        long value = lag(admin, groups.get(stage), inputs.get(stage));
                        totalLag += value;
                        lag = String.format("%,d records of %s not yet processed (group %s)", value, inputs.get(stage),
                                groups.get(stage));
                    } catch (Exception e) {
                        lag = "unknown (" + DeadLetterHeaders.messageOf(e) + ")";
                        problems.add("Kafka");
                    }
                    out.printf("%-14s%-9s%s%n", stage.equals("enrich") ? "consumer lag" : "", stage, lag);
                }
                out.printf("%-14s%s%n", "dead letters", deadLetters(admin, kafka));
            }
        }
        String stuck = neverTaken(waiting, files, now);
        if (stuck != null) {
            problems.add(stuck);
        }
        out.printf("%-14s%s%n", "documents", documents.join());
        problems.addAll(documentProblems);
        out.printf("%-14s%s%n", "slowest", slowest(files));
        out.println();
        out.println(problems.isEmpty() ? "=> healthy" : "=> NOT healthy: " + String.join("; ", problems));
        return problems.isEmpty() ? 0 : 1;
    }

    /**
     * Each stage's state, then the files waiting in the inbox (returned, null when it cannot be listed here);
     * {@code admin} is null when Kafka does not answer.
     */
    private static WaitingFiles stages(Settings env, Admin admin, Map<String, String> groups, List<String> problems,
                                       PrintStream out) {
        List<String> refused = new ArrayList<>();
        Map<String, StageHealth> health = health(env, refused);
        for (String stage : STAGES) {
            StageHealth said = health.get(stage);
            String state = stageState(stage, said == null ? null : said.problems, admin, groups.get(stage), refused);
            if (!state.startsWith("UP")) {
                problems.add(stage + (state.startsWith("NOT READY") ? " not ready"
                        : state.startsWith("UNKNOWN") ? " unknown" : " down"));
            }
            out.printf("%-14s%-9s%s%n", stage.equals("ingest") ? "stages" : "", stage, state);
            if (said != null && said.skipped > 0) {
                problems.add(String.format("%,d record(s) deleted before %s read them", said.skipped, stage));
                out.printf("%-14s%-9s%,d record(s) were deleted from its input topic (retention, delete-records) before "
                        + "it read them, since it started: never processed; its WARN log names partitions and offsets "
                        + "(ingest the files again, or replay from where they still are)%n", "", "", said.skipped);
            }
        }
        out.println();
        return waiting(env, out);
    }

    private static String counts(Files f) {
        return String.format("%,d files: %,d done, %,d in flight, %,d failed (%,d rejected, %,d dead-lettered)%s",
                f.discovered(), f.done(), f.inFlight(), f.failed(), f.rejected(), f.deadLettered(),
                f.deadLetteredRecords() == 0 ? "" : String.format("; %,d record(s) without a file dead-lettered",
                        f.deadLetteredRecords()));
    }

    private static String slowest(Files files) {
        if (files == null) {
            return "unknown: the status topic could not be read";
        }
        StatusEvent slowest = files.slowest();
        if (slowest == null) {
            return "no article indexed in the last hour";
        }
        return String.format("%s (article %s) took %s from drop to searchable, indexed %s", TraceCommand.printable(slowest.path()),
                TraceCommand.shortId(slowest.articleId()), TraceCommand.millis(slowest.endToEndMillis()),
                TraceCommand.TIME.format(slowest.at()));
    }

    /**
     * Per stage, the problems its /health/ready reported (none when ready) and the records its /metrics counts as
     * deleted from its input topic before it read them; absent when no endpoint answered. The URLs of
     * PIPELINE_HEALTH_URLS that refused the connection are added to {@code refused}.
     */
    static Map<String, StageHealth> health(Settings env, List<String> refused) {
        boolean configured = env.string(HEALTH_URLS, null) != null;
        String urls = env.string(HEALTH_URLS, "http://127.0.0.1:" + env.string("PIPELINE_METRICS_PORT", "9400")
                + ",http://127.0.0.1:" + env.string("INGEST_METRICS_PORT", "9401")
                + ",http://127.0.0.1:" + env.string("ENRICH_METRICS_PORT", "9402")
                + ",http://127.0.0.1:" + env.string("PUBLISH_METRICS_PORT", "9403"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Map<String, StageHealth> byStage = new TreeMap<>();
        for (String url : urls.split(",")) {
            if (url.isBlank() || url.endsWith(":off") || url.endsWith(":0")) {
                continue;
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url.trim() + "/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                JsonNode checks = JsonSerde.mapper().readTree(response.body()).get("checks");
                checks.fields().forEachRemaining(check -> {
                    StageHealth health = byStage.computeIfAbsent(check.getKey().split("/")[0], k -> new StageHealth());
                    if (!check.getValue().asText().equals("UP")) {
                        health.problems.add(check.getValue().asText());
                    }
                });
                HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(url.trim() + "/metrics"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                for (var sample : PrometheusText.parse(metrics.body()).matching(SKIPPED_METRIC)) {
                    String stage = sample.labels().get("stage");
                    if (stage != null && byStage.containsKey(stage)) {
                        byStage.get(stage).skipped += (long) sample.value();
                    }
                }
            } catch (java.net.ConnectException e) {
                if (configured) {
                    refused.add(url.trim()); // a URL the operator named: its process is gone
                }
            } catch (IOException | RuntimeException e) {
                // nothing answers there: that stage is down, or runs elsewhere
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return byStage;
    }

    /** The counter of records deleted from a stage's input topic before the stage read them. */
    static final String SKIPPED_METRIC = "pipeline_records_skipped_total";

    /** What one stage's endpoints said. */
    static final class StageHealth {
        final List<String> problems = new ArrayList<>();
        long skipped;
    }

    /** {@code refused}: the URLs of PIPELINE_HEALTH_URLS that refused the connection. */
    private static String stageState(String stage, List<String> problems, Admin admin, String group,
                                     List<String> refused) {
        if (problems != null) {
            return problems.isEmpty() ? "UP (ready)" : "NOT READY: " + String.join("; ", problems);
        }
        if (group == null) {
            return "DOWN (no health endpoint answered; set PIPELINE_HEALTH_URLS if it runs elsewhere)";
        }
        if (admin == null) {
            return "DOWN (no health endpoint answered, and Kafka does not answer either)";
        }
        try {
            int members = admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group)
                    .members().size();
            if (members == 0) {
                return "DOWN (no health endpoint answered and group " + group + " has no member)";
            }
            String inGroup = "group " + group + " has " + members + " member(s)";
            return refused.isEmpty() ? "UP (" + inGroup + "; no health endpoint answered)"
                    : "UNKNOWN (" + inGroup + ", but " + String.join(", ", refused) + " of PIPELINE_HEALTH_URLS refused "
                    + "the connection: a process killed keeps its place in the group until the broker's session timeout "
                    + "(KAFKA_SESSION_TIMEOUT); check that it runs)";
        } catch (Exception e) {
            return "DOWN (no health endpoint answered; Kafka: " + DeadLetterHeaders.messageOf(e) + ")";
        }
    }

    private static WaitingFiles waiting(Settings env, PrintStream out) {
        Path inbox = env.path("INGEST_INBOX", Path.of("inbox"));
        if (!java.nio.file.Files.isDirectory(inbox)) {
            out.printf("%-14s%s%n", "inbox", "not on this machine (" + inbox + ")");
            return null;
        }
        try {
            WaitingFiles waiting = WaitingFiles.in(inbox);
            out.printf("%-14s%,d files waiting in %s%s%n", "inbox", waiting.count(), inbox, waiting.count() == 0 ? ""
                    : " (unchanged the longest, for " + TraceCommand.human(Duration.between(waiting.unchangedSince(),
                    Instant.now())) + ": " + TraceCommand.printable(inbox.relativize(waiting.longestWaiting()).toString())
                    + ")");
            return waiting;
        } catch (RuntimeException e) {
            out.printf("%-14s%s%n", "inbox", "cannot list " + inbox + ": " + e.getMessage());
            return null;
        }
    }

    /**
     * A file ingest has not taken for {@link #WAITING_TOO_LONG} since it last changed, while ingest took no other file
     * for as long (so not a file at the end of a long backlog): one it may never take.
     */
    static String neverTaken(WaitingFiles waiting, Files files, Instant now) {
        if (waiting == null || waiting.count() == 0) {
            return null;
        }
        Instant limit = now.minus(WAITING_TOO_LONG);
        if (!waiting.unchangedSince().isBefore(limit) || files != null && files.lastTaken() != null
                && files.lastTaken().isAfter(limit)) {
            return null;
        }
        return "a file has waited in the inbox for " + TraceCommand.human(Duration.between(waiting.unchangedSince(), now))
                + " unchanged, and ingest took no file meanwhile: " + TraceCommand.printable(waiting.longestWaiting()
                .toString()) + " (ingest's log says why it is not taken; rename it, or move it out of the inbox)";
    }

    /** How long a file may wait unchanged in the inbox, with no file taken meanwhile, before status calls it stuck. */
    static final Duration WAITING_TOO_LONG = Duration.ofMinutes(10);

    static long lag(Admin admin, String group, String topic) throws Exception {
        var description = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        description.get(topic).partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()),
                OffsetSpec.latest()));
        var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        long lag = 0;
        for (var end : ends.entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            lag += Math.max(0, end.getValue().offset() - (done == null ? 0 : done.offset()));
        }
        return lag;
    }

    /** Dead letters after the redrive group's committed offsets, by stage. */
    private static String deadLetters(Admin admin, KafkaSettings kafka) {
        String topic = Topics.DLQ.name();
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(OperationsCommand.REDRIVE_GROUP)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<String, Integer> byStage = new TreeMap<>();
            var props = kafka.consumer("unused", "status-dlq");
            props.remove(org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_ID_CONFIG);
            try (var consumer = new KafkaConsumer<byte[], byte[]>(props)) {
                var infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
                List<TopicPartition> partitions = infos == null ? List.of()
                        : infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
                consumer.assign(partitions);
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
                Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, Duration.ofSeconds(10));
                for (TopicPartition partition : partitions) {
                    OffsetAndMetadata done = committed.get(partition);
                    consumer.seek(partition, Math.max(starts.get(partition), done == null ? 0 : done.offset()));
                }
                long deadline = System.currentTimeMillis() + 60_000;
                while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                        && System.currentTimeMillis() < deadline) {
                    consumer.poll(Duration.ofMillis(500)).forEach(letter -> byStage.merge(
                            String.valueOf(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.STAGE)), 1, Integer::sum));
                }
            }
            int files = byStage.getOrDefault("ingest", 0);
            int enrich = byStage.getOrDefault("enrich", 0);
            int publish = byStage.getOrDefault("publish", 0);
            int other = byStage.values().stream().mapToInt(Integer::intValue).sum() - files - enrich - publish;
            if (enrich + publish + other == 0) {
                return files == 0 ? "none waiting" : String.format("none to redrive; %,d rejected file(s) listed by "
                        + "bin/pipeline redrive", files);
            }
            return String.format("%,d not yet redriven (enrich %,d, publish %,d%s): bin/pipeline redrive once the "
                    + "cause is fixed; %,d rejected file(s) listed there", enrich + publish + other, enrich, publish,
                    other == 0 ? "" : String.format(", other %,d", other), files);
        } catch (Exception e) {
            return "unknown (" + DeadLetterHeaders.messageOf(e) + ")";
        }
    }

    /** How long status waits for Elasticsearch's answer: a frozen node must not hold the screen. */
    static final Duration ELASTICSEARCH_WAIT = Duration.ofSeconds(10);

    static String documents(PublishConfig publish, List<String> problems) {
        try (var client = publish.elasticsearch().withTimeout(ELASTICSEARCH_WAIT).open()) {
            long count = client.count(c -> c.index(publish.alias())).count();
            return String.format("%,d in alias %s", count, publish.alias());
        } catch (co.elastic.clients.elasticsearch._types.ElasticsearchException e)  {
            if (e.error() != null && "index_not_found_exception".equals(e.error().type())) {
                problems.add("alias " + publish.alias() + " missing");
                return "unknown: alias " + publish.alias() + " does not exist, so Kibana finds nothing (a running "
                        + "publish points it at its index again within seconds, unless it reports the index wrong)";
            }
            String refused = publish.elasticsearch().refusal(e);
            problems.add("Elasticsearch" + (refused != null ? " refuses the credentials or TLS" : ""));
            return refused != null ? "unknown: " + refused : "unknown (" + DeadLetterHeaders.messageOf(e) + ")";
        } catch (Exception e) {
            String refused = publish.elasticsearch().refusal(e);
            if (refused != null) {
                problems.add("Elasticsearch refuses the credentials or TLS");
                return "unknown: " + refused;
            }
            String answer = errorAnswer(e);
            if (answer != null) {
                problems.add("Elasticsearch");
                return "unknown: Elasticsearch at " + publish.elasticsearch().hosts() + " answered " + answer
                        + (answer.contains("shard") ? ": shards of the index behind alias " + publish.alias()
                        + " are not assigned, so its articles cannot be searched nor written (GET _cluster/health, "
                        + "GET _cluster/allocation/explain say why)" : "");
            }
            problems.add("Elasticsearch");
            return "unknown: no answer from Elasticsearch at " + publish.elasticsearch().hosts() + " within "
                    + ELASTICSEARCH_WAIT.toSeconds() + " s (" + DeadLetterHeaders.messageOf(e) + "): check that it "
                    + "runs, or is not stopped (kill -CONT) or overloaded";
        }
    }

    /**
     * The status and error type of an HTTP error the node answered with (a 503 of an index whose shards are not
     * assigned, say), or null when it did not answer at all.
     */
    private static String errorAnswer(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof co.elastic.clients.transport.rest5_client.low_level.ResponseException answered) {
                String type = null;
                try {
                    var body = answered.getResponse().getEntity();
                    if (body != null) {
                        type = JsonSerde.mapper().readTree(body.getContent()).path("error").path("root_cause")
                                .path(0).path("type").asText(null);
                    }
                } catch (java.io.IOException | RuntimeException unreadable) {
                    // the status alone then
                }
                return answered.getResponse().getStatusCode() + (type == null ? "" : " " + type);
            }
        }
        return null;
    }

    /** How long status and trace wait for Kafka's first answer before saying it does not answer. */
    static final Duration KAFKA_WAIT = Duration.ofSeconds(8);

    /** Null when a broker of {@code kafka} answers within {@link #KAFKA_WAIT}; otherwise what to tell the user. */
    static String kafkaUnreachable(KafkaSettings kafka) {
        Properties props = kafka.client("pipeline-status");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KAFKA_WAIT.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) KAFKA_WAIT.toMillis());
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().nodes().get(KAFKA_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            String refusal = kafka.refusal(e);
            if (refusal != null) {
                return refusal;
            }
            String advertised = AdvertisedBrokers.problem(kafka, Duration.ofSeconds(2));
            if (advertised != null) {
                return "Kafka at " + kafka.bootstrapServers() + " (KAFKA_BOOTSTRAP_SERVERS) did not answer within "
                        + KAFKA_WAIT.toSeconds() + " s: " + advertised;
            }
            return "no broker at " + kafka.bootstrapServers() + " (KAFKA_BOOTSTRAP_SERVERS) answered within "
                    + KAFKA_WAIT.toSeconds() + " s (" + DeadLetterHeaders.messageOf(e) + "): check that it runs, "
                    + "or is not stopped (kill -CONT) or overloaded";
        }
    }

    private static Admin admin(KafkaSettings kafka) {
        Properties props = kafka.client("pipeline-status");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return Admin.create(props);
    }

    private StatusCommand() {
    }
}
