package com.researchpipeline.enrich.extract;

/**
 * One word or punctuation mark of an article, finer than OpenNLP's tokens ("CAR-T" is three words) so that
 * finders compare hyphen and apostrophe variants alike.
 *
 * @param start       offset of the first character in the article body
 * @param end         offset after the last character
 * @param text        the characters as written
 * @param key         the folded form compared by finders ({@link Keys#of})
 * @param tag         the Universal Dependencies part of speech of the OpenNLP token that holds the word
 * @param sentence    zero-based sentence index
 * @param spaceBefore whether white space separates the word from the one before it
 */
record Word(int start, int end, String text, String key, String tag, int sentence, boolean spaceBefore) {

    boolean isDash() {
        return Keys.DASH.equals(key);
    }

    boolean isLetters() {
        return Character.isLetterOrDigit(text.charAt(0));
    }

    boolean isCapitalised() {
        return Character.isUpperCase(text.charAt(0));
    }

    boolean isLowerCase() {
        return Character.isLowerCase(text.charAt(0));
    }

    /** Two or more characters, every letter upper case and at least two letters: ALL, ISSCR, AZ. */
    boolean isAllCaps() {
        return isAllCaps(text);
    }

    /** The same test for any string, such as a gazetteer entry's word. */
    static boolean isAllCaps(String s) {
        int letters = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetter(c)) {
                if (!Character.isUpperCase(c)) {
                    return false;
                }
                letters++;
            }
        }
        return letters >= 2;
    }

    boolean is(String folded) {
        return key.equals(folded);
    }
}
