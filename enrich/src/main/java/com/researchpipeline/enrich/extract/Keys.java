package com.researchpipeline.enrich.extract;

import java.util.Locale;

/**
 * Folds a word to the key that gazetteers and rules compare: lower case, dashes and quotes in ASCII, Greek
 * letters spelt out, British spellings in their US form, so {@code leukaemia}, {@code Leukemia} and
 * {@code β-thalassaemia} meet their variants.
 */
final class Keys {

    static final String DASH = "-";

    static boolean isDash(char c) {
        return c == '-' || c == '\u2010' || c == '\u2011' || c == '\u2012' || c == '\u2013' || c == '\u2014'
                || c == '\u2015' || c == '\u2212';
    }

    static boolean isQuote(char c) {
        return c == '\'' || c == '\u2018' || c == '\u2019' || c == '\u201a' || c == '\u201b' || c == '\u2032'
                || c == '`';
    }

    /** The key of one word as {@link WordSplitter} cut it. */
    static String of(String word) {
        if (word.length() == 1) {
            char c = word.charAt(0);
            if (isDash(c)) {
                return DASH;
            }
            if (isQuote(c)) {
                return "'";
            }
        }
        String lower = word.toLowerCase(Locale.ROOT);
        if (lower.indexOf('\u0307') >= 0) {
            lower = lower.replace("i\u0307", "i"); // Turkish "İzmir" lower-cases to i and a combining dot
        }
        switch (lower) {
            case "β": return "beta";
            case "α": return "alpha";
            case "γ": return "gamma";
            case "κ": return "kappa";
            case "δ": return "delta";
            default: break;
        }
        return americanSpelling(lower);
    }

    private static String americanSpelling(String w) {
        if (w.length() < 5) {
            return w;
        }
        String s = w;
        if (s.contains("ae")) {
            s = s.replace("ae", "e");
        }
        if (s.contains("oe")) {
            s = s.replace("oe", "e");
        }
        if (s.endsWith("our") || s.endsWith("ours")) {
            s = s.replace("our", "or");
        }
        if (s.endsWith("tre") || s.endsWith("tres")) {
            s = s.substring(0, s.lastIndexOf("tre")) + "ter" + s.substring(s.lastIndexOf("tre") + 3);
        }
        if (s.contains("isation")) {
            s = s.replace("isation", "ization");
        }
        if (s.endsWith("ised") || s.endsWith("ises") || s.endsWith("ise")) {
            s = s.replaceFirst("is(e|ed|es)$", "iz$1");
        }
        if (s.endsWith("programme") || s.endsWith("programmes")) {
            s = s.replace("programme", "program");
        }
        return s;
    }

    private Keys() {
    }
}
