package com.researchpipeline.enrich.extract;

import com.researchpipeline.contract.EntityType;
import java.util.List;
import java.util.Set;

/**
 * Therapies never seen before: modality phrases ("limbal stem cell transplant", "NK cell therapy"), one-word
 * "-therapy" names, and drugs by their international non-proprietary name stems (-mab, -cel, -nib, -vec ...),
 * including two-word gene therapy names ("axicabtagene ciloleucel").
 */
final class TherapyRule implements Pass {

    private final Set<String> heads;
    /** Heads too generic to stand with an ordinary modifier: they need a modality word such as "stem" or "gene". */
    private final Set<String> needsModality;
    private final Set<String> modality;
    private final Set<String> modifiers;
    private final Set<String> drugSuffixes;
    private final Set<String> notDrugs;

    TherapyRule(Lexicons lexicons) {
        heads = lexicons.words("therapy/heads");
        needsModality = lexicons.words("therapy/needs-modality-heads");
        modality = lexicons.words("therapy/modality");
        modifiers = lexicons.words("therapy/modifiers");
        drugSuffixes = lexicons.words("therapy/drug-suffixes");
        notDrugs = lexicons.words("therapy/not-drugs");
        productContext = lexicons.words("therapy/product-context");
        geneWords = lexicons.words("therapy/gene-words");
        secondWords = lexicons.words("therapy/conjugate-words");
        notProductCode = java.util.regex.Pattern.compile("(" + String.join("|",
                lexicons.entries("therapy/not-product-code-prefixes")) + ").*");
    }

    @Override
    public List<Candidate> apply(AnalyzedText text, List<Candidate> out) {
        for (int i = 0; i < text.size(); i++) {
            Word w = text.word(i);
            if (!w.isLetters()) {
                continue;
            }
            if (heads.contains(w.key())) {
                phrase(text, i, out);
            } else if (isTherapyCompound(w.key()) && (w.isLowerCase() || startsSentence(text, i))) {
                int from = Phrases.extendLeft(text, i, modifiers, Set.of());
                out.add(new Candidate(EntityType.THERAPY, from, i + 1, 0.85, "therapy-rule", null));
            } else if (isDrugName(w)) {
                drug(text, i, out);
            } else if (isShortCellName(text, i)) {
                out.add(new Candidate(EntityType.THERAPY, i - 2, i + 1, 0.75, "drug-name-rule", null));
            } else if (w.isCapitalised() && (i == 0 || !text.word(i - 1).isDash() || text.word(i - 1).spaceBefore())) {
                productCode(text, i, out);
            }
        }
        return out;
    }

    /** A capitalised "Cytotherapy" mid-sentence is a journal's name; at a sentence start it may be the therapy. */
    private boolean startsSentence(AnalyzedText text, int i) {
        return i == 0 || !text.sameSentence(i - 1, i) || !text.word(i - 1).isLetters() && (i < 2
                || !text.sameSentence(i - 2, i));
    }

    /** "AZ-NK01", "UAECell19", "KX-201", "ARG-F9", "NexCAR19", "ARI-0001": capitals, then digits. */
    private static final java.util.regex.Pattern PRODUCT_CODE = java.util.regex.Pattern.compile(
            "(?=[A-Za-z]*[A-Z][A-Za-z]*[A-Z])[A-Z][A-Za-z]*(-[A-Z]+[A-Za-z]*-?[0-9]+|-?[0-9]{2,})[A-Za-z]?");
    private final java.util.regex.Pattern notProductCode;
    private final Set<String> productContext;

    private final Set<String> geneWords;

