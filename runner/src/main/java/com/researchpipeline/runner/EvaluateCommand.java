package com.researchpipeline.runner;

import com.researchpipeline.enrich.extract.EntityExtractor;
import com.researchpipeline.tools.EntityScorer;
import com.researchpipeline.tools.GoldCorpus;
import com.researchpipeline.ingest.ArticleCleaner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code evaluate GOLD_DIR [--verbose]}: cleans and extracts every {@code NAME.txt} of the folder and scores it
 * against {@code NAME.json} as the corpus guidelines say (the same normalisation and micro-average as
 * {@code score-entities.py}); prints precision, recall and F1 per type and overall, and with {@code --verbose}
 * each miss and false hit. Exit code 1 when a file cannot be read, 2 on bad arguments.
 */
public final class EvaluateCommand {

    static final String USAGE = "usage: pipeline evaluate GOLD_DIR [--verbose]\n"
            + "  GOLD_DIR holds NAME.txt articles with NAME.json gold files ({\"entities\": [{\"type\", \"text\"}]})";

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>(args);
        boolean verbose = rest.remove("--verbose");
        if (rest.size() != 1 || rest.get(0).startsWith("-") || !Files.isDirectory(Path.of(rest.get(0)))) {
            err.println(rest.size() == 1 && !rest.get(0).startsWith("-")
                    ? "evaluate: " + rest.get(0) + " is not a folder" : USAGE);
            return 2;
        }
        Path folder = Path.of(rest.get(0));
        List<Path> golds;
        try (Stream<Path> files = Files.list(folder)) {
            golds = files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            err.println("evaluate: cannot list " + folder + ": " + e);
            return 1;
        }
        if (golds.isEmpty()) {
            err.println("evaluate: no *.json gold files in " + folder);
            return 1;
        }
        EntityExtractor extractor = EntityExtractor.load();
        ArticleCleaner cleaner = new ArticleCleaner();
        EntityScorer scorer = new EntityScorer();
        int failed = 0;
        for (Path gold : golds) {
            String stem = gold.getFileName().toString().replaceFirst("\\.json$", "");
            Path article = gold.resolveSibling(stem + ".txt");
            try {
                String body = ExtractCommand.cleanedBody(cleaner, article);
                scorer.add(stem, GoldCorpus.read(gold), extractor.extract(body));
            } catch (ExtractCommand.CannotReadArticle | java.io.UncheckedIOException e) {
                err.println("evaluate: " + e.getMessage());
                failed++;
            }
        }
        scorer.print(out, verbose);
        return failed > 0 ? 1 : 0;
    }

    private EvaluateCommand() {
    }
}
