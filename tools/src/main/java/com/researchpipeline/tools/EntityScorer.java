package com.researchpipeline.tools;

import com.researchpipeline.contract.Entity;
import com.researchpipeline.contract.EntityType;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Scores predicted mentions against gold sets exactly as the corpus guidelines (and the project's Python
 * scorer) do: per article, the set of distinct (type, normalised text) pairs; micro-averaged precision,
 * recall and F1 per type and overall. Not thread-safe; one instance per evaluation.
 */
public final class EntityScorer {

    /** One distinct mention: the type's label and the normalised text. */
    public record Mention(String type, String text) implements Comparable<Mention> {
        @Override
        public int compareTo(Mention o) {
            int c = type.compareTo(o.type);
            return c != 0 ? c : text.compareTo(o.text);
        }
    }

    /** Precision, recall and F1 of one type or of all. */
    public record Score(int truePositives, int predicted, int gold) {
        public double precision() {
            return predicted == 0 ? 0 : (double) truePositives / predicted;
        }

        public double recall() {
            return gold == 0 ? 0 : (double) truePositives / gold;
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    private static final Pattern SPACES = Pattern.compile("(?U)\\s+");
    private static final Charset CP1252 = Charset.forName("windows-1252");

    private final Map<EntityType, int[]> counts = new java.util.LinkedHashMap<>();
    private final List<String> differences = new ArrayList<>();
    private int articles;

    public EntityScorer() {
        for (EntityType type : EntityType.values()) {
            counts.put(type, new int[3]);
        }
    }

    /** Adds one article: its gold mentions and the extractor's entities. */
    public void add(String article, Set<Mention> gold, Collection<Entity> predicted) {
        Set<Mention> found = new TreeSet<>();
        for (Entity e : predicted) {
            found.add(mention(e.type().label(), e.text()));
        }
        articles++;
        for (EntityType type : EntityType.values()) {
            int[] c = counts.get(type);
            for (Mention m : found) {
                if (m.type.equals(type.label())) {
                    c[1]++;
                    if (gold.contains(m)) {
                        c[0]++;
                    }
                }
            }
            for (Mention m : gold) {
                if (m.type.equals(type.label())) {
                    c[2]++;
                }
            }
        }
        if (!found.equals(gold)) {
            differences.add("== " + article);
            for (Mention m : new TreeSet<>(gold)) {
                if (!found.contains(m)) {
                    differences.add(String.format("  missed   %-11s %s", m.type, m.text));
                }
            }
            for (Mention m : found) {
                if (!gold.contains(m)) {
                    differences.add(String.format("  spurious %-11s %s", m.type, m.text));
                }
            }
        }
    }

    public Score score(EntityType type) {
        int[] c = counts.get(type);
        return new Score(c[0], c[1], c[2]);
    }

    public Score overall() {
        int[] total = new int[3];
        for (int[] c : counts.values()) {
            for (int i = 0; i < 3; i++) {
                total[i] += c[i];
            }
        }
        return new Score(total[0], total[1], total[2]);
    }

    /** Prints the report in the Python scorer's layout; with {@code verbose} each miss and false hit first. */
    public void print(PrintStream out, boolean verbose) {
        if (verbose) {
            differences.forEach(out::println);
        }
        out.printf("articles: %d gold, %d predicted%n", articles, articles);
        for (EntityType type : EntityType.values()) {
            line(out, type.label(), score(type));
        }
        line(out, "all", overall());
        out.printf(Locale.ROOT, "micro F1: %.3f%n", overall().f1());
    }

    private static void line(PrintStream out, String name, Score s) {
        out.printf(Locale.ROOT, "%-11s precision %.3f  recall %.3f  F1 %.3f  (tp %d, predicted %d, gold %d)%n",
                name, s.precision(), s.recall(), s.f1(), s.truePositives(), s.predicted(), s.gold());
    }

    public static Mention mention(String type, String text) {
        return new Mention(type.toLowerCase(Locale.ROOT), normalise(text));
    }

    /**
     * NFKC, dashes and quotes folded to ASCII, lower case, white space collapsed, a leading "the " and a
     * trailing "'s" removed; text mangled by a Windows-1252 decoding is repaired first.
     */
    public static String normalise(String text) {
        String t = Normalizer.normalize(unmangle(text), Normalizer.Form.NFKC);
        StringBuilder sb = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if ("\u2010\u2011\u2012\u2013\u2014\u2015\u2212".indexOf(c) >= 0) {
                c = '-';
            } else if ("\u2018\u2019\u201a\u201b\u2032".indexOf(c) >= 0) {
                c = '\'';
            } else if ("\u201c\u201d\u201e\u201f\u2033".indexOf(c) >= 0) {
                c = '"';
            }
            sb.append(c);
        }
        t = SPACES.matcher(sb.toString().toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
        if (t.startsWith("the ")) {
            t = t.substring(4);
        }
        if (t.endsWith("'s")) {
            t = t.substring(0, t.length() - 2);
        }
        return t;
    }

    private static String unmangle(String text) {
        try {
            ByteBuffer bytes = CP1252.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text));
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            return text;
        }
    }
}
