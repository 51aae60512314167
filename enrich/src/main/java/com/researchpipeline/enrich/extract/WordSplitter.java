package com.researchpipeline.enrich.extract;

import java.util.ArrayList;
import java.util.List;
import opennlp.tools.util.Span;

/** Cuts text into runs of letters and digits and single other characters, skipping white space. */
final class WordSplitter {

    /** Adds the words of {@code body[from, to)} to {@code out}, each tagged as the OpenNLP token holding it. */
    static void split(String body, int from, int to, int sentence, Span[] tokenSpans, String[] tags, List<Word> out) {
        int token = 0;
        int i = from;
        boolean space = true;
        while (i < to) {
            char c = body.charAt(i);
            if (Character.isWhitespace(c)) {
                space = true;
                i++;
                continue;
            }
            int end = i + 1;
            if (isWordChar(c)) {
                while (end < to && isWordChar(body.charAt(end))) {
                    end++;
                }
            }
            while (token < tokenSpans.length - 1 && from + tokenSpans[token].getEnd() <= i) {
                token++;
            }
            String tag = tags.length == 0 ? "X" : tags[token];
            String text = body.substring(i, end);
            if (isWordChar(c) && ("PUNCT".equals(tag) || "SYM".equals(tag))) {
                // the tokenizer glued a hyphen to this word ("-Nyhan"); the tag belongs to the hyphen
                tag = Character.isUpperCase(c) ? "PROPN" : "NOUN";
            }
            out.add(new Word(i, end, text, Keys.of(text), tag, sentence, space));
            space = false;
            i = end;
        }
    }

    /** Splits a gazetteer entry the way body text is split: the words as written: runs of word characters, and every other non-space character alone. */
    static List<String> surfaces(String phrase) {
        List<String> words = new ArrayList<>();
        int i = 0;
        while (i < phrase.length()) {
            char c = phrase.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int end = i + 1;
            if (isWordChar(c)) {
                while (end < phrase.length() && isWordChar(phrase.charAt(end))) {
                    end++;
                }
            }
            words.add(phrase.substring(i, end));
            i = end;
        }
        return words;
    }

    static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK;
    }

    private WordSplitter() {
    }
}
