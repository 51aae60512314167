package com.researchpipeline.enrich.extract;

import com.researchpipeline.enrich.extract.BeamDecoder.Hypothesis;
import java.util.Arrays;
import opennlp.tools.ml.BeamSearch;
import opennlp.tools.ml.maxent.GISModel;
import opennlp.tools.ml.model.MaxentModel;
import opennlp.tools.postag.POSContextGenerator;
import opennlp.tools.postag.POSModel;
import opennlp.tools.postag.POSTagFormat;
import opennlp.tools.postag.POSTagFormatMapper;
import opennlp.tools.postag.POSTaggerME;

/**
 * Tags parts of speech as OpenNLP's {@link POSTaggerME} does (same model, features, beam, validator and
 * Universal Dependencies tags) for about a third of its cost. {@code POSTaggerME}'s {@link BeamSearch} asks the
 * model once for each hypothesis of the beam at every word and sorts all 38 scores each time to find the beam's
 * cut-off. The English model's features are cached per word (its descriptor says {@code cache="true"}), so all
 * hypotheses at a word get the same features and the same scores: this tagger asks the model again only when the
 * features differ from the last ones asked, and its search ({@link BeamDecoder}) finds the cut-off without sorting
 * and keeps a hypothesis as a link to its predecessor instead of copied lists. Which hypotheses it expands, in
 * what order, and which survive is {@code BeamSearch}'s, step by step, so the tags are the same
 * ({@code PartOfSpeechTaggerTest} compares them with {@code POSTaggerME}'s). Not thread-safe: one per thread.
 */
final class PartOfSpeechTagger {

    private static final Object[] NO_ADDITIONAL_CONTEXT = new Object[0];

    /** The model's weights, looked up faster than the model does ({@link FeatureWeights}). */
    private final FeatureWeights weights;
    private final POSContextGenerator contexts;
    private final BeamDecoder beam;
    private final POSTagFormatMapper formats;

    PartOfSpeechTagger(POSModel posModel) {
        this(posModel, weightsOf(posModel));
    }

    /** A tagger of {@code posModel}, whose weights {@link #weightsOf} gave. */
    PartOfSpeechTagger(POSModel posModel, FeatureWeights weights) {
        MaxentModel model = (MaxentModel) posModel.getArtifact("pos.model");
        String beam = posModel.getManifestProperty(BeamSearch.BEAM_SIZE_PARAMETER);
        int beamSize = beam == null ? POSTaggerME.DEFAULT_BEAM_SIZE : Integer.parseInt(beam);
        this.weights = weights;
        this.contexts = posModel.getFactory().getPOSContextGenerator(beamSize);
        String[] outcomes = new String[model.getNumOutcomes()];
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = model.getOutcome(i);
        }
        this.beam = new BeamDecoder(beamSize, outcomes, posModel.getFactory().getSequenceValidator(), "part-of-speech");
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
        String[] tags = beam.best(tokens, index -> new WordScores(index, tokens)).outcomes();
        return formats.getGuessedFormat() == POSTagFormat.UD ? tags : formats.convertTags(Arrays.asList(tags));
    }

    /** One word's scores: the hypotheses the beam expands there mostly share their features, so the model is asked
     *  again only when those differ from the last ones asked. */
    private final class WordScores implements BeamDecoder.TokenScorer {

        private final int index;
        private final String[] tokens;
        private String[] asked;
        private double[] scores;

        WordScores(int index, String[] tokens) {
            this.index = index;
            this.tokens = tokens;
        }

        @Override
        public double[] scores(Hypothesis hypothesis, String[] before) {
            String[] context = contexts.getContext(index, tokens, before, NO_ADDITIONAL_CONTEXT);
            if (!Arrays.equals(context, asked)) {
                scores = weights.eval(context);
                asked = context;
            }
            return scores;
        }
    }
}
