package com.researchpipeline.enrich.extract;

/** Short forms in brackets, "long form (SF)", as the abbreviation passes read them. */
final class ShortForms {

    /** Where a bracketed short form lies: words {@code from} to {@code to} (exclusive), closing bracket at {@code to}. */
    record ShortForm(int from, int to, String text) {
    }


    /**
     * "... rectal cancer (ROLTA): a multicentre, randomised, controlled trial": a bracket closing at {@code close},
     * then a colon and one of {@code studyWords} within the next eleven words, names the study a title announces.
     */
    static boolean namesAStudy(AnalyzedText text, int close, java.util.Set<String> studyWords) {
        if (close + 1 >= text.size() || !text.word(close).is(")") || !text.word(close + 1).is(":")) {
            return false;
        }
        for (int k = close + 2; k < text.size() && k <= close + 12 && text.sameSentence(close, k); k++) {
            if (studyWords.contains(text.word(k).key())) {
                return true;
            }
        }
        return false;
    }

    /** The short form in brackets after {@code open}: glued words, 2 to 10 characters, with a capital letter. */
    static ShortForm at(AnalyzedText text, int open) {
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

    private ShortForms() {
    }
}
