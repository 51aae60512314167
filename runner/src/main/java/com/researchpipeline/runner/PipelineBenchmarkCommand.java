package com.researchpipeline.runner;

import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.TopicAdmin;
import com.researchpipeline.contract.Topics;
import com.researchpipeline.tools.BenchmarkArticles;
import com.researchpipeline.infra.EmbeddedKafka;
import com.researchpipeline.infra.ManagedElasticsearch;
import com.researchpipeline.publish.PublishConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code bin/pipeline benchmark-pipeline}: the performance report, all in one run on this machine. One Kafka
 * broker (in this JVM) and one Elasticsearch node (a child process) serve stages that each run in their own
 * JVM ({@link StageProcess}), so that every stage's CPU time and memory can be read from {@code /proc}:
 * <ol>
 *   <li>each stage alone, with 1, 2, ... processes (threads fixed at one enrich thread per process): its rate,
 *       its CPU-seconds per article (its own JVMs, and with the broker's and the node's share), and how
 *       the partitions and articles spread over the processes;</li>
 *   <li>the machine's limit for the whole pipeline, cores ÷ Σ CPU-seconds per article of the stages alone;</li>
 *   <li>the whole pipeline in one JVM, the shape of {@code bin/pipeline run}: time to ready, the rate of a burst
 *       of articles dropped at once, latency from drop to searchable after that burst and at a steady rate;</li>
 *   <li>the same steady latency with the settings of before this report (one file at a time, the stability window
 *       for every file, publish batch wait 1 s);</li>
 *   <li>peak heap and resident memory of every JVM.</li>
 * </ol>
 * The last line is {@code whole/limit: 0.NN}.
 */
public final class PipelineBenchmarkCommand {

    static final String USAGE = """
            usage: bin/pipeline benchmark-pipeline [--articles N] [--rate FILES_PER_S] [--steady-seconds S]
                                                   [--processes MAX] [--heap SIZE] [--no-compare]
              --articles N          articles per stage run and in the burst (default 1000)
              --rate R              files dropped per second for the steady latency (default 20)
              --steady-seconds S    how long that lasts (default 60)
              --processes MAX       stage runs with 1..MAX processes per stage (default 3)
              --heap SIZE           heap of every pipeline JVM (default 512m)
              --no-compare          skip the steady run with the settings of before this report""";

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration STUCK = Duration.ofMinutes(3);
    /** Settings of the whole-pipeline run that this report changed, with the values they had before it. */
    private static final Map<String, String> BEFORE = new java.util.TreeMap<>(Map.of("PUBLISH_BATCH_WAIT", "1s",
            "INGEST_CONCURRENCY", "1", "INGEST_INSTANT_PICKUP", "false"));

    record Options(int articles, double rate, int steadySeconds, int maxProcesses, String heap, boolean compare) {

        static Options parse(List<String> args) {
            Map<String, String> values = new HashMap<>();
            boolean compare = true;
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (arg.equals("--no-compare")) {
                    compare = false;
                } else if (List.of("--articles", "--rate", "--steady-seconds", "--processes", "--heap").contains(arg)
                        && i + 1 < args.size()) {
                    values.put(arg, args.get(++i));
                } else {
                    throw new IllegalArgumentException("unknown argument '" + arg + "'\n" + USAGE);
                }
            }
            Options options = new Options(positive(values, "--articles", "1000"), positiveDouble(values, "--rate", "20"),
                    positive(values, "--steady-seconds", "60"), positive(values, "--processes", "3"),
                    values.getOrDefault("--heap", "512m"), compare);
            if (!options.heap.matches("[0-9]+[kmgKMG]?")) {
                throw new IllegalArgumentException("--heap '" + options.heap + "' is not a size like 512m\n" + USAGE);
            }
            return options;
        }

        private static int positive(Map<String, String> values, String key, String fallback) {
            return (int) positiveDouble(values, key, fallback);
        }

