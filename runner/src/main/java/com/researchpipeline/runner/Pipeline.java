package com.researchpipeline.runner;

import com.researchpipeline.contract.OpenFileLimit;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.StageRunner;
import com.researchpipeline.enrich.EnrichApplication;
import com.researchpipeline.enrich.EnrichConfig;
import com.researchpipeline.enrich.EnrichService;
import com.researchpipeline.ingest.IngestConfig;
import com.researchpipeline.ingest.IngestService;
import com.researchpipeline.observability.Observability;
import com.researchpipeline.publish.PublishConfig;
import com.researchpipeline.publish.PublishService;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/** Entry point of {@code bin/pipeline}: one sub-command per job. */
public final class Pipeline {

    static final String USAGE = """
            usage: bin/pipeline COMMAND [ARGS]
              run [--inbox DIR] [--data DIR] [--kafka-port N] [--elasticsearch-port N]
                                   everything on this machine: Kafka, Elasticsearch, ingest, enrich, publish
              stage ingest|enrich|publish
                                   one stage alone, configured from the environment (KAFKA_BOOTSTRAP_SERVERS ...)
              extract FILE...      print the entities of each file as JSON lines (no Kafka, no Elasticsearch)
              evaluate GOLD_DIR [--verbose]
                                   precision, recall and F1 against gold annotations
              benchmark [FILE...]  enrichment throughput in tokens per second per core
              replay enrich|publish
                                   the stopped stage processes its whole input topic again when next started
              status               is it healthy and keeping up: stages, inbox, in flight, done, failed, lag,
                                   dead letters, documents, the slowest recent article
              trace FILE|ID        one file's or article's way through the stages, with times and reasons
              redrive              dead letters of enrich and publish go back to their topics; rejected files
                                   are listed
              benchmark-pipeline [--articles N] [--rate R] [--steady-seconds S] [--processes MAX]
                                   the whole pipeline on this machine: articles per second from inbox to
                                   search hit, and memory""";

    /** Asks for the usage: of all commands in first place, of that command right after one. */
    private static final List<String> HELP = List.of("--help", "-h");

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("status") || args[0].equals("trace"))) {
            // before the first logger: these commands report an unreachable broker in one line of their own
            System.setProperty("pipeline.kafka.log.level", "ERROR");
        }
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.isEmpty()) {
            err.println(USAGE);
            return 2;
        }
        if (HELP.contains(args.get(0)) || args.get(0).equals("help")) {
            out.println(USAGE);
            return 0;
        }
        List<String> rest = args.subList(1, args.size());
        Optional<String> usage = usageOf(args.get(0));
        if (rest.size() == 1 && HELP.contains(rest.get(0)) && usage.isPresent()) {
            out.println(usage.get());
            return 0;
        }
        try {
            return switch (args.get(0)) {
                case "run" -> runLocally(rest);
                case "stage" -> runStage(rest, err);
                case "extract" -> ExtractCommand.run(rest, out, err);
                case "evaluate" -> EvaluateCommand.run(rest, out, err);
                case "benchmark" -> BenchmarkCommand.run(rest, out, err);
                case "benchmark-pipeline" -> PipelineBenchmarkCommand.run(rest, out, err);
                case "replay" -> OperationsCommand.replay(rest, Settings.fromEnvironment(), out, err);
                case "status" -> StatusCommand.run(rest, Settings.fromEnvironment(), out, err);
                case "trace" -> TraceCommand.run(rest, Settings.fromEnvironment(), out, err);
                case "redrive" -> OperationsCommand.redrive(rest, Settings.fromEnvironment(), out, err);
                default -> {
                    err.println("unknown command '" + args.get(0) + "'\n" + USAGE);
                    yield 2;
                }
            };
        } catch (IllegalArgumentException | Settings.ConfigException e) {
            err.println(e.getMessage());
            return 2;
        }
    }

    /** The lines of {@link #USAGE} that describe {@code command}, as its own usage. */
    static Optional<String> usageOf(String command) {
        List<String> lines = USAGE.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).equals("  " + command) || lines.get(i).startsWith("  " + command + " ")) {
                String[] synopsisAndText = lines.get(i).strip().split(" {2,}", 2);
                StringBuilder usage = new StringBuilder("usage: bin/pipeline ").append(synopsisAndText[0]);
                if (synopsisAndText.length == 2) {
                    usage.append("\n  ").append(synopsisAndText[1]);
                }
                for (int j = i + 1; j < lines.size() && lines.get(j).startsWith("   "); j++) {
                    usage.append("\n  ").append(lines.get(j).strip());
                }
                return Optional.of(usage.toString());
            }
        }
        return Optional.empty();
    }

    private static int runLocally(List<String> args) throws Exception {
        Settings env = Settings.fromEnvironment();
        LocalOptions options = LocalOptions.parse(args, env);
        LocalPipeline pipeline = new LocalPipeline();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            System.out.println("stopping ...");
            LocalShutdown.closeWithin(pipeline, LocalShutdown.BUDGET);
            stopped.countDown();
        }, "pipeline-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            OpenFileLimit.require("bin/pipeline run");
            pipeline.start(options, env);
        } catch (RuntimeException e) {
            System.err.println("could not start the pipeline: " + e.getMessage());
            pipeline.close();
            return 1;
        }
        CompletableFuture.anyOf(pipeline.failure(), CompletableFuture.runAsync(() -> {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })).get();
        if (pipeline.failure().isDone() && stopped.getCount() > 0) {
            System.err.println("stopping the pipeline: " + pipeline.failure().get());
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                return 1; // a SIGTERM came at the same moment: its hook stops everything
            }
            LocalShutdown.closeWithin(pipeline, LocalShutdown.BUDGET);
            return 1;
        }
        return 0;
    }

    private static int runStage(List<String> args, PrintStream err) throws InterruptedException {
        if (args.size() != 1) {
            err.println("usage: bin/pipeline stage ingest|enrich|publish");
            return 2;
        }
        Settings env = Settings.fromEnvironment();
        if (!List.of("ingest", "enrich", "publish").contains(args.get(0))) {
            err.println("unknown stage '" + args.get(0) + "': expected ingest, enrich or publish");
            return 2;
        }
        String stage = args.get(0);
        return StageRunner.exitCode(stage, err, () -> {
            OpenFileLimit.require(stage); // before anything waits for Kafka
            runStage(stage, env);
        });
    }

    private static void runStage(String stage, Settings env) throws InterruptedException {
        try (Observability observability = Observability.from(env,
                stage.toUpperCase(java.util.Locale.ROOT) + "_METRICS_PORT", StatusCommand.defaultPort(stage))) {
            switch (stage) {
                case "ingest" -> StageRunner.runUntilStopped(new IngestService(IngestConfig.from(env), observability));
                case "enrich" -> StageRunner.runUntilStopped(new EnrichService(EnrichConfig.from(env),
                        EnrichApplication.loadExtractor(), observability));
                default -> StageRunner.runUntilStopped(new PublishService(PublishConfig.from(env), observability));
            }
        }
    }

    private Pipeline() {
    }
}
