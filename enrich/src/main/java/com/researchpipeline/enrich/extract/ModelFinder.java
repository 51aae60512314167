package com.researchpipeline.enrich.extract;

import com.researchpipeline.contract.EntityType;
import java.util.List;
import opennlp.tools.namefind.NameFinderME;
import opennlp.tools.namefind.TokenNameFinderModel;
import opennlp.tools.util.Span;

/**
 * The statistical finder: an OpenNLP {@link NameFinderME} trained by the build from the project's annotated
 * sentences. It fills gaps only: its spans that overlap any other finder's candidate are dropped, since the
 * gazetteers and rules are the stronger evidence. One {@code NameFinderME} per thread.
 */
final class ModelFinder {

    static final String RESOURCE = "name-finder.bin";
    private static final double MIN_PROBABILITY = 0.95;

    private final ThreadLocal<NameFinderME> finders;

    ModelFinder(TokenNameFinderModel model) {
        this.finders = ThreadLocal.withInitial(() -> new NameFinderME(model));
    }

    void find(AnalyzedText text, List<Candidate> others, List<Candidate> out) {
        NameFinderME finder = finders.get();
        int start = 0;
        while (start < text.size()) {
            int end = start;
            while (end < text.size() && text.sameSentence(start, end)) {
                end++;
            }
            String[] tokens = new String[end - start];
            for (int i = start; i < end; i++) {
                tokens[i - start] = text.word(i).text();
            }
            Span[] spans = finder.find(tokens);
            for (Span span : spans) {
                int from = start + span.getStart();
                int to = start + span.getEnd();
                if (span.getProb() >= MIN_PROBABILITY && isGap(others, from, to) && isWhole(text, from, to)) {
                    EntityType type = EntityType.fromLabel(span.getType());
                    out.add(new Candidate(type, from, to, Math.min(0.7, span.getProb() * 0.7), "model", null));
                }
            }
            start = end;
        }
        finder.clearAdaptiveData();
    }

    /**
     * A span the rules would not cut that way: it starts and ends on words, does not stop inside a run of
     * capitalised words ("Muslim World" of "Muslim World League") or on a modifier ("mesenchymal stem"), and is
     * not a lone acronym (the abbreviation finders own those).
     */
    private static boolean isWhole(AnalyzedText text, int from, int to) {
        Word first = text.word(from);
        Word last = text.word(to - 1);
        if (!first.isLetters() || !last.isLetters() || to - from == 1 && first.isAllCaps()) {
            return false;
        }
        if (to < text.size() && text.sameSentence(from, to)) {
            Word next = text.word(to);
            if (next.isLetters() && (next.isCapitalised() && last.isCapitalised() || !next.spaceBefore())
                    || next.isDash() && !next.spaceBefore()) {
                return false;
            }
        }
        if (from > 0 && text.sameSentence(from - 1, from)) {
            Word before = text.word(from - 1);
            if (before.isLetters() && before.isCapitalised() && first.isCapitalised()
                    || before.isDash() && !first.spaceBefore()) {
                return false;
            }
        }
        return !TherapyRule.MODIFIERS.contains(last.key()) && !last.is("non");
    }

    private static boolean isGap(List<Candidate> others, int from, int to) {
        for (Candidate c : others) {
            if (c.from() < to && from < c.to()) {
                return false;
            }
        }
        return true;
    }
}
