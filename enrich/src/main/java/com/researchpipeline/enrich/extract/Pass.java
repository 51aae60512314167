package com.researchpipeline.enrich.extract;

import java.util.List;

/**
 * One pass of the extractor over an analysed text: a finder adds candidates, resolution flattens them, later
 * passes join or link them. {@link EntityExtractor} declares the passes in order. Implementations are immutable
 * (or keep per-thread state only) and thread-safe.
 */
interface Pass {

    /** The candidates after this pass, given those the passes before it left; a finder adds to the list it gets. */
    List<Candidate> apply(AnalyzedText text, List<Candidate> candidates);
}
