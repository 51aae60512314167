package com.researchpipeline.enrich.extract;

import java.util.List;

/** One source of candidate mentions. Implementations are immutable and thread-safe. */
interface CandidateFinder {

    void find(AnalyzedText text, List<Candidate> out);
}
