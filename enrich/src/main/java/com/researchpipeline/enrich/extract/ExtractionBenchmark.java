package com.researchpipeline.enrich.extract;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * Measures whole enrichment (sentences, tokens, parts of speech, every finder, resolution, abbreviation
 * linking) on one thread: warm-up rounds, then timed rounds over the same articles.
 */
public final class ExtractionBenchmark {

    /**
     * One timed pass over every article: wall time, and the CPU time of the thread, which other work on a shared
     * machine leaves nearly untouched.
     */
    public record Round(int articles, int sentences, int tokens, int entities, long nanos, long cpuNanos) {
        public double tokensPerSecond() {
            return tokens / (nanos / 1e9);
        }

        public double tokensPerCpuSecond() {
            return tokens / (cpuNanos / 1e9);
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

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
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        for (String body : bodies) {
            AnalyzedText text = extractor.analyze(body);
            entities += extractor.extract(text).size();
            sentences += text.sentenceCount();
            tokens += text.tokenCount();
        }
        return new Round(bodies.size(), sentences, tokens, entities, System.nanoTime() - start,
                THREADS.getCurrentThreadCpuTime() - cpuStart);
    }
}
