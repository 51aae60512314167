package com.researchpipeline.enrich.extract;

import com.researchpipeline.contract.EntityType;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Diseases never seen before: a disease head ("disease", "syndrome", "cancer", "injury", a word in -itis,
 * -oma, -emia, -osis, -pathy ...) with the classifying words before it ("inherited retinal diseases",
 * "diffuse large B-cell lymphoma", "Parkinson's disease"), leaving out severity and stage words.
 */
final class DiseaseRule implements Pass {

    /** Heads that name a disease only with a classifying word before them. */
    private static final Pattern GRADE_OR_STAGE = Pattern.compile("(I{1,3}|IV|VI{0,3}|IX)[A-C]?");
    private final Set<String> classHeads;
    /** Self heads written in capitals in their list ("AIDS"), which name the disease only written so: not "hearing aids". */
    private final Set<String> capitalSelfHeads;
    /** Heads that are diseases on their own. */
    private final Set<String> selfHeads;
    private final Set<String> stop;

    private final Vocabulary vocabulary;

    DiseaseRule(Lexicons lexicons, Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
        classHeads = lexicons.words("disease/class-heads");
        selfHeads = lexicons.words("disease/self-heads");
        capitalSelfHeads = lexicons.entries("disease/self-heads").stream().filter(Word::isAllCaps).map(Keys::of)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        stop = lexicons.words("disease/stop-words");
        deficiency = lexicons.words("disease/deficiency-heads");
        resistanceWords = lexicons.words("disease/resistance-words");
        notConditions = lexicons.words("disease/not-conditions");
        eponymHeads = lexicons.words("disease/eponym-heads");
        openHeads = lexicons.words("disease/open-heads");
        closedTags = lexicons.words("common/closed-tags");
        participlePrefixes = lexicons.words("disease/participle-prefixes");
        compoundPrefixes = lexicons.words("disease/compound-prefixes");
        functionWords = lexicons.words("disease/function-words");
        neverVerbs = lexicons.words("disease/never-verbs");
        particles = lexicons.words("disease/name-particles");
        specificHeads = lexicons.words("disease/specific-heads");
        genericAdjectives = lexicons.words("disease/generic-adjectives");
        caseWords = lexicons.words("disease/case-words");
        markerWords = lexicons.words("disease/marker-words");
        personTitles = lexicons.words("common/person-titles");
        nounEndings = java.util.regex.Pattern.compile("[a-z]+(" + String.join("|", lexicons.entries("disease/noun-endings"))
                + ")");
        prefixedIa = java.util.regex.Pattern.compile("(" + String.join("|", lexicons.entries("disease/condition-prefixes"))
                + ")[a-z]{3,}ia");
    }

    private final Set<String> personTitles;

    private boolean afterPersonTitle(AnalyzedText text, int i) {
        int title = i >= 2 && text.word(i - 1).is(".") ? i - 2 : i - 1;
        return title >= 0 && text.word(title).isCapitalised()
                && personTitles.contains(text.word(title).key());
    }

