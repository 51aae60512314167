package com.researchpipeline.enrich.extract;

import com.researchpipeline.contract.EntityType;
import java.util.ArrayList;
import java.util.List;

/**
 * Terms that hold an entity's word and name no entity ("tumor necrosis factor", "stroke volume", "ST-segment
 * depression"): no candidate lying inside one is kept, while a longer name around it still may be.
 */
final class NotEntityTerms implements Pass {

    private final Gazetteer terms = new Gazetteer();

    NotEntityTerms(Lexicons lexicons) {
        // the type is never read: the gazetteer only finds where the terms are
        terms.load(lexicons, "common/not-entities", EntityType.DISEASE, true);
    }

    @Override
    public List<Candidate> apply(AnalyzedText text, List<Candidate> out) {
        List<Candidate> found = terms.apply(text, new ArrayList<>());
        if (found.isEmpty()) {
            return out;
        }
        List<Candidate> kept = new ArrayList<>(out.size());
        for (Candidate c : out) {
            if (found.stream().noneMatch(term -> term.from() <= c.from() && c.to() <= term.to())) {
                kept.add(c);
            }
        }
        return kept;
    }
}
