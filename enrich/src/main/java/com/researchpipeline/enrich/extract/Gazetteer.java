package com.researchpipeline.enrich.extract;

import com.researchpipeline.contract.EntityType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Names the project curates, one entity a line ({@code canonical | variant | variant}), matched as word keys
 * (case, dashes, quotes and British spellings folded). An upper-case word in an entry must be upper case in the
 * text ("ALL" is not "all"); a capitalised one must be capitalised ("Kite" is not "kite"). Immutable once
 * loaded, so one instance serves every thread.
 */
final class Gazetteer implements Pass {

    private record Entry(EntityType type, String canonical, List<String> surfaces, double confidence) {
    }

    private static final class Node {
        final Map<String, Node> next = new HashMap<>(4);
        List<Entry> entries;
    }

    private final Node root = new Node();
    private final Map<EntityType, Integer> sizes = new HashMap<>();
    private int variants;

    /** Reads the lexicon {@code name} of {@code lexicons}; {@code pluralise} adds plurals of lower-case last words. */
    void load(Lexicons lexicons, String name, EntityType type, boolean pluralise) {
        load(lexicons.entries(name), type, pluralise);
    }

    /** Adds gazetteer lines ({@code canonical | variant ...}, no comments) of {@code type}. */
    void load(List<String> lines, EntityType type, boolean pluralise) {
        for (String line : lines) {
            String[] names = line.split("\\s*\\|\\s*");
            String canonical = names[0];
            for (String n : names) {
                add(type, canonical, n, pluralise);
            }
            sizes.merge(type, 1, Integer::sum);
        }
    }

    int size(EntityType type) {
        return sizes.getOrDefault(type, 0);
    }

    int variants() {
        return variants;
    }

    private void add(EntityType type, String canonical, String name, boolean pluralise) {
        put(type, canonical, name);
        if (name.contains("'s ") || name.endsWith("'s")) {
            put(type, canonical, name.replace("'s", ""));
        }
        if (pluralise) {
            List<String> surfaces = WordSplitter.surfaces(name);
            String last = surfaces.get(surfaces.size() - 1);
            if (last.length() > 3 && last.equals(last.toLowerCase()) && !last.endsWith("s")) {
                String plural = last.endsWith("y") && !last.endsWith("ey") ? last.substring(0, last.length() - 1) + "ies"
                        : last.endsWith("sh") || last.endsWith("ch") ? last + "es" : last + "s";
                put(type, canonical, name.substring(0, name.length() - last.length()) + plural);
            }
        }
    }

    private void put(EntityType type, String canonical, String name) {
        List<String> surfaces = new ArrayList<>();
        Node node = root;
        for (String surface : WordSplitter.surfaces(name)) {
            String key = Keys.of(surface);
            if (key.equals(Keys.DASH)) {
                continue;
            }
            surfaces.add(surface);
            node = node.next.computeIfAbsent(key, k -> new Node());
        }
        if (node == root) {
            return;
        }
        if (node.entries == null) {
            node.entries = new ArrayList<>(1);
        }
        double confidence = surfaces.size() > 1 ? 0.95 : surfaces.get(0).length() <= 3 ? 0.8 : 0.9;
        node.entries.add(new Entry(type, canonical, List.copyOf(surfaces), confidence));
        variants++;
    }

    @Override
    public List<Candidate> apply(AnalyzedText text, List<Candidate> out) {
        for (int start = 0; start < text.size(); start++) {
            if (text.word(start).isLetters() && !insideCompound(text, start)) {
                matchFrom(text, start, out);
            }
        }
        return out;
    }

    private void matchFrom(AnalyzedText text, int start, List<Candidate> out) {
        Node node = root;
        int i = start;
        Entry best = null;
        int bestEnd = -1;
        List<Integer> matched = new ArrayList<>(4);
        while (i < text.size() && text.sameSentence(start, i)) {
            Word word = text.word(i);
            if (word.isDash() && i > start) {
                i++;
                continue;
            }
            node = node.next.get(word.key());
            if (node == null) {
                break;
            }
            matched.add(i);
            i++;
            if (node.entries != null && (i >= text.size() || !continuesWord(text, i - 1, i))) {
                for (Entry entry : node.entries) {
                    if (caseFits(entry, text, matched) && (best == null || entry.confidence > best.confidence
                            || bestEnd < i)) {
                        best = entry;
                        bestEnd = i;
                    }
                }
            }
        }
        if (best != null) {
            out.add(new Candidate(best.type, start, bestEnd, best.confidence, "dictionary", best.canonical));
        }
    }

    /** "ALD" in "X-ALD" is a piece of a longer name, not a name by itself. */
    private static boolean insideCompound(AnalyzedText text, int start) {
        if (start < 2 || text.word(start).spaceBefore()) {
            return false;
        }
        Word dash = text.word(start - 1);
        Word before = text.word(start - 2);
        return dash.isDash() && !dash.spaceBefore() && before.isLetters() && text.word(start).isAllCaps()
                && (before.isAllCaps() || before.text().length() == 1);
    }

    /** A match must not stop inside a glued word such as "HIV-1"'s digits or "B-cell". */
    private static boolean continuesWord(AnalyzedText text, int last, int next) {
        Word after = text.word(next);
        if (after.spaceBefore() || !text.sameSentence(last, next)) {
            return false;
        }
        return after.isLetters();
    }

    private static boolean caseFits(Entry entry, AnalyzedText text, List<Integer> matched) {
        for (int k = 0; k < entry.surfaces.size(); k++) {
            String surface = entry.surfaces.get(k);
            String written = text.word(matched.get(k)).text();
            if (Word.isAllCaps(surface)) {
                if (!written.equals(surface) && !written.equals(surface.toUpperCase())) {
                    return false;
                }
            } else if (Character.isUpperCase(surface.charAt(0)) && !Character.isUpperCase(written.charAt(0))) {
                return false;
            }
        }
        return true;
    }
}
