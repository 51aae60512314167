package com.researchpipeline.enrich.extract;

import com.researchpipeline.contract.EntityType;
import java.util.List;
import java.util.Set;

/**
 * Diseases never seen before: a disease head ("disease", "syndrome", "cancer", "injury", a word in -itis,
 * -oma, -emia, -osis, -pathy ...) with the classifying words before it ("inherited retinal diseases",
 * "diffuse large B-cell lymphoma", "Parkinson's disease"), leaving out severity and stage words.
 */
final class DiseaseRule implements CandidateFinder {

    /** Heads that name a disease only with a classifying word before them. */
    private static final Set<String> CLASS_HEADS = WordSet.of("disease", "diseases", "disorder", "disorders",
            "syndrome", "syndromes", "injury", "injuries", "deficiency", "deficiencies", "failure", "infarction",
            "tumor", "tumors", "tumour", "tumours", "dystrophy", "dystrophies", "ulcer", "ulcers", "defect",
            "defects", "degeneration", "malformation", "malformations", "palsy", "atrophy", "abnormalities",
            "abnormality", "infection", "infections", "imperfecta", "pigmentosa", "erythematosus", "major",
            "insufficiency", "attack", "attacks", "arrest", "fever", "pox", "neoplasms", "neoplasm", "lesions",
            "ischemia", "sclerosis", "loss", "burns", "burn",
            "stenosis", "aneurysm", "fracture", "fractures", "hernia", "deafness", "blindness", "retardation",
            "agenesis", "aplasia", "anomaly", "anomalies", "dysfunction", "cysts", "cyst", "polyps", "polyposis");
    /** Heads that are diseases on their own. */
    private static final Set<String> SELF_HEADS = WordSet.of("cancer", "cancers", "diabetes", "stroke", "strokes",
            "leukemia", "leukemias", "lymphoma", "lymphomas", "myeloma", "myelomas", "thalassemia",
            "thalassemias", "dementia", "epilepsy", "autism", "infertility", "obesity", "asthma", "hemophilia",
            "haemophilia", "sepsis", "malaria", "tuberculosis", "cirrhosis", "fibrosis", "anemia", "anemias",
            "psoriasis", "vitiligo", "lupus", "schizophrenia", "alopecia", "glaucoma", "tumor", "cataract",
            "cataracts", "osteoporosis", "hypertension", "atherosclerosis", "emphysema", "scleroderma",
            "neuroblastoma", "retinoblastoma", "hepatoblastoma", "melanoma", "glioblastoma", "carcinoma",
            "carcinomas", "sarcoma", "sarcomas", "tumors", "tumours", "neoplasia", "dystonia", "ataxia",
            "myelodysplasia", "polio", "smallpox", "measles", "cholera", "hiv", "aids", "covid", "influenza",
            "achondrogenesis", "atelosteogenesis", "hydrocephalus");
    private static final Set<String> STOP = WordSet.of("severe", "advanced", "milder", "severer", "worse", "relapsed", "refractory", "stable",
            "mild", "moderate", "many", "several", "other", "common", "serious", "new", "certain", "various",
            "such", "these", "those", "most", "aggressive", "debilitating", "incurable", "untreatable", "deadly",
            "fatal", "complex", "difficult", "treatable", "metastatic", "eligible", "human", "related", "associated",
            "the", "a", "an", "and", "or", "of", "with", "for", "in", "on", "to", "by", "from", "their", "its",
            "his", "her", "our", "this", "that", "some", "all", "any", "each", "every", "more", "less", "fewer",
            "life", "threatening", "devastating", "existing", "underlying", "main", "major", "leading", "first",
            "second", "patients", "patient", "people", "children", "adults", "treatment", "therapy", "therapies",
            "stem", "trial", "trials", "cases", "case", "risk", "high", "low", "early", "late", "previous", "prior",
            "current", "chronic_", "same", "different", "specific", "particular", "known", "unknown", "non",
            "multiple_", "rarer", "frequent", "typical", "classic", "worst", "best", "progressive", "persistent",
            "recurrent", "resistant", "sensitive", "positive", "negative", "active", "inactive", "newly",
            "diagnosed", "untreated", "treated", "suspected", "confirmed", "possible", "potential", "hard",
            "acquired_", "care", "research", "study", "studies", "centre", "center", "clinic", "unit", "ward",
            "drug", "drugs", "medicine", "medicines", "blood_", "heavy", "significant", "underlying", "medical",
            "health", "global", "worldwide", "local", "national", "family", "families", "donor", "donors",
            "transplant", "burden", "end", "stage", "terminal", "grade", "low-grade", "high-grade", "overall",
            "which", "what", "whose", "who", "where", "when", "how", "why", "is", "are", "was", "were", "be",
            "has", "have", "had", "not", "no", "as", "at", "if", "than", "then", "so", "but", "nor", "yet",
            "cause", "causes", "caused", "causing", "called", "named", "including", "like", "unlike", "versus_",
            "about", "after", "before", "into", "onto", "over", "under", "between", "among", "against", "without",
            "within", "during", "rare_", "symptom", "symptoms", "signs", "inflammatory_", "one", "two", "three",
            "four", "five", "ten", "hundreds", "thousands", "millions", "number", "numbers", "rate", "rates",
            "novel", "clinical", "molecular", "biochemical", "complete", "partial", "similar", "distinct",
            "unique", "extensive", "massive", "excessive", "intensive", "effective", "expensive", "destructive",
            "disruptive", "attractive", "relative", "respective", "alternative", "conservative", "comprehensive",
            "initial", "final", "total", "normal", "general", "original", "individual", "potential", "several",
            "typical", "critical_", "physical", "social", "financial", "annual", "special", "usual", "actual",
            "additional", "traditional", "professional", "international", "regional", "official", "similar",
            "particular", "regular", "popular", "familiar", "singular", "type_", "onset", "putative", "candidate",
            "obligate", "subtotal", "bilateral", "cycle", "unilateral", "homozygous", "heterozygous", "numerous", "abnormal", "form", "forms", "kind", "kinds", "class", "classes", "group", "groups", "range", "variety");
    private static final Set<String> NOT_DISEASE_WORDS = WordSet.of("diploma", "aroma", "stoma", "coma", "soma",
            "chroma", "genoma", "academia", "diagnosis", "prognosis", "osmosis", "apoptosis", "mitosis",
            "meiosis", "symbiosis", "hypnosis", "emphasis", "genesis", "synthesis", "analysis", "diagnoses",
            "prognoses", "trophy", "hypoxia", "metropolis", "acropolis", "chemosis_", "phagocytosis", "endocytosis",
            "exocytosis", "anastomosis", "thesis", "oasis", "basis", "crisis", "kinesis", "mathematics",
            "kinetosis_", "myoma_", "necrosis", "fibrosis_", "gliosis", "lymphocytosis_", "stroma", "carcinomas_",
            "sarcomere", "sarcomeres", "ribosome", "chromosome", "genome", "proteome", "microbiome", "exome",
            "transcriptome", "melanoma_", "rhizoma", "plasma", "dogma", "enigma", "stigma", "magma", "asthma_",
            "comma", "dilemma", "lemma", "gamma", "karma", "drama", "panorama", "trauma", "cinema", "schema",
            "edema_", "eczema_", "bohemia", "polemia", "ischemia_", "hypothesis", "parenthesis", "prosthesis",
            "diuresis", "electrophoresis", "hematopoiesis", "erythropoiesis", "mimesis", "exegesis", "catechesis",
            "therapy", "trichomonas", "naturopathy", "homeopathy", "osteopathy", "empathy", "sympathy",
            "antipathy", "apathy", "telepathy", "misdiagnosis", "misdiagnoses", "heterozygosis", "homozygosis");

