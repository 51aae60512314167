package com.researchpipeline.enrich.extract;

import com.researchpipeline.contract.EntityType;
import java.util.List;
import java.util.Locale;

/**
 * Finds "long form (SF)" definitions by the Schwartz-Hearst rule (the short form's characters appear in order in
 * the words before the bracket, the first at a word start) and, when the long form holds or ends in a candidate
 * of some type, proposes the whole long form and the short form as that type: "adenomatous polyposis coli (APC)".
 * Runs after the other finders because it reads their candidates.
 */
final class AbbreviationDefinitions {

    /** Where a bracketed short form lies: words {@code from} to {@code to} (exclusive), closing bracket at {@code to}. */
    record ShortForm(int from, int to, String text) {
    }

    static void find(AnalyzedText text, List<Candidate> candidates) {
        int size = candidates.size();
        for (int open = 1; open < text.size(); open++) {
            if (!text.word(open).is("(")) {
                continue;
            }
            ShortForm sf = shortFormAt(text, open);
            if (sf == null) {
                continue;
            }
            int longStart = longFormStart(text, open, sf.text);
            if (longStart < 0) {
                continue;
            }
            int close = sf.to;
            if (close + 1 < text.size() && text.sameSentence(open, close + 1)
                    && DISEASE_HEADS.contains(text.word(close + 1).key())) {
                // "von Hippel-Lindau (VHL) disease": the short form sits inside the name
                candidates.add(new Candidate(EntityType.DISEASE, longStart, close + 2, 0.85,
                        "abbreviation-definition", null));
                if (!DEFICIENCIES.contains(text.word(close + 1).key())) {
                    // "glucose-6-phosphate dehydrogenase (G6PD) deficiency": the short form names the enzyme
                    candidates.add(new Candidate(EntityType.DISEASE, sf.from, sf.to, 0.9, "abbreviation", null));
                }
                continue;
            }
            EntityType type = typeOf(text, candidates, size, longStart, open);
            if (type == null) {
                continue;
            }
            // "Duchenne or Becker muscular dystrophy (DMD, BMD)" names two diseases, never one composite span
            boolean composite = type == EntityType.DISEASE && coordinates(text, longStart, open);
            if (!composite && !hasSpan(candidates, size, type, longStart, open)) {
                candidates.add(new Candidate(type, longStart, open, 0.85, "abbreviation-definition", null));
            }
            candidates.add(new Candidate(type, sf.from, sf.to, 0.9, "abbreviation", null));
        }
    }

