package com.researchpipeline.runner;

import com.researchpipeline.enrich.extract.EntityExtractor;
import com.researchpipeline.enrich.extract.ExtractionBenchmark;
import com.researchpipeline.tools.BenchmarkArticles;
import com.researchpipeline.ingest.ArticleCleaner;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code benchmark [FILE...]}: whole enrichment throughput on one thread, in OpenNLP tokens per second (so per
 * core): loads the extractor, cleans the articles (the shipped seed and development articles by default), runs
 * warm-up rounds, then timed rounds, and prints each round and the median.
 */
public final class BenchmarkCommand {

    static final String USAGE = "usage: pipeline benchmark [FILE...]\n"
            + "  measures entity extraction on one thread; without files it uses the articles shipped with the extractor";
    private static final int WARM_UP_ROUNDS = 5;
    private static final int TIMED_ROUNDS = 7;
    /** Each round repeats the articles until it holds at least this many tokens, so a round lasts long enough to time. */
    private static final int MIN_TOKENS_PER_ROUND = 200_000;

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.stream().anyMatch(a -> a.startsWith("-"))) {
            err.println(USAGE);
            return 2;
        }
        long loadStart = System.nanoTime();
        EntityExtractor extractor = EntityExtractor.load();
        long loadNanos = System.nanoTime() - loadStart;
        List<String> articles = new ArrayList<>();
        if (args.isEmpty()) {
            articles.addAll(BenchmarkArticles.shipped());
        } else {
            ArticleCleaner cleaner = new ArticleCleaner();
            for (String file : args) {
                try {
                    articles.add(ExtractCommand.cleanedBody(cleaner, Path.of(file)));
                } catch (ExtractCommand.CannotReadArticle e) {
                    err.println("benchmark: " + e.getMessage());
                    return 1;
                }
            }
        }
        ExtractionBenchmark benchmark = new ExtractionBenchmark(extractor);
        ExtractionBenchmark.Round once = benchmark.round(articles);
        List<String> round = new ArrayList<>();
        while (round.size() < articles.size() * 1000
                && (round.isEmpty() || (long) once.tokens() * round.size() / articles.size() < MIN_TOKENS_PER_ROUND)) {
            round.addAll(articles);
        }
        out.printf(Locale.ROOT, "model %s, loaded in %.2f s%n", extractor.modelVersion(), loadNanos / 1e9);
        out.printf(Locale.ROOT, "input: %d articles, %d sentences, %d tokens; a round repeats them to %d articles%n",
                once.articles(), once.sentences(), once.tokens(), round.size());
        for (int i = 0; i < WARM_UP_ROUNDS; i++) {
            benchmark.round(round);
        }
        double[] rates = new double[TIMED_ROUNDS];
        double[] cpuRates = new double[TIMED_ROUNDS];
        for (int i = 0; i < TIMED_ROUNDS; i++) {
            ExtractionBenchmark.Round r = benchmark.round(round);
            rates[i] = r.tokensPerSecond();
            cpuRates[i] = r.tokensPerCpuSecond();
            out.printf(Locale.ROOT, "round %d: %d tokens, %d entities in %.3f s = %,.0f tokens/s (%,.0f per CPU-s)%n",
                    i + 1, r.tokens(), r.entities(), r.nanos() / 1e9, rates[i], cpuRates[i]);
        }
        Arrays.sort(rates);
        Arrays.sort(cpuRates);
        out.printf(Locale.ROOT, "median: %,.0f tokens/s/core (single thread; min %,.0f, max %,.0f)%n",
                rates[TIMED_ROUNDS / 2], rates[0], rates[TIMED_ROUNDS - 1]);
        // the thread's own CPU time: what a core does, even while other work shares the machine
        out.printf(Locale.ROOT, "median: %,.0f tokens per CPU-second of the thread (min %,.0f, max %,.0f)%n",
                cpuRates[TIMED_ROUNDS / 2], cpuRates[0], cpuRates[TIMED_ROUNDS - 1]);
        return 0;
    }

    private BenchmarkCommand() {
    }
}
