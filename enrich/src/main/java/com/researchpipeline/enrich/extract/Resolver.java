package com.researchpipeline.enrich.extract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns overlapping candidates into a flat list: the longest span wins, then the higher confidence (a type
 * conflict on the same span goes to the stronger evidence), then the dictionary over rules; nothing nests.
 */
final class Resolver implements Pass {

    @Override
    public List<Candidate> apply(AnalyzedText text, List<Candidate> candidates) {
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingInt((Candidate c) -> -c.length(text))
                .thenComparingDouble(c -> -c.confidence())
                .thenComparingInt(c -> c.finder().equals("dictionary") ? 0 : 1)
                .thenComparingInt(Candidate::from));
        boolean[] taken = new boolean[text.size()];
        List<Candidate> accepted = new ArrayList<>();
        for (Candidate c : sorted) {
            if (Candidate.isFree(taken, c.from(), c.to())) {
                accepted.add(c);
                for (int i = c.from(); i < c.to(); i++) {
                    taken[i] = true;
                }
            }
        }
        accepted.sort(Comparator.comparingInt(Candidate::from));
        return accepted;
    }

}
