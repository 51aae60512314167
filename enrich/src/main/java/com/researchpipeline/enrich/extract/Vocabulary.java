package com.researchpipeline.enrich.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The words and predicates several passes share, so that no pass reaches into another: what heads and classifies
 * a disease, what heads an organisation's name, places, peoples, organs. Built once from the {@link Lexicons};
 * immutable, so thread-safe.
 */
final class Vocabulary {

    /** "type IID von Willebrand disease", "type 1 diabetes". */
    private static final Pattern ROMAN = Pattern.compile("(I{1,3}|IV|VI{0,3}|IX|X)[A-D]?|[A-D]");

    private final Set<String> selfHeads;
    private final Set<String> classHeads;
    private final Set<String> diseaseStopWords;
    private final Set<String> notDiseaseWords;
    /** "nephritis", "glaucoma": endings that make a word of six or more letters a disease's name. */
    private final WordEndings diseaseSuffixes;
    private final WordEndings classifyingSuffixes;
    private final Set<String> diseaseModifiers;
    private final Set<String> rareHeads;
    private final Set<String> nameParticles;
    private final Set<String> ageForms;
    private final Set<String> anatomy;
    /** "lower", "upper": they say where only with an organ after them ("lower limb"), not before a short form. */
    private final Set<String> anatomyModifiers;
    private final Set<String> organisms;
    private final Set<String> places;
    private final Set<String> peoples;
    private final Set<String> genericWords;
    private final Set<String> strongHeads;
    private final Set<String> weakHeads;
    private final WordEndings compoundHeads;
    private final LegalForms legalForms;

    Vocabulary(Lexicons lexicons) {
        selfHeads = lexicons.words("disease/self-heads");
        classHeads = lexicons.words("disease/class-heads");
        diseaseStopWords = lexicons.words("disease/stop-words");
        notDiseaseWords = lexicons.words("disease/not-disease-words");
        diseaseModifiers = lexicons.words("disease/modifiers");
        rareHeads = lexicons.words("disease/rare-heads");
        nameParticles = lexicons.words("disease/name-particles");
        ageForms = lexicons.words("disease/age-forms");
        anatomy = lexicons.words("common/anatomy");
        anatomyModifiers = lexicons.words("common/anatomy-modifiers");
        organisms = lexicons.words("disease/organisms");
        places = lexicons.words("common/places");
        peoples = lexicons.words("common/peoples");
        genericWords = lexicons.words("institution/generic-words");
        strongHeads = lexicons.union("institution/french-heads", "institution/strong-heads");
        weakHeads = lexicons.words("institution/weak-heads");
        List<WordEndings.Ending> compounds = new ArrayList<>();
        for (String entry : lexicons.entries("institution/compound-heads")) {
            String[] parts = entry.split("\\s+");
            compounds.add(new WordEndings.Ending(parts[0], parts.length > 1 ? Integer.parseInt(parts[1]) : 3));
        }
        compoundHeads = new WordEndings(compounds);
        legalForms = new LegalForms(lexicons);
        classifyingSuffixes = WordEndings.of(lexicons.entries("disease/classifying-suffixes"), 0);
        List<WordEndings.Ending> suffixes = new ArrayList<>();
        for (String entry : lexicons.entries("disease/suffixes")) {
            String[] parts = entry.split("\\s+");
            int minLength = parts.length > 1 ? Integer.parseInt(parts[1]) : 0; // of the whole word
            suffixes.add(new WordEndings.Ending(parts[0], Math.max(0, minLength - parts[0].length())));
        }
        diseaseSuffixes = new WordEndings(suffixes);
    }

    // --- organisations ---

    /** A word that names an organisation on its own: "University", "Hôpital", "Therapeutics". */
    boolean isStrongHead(String key) {
        return strongHeads.contains(key) || compoundHead(key) != null;
    }

    /**
     * The head a one-word compound ends in ("klinikum" of "Universitätsklinikum", "ausschuss" of
     * "Bundesausschuss"), or null: the entry says how many letters must come before it.
     */
    String compoundHead(String key) {
        return compoundHeads.endingOf(key);
    }

    /** A head that needs a proper name before it: "Medicine", "Sciences". */
    boolean isWeakHead(String key) {
        return weakHeads.contains(key);
    }

    /** Companies' legal forms: "Inc.", "Sdn Bhd", "PT ...". */
    LegalForms legalForms() {
        return legalForms;
    }

    boolean isPlace(String key) {
        return places.contains(key);
    }

    /** "Korean", "Ashkenazi": whose or where, never a name alone. */
    boolean isPeople(String key) {
        return peoples.contains(key);
    }

    /**
     * Whether a word tagged a verb shows a verb's inflection ("Expands", "Opened", "Launching"), as a headline's verb
     * before a name does; "Cord" tagged a verb is a tagger slip.
     */
    static boolean looksInflected(Word w) {
        String k = w.key();
        return k.length() > 3 && (k.endsWith("s") && !k.endsWith("ss") || k.endsWith("ed") || k.endsWith("ing"));
    }

    /** A common capitalised word that alone never makes an organisation's name. */
    boolean isGeneric(String key) {
        return genericWords.contains(key);
    }

    // --- diseases ---

    boolean isOrgan(String key) {
        return anatomy.contains(key);
    }

    /** "virus", "bacteria": a name ending so names an organism, not a disease. */
    boolean isOrganism(String key) {
        return organisms.contains(key);
    }

    boolean isDiseaseStopWord(String key) {
        return diseaseStopWords.contains(key);
    }