    @Override
    public List<Candidate> apply(AnalyzedText text, List<Candidate> out) {
        withTheirResistance(text, out);
        withClassifyingWords(text, out);
        for (int i = 0; i < text.size(); i++) {
            Word w = text.word(i);
            if (!w.isLetters() || "VERB".equals(w.tag()) && !selfHeads.contains(w.key())
                    && !neverVerbs.contains(w.key()) && !afterAClassifyingWord(text, i)) {
                continue;
            }
            String key = w.key();
            if (key.equals("deficient") && i >= 1) {
                // "G6PD-deficient", "C5 deficient": a deficiency named as a modifier
                int symbol = text.word(i - 1).isDash() && !text.word(i - 1).spaceBefore() && !w.spaceBefore()
                        ? i - 2 : i - 1;
                if (symbol >= 0 && text.sameSentence(symbol, i) && Vocabulary.isSymbol(text.word(symbol))) {
                    out.add(new Candidate(EntityType.DISEASE, Vocabulary.typePrefix(text, symbol), i + 1, 0.7, "disease-rule",
                            null));
                }
                continue;
            }
            boolean self = selfHeads.contains(key) && (w.isAllCaps() || !capitalSelfHeads.contains(key))
                    || vocabulary.isDiseaseWord(key) || isPrefixedCondition(text, i) || "burns".equals(key)
                    && "NOUN".equals(w.tag());
            if (self && !selfHeads.contains(key) && w.isCapitalised() && afterPersonTitle(text, i)) {
                continue; // "Dr. Chioma Okafor": a name's ending is no disease's
            }
            boolean head = self || classHeads.contains(key);
            if (!head || !self && startsCompound(text, i)) {
                // "biologic disease-modifying drug": a class head glued into a compound names no disease
                continue;
            }
            // "the BRCA1 tumor suppressor gene": the gene is not part of the tumour
            boolean suppressor = i + 1 < text.size() && text.word(i + 1).key().startsWith("suppress");
            int from = suppressor ? i : extendLeft(text, i);
            int named = deficiency.contains(key) ? enzymeOfDeficiency(text, i) : i + 1;
            if (named > i + 1) {
                // "hereditary deficiency of C5" is a deficiency of C5, as "hereditary deficiency" is none
                int start = from < i && genericAdjectives.contains(text.word(i - 1).key()) ? i : from;
                out.add(new Candidate(EntityType.DISEASE, start, named, 0.7, "disease-rule", null));
            }
            if (from == i && !self) {
                continue;
            }
            if (specificHeads.contains(key) && genericAdjectives.contains(text.word(i - 1).key())) {
                continue;
            }
            if (from == i && "burns".equals(key) && w.isCapitalised()) {
                continue;
            }
            double confidence = from < i ? 0.8 : 0.7;
            int to = ofTheOrgan(text, Vocabulary.typeSuffix(text, i + 1));
            out.add(new Candidate(EntityType.DISEASE, from, to, confidence, "disease-rule", null));
        }
        return out;
    }

    /**
     * "chronic cholestasis", "Chronic DILI": a listed disease with the words that classify it written before it, as
     * this rule takes them before a head.
     */
    private void withClassifyingWords(AnalyzedText text, List<Candidate> out) {
        int listed = out.size();
        for (int k = 0; k < listed; k++) {
            Candidate c = out.get(k);
            if (c.type() == EntityType.DISEASE && "dictionary".equals(c.finder())) {
                int from = extendLeft(text, c.from());
                if (from < c.from() && classifyingWords(text, from, c.from())) {
                    out.add(new Candidate(EntityType.DISEASE, from, c.to(), 0.8, "disease-rule", null));
                }
            }
        }
    }

    /**
     * Whether words {@code from} to {@code to} may name a kind of a listed disease: words of letters alone, no
     * compound ("dose-dependent"), no "and" ("central and peripheral"), no disease of their own ("myopathies"),
     * none that describes the case.
     */
    private boolean classifyingWords(AnalyzedText text, int from, int to) {
        for (int i = from; i < to; i++) {
            Word w = text.word(i);
            if (!w.isLetters() || i + 1 < text.size() && !text.word(i + 1).spaceBefore() || closedTags.contains(w.tag())
                    || caseWords.contains(w.key()) || vocabulary.isDiseaseWord(w.key())) {
                return false;
            }
        }
        return true;
    }

    /**
     * "developed gastrointestinal bleeding": a word in -ing right after an adjective or a word that classifies it is a
     * noun, whatever the tagger says.
     */
    private boolean afterAClassifyingWord(AnalyzedText text, int i) {
        Word before = i > 0 && text.sameSentence(i - 1, i) ? text.word(i - 1) : null;
        return before != null && text.word(i).key().endsWith("ing")
                && ("ADJ".equals(before.tag()) || vocabulary.isClassifying(before, text.word(i)));
    }