    /** A code such as "AZ-NK01" or "UAECell19" names a product when the sentence speaks of treating with it. */
    private void productCode(AnalyzedText text, int i, List<Candidate> out) {
        int to = i + 1;
        while (to + 1 < text.size() && text.word(to).isDash() && !text.word(to).spaceBefore()
                && !text.word(to + 1).spaceBefore() && text.word(to + 1).isLetters()) {
            to += 2;
        }
        String code = text.text(i, to);
        if (!PRODUCT_CODE.matcher(code).matches() || notProductCode.matcher(code.toUpperCase()).matches()
                || code.matches("[A-Z]+-?[12][0-9]{3}")) {
            return;
        }
        // "a gene called BCL11A", "the BCL11A gene": a gene symbol looks like a product code
        for (int k = Math.max(0, i - 3); k < Math.min(text.size(), to + 2); k++) {
            if (text.sameSentence(k, i) && geneWords.contains(text.word(k).key())) {
                return;
            }
        }
        for (int k = 0; k < text.size(); k++) {
            if (text.sameSentence(k, i) && productContext.contains(text.word(k).key())) {
                out.add(new Candidate(EntityType.THERAPY, i, to, 0.6, "product-code-rule", code));
                return;
            }
        }
    }

    private void phrase(AnalyzedText text, int head, List<Candidate> out) {
        int from = Phrases.extendLeft(text, head, modifiers, Set.of());
        if (from == head) {
            return;
        }
        if (needsModality.contains(text.word(head).key()) && !hasModality(text, from, head)) {
            return;
        }
        // "stem cell transplantation" keeps "stem"; a bare "cell" before a generic head is the cell, not the therapy
        out.add(new Candidate(EntityType.THERAPY, from, head + 1, 0.8, "therapy-rule", null));
    }

    private boolean hasModality(AnalyzedText text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (modality.contains(text.word(i).key())) {
                return true;
            }
        }
        return false;
    }

    boolean isTherapyCompound(String key) {
        return key.length() > 9 && (key.endsWith("therapy") || key.endsWith("therapies"))
                && !key.startsWith("nontherapy");
    }

    private boolean isDrugName(Word w) {
        String key = w.key();
        if (key.length() < 7 || notDrugs.contains(key) || !w.text().chars().allMatch(Character::isLetter)) {
            return false;
        }
        if (w.isAllCaps()) {
            return false;
        }
        for (String suffix : drugSuffixes) {
            if (key.endsWith(suffix) && key.length() >= suffix.length() + 3) {
                return true;
            }
        }
        return false;
    }

    /** "exa-cel", "reni-cel", "lovo-cel": the short form of a cell therapy's non-proprietary name. */
    private boolean isShortCellName(AnalyzedText text, int i) {
        if (!text.word(i).is("cel") || i < 2 || !text.word(i - 1).isDash() || text.word(i - 1).spaceBefore()
                || text.word(i).spaceBefore()) {
            return false;
        }
        Word stem = text.word(i - 2);
        return stem.isLowerCase() && stem.text().length() >= 3 && stem.text().length() <= 6
                && stem.text().chars().allMatch(Character::isLetter);
    }

    /** The payload of an antibody-drug conjugate or a pegylated form: "brentuximab vedotin", "certolizumab pegol". */
    private final Set<String> secondWords;

    private void drug(AnalyzedText text, int i, List<Candidate> out) {
        int from = i;
        if (i > 0 && text.word(i - 1).isLetters() && text.word(i - 1).key().endsWith("gene")
                && text.word(i - 1).key().length() >= 8 && text.sameSentence(i - 1, i)) {
            from = i - 1;
        }
        int to = i + 1;
        // "remestemcel-L": a one-letter suffix glued by a hyphen belongs to the name
        if (to + 1 < text.size() && text.word(to).isDash() && !text.word(to).spaceBefore()
                && !text.word(to + 1).spaceBefore() && text.word(to + 1).text().length() == 1
                && text.word(to + 1).isCapitalised()) {
            to += 2;
        }
        if (from == i && text.word(i).key().endsWith("gene")) {
            return;
        }
        if (to == i + 1 && to < text.size() && text.sameSentence(i, to) && secondWords.contains(text.word(to).key())) {
            to++;
        }
        out.add(new Candidate(EntityType.THERAPY, from, to, 0.75, "drug-name-rule", null));
    }
}
