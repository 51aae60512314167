package com.researchpipeline.enrich.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The word lists as data: read once, every one of them loaded and hashed, none left in the code. */
class LexiconsTest {

    private static final Path MAIN = Path.of("src/main");
    private static final Path EXTRACT_CODE = MAIN.resolve("java/com/researchpipeline/enrich/extract");
    private static final Path ENGLISH = MAIN.resolve("resources/com/researchpipeline/enrich/extract/en");

    @Test
    void readsOneEntryALineAndSkipsComments() {
        Lexicons lexicons = new Lexicons("en");
        assertThat(lexicons.words("disease/self-heads")).contains("cancer", "leukemia").noneMatch(w -> w.startsWith("#"));
        assertThat(lexicons.words("disease/self-heads")).isSameAs(lexicons.words("disease/self-heads"));
    }

    @Test
    void aListTheClassPathLacksIsReadFromTheFolderOfAddedTypesAndHashed(@org.junit.jupiter.api.io.TempDir Path added)
            throws IOException {
        Files.createDirectories(added.resolve("en/gene"));
        Files.writeString(added.resolve("en/gene/genes.txt"), "# genes\nTP53 | p53\n");
        Files.createDirectories(added.resolve("en/disease"));
        Files.writeString(added.resolve("en/disease/self-heads.txt"), "# not read: the class path has it\nnothing\n");
        Lexicons lexicons = new Lexicons("en", added);
        assertThat(lexicons.has("gene/genes")).isTrue();
        assertThat(lexicons.entries("gene/genes")).containsExactly("TP53 | p53");
        assertThat(lexicons.words("disease/self-heads")).contains("cancer").doesNotContain("nothing");
        assertThat(lexicons.resources()).contains(Lexicons.ROOT + "en/gene/genes.txt");
        assertThat(new Lexicons("en", null).has("gene/genes")).isFalse();
    }

    @Test
    void aMissingListSaysWhichResourceIsMissing() {
        assertThatThrownBy(() -> new Lexicons("en").words("disease/no-such-list"))
                .hasMessageContaining("/com/researchpipeline/enrich/extract/en/disease/no-such-list.txt");
        assertThat(new Lexicons("xx").has("disease/self-heads")).isFalse();
    }

    @Test
    void everyListOfTheLanguageSaysWhatItIsForAndTheExtractorLoadsIt() throws IOException {
        Lexicons lexicons = new Lexicons("en");
        Vocabulary vocabulary = new Vocabulary(lexicons);
        EntityExtractor.passes(lexicons, vocabulary, EntityExtractor.nameModel(lexicons));
        EntityExtractor.analyzer(lexicons, vocabulary.legalForms());
        List<Path> lists;
        try (Stream<Path> files = Files.walk(ENGLISH)) {
            lists = files.filter(p -> p.toString().endsWith(".txt")).toList();
        }
        assertThat(lists).hasSizeGreaterThan(40);
        for (Path list : lists) {
            assertThat(Files.readAllLines(list).get(0)).as(list + " opens with a comment").startsWith("# ");
            String resource = "/" + MAIN.resolve("resources").relativize(list).toString().replace('\\', '/');
            assertThat(lexicons.resources()).as("the extractor loads (and hashes) " + resource).contains(resource);
        }
    }

    @Test
    void theVersionHashesEveryResourceReadAndTheRulesVersion() {
        Lexicons one = new Lexicons("en");
        one.words("disease/self-heads");
        Lexicons same = new Lexicons("en");
        same.words("disease/self-heads");
        Lexicons more = new Lexicons("en");
        more.words("disease/self-heads");
        more.words("disease/class-heads");
        assertThat(one.digest("rules-1")).isEqualTo(same.digest("rules-1"))
                .isNotEqualTo(one.digest("rules-2")).isNotEqualTo(more.digest("rules-1"));
        assertThat(EntityExtractor.load().modelVersion()).matches("extract-.+-[0-9a-f]{12}");
    }

    /** A string literal list of three or more words in the extractor's code is a word list that belongs in a file. */
    @Test
    void noClassOfTheExtractorHoldsAWordList() throws IOException {
        Pattern list = Pattern.compile("\"[a-z]+\"\\s*,\\s*\"[a-z]+\"\\s*,\\s*\"[a-z]+\"");
        try (Stream<Path> files = Files.list(EXTRACT_CODE)) {
            for (Path file : files.toList()) {
                String code = Files.readString(file).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
                Matcher m = list.matcher(code);
                assertThat(m.find()).as(file + " holds a word list: " + (m.find(0) ? m.group() : "")).isFalse();
                assertThat(code).as(file.toString()).doesNotContain("WordSet.of(").doesNotContain("&& false");
            }
        }
    }
}
