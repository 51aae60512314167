package com.researchpipeline.enrich.extract;

import com.researchpipeline.contract.EntityType;
import java.util.List;

/**
 * A span one finder proposes, in word indexes; the {@link Resolver} decides which candidates become entities.
 *
 * @param canonical the shared name of the entity, or null when the finder has none (then it is derived from
 *                  the text)
 * @param parts     the canonical names of the entities a coordinated mention names; empty for one entity
 */
record Candidate(EntityType type, int from, int to, double confidence, String finder, String canonical,
                 List<String> parts) {

    Candidate(EntityType type, int from, int to, double confidence, String finder, String canonical) {
        this(type, from, to, confidence, finder, canonical, List.of());
    }

    int length(AnalyzedText text) {
        return text.word(to - 1).end() - text.word(from).start();
    }

    /** Whether no word from {@code from} to {@code to} (exclusive) is taken. */
    static boolean isFree(boolean[] taken, int from, int to) {
        for (int i = from; i < to; i++) {
            if (taken[i]) {
                return false;
            }
        }
        return true;
    }

    boolean overlaps(Candidate other) {
        return from < other.to && other.from < to;
    }
}
