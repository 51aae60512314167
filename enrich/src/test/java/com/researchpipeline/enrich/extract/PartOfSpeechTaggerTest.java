package com.researchpipeline.enrich.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import opennlp.tools.postag.POSModel;
import opennlp.tools.postag.POSTaggerME;
import opennlp.tools.tokenize.TokenizerME;
import org.junit.jupiter.api.Test;

/** The faster tagger gives OpenNLP's {@link POSTaggerME} tags, word for word, on every line of the project's articles. */
class PartOfSpeechTaggerTest {

    static final List<Path> CORPORA = List.of(
            Path.of("src/test/resources/com/researchpipeline/enrich/extract/fresh"),
            Path.of("src/test/resources/com/researchpipeline/enrich/extract/heldout"),
            Path.of("src/test/resources/seeds"),
            RecordedOutputTest.BENCHMARK);

    @Test
    void tagsEveryLineOfTheProjectsArticlesAsPosTaggerMeDoes() throws IOException {
        Lexicons lexicons = new Lexicons(EntityExtractor.LANGUAGE);
        POSModel model = EntityExtractor.partOfSpeechModel(lexicons);
        TokenizerME tokenizer = new TokenizerME(EntityExtractor.tokenizerModel(lexicons));
        POSTaggerME opennlp = new POSTaggerME(model);
        PartOfSpeechTagger tagger = new PartOfSpeechTagger(model);
        int lines = 0;
        int tokens = 0;
        for (Path corpus : CORPORA) {
            List<Path> articles;
            try (Stream<Path> files = Files.list(corpus)) {
                articles = files.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
            }
            assertThat(articles).as(corpus.toString()).isNotEmpty();
            for (Path article : articles) {
                for (String line : Files.readString(article, StandardCharsets.UTF_8).split("\n")) {
                    String[] words = tokenizer.tokenize(line);
                    // as written, and lower-cased as the analyzer tags headlines
                    String[] lower = Arrays.stream(words).map(w -> w.toLowerCase(Locale.ROOT)).toArray(String[]::new);
                    for (String[] sentence : List.of(words, lower)) {
                        assertThat(tagger.tag(sentence)).as(article + ": " + line).containsExactly(opennlp.tag(sentence));
                    }
                    lines++;
                    tokens += words.length;
                }
            }
        }
        assertThat(lines).isGreaterThan(1000);
        assertThat(tokens).isGreaterThan(30_000);
    }
}
