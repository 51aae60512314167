package com.researchpipeline.enrich.extract;

import java.util.Arrays;

/** The cut-off of OpenNLP's beam search, shared by the tagger and the name finders that reproduce it. */
final class BeamCutOff {

    private BeamCutOff() {
    }

    /** The beam-size-th highest score, counting equal scores apart: the lowest an outcome may score to go on. */
    static double of(double[] scores, int beamSize) {
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
}