    @Override
    public void find(AnalyzedText text, List<Candidate> out) {
        for (int i = 0; i < text.size(); i++) {
            Word w = text.word(i);
            if (!w.isLetters() || "VERB".equals(w.tag()) && !SELF_HEADS.contains(w.key())
                    && !NEVER_VERBS.contains(w.key())) {
                continue;
            }
            String key = w.key();
            if (key.equals("deficient") && i >= 1) {
                // "G6PD-deficient", "C5 deficient": a deficiency named as a modifier
                int symbol = text.word(i - 1).isDash() && !text.word(i - 1).spaceBefore() && !w.spaceBefore()
                        ? i - 2 : i - 1;
                if (symbol >= 0 && text.sameSentence(symbol, i) && isSymbol(text.word(symbol))) {
                    out.add(new Candidate(EntityType.DISEASE, typePrefix(text, symbol), i + 1, 0.7, "disease-rule",
                            null));
                }
                continue;
            }
            boolean self = SELF_HEADS.contains(key) || isDiseaseWord(key) || isPrefixedCondition(text, i) || "burns".equals(key)
                    && "NOUN".equals(w.tag());
            boolean head = self || CLASS_HEADS.contains(key);
            if (!head) {
                continue;
            }
            // "the BRCA1 tumor suppressor gene": the gene is not part of the tumour
            boolean suppressor = i + 1 < text.size() && text.word(i + 1).key().startsWith("suppress");
            int from = suppressor ? i : extendLeft(text, i);
            int named = DEFICIENCY.contains(key) ? enzymeOfDeficiency(text, i) : i + 1;
            if (named > i + 1) {
                // "hereditary deficiency of C5" is a deficiency of C5, as "hereditary deficiency" is none
                int start = from < i && GENERIC_ADJECTIVES.contains(text.word(i - 1).key()) ? i : from;
                out.add(new Candidate(EntityType.DISEASE, start, named, 0.7, "disease-rule", null));
            }
            if (from == i && !self) {
                continue;
            }
            if (SPECIFIC_HEADS.contains(key) && GENERIC_ADJECTIVES.contains(text.word(i - 1).key())) {
                continue;
            }
            if (from == i && "burns".equals(key) && w.isCapitalised()) {
                continue;
            }
            double confidence = from < i ? 0.8 : 0.7;
            int to = typeSuffix(text, i + 1);
            out.add(new Candidate(EntityType.DISEASE, from, to, confidence, "disease-rule", null));
        }
    }