    /**
     * "carcinoma of the rectum", "hypoplasia of the thymus", "angiosarcoma of the scalp": a head followed by "of the"
     * and an organ names where the disease is, as "rectal carcinoma" does; the span ends after the organ.
     */
    private int ofTheOrgan(AnalyzedText text, int to) {
        int organ = to + 2;
        if (organ >= text.size() || !text.sameSentence(to - 1, organ) || !text.word(to).is("of")
                || !text.word(to + 1).is("the")) {
            return to;
        }
        if (vocabulary.placesOrgan(text, organ)) {
            organ++;
        }
        Word w = text.word(organ);
        Word next = organ + 1 < text.size() && text.sameSentence(organ, organ + 1) ? text.word(organ + 1) : null;
        // not "of the head and neck", where the organs are listed, nor "of the liver cells"; burns are named by
        // their cause ("chemical burns of the eye")
        boolean listed = next != null && (next.is("and") || next.is("or") || next.is(",")) && organ + 2 < text.size()
                && text.sameSentence(organ, organ + 2) && vocabulary.isOrgan(text.word(organ + 2).key());
        boolean lastOfPhrase = next == null || !(next.isLetters() && "NOUN".equals(next.tag()) || listed);
        return w.isLowerCase() && vocabulary.isOrgan(w.key()) && lastOfPhrase && !text.word(to - 1).is("burns")
                ? organ + 1 : to;
    }

    private static boolean startsCompound(AnalyzedText text, int i) {
        return text.gluedByDash(i) && text.word(i + 2).isLetters() && text.sameSentence(i, i + 2);
    }

    private final Set<String> deficiency;
    private final Set<String> resistanceWords;

    /** "treatment-resistant depression", "drug-sensitive TB": a known disease with the glued form before it. */
    private void withTheirResistance(AnalyzedText text, List<Candidate> out) {
        int known = out.size();
        for (int k = 0; k < known; k++) {
            Candidate c = out.get(k);
            int form = c.from() - 1;
            if (c.type() != EntityType.DISEASE || form < 2 || !resistanceWords.contains(text.word(form).key())
                    || !text.sameSentence(form - 2, c.from())) {
                continue;
            }
            Word dash = text.word(form - 1);
            Word what = text.word(form - 2);
            if (dash.isDash() && !dash.spaceBefore() && !text.word(form).spaceBefore() && what.isLetters()
                    && what.isLowerCase()) {
                out.add(new Candidate(EntityType.DISEASE, form - 2, c.to(), c.confidence(), "disease-rule", null));
            }
        }
    }


    /**
     * "deficiency of aspartoacylase", "deficiency of the hepatic enzyme phenylalanine hydroxylase",
     * "deficiency of C5": the end of the enzyme or protein named after "of", or the head's own end when none is.
     */
    private int enzymeOfDeficiency(AnalyzedText text, int head) {
        int j = head + 1;
        if (j >= text.size() || !text.word(j).is("of")) {
            return head + 1;
        }
        j++;
        if (j < text.size() && text.word(j).is("the")) {
            j++;
        }
        int end = head + 1;
        for (int k = j; k < text.size() && k < j + 4 && text.sameSentence(head, k); k++) {
            Word w = text.word(k);
            if (!w.isLetters() || stop.contains(w.key()) || closedTags.contains(w.tag()) && !Vocabulary.isSymbol(w)) {
                break;
            }
            if (w.key().endsWith("ase") && w.key().length() > 5 || Vocabulary.isSymbol(w)) {
                end = k + 1;
                break;
            }
        }
        return end;
    }

    /** Endings only nouns have: "abstinence", "compression", "deprivation". */
    private final java.util.regex.Pattern nounEndings;

    /** Greek prefixes that, with "-ia", make the name of a condition: "aniridia", "dysplasia", "myotonia". */
    private final java.util.regex.Pattern prefixedIa;
    private final Set<String> notConditions;

    /** Written in lower case (or opening a sentence), so "Andalusia" the place is not taken for a condition. */
    private boolean isPrefixedCondition(AnalyzedText text, int i) {
        Word w = text.word(i);
        String key = w.key();
        return key.length() >= 8 && prefixedIa.matcher(key).matches() && !notConditions.contains(key)
                && (w.isLowerCase() || text.startsSentence(i));
    }

    private final Set<String> eponymHeads;
    /** Heads whose first word before may be any name: "Norrie disease", "G6PD deficiency", "Wilms tumor". */
    private final Set<String> openHeads;
    private final Set<String> closedTags;

