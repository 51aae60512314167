package com.researchpipeline.enrich.extract;

import java.util.Arrays;
import java.util.PriorityQueue;
import opennlp.tools.ml.BeamSearch;
import opennlp.tools.ml.maxent.GISModel;
import opennlp.tools.namefind.NameContextGenerator;
import opennlp.tools.namefind.NameFinderME;
import opennlp.tools.namefind.TokenNameFinder;
import opennlp.tools.namefind.TokenNameFinderModel;
import opennlp.tools.util.SequenceCodec;
import opennlp.tools.util.SequenceValidator;
import opennlp.tools.util.Span;
import opennlp.tools.util.featuregen.FeatureGeneratorUtil;

/**
 * Finds names as OpenNLP's {@link NameFinderME} does (same model, features, beam, validator, codec, adaptive data and
 * span probabilities) at less cost, in two ways. It looks the features up in {@link FeatureWeights}, not in the
 * model's map (the disease model alone: 72,000 against 92,000 words per CPU-second). And where the beam holds
 * several hypotheses (the name model's three; the disease model decodes with one), {@code NameFinderME}'s
 * {@link BeamSearch} asks the context generator for every hypothesis at every token, although only the last four
 * features ({@code po=}, {@code pow=}, {@code powf=}, {@code ppo=}, which {@code DefaultNameContextGenerator} adds)
 * depend on it: none of OpenNLP's feature generators reads the previous outcomes. So this finder generates and sums
 * the others once per token, then adds the four for each hypothesis. The model sums a context's weights feature by
 * feature in order, and the four come last, so the scores are the same to the last bit; the search
 * ({@code BeamSearch}'s, step by step) then keeps the same hypotheses ({@code SequenceNameFinderTest} compares the
 * spans and probabilities with {@code NameFinderME}'s). Not thread-safe: one per thread.
 */
final class SequenceNameFinder implements TokenNameFinder {

    /** {@code BeamSearch}'s floor for a hypothesis's log score. */
    private static final double MIN_SEQUENCE_SCORE = -100000;
    private static final Object[] NO_ADDITIONAL_CONTEXT = new Object[0];

    private final NameContextGenerator contexts;
    private final SequenceCodec<String> codec;
    private final SequenceValidator<String> validator;
    private final int beamSize;
    private final FeatureWeights weights;
    private final String[] outcomes;

    /**
     * The weights of the model's features, which every thread's finder of the model shares.
     *
     * @throws IllegalStateException if the model is not a maximum-entropy model searched by a beam
     */
    static FeatureWeights weightsOf(TokenNameFinderModel model) {
        if (!(model.getNameFinderSequenceModel() instanceof BeamSearch)
                || !(model.getArtifact("nameFinder.model") instanceof GISModel maxent)) {
            throw new IllegalStateException("the name model is not a maximum-entropy model searched by a beam; this"
                    + " finder decodes only those: use a NameFinderME for it");
        }
        return new FeatureWeights(maxent);
    }

    /** A finder of {@code model}, whose weights {@link #weightsOf} gave. */
    SequenceNameFinder(TokenNameFinderModel model, FeatureWeights weights) {
        String beam = model.getManifestProperty(BeamSearch.BEAM_SIZE_PARAMETER);
        this.beamSize = beam == null ? NameFinderME.DEFAULT_BEAM_SIZE : Integer.parseInt(beam);
        this.contexts = model.getFactory().createContextGenerator();
        this.codec = model.getFactory().createSequenceCodec();
        this.validator = codec.createSequenceValidator();
        this.weights = weights;
        this.outcomes = model.getNameFinderSequenceModel().getOutcomes();
    }

    @Override
    public Span[] find(String[] tokens) {
        Hypothesis best = bestSequence(tokens);
        String[] found = best.outcomes();
        contexts.updateAdaptiveData(tokens, found);
        Span[] spans = codec.decode(Arrays.asList(found));
        double[] probabilities = best.probabilities();
        for (int s = 0; s < spans.length; s++) {
            double p = 0;
            for (int t = spans[s].getStart(); t < spans[s].getEnd(); t++) {
                p += probabilities[t];
            }
            p /= spans[s].length();
            spans[s] = new Span(spans[s], p);
        }
        return spans;
    }

    @Override
    public void clearAdaptiveData() {
        contexts.clearAdaptiveData();
    }

