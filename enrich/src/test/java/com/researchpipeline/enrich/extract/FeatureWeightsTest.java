package com.researchpipeline.enrich.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import opennlp.tools.ml.maxent.GISModel;
import opennlp.tools.namefind.TokenNameFinderModel;
import org.junit.jupiter.api.Test;

/** The weights table scores any context, known features or not, as the model itself does, to the last bit. */
class FeatureWeightsTest {

    @Test
    void evaluatesContextsAsTheModelDoes() {
        TokenNameFinderModel names = EntityExtractor.diseaseModel(new Lexicons(EntityExtractor.LANGUAGE));
        GISModel model = (GISModel) names.getArtifact("nameFinder.model");
        FeatureWeights weights = new FeatureWeights(model);
        @SuppressWarnings("unchecked")
        List<String> known = new ArrayList<>(((Map<String, ?>) model.getDataStructures()[1]).keySet());
        Random random = new Random(7);
        for (int c = 0; c < 20_000; c++) {
            String[] context = new String[1 + random.nextInt(60)];
            for (int i = 0; i < context.length; i++) {
                String feature = known.get(random.nextInt(known.size()));
                // unknown features: a known one with a character more or less, and one the model cannot hold
                context[i] = switch (random.nextInt(8)) {
                    case 0 -> feature + "x";
                    case 1 -> feature.substring(0, feature.length() - 1);
                    case 2 -> "no such feature " + random.nextInt();
                    default -> feature;
                };
            }
            assertThat(weights.eval(context)).containsExactly(model.eval(context));
        }
        assertThat(weights.outcomes()).isEqualTo(model.getNumOutcomes());
    }
}
