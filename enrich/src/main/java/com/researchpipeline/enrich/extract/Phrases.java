package com.researchpipeline.enrich.extract;

import java.util.Set;

/** Helpers that grow a head word into the phrase that names it. */
final class Phrases {

    /**
     * The first word of the phrase ending at {@code head}: extends left over words in {@code modifiers} (and
     * words glued to them by hyphens), never over a word in {@code stop}, never across a sentence.
     */
    static int extendLeft(AnalyzedText text, int head, Set<String> modifiers, Set<String> stop) {
        int from = head;
        int i = head - 1;
        while (i >= 0 && text.sameSentence(i, head)) {
            Word w = text.word(i);
            if (w.isDash() && !w.spaceBefore() && i > 0 && text.word(i - 1).isLetters() && !text.word(i + 1).spaceBefore()) {
                i--;
                continue;
            }
            if (w.isLetters() && modifiers.contains(w.key()) && !stop.contains(w.key())) {
                from = i;
                i--;
                continue;
            }
            break;
        }
        return from;
    }

    private Phrases() {
    }
}
