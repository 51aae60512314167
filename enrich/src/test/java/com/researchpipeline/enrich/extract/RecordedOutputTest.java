package com.researchpipeline.enrich.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.JsonSerde;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The extractor's whole output (every entity, offset, canonical name, confidence, finder and part) on the
 * project's own articles, byte for byte as recorded in {@code recorded/}: a refactoring that changes any of it
 * fails here. When a change of behaviour is meant, record anew with
 * {@code mvn -pl enrich -am verify -Dtest=RecordedOutputTest -Dextract.record=true
 * -Dsurefire.failIfNoSpecifiedTests=false} and review the diff of {@code recorded/} like code.
 */
class RecordedOutputTest {

    private static final Path TEST_RESOURCES = Path.of("src/test/resources");
    private static final String PACKAGE = "com/researchpipeline/enrich/extract/";
    /** Corpus name, folder of its articles (relative to the module). */
    private static final Map<String, Path> CORPORA = new LinkedHashMap<>();
    /** The articles of {@code bin/pipeline benchmark}, shipped by the tools module. */
    static final Path BENCHMARK = Path.of("../tools/src/main/resources/com/researchpipeline/tools/benchmark");

    static {
        CORPORA.put("fresh", TEST_RESOURCES.resolve(PACKAGE + "fresh"));
        CORPORA.put("heldout", TEST_RESOURCES.resolve(PACKAGE + "heldout"));
        CORPORA.put("abstracts", TEST_RESOURCES.resolve(PACKAGE + "abstracts"));
        CORPORA.put("seeds", TEST_RESOURCES.resolve("seeds"));
        CORPORA.put("benchmark", BENCHMARK);
    }

    private static EntityExtractor extractor;

    @BeforeAll
    static void loadOnce() {
        extractor = EntityExtractor.load();
    }

    /** One JSON line per article, in file-name order: {@code {"article": ..., "entities": [...]}}. */
    static String output(EntityExtractor extractor, Path folder) throws IOException {
        List<Path> articles;
        try (Stream<Path> files = Files.list(folder)) {
            articles = files.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
        }
        StringBuilder out = new StringBuilder();
        for (Path article : articles) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("article", article.getFileName().toString());
            line.put("entities", extractor.extract(Files.readString(article, StandardCharsets.UTF_8)));
            out.append(JsonSerde.toJson(line)).append('\n');
        }
        return out.toString();
    }

    @Test
    void theOutputOnEveryProjectCorpusIsTheRecordedOneByteForByte() throws IOException {
        boolean record = Boolean.getBoolean("extract.record");
        List<String> differing = new ArrayList<>();
        for (Map.Entry<String, Path> corpus : CORPORA.entrySet()) {
            String actual = output(extractor, corpus.getValue());
            String name = corpus.getKey() + ".jsonl";
            if (record) {
                Files.writeString(TEST_RESOURCES.resolve(PACKAGE + "recorded/" + name), actual, StandardCharsets.UTF_8);
                continue;
            }
            assertThat(actual.lines().count()).as(name + " articles").isGreaterThanOrEqualTo(3);
            String expected;
            try (InputStream in = RecordedOutputTest.class.getResourceAsStream("recorded/" + name)) {
                assertThat(in).as("recorded output " + name).isNotNull();
                expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            List<String> want = expected.lines().toList();
            List<String> got = actual.lines().toList();
            for (int i = 0; i < Math.max(want.size(), got.size()); i++) {
                String w = i < want.size() ? want.get(i) : "(none)";
                String g = i < got.size() ? got.get(i) : "(none)";
                if (!w.equals(g)) {
                    differing.add(name + " line " + (i + 1) + "\n  recorded: " + w + "\n  now:      " + g);
                }
            }
            if (differing.isEmpty()) {
                assertThat(actual).as(name).isEqualTo(expected);
            }
        }
        assertThat(differing).as("articles whose entities changed (record anew only if the change is meant)")
                .isEmpty();
    }
}
