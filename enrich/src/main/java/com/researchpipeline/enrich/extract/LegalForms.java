package com.researchpipeline.enrich.extract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Companies' legal forms ({@code institution/legal-forms}: "Inc.", "Sdn Bhd", "Co., Ltd.", "A.Ş.", "(Private)
 * Limited") and the forms written before a name ({@code institution/legal-prefixes}: "PT"), matched word by word
 * as written. Immutable once built, so thread-safe.
 */
final class LegalForms {

    /** A form's words as written, and whether white space comes before each. */
    private record Form(String[] words, boolean[] spaced) {
    }

    /** Forms by their first word, longest first. */
    private final Map<String, List<Form>> suffixes;
    private final Map<String, List<Form>> prefixes;
    /** "Pvt. Ltd": a form's abbreviation and the word after it, which a sentence never ends between. */
    private final Set<String> innerDots;
    /** The most words a form after a name has ("S.A. de C.V." has nine). */
    private final int longestSuffix;

    LegalForms(Lexicons lexicons) {
        suffixes = index(lexicons.entries("institution/legal-forms"));
        prefixes = index(lexicons.entries("institution/legal-prefixes"));
        Set<String> inner = new HashSet<>();
        for (List<Form> forms : suffixes.values()) {
            for (Form form : forms) {
                for (int i = 0; i + 2 < form.words.length; i++) {
                    if (form.words[i + 1].equals(".") && form.spaced[i + 2]) {
                        inner.add(form.words[i] + ". " + form.words[i + 2]);
                    }
                }
            }
        }
        innerDots = Set.copyOf(inner);
        longestSuffix = suffixes.values().stream().flatMap(List::stream).mapToInt(f -> f.words.length).max().orElse(1);
    }

    private static Map<String, List<Form>> index(List<String> entries) {
        Map<String, List<Form>> byFirst = new HashMap<>();
        for (String entry : entries) {
            List<String> words = WordSplitter.surfaces(entry);
            boolean[] spaced = new boolean[words.size()];
            int at = 0;
            for (int i = 0; i < words.size(); i++) {
                int found = entry.indexOf(words.get(i), at);
                spaced[i] = found > 0 && Character.isWhitespace(entry.charAt(found - 1));
                at = found + words.get(i).length();
            }
            byFirst.computeIfAbsent(words.get(0), k -> new ArrayList<>())
                    .add(new Form(words.toArray(String[]::new), spaced));
        }
        for (List<Form> forms : byFirst.values()) {
            forms.sort(Comparator.comparingInt((Form f) -> f.words.length).reversed());
        }
        return Map.copyOf(byFirst);
    }

    /** The end (exclusive) of the legal form written at word {@code at}, or -1. */
    int suffixEnd(AnalyzedText text, int at) {
        return match(suffixes, text, at);
    }

    /** Whether a legal form ends right before {@code at}, starting at {@code from} or later: "Lupin Limited| and". */
    boolean endsAt(AnalyzedText text, int at, int from) {
        for (int j = Math.max(from, at - longestSuffix); j < at; j++) {
            if (suffixEnd(text, j) == at) {
                return true;
            }
        }
        return false;
    }

    /** The end (exclusive) of the legal form written before a name at word {@code at}, or -1. */
    int prefixEnd(AnalyzedText text, int at) {
        return match(prefixes, text, at);
    }

    /** Whether a sentence cannot end between "{@code abbreviation}." and {@code next}: "Pvt. | Ltd.". */
    boolean continuesAfterDot(String abbreviation, String next) {
        return innerDots.contains(abbreviation + ". " + next);
    }

    private static int match(Map<String, List<Form>> index, AnalyzedText text, int at) {
        List<Form> forms = index.get(text.word(at).text());
        if (forms == null) {
            return -1;
        }
        for (Form form : forms) {
            int end = at + form.words.length;
            if (end > text.size()) {
                continue;
            }
            boolean same = true;
            for (int k = 1; k < form.words.length && same; k++) {
                Word w = text.word(at + k);
                same = w.text().equals(form.words[k]) && w.spaceBefore() == form.spaced[k];
            }
            // "SA" must not be the start of "SAFE": the form ends where a word ends
            if (same && (end == text.size() || text.word(end).spaceBefore() || !text.word(end).isLetters())) {
                return end;
            }
        }
        return -1;
    }
}
