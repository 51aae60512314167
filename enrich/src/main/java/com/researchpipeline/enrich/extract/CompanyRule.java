package com.researchpipeline.enrich.extract;

import com.researchpipeline.contract.EntityType;
import java.util.List;
import java.util.Set;

/**
 * Companies by their legal form: the capitalised words right before a form ("Emzor Pharmaceutical Industries
 * Limited", "Otsuka Pharmaceutical Co., Ltd.", "Medtronic plc") or right after a form written first ("PT Bio Farma
 * (Persero)") name a company, whatever words they hold, the form and its dots included.
 */
final class CompanyRule implements Pass {

    /** At most this many words of name before a legal form. */
    private static final int MAX_NAME_WORDS = 8;

    private final LegalForms legalForms;
    private final Set<String> leading;
    private final Set<String> connectors;
    private final Set<String> dates;
    private final Vocabulary vocabulary;

    CompanyRule(Lexicons lexicons, Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
        legalForms = vocabulary.legalForms();
        leading = lexicons.words("institution/leading-words");
        connectors = lexicons.words("institution/connectors");
        dates = lexicons.words("institution/dates");
    }

    @Override
    public List<Candidate> apply(AnalyzedText text, List<Candidate> out) {
        int i = 0;
        while (i < text.size()) {
            int nameEnd = legalForms.prefixEnd(text, i);
            if (nameEnd > 0) {
                i = afterPrefix(text, i, nameEnd, out);
                continue;
            }
            int end = i > 0 ? legalForms.suffixEnd(text, i) : -1;
            if (end > 0) {
                int start = nameStart(text, i);
                if (start >= 0) {
                    out.add(new Candidate(EntityType.INSTITUTION, start, end, 0.8, "institution-rule", null));
                }
                i = end;
                continue;
            }
            i++;
        }
        return out;
    }

    /** "PT Bio Farma (Persero)": the capitalised run after the prefix, with a legal form after it if any. */
    private int afterPrefix(AnalyzedText text, int prefix, int from, List<Candidate> out) {
        int i = from;
        int end = from;
        while (i < text.size() && text.sameSentence(prefix, i) && i - from < MAX_NAME_WORDS) {
            Word w = text.word(i);
            if (w.isLetters() && (w.isCapitalised() || Character.isDigit(w.text().charAt(0)))) {
                i++;
                end = i;
            } else if (connectors.contains(w.key()) && i > from && i + 1 < text.size()
                    && text.word(i + 1).isCapitalised()) {
                i++;
            } else {
                break;
            }
        }
        if (end == from || !text.word(prefix).spaceBefore() && prefix > 0 || !text.word(from).spaceBefore()) {
            return prefix + 1;
        }
        if (end < text.size() && text.sameSentence(prefix, end)) {
            int form = legalForms.suffixEnd(text, end);
            end = form > 0 ? form : end;
        }
        out.add(new Candidate(EntityType.INSTITUTION, prefix, end, 0.8, "institution-rule", null));
        return end;
    }

    /**
     * Where the name before the legal form at {@code form} starts, or -1 when no name is there: the capitalised
     * words (and "of", "&", "de" ... between them) back to a lower-case word, a punctuation mark or the sentence's
     * start, without leading articles, prepositions, titles and dates.
     */
    private int nameStart(AnalyzedText text, int form) {
        int start = form;
        int i = form - 1;
        while (i >= 0 && text.sameSentence(i, form) && form - i <= MAX_NAME_WORDS) {
            Word w = text.word(i);
            boolean name = w.isLetters() && (w.isCapitalised() || Character.isDigit(w.text().charAt(0)));
            if (name && i < form - 1 && "VERB".equals(w.tag()) && Vocabulary.looksInflected(w) && i > 0
                    && text.word(i - 1).isCapitalised() && !w.key().endsWith("ing")) {
                // a headline's verb after its subject: "Pfizer Buys Acme Ltd", but "Halvor Serum Works Ltd", "Leeds
                // Teaching Hospitals NHS Trust"
                break;
            }
            if (name) {
                start = i;
                i--;
            } else if ((connectors.contains(w.key()) || w.text().equals("&")) && i > 0 && start < form
                    && text.word(i - 1).isCapitalised() && !legalForms.endsAt(text, i, 1)
                    && !((w.is("and") || w.text().equals("&")) && vocabulary.isStrongHead(text.word(i - 1).key()))) {
                // but "Newcastle University and Newcastle upon Tyne Hospitals NHS Foundation Trust": a name that ends
                // on its own head before "and" is another
                i--;
            } else if (w.isDash() && !w.spaceBefore() && i > 0 && text.word(i - 1).isLetters() && start < form) {
                i--;
            } else if (w.is(",") && i == form - 1 && i > 0 && text.word(i - 1).isCapitalised()) {
                i--; // "Grifols, S.A.", "Moderna, Inc.": the form after a comma
            } else {
                break;
            }
        }
        while (start < form && (leading.contains(text.word(start).key()) || dates.contains(text.word(start).key())
                || !text.word(start).isLetters() || connectors.contains(text.word(start).key())
                || Character.isDigit(text.word(start).text().charAt(0)))) {
            start++;
        }
        if (start == form || onlyGeneric(text, start, form)) {
            return -1;
        }
        return start;
    }

    /** "The Company Limited", "Research Ltd": no word of the name is a proper name. */
    private boolean onlyGeneric(AnalyzedText text, int from, int to) {
        for (int i = from; i < to; i++) {
            Word w = text.word(i);
            if (w.isLetters() && !vocabulary.isGeneric(w.key()) && !vocabulary.isStrongHead(w.key())
                    && !vocabulary.isWeakHead(w.key()) && !connectors.contains(w.key())) {
                return false;
            }
        }
        return true;
    }
}
