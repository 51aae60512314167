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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The extractor's whole output (every entity, offset, canonical name, confidence, finder and part) on the
 * project's own articles, byte for byte as recorded in {@code recorded/} (a file for each corpus and writer's set,
 * {@code fresh-sg.jsonl}): a refactoring that changes any of it
 * fails here. When a change of behaviour is meant, record anew with
 * {@code mvn -pl enrich -am verify -Dtest=RecordedOutputTest -Dextract.record=true
 * -Dsurefire.failIfNoSpecifiedTests=false} and review the diff of {@code recorded/} like code.
 */
class RecordedOutputTest {

    private static final Path TEST_RESOURCES = Path.of("src/test/resources");
    private static final String PACKAGE = "com/researchpipeline/enrich/extract/";
    private static final Path RECORDED = TEST_RESOURCES.resolve(PACKAGE + "recorded");
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
        Set<String> recordedNow = new TreeSet<>();
        for (Map.Entry<String, Path> corpus : CORPORA.entrySet()) {
            for (Map.Entry<String, String> group : byWriter(output(extractor, corpus.getValue())).entrySet()) {
                String name = corpus.getKey() + "-" + group.getKey() + ".jsonl";
                recordedNow.add(name);
                String actual = group.getValue();
                if (record) {
                    Files.writeString(RECORDED.resolve(name), actual, StandardCharsets.UTF_8);
                    continue;
                }
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
        }
        try (Stream<Path> files = Files.list(RECORDED)) {
            Set<String> onDisk = files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
            if (record) {
                onDisk.stream().filter(name -> !recordedNow.contains(name)).forEach(name -> RECORDED.resolve(name).toFile().delete());
            } else {
                assertThat(onDisk).as("recordings, each of articles that still exist").isEqualTo(recordedNow);
            }
        }
        assertThat(recordedNow).as("recordings").hasSizeGreaterThanOrEqualTo(CORPORA.size());
        assertThat(differing).as("articles whose entities changed (record anew only if the change is meant)")
                .isEmpty();
    }

    /**
     * The output's lines by the letters its articles' names start with ("f", "sg"): one writer's set a file, so that
     * no recording grows past what a review reads (and the repository's 2 MB a file).
     */
    private static Map<String, String> byWriter(String output) {
        Map<String, String> groups = new TreeMap<>();
        for (String line : output.lines().toList()) {
            String article = line.substring(line.indexOf(':') + 2, line.indexOf('"', line.indexOf(':') + 2));
            String prefix = article.replaceAll("[^A-Za-z].*$", "");
            groups.merge(prefix.isEmpty() ? "other" : prefix, line + "\n", String::concat);
        }
        return groups;
    }
}
