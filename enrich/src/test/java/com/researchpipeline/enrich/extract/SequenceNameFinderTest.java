package com.researchpipeline.enrich.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import opennlp.tools.namefind.NameFinderME;
import opennlp.tools.namefind.TokenNameFinderModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The faster name finder gives OpenNLP's {@link NameFinderME} spans, types and probabilities, to the last bit, on
 * every sentence of the project's articles, for both statistical models, with the adaptive data of each article.
 */
class SequenceNameFinderTest {

    /** The tokens of every sentence of each of the project's articles, analyzed once for both models. */
    private static final Map<Path, List<String[]>> SENTENCES = new LinkedHashMap<>();

    @BeforeAll
    static void analyzeTheArticles() throws IOException {
        Lexicons lexicons = new Lexicons(EntityExtractor.LANGUAGE);
        TextAnalyzer analyzer = EntityExtractor.analyzer(lexicons, new LegalForms(lexicons));
        for (Path corpus : PartOfSpeechTaggerTest.CORPORA) {
            List<Path> articles;
            try (Stream<Path> files = Files.list(corpus)) {
                articles = files.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
            }
            assertThat(articles).as(corpus.toString()).isNotEmpty();
            for (Path article : articles) {
                SENTENCES.put(article, analyzer.analyze(Files.readString(article, StandardCharsets.UTF_8)).sentences()
                        .stream().map(AnalyzedText.Sentence::tokens).toList());
            }
        }
    }

    @Test
    void findsTheDiseaseModelsSpansAsNameFinderMeDoes() throws IOException {
        assertSameSpans(EntityExtractor.diseaseModel(new Lexicons(EntityExtractor.LANGUAGE)));
    }

    @Test
    void findsTheNameModelsSpansAsNameFinderMeDoes() throws IOException {
        assertSameSpans(EntityExtractor.nameModel(new Lexicons(EntityExtractor.LANGUAGE)));
    }

    private static void assertSameSpans(TokenNameFinderModel model) {
        NameFinderME opennlp = new NameFinderME(model);
        SequenceNameFinder finder = new SequenceNameFinder(model, SequenceNameFinder.weightsOf(model));
        int sentences = 0;
        int spans = 0;
        for (var article : SENTENCES.entrySet()) {
            for (String[] tokens : article.getValue()) {
                var expected = opennlp.find(tokens);
                var found = finder.find(tokens);
                assertThat(found).as(article.getKey() + ": " + String.join(" ", tokens)).containsExactly(expected);
                for (int i = 0; i < found.length; i++) {
                    assertThat(found[i].getProb()).isEqualTo(expected[i].getProb());
                }
                sentences++;
                spans += found.length;
            }
            opennlp.clearAdaptiveData();
            finder.clearAdaptiveData();
        }
        assertThat(sentences).isGreaterThan(1000);
        assertThat(spans).isGreaterThan(100);
    }
}
