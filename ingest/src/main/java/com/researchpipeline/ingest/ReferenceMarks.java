package com.researchpipeline.ingest;

import java.util.regex.Pattern;

/**
 * When a superscript is a reference mark to keep apart from its word ("breast cancer<sup>1,2</sup>" is "breast
 * cancer 1,2", else "cancer1,2" is no disease), and when it is a power that stays on its unit ("kg/m<sup>2</sup>").
 * HTML says which text is a superscript, a PDF by its glyphs' size and height. Stateless.
 */
final class ReferenceMarks {

    /** What a reference mark holds: "1", "1,2", "3-5", "[12]", "*", "†". */
    private static final Pattern MARK = Pattern.compile("[\\[(]?\\d{1,3}(?:\\s*[,–-]\\s*\\d{1,3})*[\\])]?|[*†‡§¶]{1,3}");
    private static final int MAX_MARK = 24;
    /** Letters a word has at the least: fewer are a unit ("m", "cm", "kg/m"), which takes its power glued. */
    private static final int MIN_WORD = 3;

    /** True when a superscript holding {@code mark} after {@code textBefore} is kept apart from it by a space. */
    static boolean keptApart(CharSequence textBefore, String mark) {
        return mark.length() <= MAX_MARK && MARK.matcher(mark.strip()).matches() && endsWithWord(textBefore);
    }

    private static boolean endsWithWord(CharSequence text) {
        int letters = 0;
        for (int i = text.length() - 1; i >= 0 && letters < MIN_WORD && Character.isLetter(text.charAt(i)); i--) {
            letters++;
        }
        return letters >= MIN_WORD;
    }

    private ReferenceMarks() {
    }
}