    boolean isSelfHead(String key) {
        return selfHeads.contains(key);
    }

    boolean isClassHead(String key) {
        return classHeads.contains(key);
    }

    boolean isNameParticle(String key) {
        return nameParticles.contains(key);
    }

    /** A word that ends a disease name: "cancer", "syndrome", "nephritis". */
    boolean isDiseaseHead(String key) {
        return selfHeads.contains(key) || classHeads.contains(key) || isDiseaseWord(key);
    }

    /** A word that names a disease by its ending: "nephritis", "glaucoma", "neuropathy". */
    boolean isDiseaseWord(String key) {
        // "antituberculosis", "antifibrotic": against a disease, no disease
        return key.length() >= 6 && !key.startsWith("anti") && !notDiseaseWords.contains(key)
                && diseaseSuffixes.matches(key);
    }

    /** A word that says which disease a head names: "ovarian", "hereditary", "muscular". */
    boolean isClassifyingAdjective(Word w) {
        return isClassifying(w, w);
    }

    /** A word that names a kind of disease: from the lexicon, a disease word, or an adjective of a classifying form. */
    boolean isClassifying(Word w, Word head) {
        String key = w.key();
        if (key.equals("rare")) {
            return rareHeads.contains(head.key());
        }
        if (anatomyModifiers.contains(key)) {
            return false;
        }
        if (diseaseModifiers.contains(key) || selfHeads.contains(key) || isDiseaseWord(key) || anatomy.contains(key)) {
            return true;
        }
        boolean adjective = "ADJ".equals(w.tag()) || "NOUN".equals(w.tag()) || "PROPN".equals(w.tag())
                || "VERB".equals(w.tag()) && key.endsWith("ive");
        return adjective && key.length() > 4 && classifyingSuffixes.matches(key)
                && !diseaseStopWords.contains(key);
    }

    /**
     * "left ventricular", "upper gastrointestinal", "soft tissue": a side or region, only before the organ it places,
     * and no verb ("the war left liver cancer patients ...") unless it opens the sentence, where the tagger takes
     * "Left ventricular hypertrophy" for an imperative.
     */
    boolean placesOrgan(AnalyzedText text, int i) {
        Word w = text.word(i);
        return i + 1 < text.size() && anatomyModifiers.contains(w.key()) && anatomy.contains(text.word(i + 1).key())
                && (!"VERB".equals(w.tag()) || i == 0 || !text.sameSentence(i - 1, i) || !canBeSubject(text.word(i - 1)));
    }

    /** "The wound left ventricular ...": only after a subject is "left" a verb, not after "developed". */
    private static boolean canBeSubject(Word w) {
        return "NOUN".equals(w.tag()) || "PROPN".equals(w.tag()) || "PRON".equals(w.tag());
    }

    /** A gene or protein symbol: "C2", "G6PD", "HPRT", "LCAT". */
    static boolean isSymbol(Word w) {
        String t = w.text();
        boolean digit = t.chars().anyMatch(Character::isDigit);
        return w.isLetters() && Character.isUpperCase(t.charAt(0)) && t.length() >= 2 && t.length() <= 8
                && !isRoman(t) && (w.isAllCaps() || digit && t.chars().allMatch(Character::isLetterOrDigit));
    }

    static boolean isRoman(String text) {
        return ROMAN.matcher(text).matches();
    }

    /**
     * Where a disease's short form starts with the classifying words before it ("childhood cerebral ALD",
     * "type II GD"), never before {@code limit}.
     */
    int classifiedFrom(AnalyzedText text, int from, int limit) {
        int start = typePrefix(text, from);
        if (start < limit) {
            return from;
        }
        if (start < from) {
            return start;
        }
        int i = from - 1;
        while (i >= limit && text.sameSentence(i, from) && from - i <= 3) {
            Word w = text.word(i);
            boolean glued = !w.spaceBefore() && i > 0 && text.word(i - 1).isDash() || !text.word(i + 1).spaceBefore();
            if (!w.isLetters() || glued || diseaseStopWords.contains(w.key())
                    || !(anatomy.contains(w.key()) || ageForms.contains(w.key()))
                    || anatomyModifiers.contains(w.key()) && !(i + 1 < from && anatomy.contains(text.word(i + 1).key()))) {
                break;
            }
            start = i;
            i--;
        }
        return start;
    }

    /** Where a disease name ends with a subtype written after it ("ADCA type I"), never after {@code limit}. */
    static int subtypeTo(AnalyzedText text, int to, int limit) {
        int end = typeSuffix(text, to);
        return end <= limit ? end : to;
    }

    /** "type I C2 deficiency": the subtype written before a name is part of it. */
    static int typePrefix(AnalyzedText text, int from) {
        if (from >= 2 && text.word(from - 2).is("type") && isSubtype(text.word(from - 1))
                && text.sameSentence(from - 2, from)) {
            return from - 2;
        }
        return from;
    }

    /** "von Willebrand disease type B", "protein S deficiency type I": the subtype written after the name. */
    static int typeSuffix(AnalyzedText text, int to) {
        if (to + 1 < text.size() && text.word(to).is("type") && text.sameSentence(to - 1, to + 1)
                && isSubtype(text.word(to + 1))) {
            return to + 2;
        }
        return to;
    }

    /** "1", "2a", "II": a subtype's number. */
    static boolean isSubtype(Word w) {
        return Character.isDigit(w.text().charAt(0)) && w.text().length() <= 3 || isRoman(w.text());
    }
}