    private static boolean coordinates(AnalyzedText text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.word(i).is("and") || text.word(i).is("or")) {
                return true;
            }
        }
        return false;
    }

    private static final java.util.Set<String> DISEASE_HEADS = WordSet.of("disease", "syndrome", "disorder",
            "dystrophy", "deficiency");
    private static final java.util.Set<String> DEFICIENCIES = WordSet.of("deficiency");

    private static final java.util.Set<String> MOLECULES = WordSet.of("protein", "proteins", "gene", "genes",
            "receptor", "receptors", "kinase", "enzyme", "factor", "antigen", "product", "locus", "domain",
            "protease", "transporter", "channel", "peptide", "hormone", "antibody", "mutation", "mutations",
            "cells", "cell", "test", "assay", "score", "scale", "index", "trial", "study", "programme", "program");

    private static boolean hasSpan(List<Candidate> candidates, int size, EntityType type, int from, int to) {
        for (int k = 0; k < size; k++) {
            Candidate c = candidates.get(k);
            if (c.type() == type && c.from() == from && c.to() == to) {
                return true;
            }
        }
        return false;
    }

    /** The short form in brackets after {@code open}: glued words, 2 to 10 characters, with a capital letter. */
    static ShortForm shortFormAt(AnalyzedText text, int open) {
        int close = open + 1;
        // "(SJS; chondrodystrophic myotonia)", "(vWS, MIM 119300)": a short form may open a bracket of synonyms
        while (close < text.size() && close <= open + 5 && !text.word(close).is(")")
                && !(close > open + 1 && (text.word(close).is(";") || text.word(close).is(",")))) {
            if (close > open + 1 && text.word(close).spaceBefore()) {
                return null;
            }
            close++;
        }
        if (close >= text.size() || close == open + 1 || !text.word(close).is(")") && !text.word(close).is(";")
                && !text.word(close).is(",")
                || !text.sameSentence(open, close)) {
            return null;
        }
        String sf = text.text(open + 1, close);
        if (sf.length() < 2 || sf.length() > 10 || !Character.isLetterOrDigit(sf.charAt(0))
                || sf.chars().noneMatch(Character::isUpperCase) || !text.word(open + 1).isLetters()) {
            return null;
        }
        return new ShortForm(open + 1, close, sf);
    }

    /** The first word of the long form ending before {@code open}, or -1 when the short form does not fit. */
    private static int longFormStart(AnalyzedText text, int open, String sf) {
        int letters = (int) sf.chars().filter(Character::isLetterOrDigit).count();
        int maxWords = Math.min(letters + 5, letters * 2);
        int first = open;
        int counted = 0;
        while (first > 0 && text.sameSentence(first - 1, open) && counted < maxWords) {
            Word w = text.word(first - 1);
            if (!w.isLetters() && !w.isDash() && !w.is("'") && !w.text().equals("&")) {
                break;
            }
            first--;
            if (w.isLetters()) {
                counted++;
            }
        }
        if (first == open) {
            return -1;
        }
        int base = text.word(first).start();
        String lf = text.body().substring(base, text.word(open - 1).end()).toLowerCase(Locale.ROOT);
        String s = sf.toLowerCase(Locale.ROOT);
        int si = s.length() - 1;
        int li = lf.length() - 1;
        while (si >= 0) {
            char c = s.charAt(si);
            if (!Character.isLetterOrDigit(c)) {
                si--;
                continue;
            }
            while (li >= 0 && (lf.charAt(li) != c
                    || si == 0 && li > 0 && Character.isLetterOrDigit(lf.charAt(li - 1)))) {
                li--;
            }
            if (li < 0) {
                return -1;
            }
            li--;
            si--;
        }
        int startOffset = base + li + 1;
        for (int i = first; i < open; i++) {
            if (text.word(i).end() > startOffset) {
                int start = i;
                while (start < open && (!text.word(start).isLetters() || text.word(start).is("the")
                        || text.word(start).is("a") || text.word(start).is("an"))) {
                    start++;
                }
                return start < open && open - start <= maxWords + 2 ? start : -1;
            }
        }
        return -1;
    }

    /** The type of the candidate that the long form holds or ends in; null when none. */
    private static EntityType typeOf(AnalyzedText text, List<Candidate> candidates, int size, int from, int to) {
        Candidate best = null;
        for (int k = 0; k < size; k++) {
            Candidate c = candidates.get(k);
            if (c.from() >= from && c.to() == to || c.from() >= from && c.to() <= to
                    && (best == null || c.to() - c.from() > best.to() - best.from())) {
                if (best == null || c.to() == to && best.to() != to || c.to() - c.from() > best.to() - best.from()) {
                    best = c;
                }
            }
        }
        if (best == null) {
            return null;
        }
        for (int i = from; i < to; i++) {
            // "International Agency for Research on Cancer (IARC)" is an agency, whatever else it mentions
            if (text.word(i).isCapitalised() && InstitutionRule.STRONG.contains(text.word(i).key())
                    && !text.word(i).is("cancer")) {
                return EntityType.INSTITUTION;
            }
        }
        if (best.type() == EntityType.DISEASE && (namesDeficientMolecule(text, best)
                || looksLikeGeneSymbol(text.text(from, to), shortFormAt(text, to).text()))) {
            // "deficiency of phenylalanine hydroxylase (PAH)": the brackets name the enzyme, not the disease
            return null;
        }
        // the candidate must carry the long form: end it, or cover at least half of its words
        boolean ends = best.to() == to;
        boolean covers = (best.to() - best.from()) * 2 >= to - from;
        // "Wiskott-Aldrich syndrome protein (WASP)" names a protein: a disease must end the long form
        boolean namesMolecule = MOLECULES.contains(text.word(to - 1).key());
        return ends || covers && !namesMolecule ? best.type() : null;
    }

    /**
     * "retinoblastoma (RB1)", "Duchenne muscular dystrophy (Dmd)": a number the disease's name lacks, or a
     * mouse-style capitalised symbol, marks the bracket as the gene's symbol ("spinocerebellar ataxia type 3
     * (SCA3)" keeps its own).
     */
    static boolean looksLikeGeneSymbol(String longForm, String shortForm) {
        boolean trailingDigit = Character.isDigit(shortForm.charAt(shortForm.length() - 1));
        boolean numberedName = longForm.chars().anyMatch(Character::isDigit)
                || longForm.matches("(?s).*\\b(type|types|[IVX]+)\\b.*");
        boolean mouseStyle = shortForm.length() >= 3 && Character.isUpperCase(shortForm.charAt(0))
                && shortForm.substring(1).chars().allMatch(Character::isLowerCase);
        return trailingDigit && !numberedName || mouseStyle;
    }

    /** "deficiency of phenylalanine hydroxylase": a bracket after it names the molecule. */
    static boolean namesDeficientMolecule(AnalyzedText text, Candidate c) {
        for (int i = c.from(); i + 1 < c.to(); i++) {
            if ((text.word(i).is("deficiency") || text.word(i).is("deficiencies")) && text.word(i + 1).is("of")) {
                return true;
            }
        }
        return false;
    }

    private AbbreviationDefinitions() {
    }
}
