package com.researchpipeline.enrich.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import opennlp.tools.tokenize.TokenizerME;
import opennlp.tools.tokenize.TokenizerModel;
import org.junit.jupiter.api.Test;

/**
 * The tokenizer takes a word of letters and digits whole instead of asking the model at each character: on the
 * project's articles it gives the shipped model's tokens, but for a word the shipped model cut in two ("EB" "MT"
 * for EBMT, in fewer than one line of 500), at about a third of its cost.
 */
class TokenizerModelTest {

    private final Lexicons lexicons = new Lexicons(EntityExtractor.LANGUAGE);
    private final TokenizerME fast = new TokenizerME(EntityExtractor.tokenizerModel(lexicons));

    @Test
    void tokenizesEveryLineOfTheProjectsArticlesAsTheShippedModelDoes() throws IOException {
        TokenizerME shipped = new TokenizerME(shippedModel());
        int lines = 0;
        int wordsKeptWhole = 0;
        for (Path corpus : PartOfSpeechTaggerTest.CORPORA) {
            List<Path> articles;
            try (Stream<Path> files = Files.list(corpus)) {
                articles = files.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
            }
            for (Path article : articles) {
                for (String line : Files.readString(article, StandardCharsets.UTF_8).split("\n")) {
                    List<String> fastTokens = offsets(fast.tokenizePos(line));
                    List<String> shippedTokens = offsets(shipped.tokenizePos(line));
                    if (!fastTokens.equals(shippedTokens)) {
                        wordsKeptWhole++;
                        assertThat(keptWhole(line, shippedTokens)).as(article + ": " + line).isEqualTo(fastTokens);
                    }
                    lines++;
                }
            }
        }
        assertThat(lines).isGreaterThan(1000);
        assertThat(wordsKeptWhole).as("lines tokenized otherwise, of " + lines).isLessThan(lines / 500);
    }

    /** The shipped model's tokens with those it cut out of one word of letters and digits joined again. */
    private static List<String> keptWhole(String line, List<String> tokens) {
        List<String> joined = new java.util.ArrayList<>();
        for (String token : tokens) {
            if (!joined.isEmpty()) {
                String[] last = joined.get(joined.size() - 1).split("-");
                int lastStart = Integer.parseInt(last[0]);
                int lastEnd = Integer.parseInt(last[1]);
                int end = Integer.parseInt(token.split("-")[1]);
                if (token.startsWith(lastEnd + "-") && line.substring(lastStart, end).matches("[A-Za-z0-9]+")) {
                    joined.set(joined.size() - 1, lastStart + "-" + end);
                    continue;
                }
            }
            joined.add(token);
        }
        return joined;
    }

    @Test
    void keepsAWordOfLettersAndDigitsWholeWhichTheShippedModelMaySplit() throws IOException {
        String line = "Carriers of the R333W allele were studied.";
        assertThat(fast.tokenize(line)).containsExactly("Carriers", "of", "the", "R333W", "allele", "were", "studied", ".");
        assertThat(new TokenizerME(shippedModel()).tokenize(line)).contains("R333", "W");
    }

    private static List<String> offsets(opennlp.tools.util.Span[] tokens) {
        return java.util.Arrays.stream(tokens).map(t -> t.getStart() + "-" + t.getEnd()).toList();
    }

    private TokenizerModel shippedModel() throws IOException {
        return new TokenizerModel(new java.io.ByteArrayInputStream(lexicons.bytes(
                "/opennlp-en-ud-ewt-tokens-1.3-2.5.4.bin")));
    }
}
