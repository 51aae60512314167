package com.researchpipeline.enrich.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.Entity;
import com.researchpipeline.contract.EntityType;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Text no article holds but a file may: long runs of one shape the rules walk over (initials, brackets, chains of
 * "of" and "and", acronyms, coordinated diseases, drugs joined by "plus"). Each must be extracted without an error,
 * every entity inside the text. {@code -Dhostile.text.chars=2000000} runs them at the longest text ingest passes on
 * ({@code INGEST_MAX_TEXT}'s default); the build runs them at 60,000 characters.
 */
class HostileTextTest {

    private static final int CHARS = Integer.getInteger("hostile.text.chars", 60_000);
    private static final List<String> CAPS = List.of("Alpha", "Beta", "Royal", "National", "Central", "Cancer",
            "Heart", "Saint", "North", "Medical", "Research", "Clinical");
    private static final List<String> HEADS = List.of("University", "Institute", "Hospital", "Centre", "Ministry",
            "Foundation", "Department", "School", "College", "Agency");
    private static final List<String> DISEASES = List.of("cancer", "diabetes", "asthma", "hepatitis", "sclerosis",
            "syndrome", "disease", "fibrosis", "anaemia", "leukaemia");
    private static final List<String> DRUGS = List.of("rituximab", "imatinib", "dapagliflozin", "losartan",
            "amoxicillin", "metformin", "insulin");

    private static EntityExtractor extractor;

    @BeforeAll
    static void loadOnce() {
        extractor = EntityExtractor.load();
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                shape("initials", r -> pick(r, CAPS).charAt(0) + "." + pick(r, CAPS).charAt(0) + ". "),
                shape("one-letter sentences", r -> pick(r, CAPS).charAt(0) + ". "),
                shape("initials without spaces", r -> pick(r, CAPS).charAt(0) + "."),
                shape("open brackets", r -> "( "),
                shape("open brackets glued", r -> "("),
                shape("nested brackets", r -> "(" + pick(r, CAPS) + " "),
                shape("close brackets", r -> pick(r, CAPS) + ") "),
                shape("capitalised words without a full stop", r -> pick(r, CAPS) + " "),
                shape("heads without a full stop", r -> pick(r, CAPS) + " " + pick(r, HEADS) + " "),
                shape("chains of of and and", r -> pick(r, HEADS) + " of " + pick(r, CAPS) + " and "),
                shape("affiliations", r -> "Department of " + pick(r, CAPS) + ", " + pick(r, CAPS) + " "
                        + pick(r, HEADS) + ", "),
                shape("definitions", r -> pick(r, CAPS).toLowerCase() + " " + pick(r, DISEASES) + " ("
                        + letters(r, 3) + ") "),
                shape("acronyms", r -> letters(r, 2 + r.nextInt(4)) + " "),
                shape("listed diseases", r -> pick(r, DISEASES) + ", "),
                shape("coordinated diseases", r -> pick(r, CAPS).toLowerCase() + " and " + pick(r, DISEASES) + " "),
                shape("types joined by or", r -> "type " + (1 + r.nextInt(9)) + " or "),
                shape("drugs joined by plus", r -> pick(r, DRUGS) + " plus "),
                shape("drugs joined by slashes", r -> pick(r, DRUGS) + "/"),
                shape("hyphenated chains", r -> pick(r, CAPS).toLowerCase() + "-"),
                shape("spaced dashes", r -> pick(r, CAPS) + " " + pick(r, HEADS) + " - "),
                shape("numbered universities", r -> pick(r, CAPS) + " University " + (1 + r.nextInt(9)) + " - "),
                shape("possessives", r -> pick(r, CAPS) + "'s "),
                shape("legal forms", r -> pick(r, CAPS) + " Co., Ltd. "),
                shape("ampersands", r -> pick(r, CAPS) + " & "),
                shape("semicolons in brackets", r -> "(" + pick(r, CAPS) + "; " + pick(r, CAPS) + ") "),
                shape("one word a line", r -> pick(r, CAPS) + "\n"),
                shape("native short names", r -> pick(r, CAPS) + " " + pick(r, HEADS) + " (" + pick(r, CAPS) + "kes) "),
                shape("native names with short forms", r -> pick(r, CAPS) + " " + pick(r, HEADS) + " ("
                        + pick(r, CAPS) + " " + pick(r, CAPS) + ", " + letters(r, 2) + ") "),
                shape("sides before organs", r -> pick(r, List.of("left", "right", "upper")) + " ventricular "
                        + pick(r, DISEASES) + " "),
                shape("combining marks", r -> "e" + "\u0301".repeat(20) + " "),
                shape("names of long capitalised words", r -> (r.nextInt(20) == 0 ? "Department of " : "")
                        + pick(r, CAPS) + letters(r, 200).toLowerCase() + " "),
                shape("one long word", r -> "a"),
                shape("drug stems", r -> pick(r, CAPS).toLowerCase() + "mab "),
                shape("every kind of word", r -> pick(r, List.of(pick(r, CAPS), pick(r, HEADS), pick(r, DISEASES),
                        pick(r, DRUGS), "of", "and", "(", ")", ",", "the", "type 2", "-", "plus", "or", ".")) + " "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void aLongRunOfOneShapeIsExtractedWithoutErrorAndTheArticleAfterItKeepsItsEntities(String shape, String run) {
        String text = run + "\n\nResearchers at the Harvard T.H. Chan School of Public Health treated multiple"
                + " sclerosis with natalizumab.";

        List<Entity> entities = extractor.extract(text);

        assertThat(entities).allSatisfy(e -> {
            // a search index refuses a keyword term of more than 32,766 bytes: no name comes near
            assertThat(e.text().length()).isLessThanOrEqualTo(1_000);
            assertThat(e.start()).isBetween(0, e.end());
            assertThat(e.end()).isLessThanOrEqualTo(text.length());
            assertThat(text.substring(e.start(), e.end())).isEqualTo(e.text());
        });
        assertThat(entities.stream().filter(e -> e.start() > run.length()).map(e -> e.type() + " " + e.text()))
                .containsExactly(EntityType.INSTITUTION + " Harvard T.H. Chan School of Public Health",
                        EntityType.DISEASE + " multiple sclerosis", EntityType.THERAPY + " natalizumab");
    }

    private static Arguments shape(String name, Function<Random, String> unit) {
        Random random = new Random(name.hashCode());
        StringBuilder text = new StringBuilder(CHARS + 64);
        while (text.length() < CHARS) {
            text.append(unit.apply(random));
        }
        return Arguments.of(name, text.substring(0, CHARS));
    }

    private static String pick(Random random, List<String> words) {
        return words.get(random.nextInt(words.size()));
    }

    private static String letters(Random random, int count) {
        StringBuilder letters = new StringBuilder();
        for (int i = 0; i < count; i++) {
            letters.append((char) ('A' + random.nextInt(16)));
        }
        return letters.toString();
    }
}
