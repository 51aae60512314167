package com.researchpipeline.enrich.extract;

import com.researchpipeline.enrich.extract.BeamDecoder.Hypothesis;
import java.util.Arrays;
import opennlp.tools.ml.BeamSearch;
import opennlp.tools.ml.maxent.GISModel;
import opennlp.tools.namefind.NameContextGenerator;
import opennlp.tools.namefind.NameFinderME;
import opennlp.tools.namefind.TokenNameFinder;
import opennlp.tools.namefind.TokenNameFinderModel;
import opennlp.tools.util.SequenceCodec;
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
 * ({@link BeamDecoder}: {@code BeamSearch}'s, step by step) then keeps the same hypotheses
 * ({@code SequenceNameFinderTest} compares the spans and probabilities with {@code NameFinderME}'s). Not
 * thread-safe: one per thread.
 */
final class SequenceNameFinder implements TokenNameFinder {

    private static final Object[] NO_ADDITIONAL_CONTEXT = new Object[0];

    private final NameContextGenerator contexts;
    private final SequenceCodec<String> codec;
    private final FeatureWeights weights;
    private final BeamDecoder beam;

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

    /**
     * Finders of the model, one per thread, sharing its weights.
     *
     * @throws IllegalStateException as {@link #weightsOf} does
     */
    static ThreadLocal<SequenceNameFinder> perThread(TokenNameFinderModel model) {
        FeatureWeights weights = weightsOf(model);
        return ThreadLocal.withInitial(() -> new SequenceNameFinder(model, weights));
    }

    /** A finder of {@code model}, whose weights {@link #weightsOf} gave. */
    SequenceNameFinder(TokenNameFinderModel model, FeatureWeights weights) {
        String beam = model.getManifestProperty(BeamSearch.BEAM_SIZE_PARAMETER);
        this.contexts = model.getFactory().createContextGenerator();
        this.codec = model.getFactory().createSequenceCodec();
        this.weights = weights;
        this.beam = new BeamDecoder(beam == null ? NameFinderME.DEFAULT_BEAM_SIZE : Integer.parseInt(beam),
                model.getNameFinderSequenceModel().getOutcomes(), codec.createSequenceValidator(), "name");
    }

    @Override
    public Span[] find(String[] tokens) {
        Hypothesis best = beam.best(tokens, index -> new TokenScores(index, tokens));
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

    /** One token's features: those of the token summed once, those of a hypothesis added per hypothesis. */
    private final class TokenScores implements BeamDecoder.TokenScorer {

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
        @Override
        public double[] scores(Hypothesis h, String[] before) {
            String po = index > 0 ? h.outcome : NameFinderME.OTHER;
            String ppo = index > 1 ? h.previous.outcome : NameFinderME.OTHER;
            double[] scores = sums.clone();
            weights.add("po=" + po, scores);
            weights.add("pow=" + po + "," + token, scores);
            weights.add("powf=" + po + "," + tokenClass, scores);
            weights.add("ppo=" + ppo, scores);
            return FeatureWeights.normalise(scores);
        }
    }
}
