package com.researchpipeline.enrich.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WordEndingsTest {

    private static final WordEndings COMPOUND_HEADS = new WordEndings(List.of(
            new WordEndings.Ending("klinikum", 3), new WordEndings.Ending("klinik", 3),
            new WordEndings.Ending("amt", 4), new WordEndings.Ending("kum", 0)));

    @Test
    void givesTheFirstEndingInTheOrderGivenThatHasEnoughLettersBeforeIt() {
        assertThat(COMPOUND_HEADS.endingOf("universitätsklinikum")).isEqualTo("klinikum");
        assertThat(COMPOUND_HEADS.endingOf("uniklinik")).isEqualTo("klinik");
        assertThat(COMPOUND_HEADS.endingOf("landesamt")).isEqualTo("amt");
        assertThat(COMPOUND_HEADS.endingOf("dreamt")).isNull(); // three letters before "amt", four needed
        assertThat(COMPOUND_HEADS.endingOf("klinikum")).isEqualTo("kum"); // no letters before "klinikum"
        assertThat(COMPOUND_HEADS.endingOf("um")).isNull();
        assertThat(COMPOUND_HEADS.endingOf("")).isNull();
        assertThat(COMPOUND_HEADS.matches("herzklinik")).isTrue();
        assertThat(COMPOUND_HEADS.matches("klinikums")).isFalse();
    }

    @Test
    void findsWhatAScanOfTheWholeListFindsWhateverTheEndingsLengths() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<WordEndings.Ending> endings = new ArrayList<>();
            for (int e = random.nextInt(6); e >= 0; e--) {
                endings.add(new WordEndings.Ending(word(random, random.nextInt(4)), random.nextInt(3)));
            }
            WordEndings indexed = new WordEndings(endings);
            for (int w = 0; w < 200; w++) {
                String word = word(random, random.nextInt(7));
                String scanned = null;
                for (WordEndings.Ending ending : endings) {
                    if (word.endsWith(ending.text()) && word.length() >= ending.text().length() + ending.lettersBefore()) {
                        scanned = ending.text();
                        break;
                    }
                }
                assertThat(indexed.endingOf(word)).as("%s in %s", word, endings).isEqualTo(scanned);
            }
        }
        assertThat(WordEndings.of(Set.of(), 0).matches("anything")).isFalse();
    }

    /** A word of {@code length} letters of a three-letter alphabet, so endings often match. */
    private static String word(Random random, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append("abc".charAt(random.nextInt(3)));
        }
        return sb.toString();
    }
}
