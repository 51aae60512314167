package com.researchpipeline.enrich.extract;

import com.researchpipeline.contract.EntityType;
import java.util.List;
import opennlp.tools.namefind.NameFinderME;
import opennlp.tools.namefind.TokenNameFinderModel;
import opennlp.tools.util.Span;

/**
 * The statistical disease finder: an OpenNLP {@link NameFinderME} (maximum entropy, features in
 * {@link #FEATURES}) trained by the build ({@link DiseaseModelTrainer}) on the NCBI disease corpus's train and
 * devel parts and the project's annotated articles. It proposes every disease span it finds with probability
 * at least {@link #MIN_PROBABILITY}; the {@link Resolver} then lets the longest span win, so the model adds
 * diseases the gazetteers and rules miss and widens or replaces their spans only where its span is longer. A span
 * that overlaps another finder's institution or therapy is dropped (on the project's articles the model took
 * product names such as "Lyfgenia" for diseases), as is one that takes in a possessive ("Khanum's lymphoma") and
 * an organ's word alone ("renal events": it says where, not what) or a span that ends in an organism ("hepatitis B
 * virus", where the dictionary's "hepatitis B" stands).
 * The other finders keep what they own: a span they propose as well or within a longer one of theirs (their
 * canonical names win), a span of capitalised words only (short forms and eponyms such as "HD" or "von
 * Willebrand", which the abbreviation linker resolves to their disease) and coordinated names (joined by {@link Coordination}).
 * Decoded by a {@link SequenceNameFinder} (the same spans, at less cost), one per thread.
 */
final class DiseaseModelFinder implements Pass {

    static final String RESOURCE = "disease-finder.bin";
    static final String FEATURES = "disease-features.xml";
    /** The dictionary resource {@link #FEATURES} names: the disease gazetteers. */
    static final String DICTIONARY = "diseases.dict";
    static final String FINDER = "disease-model";
    /**
     * Trained on NCBI train and scored on devel, spans at 0.9 and above, longest span winning, gave the best
     * strict F1 (0.861 against 0.856 for the rules alone; 0.857 at 0.8, 0.854 at 0.7); see README.
     */
    static final double MIN_PROBABILITY = 0.9;

    private final ThreadLocal<SequenceNameFinder> finders;
    /** Knows the lower-case particles inside a name of capitalised words ("von Willebrand"): the rules' own. */
    private final Vocabulary vocabulary;

    DiseaseModelFinder(TokenNameFinderModel model, Vocabulary vocabulary) {
        DictionarySpanFeatureGeneratorFactory.allowInModels();
        this.finders = SequenceNameFinder.perThread(model);
        this.vocabulary = vocabulary;
    }

    @Override
    public List<Candidate> apply(AnalyzedText text, List<Candidate> candidates) {
        find(text, List.copyOf(candidates), candidates);
        return candidates;
    }

    private void find(AnalyzedText text, List<Candidate> others, List<Candidate> out) {
        boolean[] otherType = new boolean[text.size()];
        List<Candidate> diseases = others.stream().filter(c -> c.type() == EntityType.DISEASE).toList();
        for (Candidate c : others) {
            if (c.type() != EntityType.DISEASE) {
                for (int i = c.from(); i < c.to(); i++) {
                    otherType[i] = true;
                }
            }
        }
        SequenceNameFinder finder = finders.get();
        finder.clearAdaptiveData();
        for (AnalyzedText.Sentence sentence : text.sentences()) {
            int start = sentence.start();
            for (Span span : finder.find(sentence.tokens())) {
                int from = start + span.getStart();
                int to = start + span.getEnd();
                if (span.getProb() >= MIN_PROBABILITY && Candidate.isFree(otherType, from, to)
                        && !hasPossessive(text, from, to) && bracketsBalance(text, from, to)
                        && !isOwnedByTheRules(text, diseases, start, from, to)
                        && !(to - from == 1 && vocabulary.isOrgan(text.word(from).key()))
                        && !vocabulary.isOrganism(text.word(to - 1).key())) {
                    out.add(new Candidate(EntityType.DISEASE, from, to, span.getProb(), FINDER, null));
                }
            }
        }
        finder.clearAdaptiveData();
    }

    private boolean isOwnedByTheRules(AnalyzedText text, List<Candidate> diseases, int sentenceStart,
                                             int from, int to) {
        for (Candidate c : diseases) {
            if (c.from() <= from && to <= c.to()) {
                return true;
            }
        }
        boolean named = true;
        for (int i = from; i < to; i++) {
            Word w = text.word(i);
            if (w.is("and") || w.is("or") || w.is(",") || w.is("/")) {
                return true;
            }
            if (w.isLetters() && !w.isCapitalised() && !w.isAllCaps() && !vocabulary.isNameParticle(w.key())) {
                named = false;
            }
        }
        // a lone word at the start of a sentence is capitalised for that reason alone
        return named && !(to - from == 1 && from == sentenceStart && !text.word(from).isAllCaps());
    }

    /** "deficiency (G6PD deficiency": a name does not open a bracket it leaves open, nor close one it never opened. */
    private static boolean bracketsBalance(AnalyzedText text, int from, int to) {
        int depth = 0;
        for (int i = from; i < to; i++) {
            String w = text.word(i).text();
            if (w.equals("(") || w.equals("[")) {
                depth++;
            } else if (w.equals(")") || w.equals("]")) {
                if (--depth < 0) {
                    return false;
                }
            }
        }
        return depth == 0;
    }

    private static boolean hasPossessive(AnalyzedText text, int from, int to) {
        for (int i = from; i + 1 < to; i++) {
            if ((text.word(i).is("'") || text.word(i).is("’")) && text.word(i + 1).is("s")) {
                return true;
            }
        }
        return false;
    }
}
