package com.researchpipeline.enrich.extract;

import java.util.ArrayList;
import java.util.List;

/** The English lexicons and analyser, loaded once for the tests of single passes. */
final class PassFixture {

    static final Lexicons LEXICONS = new Lexicons("en");
    static final Vocabulary VOCABULARY = new Vocabulary(LEXICONS);
    private static final TextAnalyzer ANALYZER = EntityExtractor.analyzer(LEXICONS, VOCABULARY.legalForms());

    static AnalyzedText analyze(String body) {
        return ANALYZER.analyze(body);
    }

    /** "TYPE text finder" for each candidate, in the order the pass left them. */
    static List<String> described(AnalyzedText text, List<Candidate> candidates) {
        List<String> out = new ArrayList<>();
        for (Candidate c : candidates) {
            out.add(c.type().label() + " " + text.text(c.from(), c.to()) + " " + c.finder());
        }
        return out;
    }

    /** What {@code pass} alone proposes for {@code body}. */
    static List<String> found(Pass pass, String body) {
        AnalyzedText text = analyze(body);
        return described(text, pass.apply(text, new ArrayList<>()));
    }

    static Candidate candidate(AnalyzedText text, String phrase, com.researchpipeline.contract.EntityType type,
                               String finder) {
        int start = text.body().indexOf(phrase);
        int from = -1;
        int to = -1;
        for (int i = 0; i < text.size(); i++) {
            if (text.word(i).start() == start) {
                from = i;
            }
            if (text.word(i).end() == start + phrase.length()) {
                to = i + 1;
            }
        }
        if (from < 0 || to < 0) {
            throw new IllegalArgumentException("'" + phrase + "' is not a run of whole words of the text");
        }
        return new Candidate(type, from, to, 0.8, finder, null);
    }

    private PassFixture() {
    }
}
