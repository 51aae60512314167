package com.researchpipeline.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Entities' confidences against whether they were right, in bins of 0.1: a reliability table. */
final class Reliability {

    record Bin(double from, int entities, int right, double confidenceSum) {
        double meanConfidence() {
            return confidenceSum / entities;
        }

        double observedPrecision() {
            return (double) right / entities;
        }
    }

    private final int[] entities = new int[10];
    private final int[] right = new int[10];
    private final double[] confidenceSum = new double[10];

    synchronized void add(double confidence, boolean isRight) {
        int bin = Math.min((int) (confidence * 10), 9);
        entities[bin]++;
        right[bin] += isRight ? 1 : 0;
        confidenceSum[bin] += confidence;
    }

    synchronized List<Bin> bins() {
        List<Bin> bins = new ArrayList<>();
        for (int b = 0; b < 10; b++) {
            if (entities[b] > 0) {
                bins.add(new Bin(b / 10.0, entities[b], right[b], confidenceSum[b]));
            }
        }
        return bins;
    }

    int entities() {
        return bins().stream().mapToInt(Bin::entities).sum();
    }

    /** The gap between mean confidence and observed precision, weighted by each bin's entities. */
    double expectedCalibrationError() {
        return bins().stream().mapToDouble(b -> b.entities() * Math.abs(b.meanConfidence() - b.observedPrecision()))
                .sum() / entities();
    }

    String table() {
        StringBuilder out = new StringBuilder("confidence | entities | mean confidence | observed precision\n");
        for (Bin b : bins()) {
            out.append(String.format(Locale.ROOT, "%.1f-%.1f | %d | %.3f | %.3f%n", b.from(), b.from() + 0.1,
                    b.entities(), b.meanConfidence(), b.observedPrecision()));
        }
        return out.toString();
    }
}
