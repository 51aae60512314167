package com.researchpipeline.enrich.extract;

import com.researchpipeline.contract.EntityType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Therapies named beside a therapy another finder found: a brand in apposition with a drug ("dapagliflozin
 * (Forxiga)", "Forxiga (dapagliflozin)", "bedaquiline, first marketed by Janssen as Sirturo", "also known as GanLum
 * or KLU156"), a name set before an appositive that calls it a vaccine or product ("Gardasil 9, a nine-valent
 * vaccine"), and a disease's vaccine ("yellow fever vaccine"). Every other occurrence of such a brand is the same
 * therapy. Runs after the finders, before resolution, because it reads their candidates.
 */
final class TherapyAppositions implements Pass {

    /** "sold", "marketed", "known": a verb that, with "as", gives a therapy another name. */
    private final Set<String> namingVerbs;
    /** "vaccine", "drug", "candidate": an appositive head that makes the name before it a therapy. */
    private final Set<String> appositiveHeads;
    private final Set<String> vaccineHeads;
    private final Set<String> placePrepositions;

    TherapyAppositions(Lexicons lexicons) {
        namingVerbs = lexicons.words("therapy/naming-verbs");
        appositiveHeads = lexicons.words("therapy/appositive-heads");
        vaccineHeads = Set.of("vaccine", "vaccines");
        placePrepositions = lexicons.words("institution/place-prepositions");
    }

    @Override
    public List<Candidate> apply(AnalyzedText text, List<Candidate> candidates) {
        List<int[]> brands = new ArrayList<>();
        int size = candidates.size();
        for (int c = 0; c < size; c++) {
            Candidate therapy = candidates.get(c);
            if (therapy.type() == EntityType.THERAPY) {
                bracketed(text, therapy, brands);
                namedAs(text, therapy.to(), therapy.from(), brands);
            } else if (therapy.type() == EntityType.DISEASE && therapy.to() < text.size()
                    && vaccineHeads.contains(text.word(therapy.to()).key()) && text.sameSentence(therapy.from(), therapy.to())
                    && text.word(therapy.to()).isLowerCase()) {
                candidates.add(new Candidate(EntityType.THERAPY, therapy.from(), therapy.to() + 1, 0.8,
                        "therapy-rule", null));
            }
        }
        for (int i = 0; i < text.size(); i++) {
            int end = nameEnd(text, i);
            Word w = text.word(i);
            if (appositiveHeads.contains(w.key()) && w.isLowerCase() && "NOUN".equals(w.tag())) {
                namedAs(text, i + 1, -1, brands); // "the regimen, known as BPaLM"
            }
            if (end > i && i > 0 && text.sameSentence(i - 1, i) && appositiveHeads.contains(text.word(i - 1).key())
                    && text.word(i - 1).isLowerCase() && "NOUN".equals(text.word(i - 1).tag()) && hasLowerCase(text, i, end)
                    && (end == text.size() || !text.word(end).isCapitalised())) {
                brands.add(new int[] {i, end}); // "the older product Dengvaxia", "the vaccine Qdenga"
            }
            if (end > i && i > 1 && text.sameSentence(i - 2, i) && text.word(i - 1).is("name")
                    && text.word(i - 2).is("brand") && hasLowerCase(text, i, end)) {
                brands.add(new int[] {i, end}); // "AUR-0577, proposed brand name Memivra"
            }
            if (end > i && i > 1 && text.word(i - 1).is(",") && text.sameSentence(i - 2, end - 1)
                    && appositiveHeads.contains(text.word(i - 2).key()) && text.word(i - 2).isLowerCase()
                    && hasLowerCase(text, i, end) && endsAppositive(text, end)) {
                brands.add(new int[] {i, end}); // "the first dengue vaccine, Dengvaxia, ..."
            }
            if (end > i && end + 2 < text.size() && text.word(end).is(",") && text.sameSentence(i, end + 2)
                    && !(i > 0 && placePrepositions.contains(text.word(i - 1).key()))) {
                appositive(text, i, end, brands); // but "a company in Bandung, the first cell therapy ..." is a place
            }
        }
        java.util.Map<String, int[]> distinct = new java.util.LinkedHashMap<>(); // a brand named k times: one scan
        for (int[] brand : brands) {
            distinct.putIfAbsent(text.text(brand[0], brand[1]), brand);
        }
        for (var named : distinct.entrySet()) {
            int[] brand = named.getValue();
            String name = named.getKey();
            int length = brand[1] - brand[0];
            for (int i = 0; i + length <= text.size(); i++) {
                if (text.word(i).text().equals(text.word(brand[0]).text()) && text.text(i, i + length).equals(name)
                        && (i + length == text.size() || !isGlued(text, i + length) || !text.word(i + length).isLetters()
                        && !text.word(i + length).isDash())) {
                    candidates.add(new Candidate(EntityType.THERAPY, i, i + length, 0.55, "brand-rule", null));
                }
            }
        }
        return candidates;
    }

    /** "dapagliflozin (Forxiga)" and "Forxiga (dapagliflozin)". */
    private void bracketed(AnalyzedText text, Candidate therapy, List<int[]> brands) {
        int open = therapy.to();
        if (open + 2 < text.size() && text.word(open).is("(")) {
            int end = nameEnd(text, open + 1);
            if (end > open + 1 && end < text.size() && text.word(end).is(")") && hasLowerCase(text, open + 1, end)) {
                brands.add(new int[] {open + 1, end});
            }
        }
        int close = therapy.to();
        if (therapy.from() >= 2 && text.word(therapy.from() - 1).is("(") && close < text.size()
                && text.word(close).is(")")) {
            int brandEnd = therapy.from() - 1;
            int start = brandEnd - 1;
            while (start > 0 && isGlued(text, start) && text.sameSentence(start - 1, brandEnd)) {
                start--;
            }
            if (nameEnd(text, start) == brandEnd && hasLowerCase(text, start, brandEnd)) {
                brands.add(new int[] {start, brandEnd});
            }
        }
    }

    /** "... sold by AstraZeneca as Forxiga", "also known as GanLum or KLU156", "Qdenga, known ... as TAK-003". */
    private void namedAs(AnalyzedText text, int after, int before, List<int[]> brands) {
        int i = after;
        if (i < text.size() && text.word(i).is(",")) {
            i++;
        }
        int limit = Math.min(text.size() - 1, i + 3);
        int verb = -1;
        for (int k = i; k <= limit && text.sameSentence(after - 1, k); k++) {
            if (namingVerbs.contains(text.word(k).key())) {
                verb = k;
                break;
            }
        }
        if (verb >= 0) {
            for (int k = verb + 1; k < Math.min(text.size() - 1, verb + 6) && text.sameSentence(verb, k); k++) {
                if (text.word(k).is("as")) {
                    int end = nameEnd(text, k + 1);
                    if (end > k + 1) {
                        brands.add(new int[] {k + 1, end});
                        if (end + 1 < text.size() && text.word(end).is("or")) {
                            int second = nameEnd(text, end + 1);
                            if (second > end + 1) {
                                brands.add(new int[] {end + 1, second});
                            }
                        }
                    }
                    break;
                }
                if (text.word(k).is(".") || text.word(k).is(";")) {
                    break;
                }
            }
        }
        // "Qdenga, known during development as TAK-003": the name before the therapy's naming clause
        if (before >= 4 && text.word(before - 1).is("as")) {
            for (int k = before - 2; k >= Math.max(1, before - 6) && text.sameSentence(k, before); k--) {
                if (text.word(k).is(",")) {
                    boolean named = false;
                    for (int v = k + 1; v < before - 1; v++) {
                        named |= namingVerbs.contains(text.word(v).key());
                    }
                    int start = k - 1;
                    while (start > 0 && isGlued(text, start) && text.sameSentence(start - 1, k)) {
                        start--;
                    }
                    if (named && nameEnd(text, start) == k) {
                        brands.add(new int[] {start, k});
                    }
                    return;
                }
            }
        }
    }

    /** "Gardasil 9, a nine-valent vaccine against ...", "M72/AS01E, a candidate developed by GSK". */
    private void appositive(AnalyzedText text, int start, int end, List<int[]> brands) {
        int k = end + 1;
        if (!(text.word(k).is("a") || text.word(k).is("an") || text.word(k).is("the"))) {
            return;
        }
        for (int h = k + 1; h <= Math.min(text.size() - 1, k + 6) && text.sameSentence(h, start); h++) {
            Word w = text.word(h);
            if (!w.isLetters() && !w.isDash()) {
                return;
            }
            if (appositiveHeads.contains(w.key()) && w.isLowerCase()) {
                boolean headEnds = h + 1 >= text.size() || !text.word(h + 1).isLetters()
                        || !"NOUN".equals(text.word(h + 1).tag());
                if (headEnds && (start == 0 || !text.sameSentence(start - 1, start) || !text.word(start - 1).isCapitalised())) {
                    brands.add(new int[] {start, end});
                }
                return;
            }
        }
    }

    /**
     * The end (exclusive) of a product name starting at {@code start}: a capitalised word with the words glued to it
     * ("AmBisome", "R21/Matrix-M", "KLU156") and a number after it ("Gardasil 9"); {@code start} when there is none.
     */
    private static int nameEnd(AnalyzedText text, int start) {
        if (start >= text.size() || !text.word(start).isLetters() || !Character.isUpperCase(text.word(start).text().charAt(0))) {
            return start;
        }
        int end = start + 1;
        while (end < text.size() && isGlued(text, end) && text.sameSentence(start, end)
                && !text.word(end).is(",") && !text.word(end).is(")") && !text.word(end).is("(") && !text.word(end).is(".")
                && !text.word(end).is("'") && !text.word(end).is("’")) {
            end++;
        }
        if (!text.word(end - 1).isLetters()) {
            return start;
        }
        if (end < text.size() && text.sameSentence(start, end) && isSmallNumber(text.word(end).text())
                && (end + 1 >= text.size() || !isGlued(text, end + 1) || !text.word(end + 1).isLetters())) {
            end++;
        }
        return end;
    }

    /** An appositive name ends its clause: a comma, a full stop, a bracket or the sentence's end follows. */
    private static boolean endsAppositive(AnalyzedText text, int end) {
        if (end >= text.size() || !text.sameSentence(end - 1, end)) {
            return true;
        }
        Word next = text.word(end);
        return next.is(",") || next.is(".") || next.is(")") || next.is(";");
    }

    private static boolean isSmallNumber(String s) {
        return s.length() <= 2 && s.chars().allMatch(Character::isDigit);
    }

    private static boolean isGlued(AnalyzedText text, int i) {
        return !text.word(i).spaceBefore();
    }

    private static boolean hasLowerCase(AnalyzedText text, int from, int to) {
        for (char c : text.text(from, to).toCharArray()) {
            if (Character.isLowerCase(c)) {
                return true;
            }
        }
        return false;
    }
}
