package com.researchpipeline.enrich.extract;

import com.researchpipeline.contract.EntityType;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds "long form (SF)" definitions by the Schwartz-Hearst rule (the short form's characters appear in order in
 * the words before the bracket, the first at a word start) and, when the long form holds or ends in a candidate
 * of some type, proposes the whole long form and the short form as that type: "adenomatous polyposis coli (APC)".
 * Runs after the other finders because it reads their candidates.
 */
final class AbbreviationDefinitions implements Pass {


    private final Vocabulary vocabulary;
    private final Set<String> studyWords;
    private final Set<String> subjectNouns;

    AbbreviationDefinitions(Lexicons lexicons, Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
        diseaseHeads = lexicons.words("disease/bracket-heads");
        therapyHeads = lexicons.words("therapy/bracket-heads");
        deficiencies = lexicons.words("disease/bracket-deficiencies");
        molecules = lexicons.words("disease/molecules");
        studyWords = lexicons.words("common/study-words");
        subjectNouns = lexicons.words("common/subject-nouns");
    }

    @Override
    public List<Candidate> apply(AnalyzedText text, List<Candidate> candidates) {
        int size = candidates.size();
        boolean[] institutionEnds = new boolean[text.size() + 1];
        for (int k = 0; k < size; k++) {
            Candidate c = candidates.get(k);
            institutionEnds[c.to()] |= c.type() == EntityType.INSTITUTION;
        }
        for (int open = 1; open < text.size(); open++) {
            if (!text.word(open).is("(")) {
                continue;
            }
            ShortForms.ShortForm sf = ShortForms.at(text, open);
            if (sf == null) {
                addDefinedInBracket(text, candidates, size, open, institutionEnds);
                addNativeShortName(text, candidates, open, institutionEnds);
                continue;
            }
            if (ShortForms.namesAStudy(text, sf.to(), studyWords)) {
                continue;
            }
            int longStart = longFormStart(text, open, sf.text());
            if (longStart < 0) {
                addNativeShortName(text, candidates, open, institutionEnds);
                continue;
            }
            while (longStart + 2 < open && subjectNouns.contains(text.word(longStart).key())
                    && (text.word(longStart + 1).is("with") || text.word(longStart + 1).is("of"))) {
                longStart += 2; // "adults with transthyretin amyloid cardiomyopathy (ATTR-CM)"
            }
            int close = sf.to();
            if (close + 1 < text.size() && text.sameSentence(open, close + 1)
                    && diseaseHeads.contains(text.word(close + 1).key())) {
                // "von Hippel-Lindau (VHL) disease": the short form sits inside the name
                candidates.add(new Candidate(EntityType.DISEASE, longStart, close + 2, 0.85,
                        "abbreviation-definition", null));
                if (!deficiencies.contains(text.word(close + 1).key())) {
                    // "glucose-6-phosphate dehydrogenase (G6PD) deficiency": the short form names the enzyme
                    candidates.add(new Candidate(EntityType.DISEASE, sf.from(), sf.to(), 0.9, "abbreviation", null));
                }
                continue;
            }
            EntityType type = typeOf(text, candidates, size, longStart, open);
            if (type == null && open - longStart >= 2 && therapyHeads.contains(text.word(open - 1).key())
                    && text.word(open - 1).isLowerCase() && !holdsADisease(candidates, size, longStart, open)) {
                type = EntityType.THERAPY; // "volumetric modulated arc therapy (VMAT)": the short form vouches for it
            }
            if (type == null) {
                continue;
            }
            // "Duchenne or Becker muscular dystrophy (DMD, BMD)" names two diseases, never one composite span
            boolean composite = type == EntityType.DISEASE && coordinates(text, longStart, open)
                    || type == EntityType.THERAPY && joinsTwoTherapies(text, candidates, size, longStart, open);
            if (!composite && !hasSpan(candidates, size, type, longStart, open)) {
                candidates.add(new Candidate(type, longStart, open, 0.85, "abbreviation-definition", null));
            }
            candidates.add(new Candidate(type, sf.from(), sf.to(), 0.9, "abbreviation", null));
        }
        return candidates;
    }

