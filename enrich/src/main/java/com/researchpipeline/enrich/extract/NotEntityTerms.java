package com.researchpipeline.enrich.extract;

import com.researchpipeline.contract.EntityType;
import java.util.ArrayList;
import java.util.List;

/**
 * Terms that hold an entity's word and name no entity ("tumor necrosis factor", "stroke volume", "ST-segment
 * depression"): no candidate lying inside one, in the short form bracketed after it, or ending inside one, is kept,
 * while a longer name around it still may be.
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
        // the furthest end of a term lying over each word: a candidate lies inside a term when it ends before it
        int[] coveredTo = new int[text.size()];
        // where a candidate would end inside a term, cutting it: "urinary kidney injury" of "urinary kidney injury
        // molecule-1" names no disease either
        boolean[] cutsATerm = new boolean[text.size() + 1];
        for (Candidate term : found) {
            cover(coveredTo, term.from(), term.to());
            for (int k = term.from() + 1; k < term.to(); k++) {
                cutsATerm[k] = true;
            }
            ShortForms.ShortForm sf = term.to() < text.size() && text.word(term.to()).is("(")
                    ? ShortForms.at(text, term.to()) : null;
            if (sf != null) {
                cover(coveredTo, sf.from(), sf.to()); // "measurable residual disease (MRD)": its short form too
            }
        }
        List<Candidate> kept = new ArrayList<>(out.size());
        for (Candidate c : out) {
            if (coveredTo[c.from()] < c.to() && !cutsATerm[c.to()]) {
                kept.add(c);
            }
        }
        return kept;
    }

    private static void cover(int[] coveredTo, int from, int to) {
        for (int i = from; i < to; i++) {
            coveredTo[i] = Math.max(coveredTo[i], to);
        }
    }
}