    private boolean isNameWord(Word w) {
        return (!closedTags.contains(w.tag()) || "VERB".equals(w.tag()) && w.key().endsWith("ive") || isMistaggedNoun(w))
                && !classHeads.contains(w.key()) && !selfHeads.contains(w.key()) && !stop.contains(w.key()) && w.text().length() > 1
                && !isParticiple(w);
    }

    private static boolean isParticiple(Word w) {
        return w.isLowerCase() && (w.key().endsWith("ing") || w.key().endsWith("ed"));
    }

    /** "co", "pre": before a participle they make a compound that says how, not which ("co-inherited"). */
    private final Set<String> participlePrefixes;
    /** "post": hyphened before a word, a compound that classifies the disease ("post-stroke epilepsy"). */
    private final Set<String> compoundPrefixes;

    /**
     * The tagger calls an unknown lower-case noun a preposition or determiner ("developed serotonin syndrome"), whose
     * real words are few and all stop or function words, or a verb though it has a noun's ending ("Neonatal
     * abstinence syndrome" in a heading).
     */
    private boolean isMistaggedNoun(Word w) {
        String key = w.key();
        boolean notAVerb = "VERB".equals(w.tag()) && nounEndings.matcher(key).matches();
        return (notAVerb || "ADP".equals(w.tag()) || "DET".equals(w.tag())) && w.isLowerCase() && key.length() >= 5
                && key.chars().allMatch(Character::isLetter) && !stop.contains(key) && !functionWords.contains(key);
    }

    private final Set<String> functionWords;

    /** Heads the tagger may call verbs after an unknown word, though they never are. */
    private final Set<String> neverVerbs;

    /** The tagger calls an unknown capitalised name a determiner or adverb: "Alstrom syndrome is rare". */
    private boolean isMistaggedName(AnalyzedText text, int i) {
        Word w = text.word(i);
        return w.isCapitalised() && closedTags.contains(w.tag()) && w.key().length() >= 4
                && w.key().chars().allMatch(Character::isLetter) && !stop.contains(w.key())
                && !functionWords.contains(w.key());
    }


    private final Set<String> particles;
    /** Heads that need a specific name before them, not only a generic adjective ("inherited deficiency"). */
    private final Set<String> specificHeads;
    private final Set<String> genericAdjectives;
    /** "inherited", "childhood": words that describe a case, which a listed disease does not take. */
    private final Set<String> caseWords;
    /** "associated", "positive": after a marker's symbol they name a kind of the disease ("ANCA-associated"). */
    private final Set<String> markerWords;