    /**
     * "Medical Research Agency (Agencja Badań Medycznych, ABM)": a name in its own language inside the bracket, then
     * its short form, which stands for that name.
     */
    private void addDefinedInBracket(AnalyzedText text, List<Candidate> candidates, int size, int open,
                                     boolean[] institutionEnds) {
        int close = open + 2;
        while (close < text.size() && close <= open + 12 && !text.word(close).is(")") && text.sameSentence(open, close)) {
            close++;
        }
        if (close >= text.size() || !text.word(close).is(")") || !text.word(close - 2).is(",")) {
            return;
        }
        int comma = close - 2;
        ShortForms.ShortForm sf = ShortForms.at(text, comma);
        if (sf == null || sf.to() != close || comma - open < 2) {
            return;
        }
        int longStart = longFormStart(text, comma, sf.text());
        if (longStart != open + 1) {
            return;
        }
        EntityType type = typeOf(text, candidates, size, longStart, comma);
        if (type == EntityType.INSTITUTION && hasSpan(candidates, size, type, longStart, comma)) {
            candidates.add(new Candidate(type, sf.from(), sf.to(), 0.9, "abbreviation", null));
        } else if (institutionEnds[open] && namesOnly(text, longStart, comma)) {
            // "Indonesian Ulema Council (Majelis Ulama Indonesia, MUI)": the native name of the one before
            candidates.add(new Candidate(EntityType.INSTITUTION, longStart, comma, 0.8, "abbreviation-definition", null));
            candidates.add(new Candidate(EntityType.INSTITUTION, sf.from(), sf.to(), 0.9, "abbreviation", null));
        }
    }

    /**
     * "Ministry of Health of the Republic of Indonesia (Kemenkes)": one capitalised word in a bracket right after an
     * institution, which is no place nor people, is the institution's short name in its own language.
     */
    private void addNativeShortName(AnalyzedText text, List<Candidate> candidates, int open, boolean[] institutionEnds) {
        if (open + 2 >= text.size() || !text.word(open + 2).is(")") || !institutionEnds[open]) {
            return;
        }
        Word w = text.word(open + 1);
        if (w.isCapitalised() && !w.isAllCaps() && w.text().length() >= 4 && w.text().chars().allMatch(Character::isLetter)
                && !vocabulary.isPlace(w.key()) && !vocabulary.isPeople(w.key())) {
            candidates.add(new Candidate(EntityType.INSTITUTION, open + 1, open + 2, 0.75, "abbreviation", null));
        }
    }

    /** Capitalised words only, with the small words a name in any language holds between them. */
    private boolean namesOnly(AnalyzedText text, int from, int to) {
        for (int i = from; i < to; i++) {
            Word w = text.word(i);
            if (!w.isLetters() || !w.isCapitalised() && (i == from || w.text().length() > 3)) {
                return false;
            }
        }
        return true;
    }

    /**
     * "vancomycin plus cefepime (VC)", "vancomycin and piperacillin-tazobactam (VPT)": two therapies found apart, the
     * short form naming their use together; unless one candidate already names the whole ("sulfadoxine-pyrimethamine
     * plus amodiaquine"), or the words between are no two therapies ("eye movement desensitisation and reprocessing").
     */
    private static boolean joinsTwoTherapies(AnalyzedText text, List<Candidate> candidates, int size, int from, int to) {
        boolean first = false;
        boolean second = false;
        for (int k = 0; k < size; k++) {
            Candidate c = candidates.get(k);
            if (c.type() != EntityType.THERAPY) {
                continue;
            }
            if (c.from() == from && c.to() == to) {
                return false;
            }
            if (c.from() == from && c.to() + 1 < to && (text.word(c.to()).is("and") || text.word(c.to()).is("plus")
                    || text.word(c.to()).is("with") || text.word(c.to()).is("combined"))) {
                first = true;
            }
            second |= c.to() == to && c.from() > from + 1;
        }
        return first && second;
    }