    private static final Set<String> DEFICIENCY = WordSet.of("deficiency", "deficiencies");

    static boolean isNameParticle(String key) {
        return PARTICLES.contains(key);
    }

    static boolean isStopWord(String key) {
        return STOP.contains(key);
    }

    /** A word that ends a disease name: "cancer", "syndrome", "nephritis". */
    static boolean isHead(String key) {
        return SELF_HEADS.contains(key) || CLASS_HEADS.contains(key) || isDiseaseWord(key);
    }

    /** A word that says which disease a head names: "ovarian", "hereditary", "muscular". */
    static boolean isClassifyingAdjective(Word w) {
        return isClassifying(w, w);
    }

    /** A gene or protein symbol: "C2", "G6PD", "HPRT", "LCAT". */
    static boolean isSymbol(Word w) {
        String t = w.text();
        boolean digit = t.chars().anyMatch(Character::isDigit);
        return w.isLetters() && Character.isUpperCase(t.charAt(0)) && t.length() >= 2 && t.length() <= 8
                && !ROMAN.matcher(t).matches()
                && (w.isAllCaps() || digit && t.chars().allMatch(Character::isLetterOrDigit));
    }

    /**
     * Where a disease's short form starts with the classifying words before it ("childhood cerebral ALD",
     * "type II GD"), never before {@code limit}.
     */
    static int classifiedFrom(AnalyzedText text, int from, int limit) {
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
            boolean glued = w.spaceBefore() == false && i > 0 && text.word(i - 1).isDash()
                    || !text.word(i + 1).spaceBefore();
            if (!w.isLetters() || glued || STOP.contains(w.key())
                    || !(Anatomy.WORDS.contains(w.key()) || AGE_FORMS.contains(w.key()))) {
                break;
            }
            start = i;
            i--;
        }
        return start;
    }

    /** Ages that name a form of a disease: "juvenile MLD". */
    private static final Set<String> AGE_FORMS = WordSet.of("juvenile", "neonatal");

    /** Where a disease name ends with a subtype written after it ("ADCA type I"), never after {@code limit}. */
    static int subtypeTo(AnalyzedText text, int to, int limit) {
        int end = typeSuffix(text, to);
        return end <= limit ? end : to;
    }

    /** "type I C2 deficiency": the subtype written before a name is part of it. */
    private static int typePrefix(AnalyzedText text, int from) {
        if (from >= 2 && text.word(from - 2).is("type") && isSubtype(text.word(from - 1))
                && text.sameSentence(from - 2, from)) {
            return from - 2;
        }
        return from;
    }

    /** "von Willebrand disease type B", "protein S deficiency type I": the subtype written after the name. */
    private static int typeSuffix(AnalyzedText text, int to) {
        if (to + 1 < text.size() && text.word(to).is("type") && text.sameSentence(to - 1, to + 1)
                && isSubtype(text.word(to + 1))) {
            return to + 2;
        }
        return to;
    }

    private static boolean isSubtype(Word w) {
        return Character.isDigit(w.text().charAt(0)) && w.text().length() <= 3 || ROMAN.matcher(w.text()).matches();
    }

    /**
     * "deficiency of aspartoacylase", "deficiency of the hepatic enzyme phenylalanine hydroxylase",
     * "deficiency of C5": the end of the enzyme or protein named after "of", or the head's own end when none is.
     */
    private static int enzymeOfDeficiency(AnalyzedText text, int head) {
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
            if (!w.isLetters() || STOP.contains(w.key()) || CLOSED_TAGS.contains(w.tag()) && !isSymbol(w)) {
                break;
            }
            if (w.key().endsWith("ase") && w.key().length() > 5 || isSymbol(w)) {
                end = k + 1;
                break;
            }
        }
        return end;
    }

    /** Greek prefixes that, with "-ia", make the name of a condition: "aniridia", "dysplasia", "myotonia". */
    private static final java.util.regex.Pattern PREFIXED_IA = java.util.regex.Pattern.compile(
            "(an|dys|hyper|hypo|poly|oligo|micro|macro|brachy|syn|hemi|pan|hydro|megalo|acro|myo|neuro|thrombo|"
            + "erythro|leuko|osteo|chondro|cranio|cardio|hepato|spleno|nephro|achondro|ectro|ptero)[a-z]{3,}ia");
    private static final Set<String> NOT_CONDITIONS = WordSet.of("anaesthesia", "anesthesia", "analgesia",
            "anaemia_", "synesthesia", "panacea", "hydrangea", "polynesia", "micronesia", "macedonia", "myopia_",
            "neuroscience", "neuroscientia", "hypothermia_", "encyclopedia", "anatolia", "antarctica");

    /** Written in lower case (or opening a sentence), so "Andalusia" the place is not taken for a condition. */
    private static boolean isPrefixedCondition(AnalyzedText text, int i) {
        Word w = text.word(i);
        String key = w.key();
        return key.length() >= 8 && PREFIXED_IA.matcher(key).matches() && !NOT_CONDITIONS.contains(key)
                && (w.isLowerCase() || startsSentence(text, i));
    }

    static boolean isDiseaseWord(String key) {
        if (key.length() < 6 || NOT_DISEASE_WORDS.contains(key)) {
            return false;
        }

        return key.endsWith("itis") || key.endsWith("oma") || key.endsWith("omas") || key.endsWith("emia")
                || key.endsWith("osis") || key.endsWith("iasis") || key.endsWith("pathy") || key.endsWith("pathies")
                || key.endsWith("plasia") || key.endsWith("trophy") || key.endsWith("philia")
                || key.endsWith("penia") || key.endsWith("cytosis") || key.endsWith("uria") && key.length() > 8
                || key.endsWith("ectasia") || key.endsWith("dactyly") || key.endsWith("cephaly")
                || key.endsWith("megaly") || key.endsWith("omata") || key.endsWith("schisis");
    }

    private static final Set<String> EPONYM_HEADS = WordSet.of("disease", "diseases", "syndrome", "ataxia",
            "palsy", "lymphoma", "sarcoma", "dystrophy", "disorder", "anemia", "tumor", "atrophy");
    /** Heads whose first word before may be any name: "Norrie disease", "G6PD deficiency", "Wilms tumor". */
    private static final Set<String> OPEN_HEADS = WordSet.of("disease", "diseases", "syndrome", "syndromes",
            "deficiency", "deficiencies", "anomaly", "dysplasia", "dystrophy", "tumor", "tumors", "sarcoma",
            "carcinoma", "palsy", "ataxia", "disorder", "disorders");
    private static final Set<String> CLOSED_TAGS = WordSet.of("VERB", "AUX", "ADP", "DET", "PRON", "CCONJ", "SCONJ",
            "ADV", "NUM", "PART", "PUNCT", "SYM", "X", "INTJ");

    private static boolean isNameWord(Word w) {
        return (!CLOSED_TAGS.contains(w.tag()) || "VERB".equals(w.tag()) && w.key().endsWith("ive")) && !CLASS_HEADS.contains(w.key()) && !SELF_HEADS.contains(w.key()) && !STOP.contains(w.key()) && w.text().length() > 1
                && !(w.isLowerCase() && (w.key().endsWith("ing") || w.key().endsWith("ed")));
    }

    private static final Set<String> FUNCTION_WORDS = WordSet.of("another", "both", "either", "neither", "none",
            "although", "though", "because", "since", "while", "whereas", "however", "thus", "hence", "therefore",
            "also", "only", "even", "here", "there", "they", "them", "whom", "whether", "unless", "until", "upon",
            "although", "once", "much", "many", "further", "finally", "moreover", "instead", "indeed", "each");

    /** Heads the tagger may call verbs after an unknown word, though they never are. */
    private static final Set<String> NEVER_VERBS = WordSet.of("syndrome", "syndromes", "disease", "diseases",
            "disorder", "disorders", "dysplasia", "dystrophy");

    /** The tagger calls an unknown capitalised name a determiner or adverb: "Alstrom syndrome is rare". */
    private static boolean isMistaggedName(AnalyzedText text, int i) {
        Word w = text.word(i);
        return w.isCapitalised() && CLOSED_TAGS.contains(w.tag()) && w.key().length() >= 4
                && w.key().chars().allMatch(Character::isLetter) && !STOP.contains(w.key())
                && !FUNCTION_WORDS.contains(w.key());
    }

    private static boolean startsSentence(AnalyzedText text, int i) {
        return i == 0 || !text.sameSentence(i - 1, i);
    }

    /** "type IID von Willebrand disease", "type 1 diabetes". */
    private static final java.util.regex.Pattern ROMAN = java.util.regex.Pattern.compile("(I{1,3}|IV|VI{0,3}|IX|X)[A-D]?|[A-D]");
    private static final Set<String> PARTICLES = WordSet.of("van", "von", "der", "de", "la", "du", "di");
    /** Heads that need a specific name before them, not only a generic adjective ("inherited deficiency"). */
    private static final Set<String> SPECIFIC_HEADS = WordSet.of("deficiency", "deficiencies", "defect", "defects",
            "loss", "abnormalities", "abnormality", "lesions", "dysfunction", "failure", "insufficiency");
    private static final Set<String> GENERIC_ADJECTIVES = WordSet.of("inherited", "genetic", "hereditary",
            "congenital", "familial", "acquired", "primary", "secondary", "selective", "combined", "functional",
            "structural", "developmental", "metabolic", "enzymatic", "allelic", "chromosomal", "common",
            "rare", "total", "isolated", "autosomal", "recessive", "dominant", "significant", "cellular", "local");

    private static final Set<String> RARE_HEADS = WordSet.of("disease", "diseases", "disorder", "disorders");

    /** A word that names a kind of disease: from the lexicon, a disease word, or an adjective of a classifying form. */
    private static boolean isClassifying(Word w, Word head) {
        String key = w.key();
        if (key.equals("rare")) {
            return RARE_HEADS.contains(head.key());
        }
        if (DiseaseWords.MODIFIERS.contains(key) || SELF_HEADS.contains(key) || isDiseaseWord(key)
                || Anatomy.WORDS.contains(key)) {
            return true;
        }
        boolean adjective = "ADJ".equals(w.tag()) || "NOUN".equals(w.tag()) || "PROPN".equals(w.tag())
                || "VERB".equals(w.tag()) && key.endsWith("ive");
        return adjective && key.length() > 4 && (key.endsWith("al") || key.endsWith("ic") || key.endsWith("ary")
                || key.endsWith("oid") || key.endsWith("ous") || key.endsWith("ular") || key.endsWith("tic")
                || key.endsWith("ile") || key.endsWith("ar") || key.endsWith("ive"))
                && !STOP.contains(key);
    }

    /** Classifying words before the head: nouns, adjectives, proper names with "'s", "type 1", "B-cell". */
    private static int extendLeft(AnalyzedText text, int head) {
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
                    && from == head && EPONYM_HEADS.contains(text.word(head).key())
                    && !InstitutionRule.PLACES.contains(text.word(i - 2).key())) {
                // eponym: "Parkinson's disease"
                i -= 2;
                from = i;
                taken++;
                i--;
                continue;
            }
            if (w.isLetters() && PARTICLES.contains(w.key()) && from == i + 1 && (text.word(i + 1).isCapitalised()
                    || PARTICLES.contains(text.word(i + 1).key()))) {
                // "van der Woude syndrome", "von Willebrand disease"
                from = i;
                i--;
                continue;
            }
            boolean gluedLeft = i > 0 && text.word(i - 1).isDash() && !text.word(i - 1).spaceBefore()
                    && !w.spaceBefore();
            boolean gluedRight = i + 1 < text.size() && text.word(i + 1).isDash() && !text.word(i + 1).spaceBefore();
            if (w.isLetters() && gluedLeft && !gluedRight && from == i + 1 && STOP.contains(w.key())) {
                // "early-onset", "life-threatening": a compound ending in a stop word says when or how, not what
                break;
            }
            if (w.isLetters() && (gluedLeft || gluedRight) && !CLOSED_TAGS.contains(w.tag()) && from == i + 1 + (gluedRight ? 1 : 0)) {
                // one piece of a hyphenated compound: "dopa-responsive", "late-infantile", "X-linked"
                from = i;
                taken++;
                i--;
                continue;
            }
            if (!w.isLetters() || STOP.contains(w.key())) {
                break;
            }
            boolean glued = i + 1 < text.size() && text.word(i + 1).isDash() && !text.word(i + 1).spaceBefore();
            boolean number = i > 0 && text.word(i - 1).is("type")
                    && (Character.isDigit(w.text().charAt(0)) || ROMAN.matcher(w.text()).matches());
            boolean nameWord = from == head && OPEN_HEADS.contains(text.word(head).key())
                    && (isNameWord(w) || isSymbol(w) || isMistaggedName(text, i))
                    || w.isCapitalised() && "PROPN".equals(w.tag()) && from < head && !startsSentence(text, i)
                    && !Peoples.contains(w.key());
            // "rare diseases" is a class, "rare genetic disorder" a genetic disorder that is rare; "infantile
            // Tay-Sachs disease" is an age of onset, "late-infantile" (taken above) a named form
            boolean saysHowOrWhen = w.is("rare") && i != head - 1 || w.is("infantile") && !glued;
            if (saysHowOrWhen || !(glued && !"VERB".equals(w.tag()) || number || nameWord
                    || isClassifying(w, text.word(head)))) {
                break;
            }
            from = i;
            taken++;
            i--;
        }
        // never start on a dangling hyphen piece
        return from;
    }
}
