package com.researchpipeline.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The articles shipped for benchmarking the extractor and the pipeline: the corpus's seed and development articles. */
public final class BenchmarkArticles {

    /** Their bodies, in the order {@code benchmark/index.txt} lists them. */
    public static List<String> shipped() {
        List<String> bodies = new ArrayList<>();
        for (String name : resource("benchmark/index.txt").split("\n")) {
            if (!name.isBlank()) {
                bodies.add(resource("benchmark/" + name.strip()));
            }
        }
        return bodies;
    }

    private static String resource(String name) {
        try (InputStream in = BenchmarkArticles.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("benchmark resource " + name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private BenchmarkArticles() {
    }
}