    private boolean coordinates(AnalyzedText text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.word(i).is("and") || text.word(i).is("or")) {
                return true;
            }
        }
        return false;
    }

    private final Set<String> diseaseHeads;
    /** "therapy", "stimulation": a long form ending in one names a therapy. */
    private final Set<String> therapyHeads;
    private final Set<String> deficiencies;

    private final Set<String> molecules;

    private boolean hasSpan(List<Candidate> candidates, int size, EntityType type, int from, int to) {
        for (int k = 0; k < size; k++) {
            Candidate c = candidates.get(k);
            if (c.type() == type && c.from() == from && c.to() == to) {
                return true;
            }
        }
        return false;
    }

    /** The first word of the long form ending before {@code open}, or -1 when the short form does not fit. */
    private int longFormStart(AnalyzedText text, int open, String sf) {
        int letters = (int) sf.chars().filter(Character::isLetterOrDigit).count();
        int maxWords = Math.min(letters + 5, letters * 2);
        int first = open;
        int counted = 0;
        while (first > 0 && text.sameSentence(first - 1, open) && counted < maxWords) {
            Word w = text.word(first - 1);
            if (!w.isLetters() && !w.isDash() && !w.is("'") && !w.text().equals("&")) {
                break;
            }
            first--;
            if (w.isLetters()) {
                counted++;
            }
        }
        if (first == open) {
            return -1;
        }
        int base = text.word(first).start();
        String lf = text.body().substring(base, text.word(open - 1).end()).toLowerCase(Locale.ROOT);
        String s = sf.toLowerCase(Locale.ROOT);
        int si = s.length() - 1;
        int li = lf.length() - 1;
        while (si >= 0) {
            char c = s.charAt(si);
            if (!Character.isLetterOrDigit(c)) {
                si--;
                continue;
            }
            while (li >= 0 && (lf.charAt(li) != c
                    || si == 0 && li > 0 && Character.isLetterOrDigit(lf.charAt(li - 1)))) {
                li--;
            }
            if (li < 0) {
                return -1;
            }
            li--;
            si--;
        }
        int startOffset = base + li + 1;
        for (int i = first; i < open; i++) {
            if (text.word(i).end() > startOffset) {
                if (text.word(i).is("a") || text.word(i).is("an")) {
                    // "a markedly higher risk of transthyretin cardiac amyloidosis (ATTR-CM)": only the article held
                    // the short form's first letter, so the words before the bracket do not spell it
                    return -1;
                }
                int start = i;
                while (start >= 2 && text.gluedByDash(start - 2) && text.word(start - 2).isLetters()) {
                    start -= 2; // "ST-segment elevation myocardial infarction (STEMI)": the compound's first piece
                }
                while (start < open && (!text.word(start).isLetters() || text.word(start).is("the")
                        || text.word(start).is("a") || text.word(start).is("an"))) {
                    start++;
                }
                if (start > first && text.word(start).isLowerCase() && text.word(start - 1).isCapitalised()
                        && !text.word(start - 1).isAllCaps() && Character.toLowerCase(text.word(start - 1).text().charAt(0)) == firstLetter(s)) {
                    // "Australian and New Zealand College of Anaesthetists (ANZCA)": a small word matched the first
                    // letter, the capitalised name before it has it too
                    start--;
                }
                return start < open && open - start <= maxWords + 2 ? start : -1;
            }
        }
        return -1;
    }

    private static char firstLetter(String shortForm) {
        for (int i = 0; i < shortForm.length(); i++) {
            if (Character.isLetterOrDigit(shortForm.charAt(i))) {
                return shortForm.charAt(i);
            }
        }
        return ' ';
    }

    /** The type of the candidate that the long form holds or ends in; null when none. */
    /** "new-onset diabetes after transplantation (NODAT)": a long form holding a disease names no therapy. */
    private static boolean holdsADisease(List<Candidate> candidates, int size, int from, int to) {
        for (int k = 0; k < size; k++) {
            Candidate c = candidates.get(k);
            if (c.type() == EntityType.DISEASE && c.from() >= from && c.to() <= to) {
                return true;
            }
        }
        return false;
    }

    private EntityType typeOf(AnalyzedText text, List<Candidate> candidates, int size, int from, int to) {
        for (int k = 0; k < size; k++) {
            Candidate c = candidates.get(k);
            // "cognitive behavioural therapy for insomnia (CBT-I)": a therapy, then what it is for
            if (c.type() == EntityType.THERAPY && c.from() == from && c.to() + 1 < to && text.word(c.to()).is("for")) {
                return EntityType.THERAPY;
            }
        }
        Candidate best = null;
        for (int k = 0; k < size; k++) {
            Candidate c = candidates.get(k);
            if (c.from() >= from && c.to() == to || c.from() >= from && c.to() <= to
                    && (best == null || c.to() - c.from() > best.to() - best.from())) {
                if (best == null || c.to() == to && best.to() != to || c.to() - c.from() > best.to() - best.from()) {
                    best = c;
                }
            }
        }
        if (best == null) {
            return null;
        }
        for (int i = from; i < to; i++) {
            // "International Agency for Research on Cancer (IARC)" is an agency, whatever else it mentions
            if (text.word(i).isCapitalised() && vocabulary.isStrongHead(text.word(i).key())
                    && !text.word(i).is("cancer")) {
                return EntityType.INSTITUTION;
            }
        }
        if (best.type() == EntityType.DISEASE && (ShortForms.namesDeficientMolecule(text, best)
                || ShortForms.looksLikeGeneSymbol(text.text(from, to), ShortForms.at(text, to).text()))) {
            // "deficiency of phenylalanine hydroxylase (PAH)": the brackets name the enzyme, not the disease
            return null;
        }
        // the candidate must carry the long form: end it, or cover at least half of its words
        boolean ends = best.to() == to;
        boolean covers = (best.to() - best.from()) * 2 >= to - from;
        // "Wiskott-Aldrich syndrome protein (WASP)" names a protein: a disease must end the long form
        boolean namesMolecule = molecules.contains(text.word(to - 1).key());
        return ends || covers && !namesMolecule ? best.type() : null;
    }

}
