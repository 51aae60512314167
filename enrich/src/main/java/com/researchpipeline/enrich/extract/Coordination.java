package com.researchpipeline.enrich.extract;

import com.researchpipeline.contract.EntityType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Diseases that share their head: "breast and ovarian cancer", "Duchenne and Becker muscular dystrophy",
 * "colorectal, endometrial, and ovarian cancers". The whole phrase is one mention, as the NCBI disease corpus
 * marks it, so that "ovarian cancer" alone does not stand for it. Its parts are the canonical names of the
 * diseases it names ("breast cancer", "ovarian cancer"), so facets count each. Runs after resolution, on a flat
 * list of candidates.
 */
final class Coordination implements Pass {

    /** Words that qualify the whole coordinated phrase: "hereditary breast and ovarian cancer". */
    private final Set<String> sharedQualifiers;

    private final Vocabulary vocabulary;

    Coordination(Lexicons lexicons, Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
        sharedQualifiers = lexicons.words("disease/shared-qualifiers");
    }

    @Override
    public List<Candidate> apply(AnalyzedText text, List<Candidate> resolved) {
        Candidate[] at = new Candidate[text.size()];
        for (Candidate c : resolved) {
            for (int i = c.from(); i < c.to(); i++) {
                at[i] = c;
            }
        }
        Set<Candidate> absorbed = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Candidate> joined = new ArrayList<>(resolved.size());
        for (Candidate c : resolved) {
            Candidate composite = compositeEndingIn(text, c, at, absorbed);
            joined.add(composite == null ? c : composite);
        }
        joined.removeIf(absorbed::contains);
        return joined;
    }

    private Candidate compositeEndingIn(AnalyzedText text, Candidate c, Candidate[] at,
                                               Set<Candidate> absorbed) {
        Candidate types = typesEndingIn(text, c, at, absorbed);
        if (types != null) {
            return types;
        }
        if (c.type() != EntityType.DISEASE || c.to() - c.from() < 2 || !isConjunct(text, c.from())) {
            return null;
        }
        List<Integer> conjuncts = new ArrayList<>();
        int k = conjunctBefore(text, c.from());
        while (k >= 0 && text.sameSentence(k, c.from()) && isConjunct(text, k)
                && isFreeOrOneNameDisease(text, at[k], k)) {
            conjuncts.add(0, k);
            k = k >= 2 && text.word(k - 1).is(",") ? k - 2 : -1;
        }
        if (conjuncts.isEmpty()) {
            return null;
        }
        int start = compoundStart(text, conjuncts.get(0));
        while (start > 0 && at[start - 1] == null && text.sameSentence(start - 1, start)
                && sharedQualifiers.contains(text.word(start - 1).key())) {
            start = compoundStart(text, start - 1);
        }
        for (int j : conjuncts) {
            if (at[j] != null) {
                absorbed.add(at[j]);
            }
        }
        List<String> parts = partNames(text, c, conjuncts);
        return new Candidate(EntityType.DISEASE, start, c.to(), c.confidence(), "coordination",
                String.join(" and ", parts), parts);
    }

    /** "type 1 and type 2 diabetes", "type 1 or type 2 diabetes": subtypes of one disease, named once. */
    private Candidate typesEndingIn(AnalyzedText text, Candidate c, Candidate[] at, Set<Candidate> absorbed) {
        int from = c.from();
        if (c.type() != EntityType.DISEASE || c.to() - from < 3 || !text.word(from).is("type")
                || !Vocabulary.isSubtype(text.word(from + 1))) {
            return null;
        }
        int k = conjunctBefore(text, from);
        if (k < 1 || !Vocabulary.isSubtype(text.word(k)) || !text.word(k - 1).is("type")
                || !text.sameSentence(k - 1, from) || at[k] != null && at[k].type() != EntityType.DISEASE) {
            return null;
        }
        if (at[k] != null) {
            absorbed.add(at[k]);
        }
        String lastName = c.canonical() != null ? c.canonical() : CanonicalNames.of(text, c);
        String shared = CanonicalNames.of(text, new Candidate(EntityType.DISEASE, from + 2, c.to(), 0, "", null));
        List<String> parts = List.of("type " + text.word(k).text() + " " + shared, lastName);
        return new Candidate(EntityType.DISEASE, k - 1, c.to(), c.confidence(), "coordination",
                String.join(" and ", parts), parts);
    }

    /** Where the hyphenated word ending at {@code i} starts: "X-linked". */
    private int compoundStart(AnalyzedText text, int i) {
        int start = i;
        while (start >= 2 && text.word(start - 1).isDash() && !text.word(start - 1).spaceBefore()
                && !text.word(start).spaceBefore() && text.word(start - 2).isLetters()) {
            start -= 2;
        }
        return start;
    }

    /** The word before "and", "or", "and/or", "," + "and", or a glued "/" ending at {@code first}; -1 if none. */
    private int conjunctBefore(AnalyzedText text, int first) {
        int k = first - 1;
        if (k >= 3 && text.word(k).is("or") && text.word(k - 1).is("/") && text.word(k - 2).is("and")) {
            k -= 3;
        } else if (k >= 1 && (text.word(k).is("and") || text.word(k).is("or"))) {
            k--;
        } else if (k >= 1 && text.word(k).is("/") && !text.word(k).spaceBefore() && !text.word(first).spaceBefore()) {
            return k - 1;
        } else {
            return -1;
        }
        return k >= 1 && text.word(k).is(",") ? k - 1 : k;
    }

    /** A word that can take the shared head: "breast", "ovarian", "Duchenne", "endometrial". */
    private boolean isConjunct(AnalyzedText text, int i) {
        Word w = text.word(i);
        if (!w.isLetters() || w.text().length() < 3 || vocabulary.isDiseaseStopWord(w.key()) || vocabulary.isDiseaseHead(w.key())
                || w.isAllCaps()) {
            return false;
        }
        boolean eponym = w.isCapitalised() && !"VERB".equals(w.tag()) && i > 0 && text.sameSentence(i - 1, i);
        return eponym || vocabulary.isOrgan(w.key()) || vocabulary.isClassifyingAdjective(w);
    }

    /** Nothing found there yet, or a disease that is the conjunct alone: "Duchenne", "Prader-Willi". */
    private boolean isFreeOrOneNameDisease(AnalyzedText text, Candidate c, int i) {
        return c == null || c.type() == EntityType.DISEASE && c.from() == compoundStart(text, i) && c.to() == i + 1;
    }

    /** "breast cancer", "ovarian cancer" for "breast and ovarian cancer". */
    private List<String> partNames(AnalyzedText text, Candidate last, List<Integer> conjuncts) {
        String lastName = last.canonical() != null ? last.canonical() : CanonicalNames.of(text, last);
        String firstWord = text.word(last.from()).text() + " ";
        String shared = lastName.regionMatches(true, 0, firstWord, 0, firstWord.length())
                ? lastName.substring(firstWord.length())
                : CanonicalNames.of(text, new Candidate(EntityType.DISEASE, last.from() + 1, last.to(), 0,
                        "", null));
        List<String> names = new ArrayList<>();
        for (int j : conjuncts) {
            Word w = text.word(j);
            String conjunct = CanonicalNames.of(text, new Candidate(EntityType.DISEASE,
                    compoundStart(text, j), j + 1, 0, "", null));
            boolean eponym = w.isCapitalised() && j > 0 && text.sameSentence(j - 1, j);
            names.add((eponym ? w.text() : conjunct) + " " + shared);
        }
        names.add(lastName);
        return names;
    }

}
