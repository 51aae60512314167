package com.researchpipeline.enrich.extract;

import java.util.ArrayList;
import java.util.List;

/**
 * An article cut into sentences and words, with parts of speech: what every finder reads.
 *
 * @param body          the text as passed to the extractor
 * @param words         every word and punctuation mark in order
 * @param sentenceCount how many sentences the body holds
 * @param tokenCount    how many OpenNLP tokens the body holds (the unit of the throughput figure)
 */
record AnalyzedText(String body, List<Word> words, int sentenceCount, int tokenCount) {

    Word word(int i) {
        return words.get(i);
    }

    int size() {
        return words.size();
    }

    /** The body's characters from word {@code from} to word {@code to} (exclusive). */
    String text(int from, int to) {
        return body.substring(words.get(from).start(), words.get(to - 1).end());
    }

    /** Whether word {@code k}, the dash after it and the word after that are written together: "adipose-derived". */
    boolean gluedByDash(int k) {
        return k >= 0 && k + 2 < size() && word(k + 1).isDash() && !word(k + 1).spaceBefore()
                && !word(k + 2).spaceBefore();
    }

    /**
     * Whether word {@code i} is the first word of its sentence, marks before it aside ("## Appendectomy", "– Gene
     * therapy"): its capital says nothing of a name (mid-sentence, "Cytotherapy" is a journal's).
     */
    boolean startsSentence(int i) {
        if (afterALabel(i)) {
            return true;
        }
        for (int k = i - 1; k >= 0 && k >= i - 4 && sameSentence(k, i); k--) {
            if (word(k).isLetters()) {
                return false;
            }
        }
        return i - 5 < 0 || !sameSentence(i - 5, i);
    }

    /**
     * "Background: Clozapine is ...", "RESULTS: Neutropenia occurred ...": the first word after a label of up to four
     * words and a colon that opens the sentence, as the sections of structured abstracts open.
     */
    private boolean afterALabel(int i) {
        int colon = i - 1;
        if (colon < 1 || !sameSentence(colon, i) || !word(colon).is(":")) {
            return false;
        }
        int k = colon - 1;
        while (k >= 0 && colon - k <= 4 && sameSentence(k, i) && word(k).isLetters()
                && !Character.isDigit(word(k).text().charAt(0))) {
            k--;
        }
        return k + 1 < colon && (k < 0 || !sameSentence(k, i)) && word(k + 1).isCapitalised();
    }

    boolean sameSentence(int a, int b) {
        return words.get(a).sentence() == words.get(b).sentence();
    }

    /**
     * One sentence as a statistical finder reads it: its words {@code start} to {@code end} (exclusive) and their
     * texts, the tokens the OpenNLP name finders take.
     */
    record Sentence(int start, int end, String[] tokens) {
    }

    /** The sentences in order, each with its tokens. */
    List<Sentence> sentences() {
        List<Sentence> sentences = new ArrayList<>(sentenceCount);
        int start = 0;
        while (start < words.size()) {
            int end = start;
            while (end < words.size() && sameSentence(start, end)) {
                end++;
            }
            String[] tokens = new String[end - start];
            for (int i = start; i < end; i++) {
                tokens[i - start] = words.get(i).text();
            }
            sentences.add(new Sentence(start, end, tokens));
            start = end;
        }
        return sentences;
    }
}
