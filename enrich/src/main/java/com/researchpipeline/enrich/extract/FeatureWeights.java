package com.researchpipeline.enrich.extract;

import java.util.Map;
import opennlp.tools.ml.maxent.GISModel;
import opennlp.tools.ml.model.Context;

/**
 * A maximum-entropy model's weights laid out for lookup: the model's own map holds each feature as a map node, a
 * string, its bytes, a context and two arrays, seven places in memory that a lookup visits one after the other,
 * and with a few hundred thousand features they are seldom in the processor's cache (finding the features'
 * weights cost the disease model more than making the features). Here one open-addressing table holds each
 * feature's hash, where its characters are, and its row of weights, one per outcome: a lookup visits three places.
 * {@link #eval} gives what {@code GISModel.eval} gives, to the last bit: the same uniform prior, then each feature's
 * weights added in the context's order (a row adds 0 where the feature has no weight, which changes no sum), then
 * the same normalisation. Immutable, so one instance serves every thread.
 */
final class FeatureWeights {

    private static final int EMPTY = -1;
    /** Ints per slot: the feature's hash, the start and length of its characters, its row. */
    private static final int SLOT = 4;

    private final int outcomes;
    private final double logPrior;
    private final int mask;
    private final int[] slots;
    private final char[] characters;
    /** Row {@code r} holds the weights of outcome 0, 1 ... at {@code r * outcomes}. */
    private final double[] weights;

    FeatureWeights(GISModel model) {
        @SuppressWarnings("unchecked")
        Map<String, Context> features = (Map<String, Context>) model.getDataStructures()[1];
        this.outcomes = model.getNumOutcomes();
        this.logPrior = StrictMath.log(1.0 / outcomes); // UniformPrior's, the prior of every GISModel read
        int capacity = 4;
        while (capacity < features.size() + features.size() / 2) { // at most two thirds full
            capacity <<= 1;
        }
        this.mask = capacity - 1;
        this.slots = new int[capacity * SLOT];
        for (int s = 0; s < capacity; s++) {
            slots[s * SLOT + 3] = EMPTY;
        }
        long length = 0;
        for (String feature : features.keySet()) {
            length += feature.length();
        }
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("the model's features hold " + length + " characters; this table holds"
                    + " at most 2^31: decode the model with OpenNLP's own classes");
        }
        this.characters = new char[(int) length];
        if ((long) features.size() * outcomes > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("the model holds " + features.size() + " features of " + outcomes
                    + " outcomes; this table holds at most 2^31 weights: decode the model with OpenNLP's own classes");
        }
        this.weights = new double[features.size() * outcomes];
        int at = 0;
        int row = 0;
        for (Map.Entry<String, Context> e : features.entrySet()) {
            String feature = e.getKey();
            int slot = emptySlot(feature.hashCode());
            slots[slot * SLOT] = feature.hashCode();
            slots[slot * SLOT + 1] = at;
            slots[slot * SLOT + 2] = feature.length();
            slots[slot * SLOT + 3] = row;
            feature.getChars(0, feature.length(), characters, at);
            at += feature.length();
            int[] active = e.getValue().getOutcomes();
            double[] parameters = e.getValue().getParameters();
            for (int a = 0; a < active.length; a++) {
                weights[row * outcomes + active[a]] = parameters[a];
            }
            row++;
        }
    }

    int outcomes() {
        return outcomes;
    }

    /** What {@code GISModel.eval(context)} gives: each outcome's probability. */
    double[] eval(String[] context) {
        double[] sums = new double[outcomes];
        java.util.Arrays.fill(sums, logPrior);
        for (String feature : context) {
            add(feature, sums);
        }
        return normalise(sums);
    }

    /** The uniform prior of every outcome, the sums {@link #add} starts from. */
    double[] prior() {
        double[] sums = new double[outcomes];
        java.util.Arrays.fill(sums, logPrior);
        return sums;
    }

    /** Adds the feature's weights to {@code sums} (one per outcome); a feature the model does not know adds none. */
    void add(String feature, double[] sums) {
        int row = row(feature);
        if (row != EMPTY) {
            int from = row * outcomes;
            for (int o = 0; o < outcomes; o++) {
                sums[o] += weights[from + o];
            }
        }
    }

    /** Turns summed log scores into probabilities in place, as {@code GISModel.eval} does; returns them. */
    static double[] normalise(double[] sums) {
        double normal = 0.0;
        for (int o = 0; o < sums.length; o++) {
            sums[o] = StrictMath.exp(sums[o]);
            normal += sums[o];
        }
        for (int o = 0; o < sums.length; o++) {
            sums[o] /= normal;
        }
        return sums;
    }

    private int row(String feature) {
        int hash = feature.hashCode();
        for (int slot = spread(hash) & mask; ; slot = (slot + 1) & mask) {
            int base = slot * SLOT;
            int row = slots[base + 3];
            if (row == EMPTY) {
                return EMPTY;
            }
            if (slots[base] == hash && matches(feature, slots[base + 1], slots[base + 2])) {
                return row;
            }
        }
    }

    private boolean matches(String feature, int start, int length) {
        if (feature.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (feature.charAt(i) != characters[start + i]) {
                return false;
            }
        }
        return true;
    }

    private int emptySlot(int hash) {
        int slot = spread(hash) & mask;
        while (slots[slot * SLOT + 3] != EMPTY) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** Mixes the high bits of the string's hash into the low ones the mask keeps. */
    private static int spread(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