    /** Classifying words before the head: nouns, adjectives, proper names with "'s", "type 1", "B-cell". */
    private int extendLeft(AnalyzedText text, int head) {
        int from = head;
        int i = head - 1;
        int taken = 0;
        while (i >= 0 && text.sameSentence(i, head) && taken < 5) {
            Word w = text.word(i);
            if (w.isDash() && !w.spaceBefore() && i > 0 && text.word(i - 1).isLetters()
                    && !text.word(i + 1).spaceBefore()) {
                i--;
                continue;
            }
            if (w.is("s") && i >= 2 && text.word(i - 1).is("'") && text.word(i - 2).isCapitalised()
                    && from == head && eponymHeads.contains(text.word(head).key())
                    && !vocabulary.isPlace(text.word(i - 2).key())) {
                // eponym: "Parkinson's disease"
                i -= 2;
                from = i;
                taken++;
                i--;
                continue;
            }
            if (w.isLetters() && particles.contains(w.key()) && from == i + 1 && (text.word(i + 1).isCapitalised()
                    || particles.contains(text.word(i + 1).key()))) {
                // "van der Woude syndrome", "von Willebrand disease"
                from = i;
                i--;
                continue;
            }
            if (GRADE_OR_STAGE.matcher(w.text()).matches() && !(i > 0 && text.word(i - 1).is("type"))) {
                break; // "grade III-IV intraventricular haemorrhage", "stage IVB Hodgkin lymphoma": a grade or stage
            }
            boolean gluedLeft = i > 0 && text.word(i - 1).isDash() && !text.word(i - 1).spaceBefore()
                    && !w.spaceBefore();
            boolean gluedRight = i + 1 < text.size() && text.word(i + 1).isDash() && !text.word(i + 1).spaceBefore();
            if (w.isLetters() && gluedLeft && !gluedRight && from == i + 1 && i >= 2
                    && markerWords.contains(w.key()) && Vocabulary.isSymbol(text.word(i - 2))
                    && text.word(i - 2).text().chars().allMatch(Character::isLetter)) {
                // "ANCA-associated vasculitis", "EBV-positive lymphoma": what an antibody or a microbe marks is a
                // kind of the disease, whatever the tagger took the pieces for; a gene's ("RPE65-associated") is not
                from = i - 2;
                taken++;
                i -= 3;
                continue;
            }
            if (w.isLetters() && gluedLeft && !gluedRight && from == i + 1 && stop.contains(w.key())
                    && (i < 2 || !Vocabulary.isSymbol(text.word(i - 2)))) {
                // "early-onset", "life-threatening": a compound ending in a stop word says when or how, not what;
                // after a marker's symbol it says which form ("HER2-low", "ER-negative")
                break;
            }
            if (w.isLetters() && gluedLeft && !gluedRight && from == i + 1 && isParticiple(w)
                    && participlePrefixes.contains(text.word(i - 2).key())) {
                break; // "co-inherited", "pre-existing": says how the disease came, not which it is
            }
            boolean afterAPrefix = gluedLeft && compoundPrefixes.contains(text.word(i - 2).key()) && !isParticiple(w);
            if (w.isLetters() && gluedRight && from == i + 2 && compoundPrefixes.contains(w.key())) {
                from = i; // "post-stroke epilepsy", whatever the tagger took "post" and "stroke" for
                taken++;
                i--;
                continue;
            }
            if (w.isLetters() && (gluedLeft || gluedRight) && (!closedTags.contains(w.tag()) || afterAPrefix)
                    && from == i + 1 + (gluedRight ? 1 : 0)) {
                // one piece of a hyphenated compound: "dopa-responsive", "late-infantile", "X-linked"
                from = i;
                taken++;
                i--;
                continue;
            }
            if (w.isLetters() && from == i + 1 && vocabulary.placesOrgan(text, i)) {
                from = i;
                taken++;
                i--;
                continue;
            }
            if (!w.isLetters() || stop.contains(w.key())) {
                break;
            }
            boolean glued = i + 1 < text.size() && text.word(i + 1).isDash() && !text.word(i + 1).spaceBefore();
            boolean number = i > 0 && text.word(i - 1).is("type")
                    && (Character.isDigit(w.text().charAt(0)) || Vocabulary.isRoman(w.text()));
            boolean nameWord = from == head && openHeads.contains(text.word(head).key())
                    && (isNameWord(w) || Vocabulary.isSymbol(w) || isMistaggedName(text, i))
                    || w.isCapitalised() && "PROPN".equals(w.tag()) && from < head && !text.startsSentence(i)
                    && !vocabulary.isPeople(w.key());
            // "rare diseases" is a class, "rare genetic disorder" a genetic disorder that is rare; "infantile
            // Tay-Sachs disease" is an age of onset, "late-infantile" (taken above) a named form
            boolean saysHowOrWhen = w.is("rare") && i != head - 1 || w.is("infantile") && !glued;
            if (saysHowOrWhen || !(glued && !"VERB".equals(w.tag()) || number || nameWord
                    || vocabulary.isClassifying(w, text.word(head)))) {
                break;
            }
            from = i;
            taken++;
            i--;
        }
        // never start on a dangling hyphen piece ("HER2-mutant non-small cell lung cancer" cut by the word limit
        // after "mutant"): start at the next word written apart
        if (from > 0 && from < head && text.word(from - 1).isDash() && !text.word(from).spaceBefore()) {
            while (from < head && !text.word(from).spaceBefore()) {
                from++;
            }
        }
        return from;
    }
}