    private Hypothesis bestSequence(String[] tokens) {
        PriorityQueue<Hypothesis> previous = new PriorityQueue<>(beamSize);
        PriorityQueue<Hypothesis> next = new PriorityQueue<>(beamSize);
        previous.add(Hypothesis.START);
        for (int i = 0; i < tokens.length; i++) {
            TokenScores token = new TokenScores(i, tokens);
            int expand = Math.min(beamSize, previous.size());
            for (int h = 0; !previous.isEmpty() && h < expand; h++) {
                Hypothesis top = previous.remove();
                String[] before = top.outcomes();
                double[] scores = token.scores(top);
                double cutOff = BeamCutOff.of(scores, beamSize);
                for (int p = 0; p < scores.length; p++) {
                    if (scores[p] >= cutOff) {
                        extend(top, i, tokens, before, p, scores[p], next);
                    }
                }
                if (next.isEmpty()) { // no outcome above the cut-off is valid: every valid one goes on
                    for (int p = 0; p < scores.length; p++) {
                        extend(top, i, tokens, before, p, scores[p], next);
                    }
                }
            }
            previous.clear();
            PriorityQueue<Hypothesis> swap = previous;
            previous = next;
            next = swap;
        }
        if (previous.isEmpty()) {
            throw new IllegalStateException("no valid name sequence for " + Arrays.toString(tokens));
        }
        return previous.remove();
    }

    private void extend(Hypothesis top, int i, String[] tokens, String[] before, int outcome, double score,
                        PriorityQueue<Hypothesis> next) {
        if (validator.validSequence(i, tokens, before, outcomes[outcome])) {
            Hypothesis extended = new Hypothesis(top, outcome, outcomes[outcome], score);
            if (extended.score > MIN_SEQUENCE_SCORE) {
                next.add(extended);
            }
        }
    }

    /** One token's features: those of the token summed once, those of a hypothesis added per hypothesis. */
    private final class TokenScores {

        private final int index;
        private final String token;
        private final String tokenClass;
        private final double[] sums;

        TokenScores(int index, String[] tokens) {
            this.index = index;
            this.token = tokens[index];
            this.tokenClass = FeatureGeneratorUtil.tokenFeature(token);
            this.sums = weights.prior();
            for (String feature : contexts.getContext(index, tokens, null, NO_ADDITIONAL_CONTEXT)) {
                weights.add(feature, sums);
            }
        }

        /**
         * The model's probabilities of each outcome after the hypothesis, as {@code GISModel.eval} computes them
         * for the context {@code DefaultNameContextGenerator} gives.
         */
        double[] scores(Hypothesis h) {
            String po = index > 0 ? h.name : NameFinderME.OTHER;
            String ppo = index > 1 ? h.previous.name : NameFinderME.OTHER;
            double[] scores = sums.clone();
            weights.add("po=" + po, scores);
            weights.add("pow=" + po + "," + token, scores);
            weights.add("powf=" + po + "," + tokenClass, scores);
            weights.add("ppo=" + ppo, scores);
            return FeatureWeights.normalise(scores);
        }
    }

    /** The outcomes of the first tokens, ordered best first as OpenNLP's {@code Sequence} is. */
    private static final class Hypothesis implements Comparable<Hypothesis> {

        static final Hypothesis START = new Hypothesis();

        final Hypothesis previous;
        final int outcome;
        final String name;
        final double probability;
        final double score;
        final int length;

        private Hypothesis() {
            this.previous = null;
            this.outcome = -1;
            this.name = null;
            this.probability = 0;
            this.score = 0;
            this.length = 0;
        }

        Hypothesis(Hypothesis previous, int outcome, String name, double probability) {
            this.previous = previous;
            this.outcome = outcome;
            this.name = name;
            this.probability = probability;
            this.score = previous.score + StrictMath.log(probability);
            this.length = previous.length + 1;
        }

        String[] outcomes() {
            String[] names = new String[length];
            for (Hypothesis h = this; h.previous != null; h = h.previous) {
                names[h.length - 1] = h.name;
            }
            return names;
        }

        double[] probabilities() {
            double[] probabilities = new double[length];
            for (Hypothesis h = this; h.previous != null; h = h.previous) {
                probabilities[h.length - 1] = h.probability;
            }
            return probabilities;
        }

        @Override
        public int compareTo(Hypothesis other) {
            return Double.compare(other.score, score);
        }
    }
}
