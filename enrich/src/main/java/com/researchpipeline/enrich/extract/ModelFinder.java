package com.researchpipeline.enrich.extract;

import com.researchpipeline.contract.EntityType;
import java.util.List;
import java.util.Set;
import opennlp.tools.namefind.NameFinderME;
import opennlp.tools.namefind.TokenNameFinderModel;
import opennlp.tools.util.Span;

/**
 * The statistical finder: an OpenNLP {@link NameFinderME} trained by the build from the project's annotated
 * sentences. It fills gaps only: its spans that overlap any other finder's candidate are dropped, since the
 * gazetteers and rules are the stronger evidence. Decoded by a {@link SequenceNameFinder}, one per thread.
 */
final class ModelFinder implements Pass {

    static final String RESOURCE = "name-finder.bin";
    /**
     * Trained on a few hundred sentences, the model is weaker evidence than the rules: on held-out articles its
     * gap fills at 0.6, 0.8 and 0.9 cost more precision than they gave recall; at 0.95 they no longer hurt.
     */
    private static final double MIN_PROBABILITY = 0.95;

    private final ThreadLocal<SequenceNameFinder> finders;

    /** Words a span of the model may not end on: a therapy's modifiers ("mesenchymal stem"). */
    private final Set<String> modifiers;

    ModelFinder(TokenNameFinderModel model, Lexicons lexicons) {
        this.finders = SequenceNameFinder.perThread(model);
        this.modifiers = lexicons.words("therapy/modifiers");
    }

    @Override
    public List<Candidate> apply(AnalyzedText text, List<Candidate> candidates) {
        find(text, List.copyOf(candidates), candidates);
        return candidates;
    }

    private void find(AnalyzedText text, List<Candidate> others, List<Candidate> out) {
        SequenceNameFinder finder = finders.get();
        finder.clearAdaptiveData(); // what an article that failed halfway left must not reach the next
        boolean[] covered = new boolean[text.size()];
        for (Candidate c : others) {
            for (int i = c.from(); i < c.to(); i++) {
                covered[i] = true;
            }
        }
        for (AnalyzedText.Sentence sentence : text.sentences()) {
            int start = sentence.start();
            if (!hasUncoveredNameRun(text, covered, start, sentence.end())) {
                continue;
            }
            for (Span span : finder.find(sentence.tokens())) {
                int from = start + span.getStart();
                int to = start + span.getEnd();
                if (span.getProb() >= MIN_PROBABILITY && Candidate.isFree(covered, from, to) && isWhole(text, from, to)) {
                    EntityType type = EntityType.fromLabel(span.getType());
                    out.add(new Candidate(type, from, to, Math.min(0.7, span.getProb() * 0.7), "model", null));
                }
            }
        }
        finder.clearAdaptiveData();
    }

    /**
     * A span the rules would not cut that way: it starts and ends on words, does not stop inside a run of
     * capitalised words ("Muslim World" of "Muslim World League") or on a modifier ("mesenchymal stem"), and is
     * not a lone acronym (the abbreviation finders own those).
     */
    private boolean isWhole(AnalyzedText text, int from, int to) {
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
        return !modifiers.contains(last.key()) && !last.is("non");
    }

    /**
     * Whether the sentence holds two capitalised words in a row that no other finder claimed: the only place
     * where a name the rules missed can hide. Skipping the other sentences keeps the model cheap.
     */
    private static boolean hasUncoveredNameRun(AnalyzedText text, boolean[] covered, int from, int to) {
        for (int i = from + 1; i + 1 < to; i++) {
            if (!covered[i] && !covered[i + 1] && text.word(i).isCapitalised() && text.word(i + 1).isCapitalised()) {
                return true;
            }
        }
        return false;
    }

}
