package com.researchpipeline.enrich.extract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures whole enrichment (sentences, tokens, parts of speech, every finder, resolution, abbreviation
 * linking) on one thread: warm-up rounds, then timed rounds over the same articles.
 */
public final class ExtractionBenchmark {

    /** One timed pass over every article. */
    public record Round(int articles, int sentences, int tokens, int entities, long nanos) {
        public double tokensPerSecond() {
            return tokens / (nanos / 1e9);
        }
    }

    private final EntityExtractor extractor;

    public ExtractionBenchmark(EntityExtractor extractor) {
        this.extractor = extractor;
    }

    /** Runs one pass over the bodies on the calling thread. */
    public Round round(List<String> bodies) {
        int sentences = 0;
        int tokens = 0;
        int entities = 0;
        long start = System.nanoTime();
        for (String body : bodies) {
            AnalyzedText text = extractor.analyze(body);
            entities += extractor.extract(text).size();
            sentences += text.sentenceCount();
            tokens += text.tokenCount();
        }
        return new Round(bodies.size(), sentences, tokens, entities, System.nanoTime() - start);
    }

    /** The articles shipped with the extractor for benchmarking: the corpus's seed and development articles. */
    public static List<String> shippedArticles() {
        List<String> bodies = new ArrayList<>();
        for (String name : resource("benchmark/index.txt").split("\n")) {
            if (!name.isBlank()) {
                bodies.add(resource("benchmark/" + name.strip()));
            }
        }
        return bodies;
    }

    private static String resource(String name) {
        try (InputStream in = ExtractionBenchmark.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("benchmark resource " + name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
