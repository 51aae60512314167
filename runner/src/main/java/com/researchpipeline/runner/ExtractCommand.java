package com.researchpipeline.runner;

import com.researchpipeline.contract.Entity;
import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.enrich.extract.EntityExtractor;
import com.researchpipeline.ingest.ArticleCleaner;
import com.researchpipeline.ingest.RejectedInputException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code extract FILE...}: cleans each file as the ingest stage does and prints one JSON line per file,
 * {@code {"source": ..., "entities": [...]}}. Needs no Kafka and no Elasticsearch. A file that cannot be read
 * or that the cleaner rejects is reported on stderr and skipped; the exit code is then 1.
 */
public final class ExtractCommand {

    static final String USAGE = "usage: pipeline extract FILE...\n"
            + "  prints one JSON line per file: {\"source\": FILE, \"entities\": [{\"type\", \"text\", \"canonical\","
            + " \"start\", \"end\", \"sentence\", \"confidence\", \"finder\"}, ...]}";

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.stream().anyMatch(a -> a.startsWith("-"))) {
            err.println(USAGE);
            return 2;
        }
        EntityExtractor extractor = EntityExtractor.load();
        ArticleCleaner cleaner = new ArticleCleaner();
        int failed = 0;
        int done = 0;
        for (String file : args) {
            try {
                String body = cleanedBody(cleaner, Path.of(file));
                out.println(line(file, extractor.extract(body)));
            } catch (CannotReadArticle e) {
                err.println("extract: " + e.getMessage());
                failed++;
            }
            done++;
            if (args.size() >= 50 && done % 50 == 0) {
                err.printf("extract: %d of %d files%n", done, args.size());
            }
        }
        out.flush();
        if (failed > 0) {
            err.printf("extract: %d of %d files failed%n", failed, args.size());
            return 1;
        }
        return 0;
    }

    static String line(String source, List<Entity> entities) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("source", source);
        line.put("entities", entities);
        return JsonSerde.toJson(line);
    }

    /** The body the ingest stage would publish for this file. */
    static String cleanedBody(ArticleCleaner cleaner, Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CannotReadArticle(file + ": cannot read the file (" + e + ")");
        }
        try {
            return cleaner.clean(content, file.getFileName().toString()).body();
        } catch (RejectedInputException e) {
            throw new CannotReadArticle(file + ": rejected: " + e.getMessage() + "; " + e.action());
        }
    }

    /** A file that gives no article; the command reports it and goes on with the next. */
    static final class CannotReadArticle extends RuntimeException {
        CannotReadArticle(String message) {
            super(message);
        }
    }

    private ExtractCommand() {
    }
}