        private static double positiveDouble(Map<String, String> values, String key, String fallback) {
            String value = values.getOrDefault(key, fallback);
            try {
                double d = Double.parseDouble(value);
                if (d >= 1 || (key.equals("--rate") && d > 0)) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // falls through
            }
            throw new IllegalArgumentException(key + " '" + value + "' is not a positive number\n" + USAGE);
        }
    }

    /** One stage run: {@code processes} JVMs of {@code stage} moving {@code articles} articles. */
    record StageRun(String stage, int processes, int articles, double seconds, double stageCpu, double brokerCpu,
                    double elasticsearchCpu, List<Long> articlesPerProcess, List<Integer> partitionsPerProcess,
                    List<Long> recordsPerPartition, long peakHeap, long peakRss) {

        double rate() {
            return articles / seconds;
        }

        double stageCpuPerArticle() {
            return stageCpu / articles;
        }

        double totalCpuPerArticle() {
            return (stageCpu + brokerCpu + elasticsearchCpu) / articles;
        }
    }

    record Memory(String jvm, long peakHeap, long maxHeap, long peakRss) {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(List.of(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Options options = Options.parse(args);
        // one INFO line per article per stage would drown the figures (the child JVMs log to files)
        org.apache.logging.log4j.core.config.Configurator.setRootLevel(org.apache.logging.log4j.Level.WARN);
        AtomicLong ownPeakHeap = new AtomicLong();
        Thread sampler = StageProcess.heapSampler(ownPeakHeap);
        Path work = Files.createTempDirectory("pipeline-benchmark-");
        work.toFile().setExecutable(true, false);
        int cores = Runtime.getRuntime().availableProcessors();
        err.printf("benchmark-pipeline: %d cores, load average %.2f, work in %s%n", cores,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), work);
        List<Memory> memory = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), 0, false);
             ManagedElasticsearch node = ManagedElasticsearch.start(work.resolve("elasticsearch"), 0, "512m");
             KafkaProbe probe = new KafkaProbe(new KafkaSettings(kafka.bootstrapServers()))) {
            Thread cleanUp = new Thread(() -> {
                ChildJvm.killAll();
                node.close();
            }, "benchmark-interrupted");
            Runtime.getRuntime().addShutdownHook(cleanUp);
            Settings topicSettings = Settings.fromEnvironment();
            TopicAdmin.ensureTopics(new KafkaSettings(kafka.bootstrapServers()), topicSettings, Topics.RAW,
                    Topics.ENRICHED, Topics.DLQ);
            Benchmark bench = new Benchmark(options, work, kafka.bootstrapServers(), node.url(), probe, err, memory);
            int partitions = probe.partitions(Topics.RAW.name()).size();
            out.printf("machine: %d cores, %s; one Kafka broker (in the benchmark JVM), one Elasticsearch node "
                    + "(heap 512m); topics of %d partitions; %d articles of %.1f KB on average%n", cores,
                    System.getProperty("os.name"), partitions, options.articles, bench.averageArticleBytes() / 1e3);
            out.printf("load average at start %.2f (other work on the machine slows every figure; rerun on a quiet one)%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

            Cpu idle = bench.measureIdle(Duration.ofSeconds(5));
            out.printf("idle: the broker's JVM %.3f and the node %.3f CPU-s per second with no stage running; "
                    + "subtracted from their share below%n", idle.broker, idle.elasticsearch);
            List<StageRun> runs = bench.stageRuns();
            out.println();
            out.println("each stage alone (enrich: 1 thread per process); CPU-s/article: the stage's JVMs, then with "
                    + "the broker's and the node's share above idle (the broker's JVM also runs this driver)");
            out.println("stage    processes  articles/s  CPU-s/article (stage | total)  partitions per process  "
                    + "articles per process  records per partition");
            for (StageRun run : runs) {
                out.printf("%-8s %9d  %10.1f  %13.5f | %-13.5f  %-22s  %-20s  %s%n", run.stage, run.processes, run.rate(),
                        run.stageCpuPerArticle(), run.totalCpuPerArticle(),
                        run.partitionsPerProcess.isEmpty() ? "-" : join(run.partitionsPerProcess),
                        join(run.articlesPerProcess), join(run.recordsPerPartition));
            }
            Map<String, StageRun> alone = new LinkedHashMap<>();
            runs.stream().filter(r -> r.processes == 1).forEach(r -> alone.put(r.stage, r));
            double cpuPerArticle = alone.values().stream().mapToDouble(StageRun::totalCpuPerArticle).sum();
            double limit = cores / cpuPerArticle;
            out.println();
            out.printf("machine limit: %d cores / %.5f CPU-s per article (%s) = %.1f articles/s%n", cores, cpuPerArticle,
                    alone.values().stream().map(r -> r.stage + String.format(" %.5f", r.totalCpuPerArticle()))
                            .collect(Collectors.joining(" + ")), limit);
            out.println("scaling expected with more cores (CPU-bound, one process per core): " + alone.values().stream()
                    .map(r -> String.format("%s %.0f articles/s per core", r.stage, 1 / r.totalCpuPerArticle()))
                    .collect(Collectors.joining(", ")));

            Whole whole = bench.wholePipeline(bench.settingsNow(), "whole", true);
            out.println();
            out.printf("whole pipeline (one JVM: ingest, enrich, publish, heap max %s; PUBLISH_BATCH_WAIT %s)%n",
                    options.heap, PublishConfig.from(new Settings(Map.of())).batch().maxWait().toMillis() + "ms");
            out.printf("time to ready: %.1f s (JVM start to 'ready': models, topics, index, consumer groups)%n",
                    whole.readySeconds);
            out.printf("burst: %d articles dropped at once, all searchable in %.1f s = %.1f articles/s%n",
                    options.articles, whole.burstSeconds, options.articles / whole.burstSeconds);
            out.println(latencyLine("drop -> searchable after the burst", whole.burst));
            out.println(latencyLine(String.format("drop -> searchable at %.0f files/s for %d s", options.rate,
                    options.steadySeconds), whole.steady));
            out.println(whole.endToEnd.describe());
            if (options.compare) {
                Whole before = bench.wholePipeline(BEFORE, "before", false);
                out.println(latencyLine(String.format("the same with the settings of before (%s), %d s",
                        BEFORE.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining(" ")), Math.min(options.steadySeconds, 20)), before.steady));
            }
            out.println(bench.indexSize());
            out.println();
            memory.add(new Memory("benchmark JVM (Kafka broker, driver)", ownPeakHeap.get(),
                    Runtime.getRuntime().maxMemory(), ProcFs.peakRssBytes(ProcessHandle.current().pid())));
            memory.add(bench.elasticsearchMemory());
            out.println("memory: peak heap in use / heap max / peak RSS");
            for (Memory m : memory) {
                out.printf("  %-48s %5d / %5d / %5d MB%n", m.jvm, m.peakHeap >> 20, m.maxHeap >> 20, m.peakRss >> 20);
            }
            double ratio = options.articles / whole.burstSeconds / limit;
            out.printf("whole pipeline %.1f articles/s against a limit of %.1f articles/s%n",
                    options.articles / whole.burstSeconds, limit);
            out.printf("whole/limit: %.2f%n", ratio);
        } finally {
            sampler.interrupt();
            deleteTree(work);
        }
        return 0;
    }

    static String latencyLine(String what, double[] latencies) {
        return String.format("%s: p50 %.2f s, p90 %.2f s, p99 %.2f s, max %.2f s (%d files)", what,
                SearchWatcher.percentile(latencies, 50), SearchWatcher.percentile(latencies, 90),
                SearchWatcher.percentile(latencies, 99), SearchWatcher.percentile(latencies, 100), latencies.length);
    }

    private static String join(List<? extends Number> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining("/"));
    }

    record Whole(double readySeconds, double burstSeconds, double[] burst, double[] steady,
                 EndToEndComparison endToEnd) {
    }

    /**
     * Only the steady part of the whole-pipeline run, against a broker and a node that exist, with {@code settings}
     * added to the pipeline JVM's environment: the end-to-end histogram on /metrics beside the measurement from
     * outside ({@code EndToEndHistogramIT}).
     */
    static EndToEndComparison endToEnd(String bootstrap, String elasticsearch, Map<String, String> settings,
                                       List<String> args, PrintStream progress) throws Exception {
        Options options = Options.parse(args);
        Path work = Files.createTempDirectory("pipeline-end-to-end-");
        try (KafkaProbe probe = new KafkaProbe(bootstrap)) {
            TopicAdmin.ensureTopics(new KafkaSettings(bootstrap), new Settings(settings), Topics.RAW, Topics.ENRICHED,
                    Topics.DLQ);
            Benchmark bench = new Benchmark(options, work, bootstrap, elasticsearch, probe, progress, new ArrayList<>());
            return bench.wholePipeline(settings, "end-to-end", false).endToEnd;
        } finally {
            deleteTree(work);
        }
    }

    /** The state of one benchmark run: the infrastructure, the articles, what was measured. */
    private static final class Benchmark {

        private static final Pattern INGESTED = Pattern.compile(" ingested ");
        private static final Pattern ENRICHED = Pattern.compile("Enriched article ");
        private static final Pattern INDEXED = Pattern.compile("(indexed article|already indexed)");

        private final Options options;
        private final Path work;
        private final String bootstrap;
        private final String elasticsearch;
        private final KafkaProbe probe;
        private final PrintStream progress;
        private final List<Memory> memory;
        private final List<String> bodies = BenchmarkArticles.shipped();
        private Cpu idlePerSecond = new Cpu(0, 0, 0);
        private List<ConsumerRecord<byte[], byte[]>> rawRecords = List.of();
        private List<ConsumerRecord<byte[], byte[]>> enrichedRecords = List.of();

        Benchmark(Options options, Path work, String bootstrap, String elasticsearch, KafkaProbe probe,
                  PrintStream progress, List<Memory> memory) {
            this.options = options;
            this.work = work;
            this.bootstrap = bootstrap;
            this.elasticsearch = elasticsearch;
            this.probe = probe;
            this.progress = progress;
            this.memory = memory;
        }

        double averageArticleBytes() {
            return bodies.stream().mapToInt(b -> b.getBytes(StandardCharsets.UTF_8).length).average().orElse(0);
        }

        Map<String, String> settingsNow() {
            return Map.of();
        }

        /** CPU the broker's JVM and the node use per second while no stage runs, to take out of each run's share. */
        Cpu measureIdle(Duration over) throws InterruptedException {
            Cpu before = Cpu.now(List.of());
            Thread.sleep(over.toMillis());
            Cpu used = Cpu.now(List.of()).minus(before);
            idlePerSecond = new Cpu(0, used.broker / over.toSeconds(), used.elasticsearch / over.toSeconds());
            return idlePerSecond;
        }

        List<StageRun> stageRuns() throws Exception {
            List<StageRun> runs = new ArrayList<>();
            for (int k = 1; k <= options.maxProcesses; k++) {
                runs.add(ingest(k));
            }
            for (int k = 1; k <= options.maxProcesses; k++) {
                runs.add(enrich(k));
            }
            for (int k = 1; k <= options.maxProcesses; k++) {
                runs.add(publish(k));
            }
            return runs;
        }

        /** k ingest processes, each with its own inbox (a shared inbox needs shared claims), N files in all. */
        private StageRun ingest(int k) throws Exception {
            progress.printf("ingest alone, %d process(es) ...%n", k);
            List<Path> inboxes = new ArrayList<>();
            List<ChildJvm> children = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                Path inbox = Files.createDirectories(work.resolve("ingest-" + k + "-" + i));
                inboxes.add(inbox);
                children.add(ChildJvm.start("ingest-" + k + "-" + i, "ingest", options.heap,
                        env(Map.of("INGEST_INBOX", inbox.toString())), work, INGESTED));
            }
            children.forEach(c -> c.awaitReady(Duration.ofMinutes(3)));
            Path staging = writeArticles("ingest" + k, options.articles);
            Map<TopicPartition, Long> before = probe.endOffsets(Topics.RAW.name());
            Cpu cpu = Cpu.now(children);
            long started = System.nanoTime();
            List<Path> files = list(staging);
            for (int i = 0; i < files.size(); i++) {
                Path file = files.get(i);
                Files.move(file, inboxes.get(i % k).resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            }
            long target = KafkaProbe.sum(before) + options.articles;
            awaitCount(() -> KafkaProbe.sum(probe.endOffsets(Topics.RAW.name())), target, "articles in articles.raw");
            double seconds = (System.nanoTime() - started) / 1e9;
            Cpu used = Cpu.now(children).minus(cpu);
            Map<TopicPartition, Long> after = probe.endOffsets(Topics.RAW.name());
            if (k == 1) {
                rawRecords = probe.read(Topics.RAW.name(), before, after);
            }
            return finish("ingest", k, seconds, used, children, List.of(), perPartition(before, after));
        }

        /** k enrich processes of one new group, started at the end of articles.raw, then N articles copied in. */
        private StageRun enrich(int k) throws Exception {
            progress.printf("enrich alone, %d process(es) ...%n", k);
            String group = "benchmark-enrich-" + k;
            probe.startAtEnd(group, Topics.RAW.name());
            List<ChildJvm> children = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                children.add(ChildJvm.start("enrich-" + k + "-" + i, "enrich", options.heap,
                        env(Map.of("ENRICH_GROUP_ID", group, "ENRICH_THREADS", "1")), work, ENRICHED));
            }
            children.forEach(c -> c.awaitReady(Duration.ofMinutes(3)));
            List<Integer> balance = probe.awaitBalanced(group, Topics.RAW.name(), k, Duration.ofMinutes(2));
            long start = probe.committed(group, Topics.RAW.name());
            Map<TopicPartition, Long> before = probe.endOffsets(Topics.ENRICHED.name());
            Cpu cpu = Cpu.now(children);
            long started = System.nanoTime();
            probe.copy(rawRecords);
            awaitCount(() -> probe.committed(group, Topics.RAW.name()), start + rawRecords.size(), "articles enriched");
            double seconds = (System.nanoTime() - started) / 1e9;
            Cpu used = Cpu.now(children).minus(cpu);
            Map<TopicPartition, Long> after = probe.endOffsets(Topics.ENRICHED.name());
            if (k == 1) {
                enrichedRecords = probe.read(Topics.ENRICHED.name(), before, after);
            }
            return finish("enrich", k, seconds, used, children, balance, perPartition(before, after));
        }

        /** k publish processes of one new group and a new index, started at the end of articles.enriched. */
        private StageRun publish(int k) throws Exception {
            progress.printf("publish alone, %d process(es) ...%n", k);
            String group = "benchmark-publish-" + k;
            probe.startAtEnd(group, Topics.ENRICHED.name());
            List<ChildJvm> children = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                children.add(ChildJvm.start("publish-" + k + "-" + i, "publish", options.heap,
                        env(Map.of("PUBLISH_GROUP_ID", group, "PUBLISH_ALIAS", "benchmark-" + k)), work, INDEXED));
            }
            children.forEach(c -> c.awaitReady(Duration.ofMinutes(3)));
            List<Integer> balance = probe.awaitBalanced(group, Topics.ENRICHED.name(), k, Duration.ofMinutes(2));
            long start = probe.committed(group, Topics.ENRICHED.name());
            Cpu cpu = Cpu.now(children);
            long started = System.nanoTime();
            probe.copy(enrichedRecords);
            awaitCount(() -> probe.committed(group, Topics.ENRICHED.name()), start + enrichedRecords.size(),
                    "articles indexed");
            double seconds = (System.nanoTime() - started) / 1e9;
            Cpu used = Cpu.now(children).minus(cpu);
            Map<Integer, Long> perPartition = new java.util.TreeMap<>();
            enrichedRecords.forEach(r -> perPartition.merge(r.partition(), 1L, Long::sum));
            return finish("publish", k, seconds, used, children, balance, List.copyOf(perPartition.values()));
        }

        private StageRun finish(String stage, int k, double seconds, Cpu used, List<ChildJvm> children,
                                List<Integer> balance, List<Long> perPartition) {
            List<Long> articles = children.stream().map(ChildJvm::articles).toList();
            long peakHeap = 0;
            long peakRss = 0;
            for (ChildJvm child : children) {
                peakHeap = Math.max(peakHeap, child.stop());
                peakRss = Math.max(peakRss, child.peakRssBytes());
            }
            memory.add(new Memory(stage + " alone, " + k + " process(es) (largest)", peakHeap, heapBytes(), peakRss));
            double broker = Math.max(0, used.broker - idlePerSecond.broker * seconds);
            double elasticsearch = Math.max(0, used.elasticsearch - idlePerSecond.elasticsearch * seconds);
            return new StageRun(stage, k, options.articles, seconds, used.stages, broker, elasticsearch,
                    articles, balance, perPartition, peakHeap, peakRss);
        }

        /** The three stages in one JVM with the default groups and alias, started at the ends of their topics. */
        Whole wholePipeline(Map<String, String> settings, String tag, boolean full) throws Exception {
            progress.printf("whole pipeline (%s) ...%n", tag);
            Settings defaults = new Settings(settings);
            probe.startAtEnd(com.researchpipeline.enrich.EnrichConfig.from(defaults).groupId(), Topics.RAW.name());
            probe.startAtEnd(PublishConfig.from(defaults).groupId(), Topics.ENRICHED.name());
            Path inbox = Files.createDirectories(work.resolve("inbox-" + tag));
            Map<String, String> env = new HashMap<>(settings);
            env.put("INGEST_INBOX", inbox.toString());
            int metricsPort = PrometheusText.freePort();
            env.put("PIPELINE_METRICS_PORT", Integer.toString(metricsPort));
            String alias = PublishConfig.from(defaults).alias();
            ChildJvm child = ChildJvm.start("pipeline-" + tag, "all", options.heap, env(env), work, INDEXED);
            double ready = child.awaitReady(Duration.ofMinutes(3));
            double burstSeconds = 0;
            double[] burst = new double[0];
            if (full) {
                Path staging = writeArticles(tag + "-burst", options.articles);
                try (SearchWatcher watcher = new SearchWatcher(elasticsearch, alias, tag + "-burst-")) {
                    long started = System.nanoTime();
                    for (Path file : list(staging)) {
                        Files.move(file, inbox.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                        watcher.dropped(file.getFileName().toString());
                    }
                    watcher.awaitSearchable(options.articles, STUCK);
                    burstSeconds = (watcher.lastSearchableNanos() - started) / 1e9;
                    burst = watcher.latencies();
                }
            }
            int seconds = full ? options.steadySeconds : Math.min(options.steadySeconds, 20);
            int count = (int) Math.round(options.rate * seconds);
            Path staging = writeArticles(tag + "-steady", count);
            double[] steady;
            double[] steadySinceIngested;
            double[] steadyAsked;
            PrometheusText metricsBefore;
            try (SearchWatcher watcher = new SearchWatcher(elasticsearch, alias, tag + "-steady-")) {
                metricsBefore = PrometheusText.scrape(metricsPort);
                List<Path> files = list(staging);
                long started = System.nanoTime();
                for (int i = 0; i < files.size(); i++) {
                    long due = started + (long) (i * 1e9 / options.rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    Path file = files.get(i);
                    Files.move(file, inbox.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                    watcher.dropped(file.getFileName().toString());
                }
                watcher.awaitSearchable(count, STUCK);
                steady = watcher.latencies();
                steadySinceIngested = watcher.sinceIngested();
                steadyAsked = watcher.sinceIngestedAsked();
            }
            EndToEndComparison endToEnd = EndToEndComparison.of(metricsBefore,
                    histogramCounted(metricsPort, metricsBefore, count), steadySinceIngested, steadyAsked, steady);
            long peakHeap = child.stop();
            memory.add(new Memory("pipeline JVM, " + tag + " (ingest+enrich+publish)", peakHeap, heapBytes(),
                    child.peakRssBytes()));
            return new Whole(ready, burstSeconds, burst, steady, endToEnd);
        }

        /**
         * A scrape once the histogram has counted {@code count} more articles than {@code before} (a document can be
         * searchable before publish has read the bulk answer that counts it), or after 30 s, whatever it holds.
         */
        private static PrometheusText histogramCounted(int port, PrometheusText before, int count) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String name = EndToEndComparison.METRIC + "_count";
            while (true) {
                PrometheusText now = PrometheusText.scrape(port);
                if (now.value(name) - before.value(name) >= count || System.nanoTime() > deadline) {
                    return now;
                }
                Thread.sleep(100);
            }
        }

        /** Documents and bytes on disk of the alias the whole pipeline wrote, for sizing (docs/SCALING.md). */
        String indexSize() throws Exception {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(elasticsearch
                    + "/articles/_stats/docs,store")).build(), HttpResponse.BodyHandlers.ofString());
            var primaries = com.researchpipeline.contract.JsonSerde.mapper().readTree(response.body())
                    .at("/_all/primaries");
            // _stats counts each nested entity as a document too: _count counts articles
            HttpResponse<String> count = HTTP.send(HttpRequest.newBuilder(URI.create(elasticsearch + "/articles/_count"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            long docs = com.researchpipeline.contract.JsonSerde.mapper().readTree(count.body()).path("count").asLong();
            long bytes = primaries.at("/store/size_in_bytes").asLong();
            return String.format("index 'articles': %d documents, %.1f MB on disk, %.1f KB per document", docs,
                    bytes / 1e6, docs == 0 ? 0 : bytes / 1e3 / docs);
        }

        Memory elasticsearchMemory() throws Exception {
            long rss = ProcessHandle.current().children().filter(p -> !isStage(p))
                    .flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants()))
                    .mapToLong(p -> ProcFs.peakRssBytes(p.pid())).max().orElse(0);
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(elasticsearch + "/_nodes/stats/jvm"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            var nodes = com.researchpipeline.contract.JsonSerde.mapper().readTree(response.body()).get("nodes");
            var mem = nodes.elements().next().at("/jvm/mem");
            long peak = 0;
            for (var pool : (Iterable<java.util.Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>>)
                    () -> mem.get("pools").fields()) {
                peak += pool.getValue().path("peak_used_in_bytes").asLong();
            }
            return new Memory("Elasticsearch node (sum of its pools' peaks)", peak,
                    mem.path("heap_max_in_bytes").asLong(), rss);
        }

        private Map<String, String> env(Map<String, String> extra) {
            Map<String, String> env = new HashMap<>();
            env.put(KafkaSettings.BOOTSTRAP_SERVERS, bootstrap);
            env.put("ELASTICSEARCH_URL", elasticsearch);
            env.put("PIPELINE_LOG_LEVEL", "INFO");
            env.putAll(extra);
            return env;
        }

        private long heapBytes() {
            String heap = options.heap.toLowerCase();
            long n = Long.parseLong(heap.replaceAll("[kmg]$", ""));
            return heap.endsWith("g") ? n << 30 : heap.endsWith("m") ? n << 20 : heap.endsWith("k") ? n << 10 : n;
        }

        /** Distinct articles (each its own id) cycled from the articles the extractor benchmark ships. */
        private Path writeArticles(String tag, int count) throws IOException {
            Path folder = Files.createDirectories(work.resolve("staging-" + tag));
            for (int i = 0; i < count; i++) {
                String text = bodies.get(i % bodies.size()) + "\n\nBenchmark copy " + tag + " " + i + ".\n";
                Files.writeString(folder.resolve(String.format("%s-%05d.md", tag, i)), text, StandardCharsets.UTF_8);
            }
            return folder;
        }

        private static List<Path> list(Path folder) throws IOException {
            try (var files = Files.list(folder)) {
                return files.sorted().toList();
            }
        }

        private static List<Long> perPartition(Map<TopicPartition, Long> before, Map<TopicPartition, Long> after) {
            return after.entrySet().stream().map(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).toList();
        }

        private static boolean isStage(ProcessHandle process) {
            return process.info().arguments().map(a -> List.of(a).contains(StageProcess.class.getName())).orElse(false);
        }

        private static void awaitCount(java.util.function.LongSupplier current, long target, String what)
                throws InterruptedException {
            long last = -1;
            long lastChange = System.nanoTime();
            while (true) {
                long now = current.getAsLong();
                if (now >= target) {
                    return;
                }
                if (now != last) {
                    last = now;
                    lastChange = System.nanoTime();
                } else if (System.nanoTime() - lastChange > STUCK.toNanos()) {
                    throw new IllegalStateException("stuck at " + now + " of " + target + " " + what + " for "
                            + STUCK.toMinutes() + " minutes");
                }
                Thread.sleep(100);
            }
        }
    }

    /** CPU seconds used so far by the stage JVMs, by this JVM (the broker) and by the Elasticsearch node. */
    private record Cpu(double stages, double broker, double elasticsearch) {

        static Cpu now(List<ChildJvm> children) {
            double stages = children.stream().mapToDouble(ChildJvm::cpuSeconds).sum();
            double broker = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime() / 1e9;
            double elasticsearch = ProcessHandle.current().children().filter(p -> !Benchmark.isStage(p))
                    .flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants()))
                    .mapToDouble(p -> ProcFs.cpuSeconds(p.pid())).sum();
            return new Cpu(stages, broker, elasticsearch);
        }

        Cpu minus(Cpu earlier) {
            return new Cpu(stages - earlier.stages, broker - earlier.broker, elasticsearch - earlier.elasticsearch);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private PipelineBenchmarkCommand() {
    }
}
