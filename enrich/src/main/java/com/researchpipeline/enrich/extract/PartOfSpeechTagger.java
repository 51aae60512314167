package com.researchpipeline.enrich.extract;

import java.util.Arrays;
import java.util.PriorityQueue;
import opennlp.tools.ml.BeamSearch;
import opennlp.tools.ml.maxent.GISModel;
import opennlp.tools.ml.model.MaxentModel;
import opennlp.tools.postag.POSContextGenerator;
import opennlp.tools.postag.POSModel;
import opennlp.tools.postag.POSTagFormat;
import opennlp.tools.postag.POSTagFormatMapper;
import opennlp.tools.postag.POSTaggerME;
import opennlp.tools.util.SequenceValidator;

/**
 * Tags parts of speech as OpenNLP's {@link POSTaggerME} does (same model, features, beam, validator and
 * Universal Dependencies tags) for about a third of its cost. {@code POSTaggerME}'s {@link BeamSearch} asks the
 * model once for each hypothesis of the beam at every word and sorts all 38 scores each time to find the beam's
 * cut-off. The English model's features are cached per word (its descriptor says {@code cache="true"}), so all
 * hypotheses at a word get the same features and the same scores: this search asks the model again only when the
 * features differ from the last ones asked, finds the cut-off (the beam-size-th highest score) without sorting,
 * and keeps a hypothesis as a link to its predecessor instead of copied lists. Which hypotheses it expands, in
 * what order, and which survive is {@code BeamSearch}'s, step by step, so the tags are the same
 * ({@code PartOfSpeechTaggerTest} compares them with {@code POSTaggerME}'s). Not thread-safe: one per thread.
 */
final class PartOfSpeechTagger {

    /** {@code BeamSearch}'s floor for a hypothesis's log score. */
    private static final double MIN_SEQUENCE_SCORE = -100000;
    private static final Object[] NO_ADDITIONAL_CONTEXT = new Object[0];

    private final MaxentModel model;
    /** The model's weights, looked up faster than the model does ({@link FeatureWeights}). */
    private final FeatureWeights weights;
    private final int beamSize;
    private final POSContextGenerator contexts;
    private final SequenceValidator<String> validator;
    private final POSTagFormatMapper formats;

    PartOfSpeechTagger(POSModel posModel) {
        this(posModel, weightsOf(posModel));
    }

    /** A tagger of {@code posModel}, whose weights {@link #weightsOf} gave. */
    PartOfSpeechTagger(POSModel posModel, FeatureWeights weights) {
        MaxentModel maxent = (MaxentModel) posModel.getArtifact("pos.model");
        String beam = posModel.getManifestProperty(BeamSearch.BEAM_SIZE_PARAMETER);
        this.model = maxent;
        this.weights = weights;
        this.beamSize = beam == null ? POSTaggerME.DEFAULT_BEAM_SIZE : Integer.parseInt(beam);
        this.contexts = posModel.getFactory().getPOSContextGenerator(beamSize);
        this.validator = posModel.getFactory().getSequenceValidator();
        String[] outcomes = new String[model.getNumOutcomes()];
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = model.getOutcome(i);
        }
        this.formats = new POSTagFormatMapper(outcomes) { }; // as POSTaggerME makes it: the constructor is protected
    }

    /**
     * The weights of the model's features, which every thread's tagger shares.
     *
     * @throws IllegalStateException if the model is not a maximum-entropy model
     */
    static FeatureWeights weightsOf(POSModel posModel) {
        if (!(posModel.getArtifact("pos.model") instanceof GISModel maxent)) {
            throw new IllegalStateException("the part-of-speech model is not a maximum-entropy model; this tagger"
                    + " decodes only those: use a POSTaggerME for it");
        }
        return new FeatureWeights(maxent);
    }

    /** One Universal Dependencies tag per token. */
    String[] tag(String[] tokens) {
        String[] tags = bestSequence(tokens);
        return formats.getGuessedFormat() == POSTagFormat.UD ? tags : formats.convertTags(Arrays.asList(tags));
    }

    private String[] bestSequence(String[] tokens) {
        PriorityQueue<Hypothesis> previous = new PriorityQueue<>(beamSize);
        PriorityQueue<Hypothesis> next = new PriorityQueue<>(beamSize);
        previous.add(Hypothesis.START);
        for (int i = 0; i < tokens.length; i++) {
            int expand = Math.min(beamSize, previous.size());
            String[] asked = null;
            double[] scores = null;
            double cutOff = 0;
            for (int h = 0; !previous.isEmpty() && h < expand; h++) {
                Hypothesis top = previous.remove();
                String[] before = top.outcomes();
                String[] context = contexts.getContext(i, tokens, before, NO_ADDITIONAL_CONTEXT);
                if (!Arrays.equals(context, asked)) {
                    scores = weights.eval(context);
                    cutOff = BeamCutOff.of(scores, beamSize);
                    asked = context;
                }
                for (int p = 0; p < scores.length; p++) {
                    if (scores[p] >= cutOff) {
                        extend(top, i, tokens, before, p, scores[p], next);
                    }
                }
                if (next.isEmpty()) { // no tag above the cut-off is valid: every valid one goes on
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
            throw new IllegalStateException("no valid part-of-speech sequence for " + Arrays.toString(tokens));
        }
        return previous.remove().outcomes();
    }

    private void extend(Hypothesis top, int i, String[] tokens, String[] before, int outcome, double score,
                        PriorityQueue<Hypothesis> next) {
        String tag = model.getOutcome(outcome);
        if (validator.validSequence(i, tokens, before, tag)) {
            Hypothesis extended = new Hypothesis(top, tag, top.score + StrictMath.log(score));
            if (extended.score > MIN_SEQUENCE_SCORE) {
                next.add(extended);
            }
        }
    }

    /** A tagging of the first words, ordered best first as OpenNLP's {@code Sequence} is. */
    private static final class Hypothesis implements Comparable<Hypothesis> {

        static final Hypothesis START = new Hypothesis(null, null, 0);

        final Hypothesis previous;
        final String tag;
        final double score;
        final int length;

        Hypothesis(Hypothesis previous, String tag, double score) {
            this.previous = previous;
            this.tag = tag;
            this.score = score;
            this.length = previous == null ? 0 : previous.length + 1;
        }

        String[] outcomes() {
            String[] tags = new String[length];
            for (Hypothesis h = this; h.previous != null; h = h.previous) {
                tags[h.length - 1] = h.tag;
            }
            return tags;
        }

        @Override
        public int compareTo(Hypothesis other) {
            return Double.compare(other.score, score);
        }
    }
}
