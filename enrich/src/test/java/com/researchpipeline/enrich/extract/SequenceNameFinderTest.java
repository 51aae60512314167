package com.researchpipeline.enrich.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import opennlp.tools.namefind.NameFinderME;
import opennlp.tools.namefind.TokenNameFinderModel;
import org.junit.jupiter.api.Test;

/**
 * The faster name finder gives OpenNLP's {@link NameFinderME} spans, types and probabilities, to the last bit, on
 * every sentence of the project's articles, for both statistical models, with the adaptive data of each article.
 */
class SequenceNameFinderTest {

    @Test
    void findsTheDiseaseModelsSpansAsNameFinderMeDoes() throws IOException {
        assertSameSpans(EntityExtractor.diseaseModel(new Lexicons(EntityExtractor.LANGUAGE)));
    }

    @Test
    void findsTheNameModelsSpansAsNameFinderMeDoes() throws IOException {
        assertSameSpans(EntityExtractor.nameModel(new Lexicons(EntityExtractor.LANGUAGE)));
    }

    private static void assertSameSpans(TokenNameFinderModel model) throws IOException {
        Lexicons lexicons = new Lexicons(EntityExtractor.LANGUAGE);
        TextAnalyzer analyzer = EntityExtractor.analyzer(lexicons, new LegalForms(lexicons));
        NameFinderME opennlp = new NameFinderME(model);
        SequenceNameFinder finder = new SequenceNameFinder(model, SequenceNameFinder.weightsOf(model));
        int sentences = 0;
        int spans = 0;
        for (Path corpus : PartOfSpeechTaggerTest.CORPORA) {
            List<Path> articles;
            try (Stream<Path> files = Files.list(corpus)) {
                articles = files.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
            }
            assertThat(articles).as(corpus.toString()).isNotEmpty();
            for (Path article : articles) {
                AnalyzedText text = analyzer.analyze(Files.readString(article, StandardCharsets.UTF_8));
                for (AnalyzedText.Sentence sentence : text.sentences()) {
                    var expected = opennlp.find(sentence.tokens());
                    var found = finder.find(sentence.tokens());
                    assertThat(found).as(article + ": " + String.join(" ", sentence.tokens())).containsExactly(expected);
                    for (int i = 0; i < found.length; i++) {
                        assertThat(found[i].getProb()).isEqualTo(expected[i].getProb());
                    }
                    sentences++;
                    spans += found.length;
                }
                opennlp.clearAdaptiveData();
                finder.clearAdaptiveData();
            }
        }
        assertThat(sentences).isGreaterThan(1000);
        assertThat(spans).isGreaterThan(100);
    }
}
