package com.researchpipeline.enrich.extract;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Endings of words ("klinikum", "-itis", the INN stem "-mab"), each with the least number of letters a word must
 * have before it ("amt" after four: "Landesamt", not "Dreamt"), grouped by their last letters so that a word is
 * compared only with the endings it could end in, not with the whole list. Immutable, so thread-safe.
 */
final class WordEndings {

    /** An ending and the least number of letters before it. */
    record Ending(String text, int lettersBefore) {
    }

    /** How many last letters group the endings, unless an ending is shorter. */
    private static final int GROUPED_BY = 2;

    /** The endings by their last {@link #groupedBy} letters, in the order given. */
    private final Map<String, List<Ending>> byLastLetters;
    private final int groupedBy;

    WordEndings(List<Ending> endings) {
        int shortest = GROUPED_BY;
        for (Ending ending : endings) {
            shortest = Math.min(shortest, ending.text().length());
        }
        groupedBy = shortest;
        Map<String, List<Ending>> grouped = new HashMap<>();
        for (Ending ending : endings) {
            grouped.computeIfAbsent(lastLetters(ending.text()), k -> new ArrayList<>()).add(ending);
        }
        grouped.replaceAll((letters, list) -> List.copyOf(list));
        byLastLetters = Map.copyOf(grouped);
    }

    /** Endings with the same least number of letters before each. */
    static WordEndings of(Collection<String> endings, int lettersBefore) {
        List<Ending> all = new ArrayList<>();
        for (String ending : endings) {
            all.add(new Ending(ending, lettersBefore));
        }
        return new WordEndings(all);
    }

    /**
     * The first ending, in the order given, that {@code word} ends in with at least its number of letters before it,
     * or null.
     */
    String endingOf(String word) {
        if (word.length() < groupedBy) {
            return null;
        }
        List<Ending> candidates = byLastLetters.get(lastLetters(word));
        if (candidates != null) {
            for (Ending ending : candidates) {
                if (word.length() >= ending.text().length() + ending.lettersBefore() && word.endsWith(ending.text())) {
                    return ending.text();
                }
            }
        }
        return null;
    }

    /** Whether {@code word} has one of the endings, with enough letters before it. */
    boolean matches(String word) {
        return endingOf(word) != null;
    }

    private String lastLetters(String text) {
        return text.substring(text.length() - groupedBy);
    }
}
