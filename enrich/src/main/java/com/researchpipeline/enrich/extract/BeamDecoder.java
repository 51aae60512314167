package com.researchpipeline.enrich.extract;

import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.function.IntFunction;
import opennlp.tools.util.SequenceValidator;

/**
 * OpenNLP's {@link opennlp.tools.ml.BeamSearch}, step by step, for the tagger and the name finders that reproduce
 * it: at each token it expands the beam's best hypotheses in order, extends each by every outcome that the
 * validator allows and that scores at least the cut-off (the beam-size-th highest score, found without sorting), or
 * by every allowed outcome when none has been kept at the token yet, and keeps an extension whose log score stays
 * above {@code BeamSearch}'s floor. A hypothesis is a link to its predecessor, not a copied list. Only the scoring
 * differs between its users ({@link TokenScorer}). Immutable, so thread-safe when its validator is.
 */
final class BeamDecoder {

    /** {@code BeamSearch}'s floor for a hypothesis's log score. */
    private static final double MIN_SEQUENCE_SCORE = -100000;

    /** The probabilities of the outcomes at one token after each hypothesis of the beam expanded there. */
    interface TokenScorer {

        /**
         * The probability of each outcome after {@code hypothesis}, whose outcomes are {@code before}. Returning the
         * same array as for the hypothesis before spares the search finding its cut-off again.
         */
        double[] scores(Hypothesis hypothesis, String[] before);
    }

    private final int beamSize;
    private final String[] outcomes;
    private final SequenceValidator<String> validator;
    /** What a sequence holds, for the error when none is valid: "name", "part-of-speech". */
    private final String sequenceKind;

    BeamDecoder(int beamSize, String[] outcomes, SequenceValidator<String> validator, String sequenceKind) {
        this.beamSize = beamSize;
        this.outcomes = outcomes.clone();
        this.validator = validator;
        this.sequenceKind = sequenceKind;
    }

    /**
     * The best sequence of outcomes for the tokens; {@code scorers} gives the scorer of the token at an index.
     *
     * @throws IllegalStateException if the validator allows no sequence
     */
    Hypothesis best(String[] tokens, IntFunction<TokenScorer> scorers) {
        PriorityQueue<Hypothesis> previous = new PriorityQueue<>(beamSize);
        PriorityQueue<Hypothesis> next = new PriorityQueue<>(beamSize);
        previous.add(Hypothesis.START);
        for (int i = 0; i < tokens.length; i++) {
            TokenScorer scorer = scorers.apply(i);
            int expand = Math.min(beamSize, previous.size());
            double[] cutOffOf = null;
            double cutOff = 0;
            for (int h = 0; !previous.isEmpty() && h < expand; h++) {
                Hypothesis top = previous.remove();
                String[] before = top.outcomes();
                double[] scores = scorer.scores(top, before);
                if (scores != cutOffOf) {
                    cutOff = cutOff(scores, beamSize);
                    cutOffOf = scores;
                }
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
            throw new IllegalStateException("no valid " + sequenceKind + " sequence for " + Arrays.toString(tokens));
        }
        return previous.remove();
    }

    /** The beam-size-th highest score, counting equal scores apart: the lowest an outcome may score to go on. */
    private static double cutOff(double[] scores, int beamSize) {
        double[] highest = new double[Math.min(beamSize, scores.length)];
        Arrays.fill(highest, Double.NEGATIVE_INFINITY);
        for (double score : scores) {
            int at = highest.length - 1;
            if (score > highest[at]) {
                while (at > 0 && score > highest[at - 1]) {
                    highest[at] = highest[at - 1];
                    at--;
                }
                highest[at] = score;
            }
        }
        return highest[highest.length - 1];
    }

    private void extend(Hypothesis top, int i, String[] tokens, String[] before, int outcome, double probability,
                        PriorityQueue<Hypothesis> next) {
        String name = outcomes[outcome];
        if (validator.validSequence(i, tokens, before, name)) {
            Hypothesis extended = new Hypothesis(top, name, probability);
            if (extended.score > MIN_SEQUENCE_SCORE) {
                next.add(extended);
            }
        }
    }

    /** The outcomes of the first tokens, ordered best first as OpenNLP's {@code Sequence} is. */
    static final class Hypothesis implements Comparable<Hypothesis> {

        static final Hypothesis START = new Hypothesis();

        /** The hypothesis of the tokens before the last, or null at the start. */
        final Hypothesis previous;
        /** The last token's outcome, or null at the start. */
        final String outcome;
        final double probability;
        final double score;
        final int length;

        private Hypothesis() {
            this.previous = null;
            this.outcome = null;
            this.probability = 0;
            this.score = 0;
            this.length = 0;
        }

        private Hypothesis(Hypothesis previous, String outcome, double probability) {
            this.previous = previous;
            this.outcome = outcome;
            this.probability = probability;
            this.score = previous.score + StrictMath.log(probability);
            this.length = previous.length + 1;
        }

        String[] outcomes() {
            String[] names = new String[length];
            for (Hypothesis h = this; h.previous != null; h = h.previous) {
                names[h.length - 1] = h.outcome;
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
