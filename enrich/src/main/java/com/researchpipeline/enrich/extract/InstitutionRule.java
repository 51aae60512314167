package com.researchpipeline.enrich.extract;

import com.researchpipeline.contract.EntityType;
import java.util.List;
import java.util.Set;

/**
 * Institutions never seen before: a run of capitalised words that holds a trigger word (University, Institute,
 * Centre, Hospital, Society, Therapeutics, Authority, Ministry ...), with its "of ..." tail, cut at possessives,
 * verbs, punctuation and leading function words; "X University and Y Hospital" gives two names.
 */
final class InstitutionRule implements Pass {

    /** Initials one name holds at most ("J.R.R.T."): a longer run of them is read as no name's. */
    private static final int MAX_INITIALS = 4;

    /** Heads that name an organisation on their own, compounds ending in one included: see {@link #isStrong}. */
    private final Set<String> strong;
    /** Heads that need a proper name before them ("Sidra Medicine", not "Regenerative Medicine"). */
    private final Set<String> weak;
    private final Set<String> tradeHeads;
    private final Set<String> leading;
    private final Set<String> events;
    private final Set<String> connectors;
    /** "and" of the languages of {@link #connectors}: "Science, Technology and Innovation". */
    private final Set<String> andWords;
    /** "Research", "Excellence": after them "in" names the field ("Institute for Research in Tuberculosis"). */
    private final Set<String> inWords;
    /** "Epidemiology", "Medicine", "Genomics": how the names of fields end. */
    private final WordEndings fieldEndings;
    private final WordEndings fieldNames;
    /** "yliopisto", "universitetssykehus": heads some languages write in lower case after a name. */
    private final WordEndings lowerCaseHeads;
    /** "of" and "for" of the same languages: "Herzzentrum der Universität ...", "Chuo Kikuu cha ...". */
    private final Set<String> ofWords;
    /** Words only a French name holds: with them, the name's head comes first ("Centre National de ..."). */
    private final Set<String> french;
    /** Heads after which a name goes on in the languages that put the head first: "Universiti Sains Malaysia". */
    private final Set<String> headFirstHeads;
    /** "para a", "e a": a connector and an article that join a name's parts. */
    private final Set<String> joinedArticles;
    /** "Hospital": a head-first head that English names also end in. */
    private final Set<String> sharedHeads;
    /** "de", "des", "della": after them a lower-case word still belongs to a head-first name ("du médicament"). */
    private final Set<String> nameArticles;
    /** Days and months end a name: "Hospital Ampang on Monday". */
    private final Set<String> dates;
    /** "Tehran-based", "state-run": a lower-case piece that describes the name rather than belonging to it. */
    private final Set<String> describing;
    /** Place names allowed straight after a head: "Cleveland Clinic Abu Dhabi", "Children's Cancer Hospital Egypt". */
    private final Set<String> places;

    /** "City", "System": weak heads that name a place or a thing unless their kind is said ("Medical City"). */
    private final Set<String> kindHeads;
    private final Set<String> headKinds;
    /** "Questionnaire", "Scale": after a capitalised run, they make it a rating instrument's name. */
    private final Set<String> instruments;

    private final Vocabulary vocabulary;
    private final Set<String> possessiveNames;
    private final Set<String> saintTitles;

    InstitutionRule(Lexicons lexicons, Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
        strong = lexicons.union("institution/french-heads", "institution/strong-heads");
        weak = lexicons.words("institution/weak-heads");
        tradeHeads = lexicons.words("institution/trade-heads");
        leading = lexicons.words("institution/leading-words");
        events = lexicons.words("institution/events");
        instruments = lexicons.words("institution/instruments");
        connectors = lexicons.words("institution/connectors");
        andWords = lexicons.words("institution/and-words");
        inWords = lexicons.words("institution/in-words");
        fieldEndings = WordEndings.of(lexicons.entries("institution/field-endings"), 3);
        fieldNames = WordEndings.of(lexicons.entries("institution/field-endings"), 2); // "Urology"
        lowerCaseHeads = WordEndings.of(lexicons.entries("institution/lower-case-heads"), 0);
        ofWords = lexicons.words("institution/of-words");
        french = lexicons.words("institution/french-words");
        headFirstHeads = lexicons.union("institution/french-heads", "institution/head-first");
        nameArticles = lexicons.words("institution/name-articles");
        joinedArticles = Set.copyOf(lexicons.entries("institution/joined-articles"));
        sharedHeads = lexicons.words("institution/shared-heads");
        dates = lexicons.words("institution/dates");
        describing = lexicons.words("institution/describing");
        places = lexicons.words("common/places");
        hospitals = lexicons.words("institution/hospitals");
        numbers = lexicons.words("institution/numbers");
        possessiveNames = lexicons.words("institution/possessive-names");
        saintTitles = lexicons.words("institution/saint-titles");
        kindHeads = lexicons.words("institution/kind-heads");
        headKinds = lexicons.words("institution/head-kinds");
        onHeads = lexicons.words("institution/on-heads");
        weakHeadKinds = lexicons.words("institution/weak-head-kinds");
    }

    @Override
    public List<Candidate> apply(AnalyzedText text, List<Candidate> out) {
        int i = 0;
        while (i < text.size()) {
            if (!startsChunk(text, i)) {
                i++;
                continue;
            }
            int end = chunkEnd(text, i);
            int firstEnd = isTitleCase(text, i) ? Math.min(end, firstNameEnd(text, i, end)) : end;
            // a headline's words after its first name may be its verb and object: skipped; a list of names has no verb
            splitAndEmit(text, i, hasAVerb(text, firstEnd, end) ? firstEnd : end, out);
            i = Math.max(end, i + 1);
        }
        return out;
    }

    /** "Bank Backs ...": a capitalised word with a verb's form or tag that is no head; a list of names has none. */
    private boolean hasAVerb(AnalyzedText text, int from, int to) {
        for (int k = from; k < to; k++) {
            Word w = text.word(k);
            if (w.isLetters() && w.isCapitalised() && ("VERB".equals(w.tag()) || Vocabulary.looksInflected(w))
                    && !isStrong(w.key()) && !weak.contains(w.key())) {
                return true;
            }
        }
        return false;
    }

    /**
     * In a headline every word is capitalised ("Islamic Development Bank Backs Cross-Border Network for ..."), so
     * a run of capitalised words is cut after its first name: the first head with its own "of/for" tail.
     */
    private int firstNameEnd(AnalyzedText text, int start, int end) {
        for (int i = start; i < end; i++) {
            if (isStrong(text.word(i).key()) && text.word(i).isCapitalised()) {
                // "Cedrus University Hospital Opens ...": heads in a row are one name
                while (i + 1 < end && text.word(i + 1).isCapitalised()) {
                    int next = isStrong(text.word(i + 1).key()) || weak.contains(text.word(i + 1).key()) ? i + 1
                            : nextHeadOfOneName(text, i, end);
                    if (next < 0) {
                        break;
                    }
                    i = next;
                }
                return tailEnd(text, start, i, end);
            }
        }
        return end;
    }

    /**
     * "Nursing School", "Tissue Engineering Research Center": a capitalised head right after word {@code i}, or after
     * one more capitalised word of no verb's form.
     */
    private boolean headFollows(AnalyzedText text, int i) {
        for (int j = i + 1; j < text.size() && j <= i + 2 && text.sameSentence(i, j); j++) {
            Word w = text.word(j);
            if (!w.isLetters() || !w.isCapitalised() || j > i + 1 && (Vocabulary.looksInflected(w) || "VERB".equals(w.tag()))) {
                return false;
            }
            if (isStrong(w.key()) || weak.contains(w.key()) && weakHeadKinds.contains(text.word(j - 1).key())) {
                return true; // "Working Group"
            }
        }
        return false;
    }

    /**
     * "Maastricht University Medical Centre": the next strong head after one or two capitalised words of no verb's
     * form, which make one name with the head before ("... Hospital Opens New ... Centre" makes two), or -1.
     */
    private int nextHeadOfOneName(AnalyzedText text, int head, int end) {
        for (int j = head + 1; j < end && j <= head + 3; j++) {
            Word w = text.word(j);
            if (!w.isLetters() || !w.isCapitalised()) {
                return -1;
            }
            if (isStrong(w.key())) {
                return j > head + 1 ? j : -1;
            }
            if (Vocabulary.looksInflected(w) || "VERB".equals(w.tag())) {
                return -1;
            }
        }
        return -1;
    }

    /** A heading line ("# ...") or an unpunctuated line with most words capitalised. */
    private boolean isTitleCase(AnalyzedText text, int at) {
        int sentence = text.word(at).sentence();
        int first = at;
        while (first > 0 && text.word(first - 1).sentence() == sentence) {
            first--;
        }
        int last = at;
        while (last + 1 < text.size() && text.word(last + 1).sentence() == sentence) {
            last++;
        }
        int words = 0;
        int capitalised = 0;
        for (int i = first; i <= last; i++) {
            if (countsForTitle(text.word(i))) {
                words++;
                capitalised += text.word(i).isCapitalised() ? 1 : 0;
            }
        }
        boolean heading = text.word(first).is("#");
        boolean unpunctuated = !text.word(last).is(".") && !text.word(last).is(":");
        return (heading || unpunctuated) && words >= 4 && capitalised * 10 >= words * 8;
    }

    private boolean countsForTitle(Word w) {
        return w.isLetters() && w.text().length() > 3 && !Character.isDigit(w.text().charAt(0));
    }

    private boolean startsChunk(AnalyzedText text, int i) {
        Word w = text.word(i);
        return w.isLetters() && w.isCapitalised();
    }

    /** The end (exclusive) of the run of name words from {@code start}. */
    private int chunkEnd(AnalyzedText text, int start) {
        int i = start + 1;
        int end = start + 1;
        while (i < text.size() && text.sameSentence(start, i)) {
            Word w = text.word(i);
            if (w.isLetters() && w.isCapitalised() && isPossessive(text, i + 1) && !isPossessiveInName(text, i + 1)
                    && !isSaint(text, i) && i > start && !text.word(i - 1).isCapitalised() && (text.word(i - 1).is("and")
                    || text.word(i - 1).is("&") || !connectors.contains(text.word(i - 1).key()))) {
                // "... and Qatar's Hamad Medical Corporation": the owner starts the next name; but "the Ministry of
                // Health's centre", "Instituto Nacional de Cancerología's board" are the whole name's possessive
                break;
            }
            if (w.isLetters() && w.isCapitalised() && isHeadlineFunctionWord(w)) {
                // "Jordan Should Build Its Own ... Programme", "at Home Under Malaysian Partnership"
                break;
            }
            if (w.isLetters() && (w.isCapitalised() || isMixedCase(w) || Character.isDigit(w.text().charAt(0))
                    && w.spaceBefore() && !connectors.contains(text.word(i - 1).key()))) {
                // "Engineering Laboratory", "Nursing School", "First Affiliated Hospital", "Tissue Engineering Research
                // Center": a verb's form right before a head, or one word before it, is the name's own
                boolean field = headFollows(text, i);
                if ("VERB".equals(w.tag()) && Vocabulary.looksInflected(w) && !isStrong(w.key()) && !field
                        && !weak.contains(w.key()) && !connectors.contains(text.word(i - 1).key())) {
                    break;
                }
                i++;
                end = i;
            } else if (w.isLetters() && !w.spaceBefore() && text.word(i - 1).isDash()
                    && !text.word(i - 1).spaceBefore() && !describing.contains(w.key())) {
                // "Al-hayat": a lower-case piece glued to a name by a hyphen
                i++;
                end = i;
            } else if (w.isLetters() && (connectors.contains(w.key())
                    || joinedArticles.contains(text.word(i - 1).key() + " " + w.key()))
                    && i + 1 < text.size()) {
                i++; // "Fundação para a Ciência e a Tecnologia": an article after a connector joins as well
            } else if (w.isLetters() && w.isLowerCase() && text.word(i - 1).isCapitalised()
                    && lowerCaseHeads.matches(w.key())) {
                // "Helsingin yliopisto", "Oslo universitetssykehus": a head those languages write in lower case
                i++;
                end = i;
            } else if (isLowerCaseNameWord(text, start, i)) {
                // "Agence nationale de sécurité du médicament et des produits de santé", "Cliniques universitaires
                // Saint-Luc": names that put their head first write their other words in lower case
                i++;
                end = i;
            } else if (isFieldIn(text, i)) {
                i++;
            } else if (w.isDash() && i + 1 < text.size() && (!w.spaceBefore()
                    || places.contains(text.word(i + 1).key()) && text.word(i + 1).isCapitalised()
                    || spacedDashGoesOn(text, i))) {
                i++;
            } else if (isPossessiveInName(text, i)) {
                i += 2;
                end = i;
            } else if (isPossessive(text, i) && i + 2 < text.size() && text.word(i + 2).isCapitalised()
                    && vocabulary.isDiseaseHead(text.word(i + 2).key()) && text.sameSentence(i, i + 2)
                    && !places.contains(text.word(i - 1).key()) && !vocabulary.isPeople(text.word(i - 1).key())) {
                // "Iranian Parkinson's Disease Association": an eponymous disease inside the name
                i += 2;
                end = i;
            } else if (isPossessive(text, i)) {
                break;
            } else if (w.text().equals("&") || isElision(text, i) || isInitialsDot(text, i) || isTitleDot(text, i)) {
                i++;
            } else if (continuesList(text, i)) {
                i++;
            } else {
                break;
            }
        }
        return end;
    }

    /**
     * "National Institute for Research in Tuberculosis", "Center of Excellence in Genomics": "in" after a word
     * of {@code institution/in-words} goes on with the field the name is about (a disease, or a word ending as fields
     * do), not with a place.
     */
    private boolean isFieldIn(AnalyzedText text, int i) {
        if (!text.word(i).is("in") || i < 1 || i + 1 >= text.size() || !text.sameSentence(i, i + 1)) {
            return false;
        }
        Word before = text.word(i - 1);
        Word next = text.word(i + 1);
        return before.isCapitalised() && inWords.contains(before.key()) && next.isLetters() && next.isCapitalised()
                && (fieldEndings.matches(next.key()) || vocabulary.isDiseaseHead(next.key()))
                && !places.contains(next.key()) && !vocabulary.isPeople(next.key());
    }

    /** "iPS", "mRNA": a word with a capital after its lower-case first letter, a name's part like a capitalised one. */
    private boolean isMixedCase(Word w) {
        return w.isLowerCase() && w.text().chars().anyMatch(Character::isUpperCase);
    }

    /**
     * A headline's auxiliary, preposition or pronoun ("Should", "Under", "Its"), which no name holds: a leading word
     * tagged so, but not an article or a connector of names ("The", "For", "Of").
     */
    private boolean isHeadlineFunctionWord(Word w) {
        String tag = w.tag();
        return "AUX".equals(tag) || ("ADP".equals(tag) || "PRON".equals(tag) || "DET".equals(tag))
                && leading.contains(w.key()) && !connectors.contains(w.key()) && !w.isAllCaps()
                && !w.is("a") && !w.is("an");
    }

    /** The dot of an initial inside a name: "Naef K. Basile Cancer Institute", "Harvard T.H. Chan School". */
    private boolean isInitialsDot(AnalyzedText text, int i) {
        if (!isDotOfAnInitial(text, i) || !text.word(i + 1).isCapitalised() || !text.sameSentence(i, i + 1)) {
            return false;
        }
        // "Harvard T.H. Chan School": the dot of one initial may follow another's, up to a name's few initials
        for (int dot = i, initials = 1; ; dot -= 2, initials++) {
            if (text.word(dot - 2).isCapitalised()) {
                return true;
            }
            if (initials == MAX_INITIALS || !isDotOfAnInitial(text, dot - 2) || !text.sameSentence(dot - 2, dot - 1)) {
                return false;
            }
        }
    }

    private static boolean isDotOfAnInitial(AnalyzedText text, int i) {
        if (i < 2 || i + 1 >= text.size() || !text.word(i).is(".") || text.word(i).spaceBefore()) {
            return false;
        }
        Word initial = text.word(i - 1);
        return initial.text().length() == 1 && Character.isUpperCase(initial.text().charAt(0));
    }

    /**
     * "Charité – Universitätsmedizin Berlin", "Lalla Nour Foundation – Cancer Care and Research": outside a headline,
     * a spaced dash right after a head goes on with a run of capitalised words that holds no head of its own.
     */
    private boolean spacedDashGoesOn(AnalyzedText text, int dash) {
        if (dash < 1 || dash + 1 >= text.size() || !text.sameSentence(dash - 1, dash + 1)) {
            return false;
        }
        Word head = text.word(dash - 1);
        Word next = text.word(dash + 1);
        if (isNumeral(head) && dash >= 3 && text.word(dash - 2).isCapitalised()
                && isStrong(text.word(dash - 3).key()) && text.word(dash - 3).isCapitalised()) {
            // "Université Toulouse III - Paul Sabatier": a head-first name numbered before its dash
            head = text.word(dash - 3);
        }
        if (!head.isCapitalised() || !isStrong(head.key()) || head.is("cancer") || !next.isLetters()
                || !next.isCapitalised() || leading.contains(next.key()) || isAcronym(next)) {
            // "Hamad Medical Corporation — NK cell therapy ...": initials after the dash start what comes next
            return false;
        }
        int words = 0;
        for (int i = dash + 1; i < text.size() && text.sameSentence(dash, i); i++) {
            Word w = text.word(i);
            if (w.isLetters() && w.isCapitalised()) {
                if (isStrong(w.key()) && !w.is("cancer") || ++words > 6) {
                    return false;
                }
            } else if (!connectors.contains(w.key())) {
                break;
            }
        }
        return !isTitleCase(text, dash);
    }

    /** "III", "2": the number of one of several universities of a city. */
    private static boolean isNumeral(Word w) {
        return w.text().chars().allMatch(Character::isDigit) || w.text().matches("[IVX]{1,4}");
    }

    /**
     * The dot of a title inside a name whose head comes first, right before it or with up to two capitalised
     * words between: "RSUP Dr. Sardjito", "Hospital Regional Dr. Juan Noé Crevani".
     */
    private boolean isTitleDot(AnalyzedText text, int i) {
        if (!text.word(i).is(".") || text.word(i).spaceBefore() || i < 2 || i + 1 >= text.size()) {
            return false;
        }
        Word title = text.word(i - 1);
        if (!(title.isCapitalised() && title.text().length() <= 4 && (leading.contains(title.key()) || title.is("st"))
                && text.word(i + 1).isCapitalised() && text.sameSentence(i, i + 1))) {
            return false;
        }
        if (isSaint(text, i + 1) && isPossessive(text, i + 2)) {
            return true; // "Seoul St. Mary's Hospital"
        }
        for (int k = i - 2; k >= Math.max(0, i - 4) && text.sameSentence(k, i); k--) {
            Word w = text.word(k);
            if (isHeadFirst(w.key())) {
                return true;
            }
            if (!w.isLetters() || !w.isCapitalised()) {
                return false;
            }
        }
        return false;
    }

    /** The apostrophe of a French elided article: "d'Assurance", "l'Enfant". */
    private boolean isElision(AnalyzedText text, int i) {
        return text.word(i).is("'") && i > 0 && i + 1 < text.size() && !text.word(i).spaceBefore()
                && !text.word(i + 1).spaceBefore() && (text.word(i - 1).is("d") || text.word(i - 1).is("l"))
                && text.word(i + 1).isCapitalised();
    }

    /**
     * A comma inside a name that lists its fields: "Ministry of Science, Technology and Innovation", "Qatar
     * Research, Development and Innovation Council": one to three capitalised words, then "and" or "&" and a
     * capitalised word.
     */
    private boolean continuesList(AnalyzedText text, int comma) {
        if (!text.word(comma).is(",")) {
            return false;
        }
        int j = comma + 1;
        while (j < text.size() && j - comma <= 3 && text.sameSentence(comma, j) && text.word(j).isLetters()
                && text.word(j).isCapitalised() && !isStrong(text.word(j).key())) {
            j++;
        }
        return j > comma + 1 && j + 1 < text.size() && text.sameSentence(comma, j + 1)
                && andWords.contains(text.word(j).key()) && text.word(j + 1).isCapitalised();
    }

    /**
     * "Opens Nour Pediatric ... Unit": a headline's verb before a name, which no head or proper name tags so, at a
     * sentence's start, after a name's word or in a headline; but a word the tagger takes for a verb right before a
     * head, or after a lower-case word or a comma in running text, is the name's own ("Jinling Hospital, Nanjing
     * University School of Medicine").
     */
    private boolean isHeadlineVerb(AnalyzedText text, int i) {
        Word w = text.word(i);
        return "VERB".equals(w.tag()) && w.isCapitalised() && Vocabulary.looksInflected(w) && !isStrong(w.key())
                && !weak.contains(w.key())
                && !(i + 1 < text.size() && isStrong(text.word(i + 1).key()) && text.word(i + 1).isCapitalised())
                && (i == 0 || !text.sameSentence(i - 1, i) || text.word(i - 1).is(":") || text.word(i - 1).isCapitalised()
                || !text.word(i - 1).is(",") && isTitleCase(text, i));
    }

    private boolean isPossessive(AnalyzedText text, int i) {
        return i + 1 < text.size() && text.word(i).is("'") && text.word(i + 1).is("s");
    }

    private boolean isPossessiveInName(AnalyzedText text, int i) {
        if (!isPossessive(text, i) || i == 0) {
            return false;
        }
        String before = text.word(i - 1).key();
        // "King's College Hospital", "Queen's University", "St Olav's Hospital": the possessive is part of the name;
        // in "Hospital for Sick Children's board" it is the whole name's
        return (possessiveNames.contains(before) || isSaint(text, i - 1)) && i + 2 < text.size()
                && (text.word(i + 2).isCapitalised() || connectors.contains(text.word(i + 2).key()));
    }

    /** "St Olav", "St. Mary", "Saint George": a saint's name. */
    private boolean isSaint(AnalyzedText text, int name) {
        int title = name >= 2 && text.word(name - 1).is(".") ? name - 2 : name - 1;
        return title >= 0 && text.word(name).isCapitalised() && saintTitles.contains(text.word(title).key())
                && text.word(title).isCapitalised();
    }

    /** Splits a chunk at "and" joining two named heads, then trims and emits each part. */
    private void splitAndEmit(AnalyzedText text, int start, int end, List<Candidate> out) {
        int partStart = start;
        for (int i = start + 1; i < end - 1; i++) {
            Word w = text.word(i);
            // "National Institute of Neurosciences & Hospital", "Cancer Hospital and Research Centre": a head
            // with only generic words before it goes on the same name
            boolean rightIsName = knownNameStartsAt(out, text.word(i + 1).is("the") ? i + 2 : i + 1)
                    || (hasStrong(text, i + 1, end)
                    || lastHead(text, i + 1, end) >= 0 && !inOfTail(text, partStart, i))
                    && (hasProperName(text, i + 1, nextJoin(text, i + 1, end)) || text.word(i + 1).is("the"))
                    && !(inOfTail(text, partStart, i) && ofBeforeHead(text, i + 1, end))
                    // "London School of Hygiene & Tropical Medicine and the ...": a field joined inside the tail
                    && !(inOfTail(text, partStart, i) && !w.is(",") && !text.word(i + 1).is("the")
                            && !hasStrong(text, i + 1, nextJoin(text, i + 1, end)));
            // "Department of Head and Neck Surgery", "National Heart and Lung Institute": organs joined are one field
            boolean organs = vocabulary.isOrgan(text.word(i - 1).key()) && vocabulary.isOrgan(text.word(i + 1).key());
            // "Mansoura University Urology and Nephrology Center": fields joined are one name's too
            boolean fields = w.is("and") && isField(text.word(i - 1)) && isField(text.word(i + 1));
            if ((w.is("and") || w.text().equals("&") || w.is(",")) && rightIsName && !organs && !fields
                    && (text.word(i + 1).is("the") || lastHead(text, partStart, i) >= 0
                    || onlyPlacesOrAcronyms(text, partStart, i) || nameWithAcronym(text, partStart, i)
                    || startsHeadFirst(text.word(i + 1)) || knownNameEndsAt(out, i)
                    || loneProperName(text, partStart, i, end)
                    || vocabulary.legalForms().endsAt(text, i, partStart + 1))) {
                emit(text, partStart, i, out);
                partStart = i + 1;
            }
        }
        emit(text, partStart, end, out);
    }

    private boolean isField(Word w) {
        return w.isLetters() && w.isCapitalised() && fieldNames.matches(w.key()) && !isStrong(w.key())
                && !places.contains(w.key());
    }

    /** Where the part that starts at {@code from} ends: at the next "and", "&" or comma, or at {@code end}. */
    private int nextJoin(AnalyzedText text, int from, int end) {
        for (int i = from; i < end; i++) {
            Word w = text.word(i);
            if (w.is("and") || w.text().equals("&") || w.is(",")) {
                return i;
            }
        }
        return end;
    }

    /** A compound's letters before its head name it ("Rigshospitalet"); a head alone names nothing. */
    private boolean hasProperName(AnalyzedText text, int from, int to) {
        for (int i = from; i < to; i++) {
            Word w = text.word(i);
            if (w.isLetters() && w.isCapitalised() && !vocabulary.isGeneric(w.key()) && !strong.contains(w.key())
                    && !weak.contains(w.key()) && !connectors.contains(w.key())) {
                return true;
            }
        }
        return false;
    }

    /** "Bayer and Blue Rock Therapeutics": one proper noun, then a name of two or more words before its head. */
    private boolean loneProperName(AnalyzedText text, int from, int and, int end) {
        int words = 0;
        for (int i = from; i < and; i++) {
            if (text.word(i).isLetters() && !leading.contains(text.word(i).key())) {
                words++;
            }
        }
        Word left = text.word(and - 1);
        // "Australian and New Zealand College of Anaesthetists": a people's adjective, however tagged, is no name
        if (words != 1 || "ADJ".equals(left.tag()) || vocabulary.isPeople(left.key()) || vocabulary.isGeneric(left.key())
                || !left.isCapitalised()) {
            return false;
        }
        int before = 0;
        for (int i = and + 1; i < end && !isStrong(text.word(i).key()); i++) {
            before++;
        }
        return before >= 2;
    }

    /**
     * "Faculty of Medicine and Nursing of University X": a part whose "of" comes before any head goes on the tail's
     * list of fields; a name of its own has its head first ("... and University of X").
     */
    private boolean ofBeforeHead(AnalyzedText text, int from, int end) {
        for (int i = from; i < end; i++) {
            Word w = text.word(i);
            if (w.isCapitalised() && (isStrong(w.key()) || weak.contains(w.key()))) {
                return false;
            }
            if (w.is("of")) {
                return i > from;
            }
        }
        return false;
    }

    /** Whether {@code at} lies in an "of/for ..." tail after a head: "College of Health and Life Sciences". */
    private boolean inOfTail(AnalyzedText text, int from, int at) {
        boolean head = false;
        for (int i = from; i < at; i++) {
            Word w = text.word(i);
            if (isStrong(w.key()) && w.isCapitalised()) {
                head = true;
            } else if (head && (w.is("of") || w.is("for"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * "Erasmus MC", "Amsterdam UMC": a name and the acronym of its kind, with no head word, name the institution
     * whole; "US Food" (of "... and Drug Administration") has a generic word, and in "UBC Sleep and Circadian
     * Research Lab" the acronym is the owner before a field.
     */
    private boolean nameWithAcronym(AnalyzedText text, int from, int to) {
        if (to - from < 2 || to - from > 3 || !isAcronym(text.word(to - 1))) {
            return false;
        }
        for (int i = from; i < to - 1; i++) {
            Word w = text.word(i);
            if (!w.isLetters() || !w.isCapitalised() || isAcronym(w) || vocabulary.isGeneric(w.key())
                    || weak.contains(w.key()) || connectors.contains(w.key()) || leading.contains(w.key())) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAcronym(Word w) {
        return w.isLetters() && w.isAllCaps() && w.text().length() >= 2;
    }

    private boolean onlyPlacesOrAcronyms(AnalyzedText text, int from, int to) {
        for (int i = from; i < to; i++) {
            Word w = text.word(i);
            if (w.isLetters() && !w.isAllCaps() && !places.contains(w.key()) && !leading.contains(w.key())) {
                return false;
            }
        }
        return true;
    }

    private boolean hasStrong(AnalyzedText text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (isStrong(text.word(i).key()) && text.word(i).isCapitalised()) {
                return true;
            }
        }
        return false;
    }

    private void emit(AnalyzedText text, int start, int end, List<Candidate> out) {
        // "WHO Regional Office for Africa": a leading word in capitals is an acronym, not "Who"
        while (start < end && (leading.contains(text.word(start).key()) && !text.word(start).isAllCaps()
                || !text.word(start).isLetters()
                || isHeadlineVerb(text, start)
                || connectors.contains(text.word(start).key()) && !text.word(start).isCapitalised()
                || Character.isDigit(text.word(start).text().charAt(0)))) {
            start++;
        }
        int head = lastHead(text, start, end);
        if (head < 0) {
            return;
        }
        int first = firstHead(text, start, head);
        start = afterOfBeforeHead(text, start, first);
        start = afterInnerThe(text, start, first);
        start = withDoctorsTitle(text, start, first);
        // "Agency of Medicines and Medical Devices": a head word inside the first head's tail does not end it
        int stop = tailEnd(text, start, head, end);
        if (first < head) {
            stop = Math.max(stop, tailEnd(text, start, first, end));
        }
        stop = beforeAListedNameOfTheTail(text, out, start, stop);
        while (stop > start && (connectors.contains(text.word(stop - 1).key()) || !text.word(stop - 1).isLetters()
                && !isChildrensS(text, stop - 1))) {
            stop--;
        }
        for (int i = start; i < stop; i++) {
            // "Siriraj Institutional Review Board": an event's word before the name's head names what the body does
            if (events.contains(text.word(i).key()) && text.word(i).isCapitalised() && !hasStrong(text, i + 1, stop)) {
                return;
            }
        }
        for (int i = start; i <= stop && i < text.size() && text.sameSentence(start, i); i++) {
            if (text.word(i).isCapitalised() && instruments.contains(text.word(i).key())) {
                return; // "Patient Health Questionnaire", "Hospital Anxiety and Depression Scale": a rating instrument
            }
        }
        int names = 0;
        for (int i = start; i < stop; i++) {
            // "Viện Pasteur": a head is a name word even where its syllable also joins one ("Bệnh viện")
            String key = text.word(i).key();
            if (text.word(i).isLetters() && (!connectors.contains(key) || isStrong(key))) {
                names++;
            }
        }
        if (stop < end && allGeneric(text, start, stop) && namesAPlace(text.word(stop))) {
            stop++; // "University Hospital Galway", "Federal Medical Centre Owo": a generic name takes its place
        }
        if (names < 2 || onlyGeneric(text, start, stop)) {
            return;
        }
        double confidence = names >= 3 ? 0.8 : 0.7;
        out.add(new Candidate(EntityType.INSTITUTION, start, stop, confidence, "institution-rule", null));
    }

    /**
     * "Hôpital Pitié-Salpêtrière of Assistance Publique – Hôpitaux de Paris": a listed name that starts after an "of"
     * of the tail and goes on past it is an institution of its own, which the tail's words before it belong to.
     */
    private static int beforeAListedNameOfTheTail(AnalyzedText text, List<Candidate> found, int start, int stop) {
        for (Candidate c : found) {
            int of = c.from() >= 2 && text.word(c.from() - 1).is("the") ? c.from() - 2 : c.from() - 1;
            if (isListedInstitution(c) && c.from() < stop && c.to() > stop && of > start && text.word(of).is("of")) {
                return of;
            }
        }
        return stop;
    }

    /** "in Bangladesh the Directorate General of ...": a lower-case "the" before the head starts the name. */
    private int afterInnerThe(AnalyzedText text, int start, int firstHead) {
        int cut = start;
        for (int i = start; i < firstHead; i++) {
            if (text.word(i).text().equals("the")) {
                cut = i + 1;
            }
        }
        return cut;
    }

    /**
     * "Dr. Sardjito General Hospital", "St. Jude Children's Research Hospital": hospitals named after a doctor,
     * and institutions named after a saint, keep the title.
     */
    private int withDoctorsTitle(AnalyzedText text, int start, int head) {
        int i = start - 1;
        if (i >= 1 && text.word(i).is(".") && !text.word(i).spaceBefore()) {
            i--;
        }
        if (i < 0 || !text.sameSentence(i, start) || i > 0 && text.word(i - 1).isCapitalised()
                && text.sameSentence(i - 1, i)) {
            return start;
        }
        String title = text.word(i).text();
        boolean kept = title.equals("St") || title.equals("Dr") && hospitals.contains(text.word(head).key());
        return kept ? i : start;
    }

    private final Set<String> hospitals;

    private boolean isStrong(String key) {
        return strong.contains(key) || vocabulary.compoundHead(key) != null;
    }

    /**
     * "EU Medical Device Regulation", "Sidra Medicine Journal": capitalised words after a weak head that are no head,
     * connector or legal form make it a modifier of something else.
     */
    private boolean namesAThingAfter(AnalyzedText text, int weakHead, int end) {
        int next = weakHead + 1;
        if (next >= end) {
            return false;
        }
        Word w = text.word(next);
        // "Lingyun Bio Wins Approval": a headline's verb after a company's trade modifies nothing; "Gauteng
        // Hospitals Cut ...", "Warsaw Programme Offers ..." name no institution all the same
        boolean headlineVerb = ("VERB".equals(w.tag()) || Vocabulary.looksInflected(w))
                && tradeHeads.contains(text.word(weakHead).key());
        return w.isLetters() && w.isCapitalised() && !isStrong(w.key()) && !weak.contains(w.key())
                && !connectors.contains(w.key()) && vocabulary.legalForms().suffixEnd(text, next) < 0 && !headlineVerb;
    }

    /** "... Institute and the Canadian Institutes of Health Research": a listed name starts after the join. */
    private static boolean knownNameStartsAt(List<Candidate> found, int at) {
        return found.stream().anyMatch(c -> isListedInstitution(c) && c.from() == at);
    }

    /** "Kidney Research UK and Wellcome Trust": a listed name that ends at the join ends the part there. */
    private static boolean knownNameEndsAt(List<Candidate> found, int join) {
        // "Charité - Universitätsmedizin Berlin and University Hospital Zurich": the listed name may start before the part
        return found.stream().anyMatch(c -> isListedInstitution(c) && c.from() < join && c.to() == join);
    }

    private static boolean isListedInstitution(Candidate c) {
        return c.type() == EntityType.INSTITUTION && "dictionary".equals(c.finder());
    }

    /** "Vall d'Hebron and Hospital 12 de Octubre": a head that comes first opens a name of its own. */
    private boolean startsHeadFirst(Word w) {
        return w.isCapitalised() && isHeadFirst(w.key());
    }

    /** "Universitätsklinikum Heidelberg": a compound comes first where its last head does. */
    private boolean isHeadFirst(String key) {
        String compound = vocabulary.compoundHead(key);
        return headFirstHeads.contains(key) || compound != null && headFirstHeads.contains(compound);
    }

    /**
     * Whether word {@code i}, in lower case, belongs to the name that a head-first head opens after {@code start}: a word
     * only such names hold ("nationale", "universitaires"), one with a letter English lacks ("santé"), or any word
     * after an article of those languages ("des produits").
     */
    private boolean isLowerCaseNameWord(AnalyzedText text, int start, int i) {
        Word w = text.word(i);
        if (!w.isLetters() || !w.isLowerCase() || !hasHeadFirst(text, start, i)) {
            return false;
        }
        String key = w.key();
        return french.contains(key) || key.endsWith("s") && french.contains(key.substring(0, key.length() - 1))
                || !w.text().chars().allMatch(c -> c < 128) || nameArticles.contains(text.word(i - 1).key());
    }

    private boolean hasHeadFirst(AnalyzedText text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.word(i).isCapitalised() && isHeadFirst(text.word(i).key())) {
                return true;
            }
        }
        return false;
    }

    private boolean isFrench(AnalyzedText text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (french.contains(text.word(i).key())) {
                return true;
            }
        }
        return false;
    }

    private int firstHead(AnalyzedText text, int start, int head) {
        for (int i = start; i < head; i++) {
            if (isStrong(text.word(i).key()) && text.word(i).isCapitalised()) {
                return i;
            }
        }
        return head;
    }

    /** "Dr Amal Haddad of the Faculty of Medicine": an "of" before the first head ends a person's name, not a name part. */
    private int afterOfBeforeHead(AnalyzedText text, int start, int firstHead) {
        int cut = start;
        for (int i = start; i < firstHead; i++) {
            if (text.word(i).is("of")) {
                cut = i + 1;
                while (cut < firstHead && (text.word(cut).is("the") || connectors.contains(text.word(cut).key())
                        && !text.word(cut).isCapitalised())) {
                    cut++;
                }
            }
        }
        return cut;
    }

    private boolean isChildrensS(AnalyzedText text, int i) {
        return text.word(i).is("s") && i > 1 && text.word(i - 1).is("'");
    }

    /**
     * "Mexico City", but not "King Fahad Medical City" or "King Abdulaziz City for Science and Technology": a head of
     * {@code institution/kind-heads} names a place or a thing unless a word of {@code institution/head-kinds} comes
     * before it or an "of/for" tail after it.
     */
    private boolean lacksItsKind(AnalyzedText text, int head, int end) {
        return kindHeads.contains(text.word(head).key())
                && !(head > 0 && headKinds.contains(text.word(head - 1).key()))
                && !(head + 1 < end && ofWords.contains(text.word(head + 1).key()));
    }

    /** Index of the last head word that makes this run a name, or -1. */
    private int lastHead(AnalyzedText text, int start, int end) {
        int head = -1;
        for (int i = start; i < end; i++) {
            Word w = text.word(i);
            if (!w.isCapitalised()) {
                if (i > start && w.isLowerCase() && lowerCaseHeads.matches(w.key())) {
                    head = i; // "Helsingin yliopisto"
                }
                continue;
            }
            if (isStrong(w.key())) {
                if (w.key().equals("cancer") && !(i + 1 < end && text.word(i + 1).isCapitalised())) {
                    continue;
                }
                if (!w.key().equals("cancer")) {
                    head = i;
                }
            } else if (weak.contains(w.key()) && (hasProperNameBefore(text, start, i) || saysItsKind(text, start, i))
                    && !lacksItsKind(text, i, end) && !namesAThingAfter(text, i, end)) {
                // "Sidra Medicine", "Kiulap Cell Sciences": a proper name somewhere before the weak head;
                // "Children's Oncology Group", "European Working Group": its kind just before it
                head = i;
            }
        }
        return head;
    }

    private final Set<String> numbers;

    /** Heads whose name goes on with "on": "Working Group on Gaucher Disease", "Committee on Publication Ethics". */
    private final Set<String> onHeads;

    /** "Working", "Cooperative": capitalised before a weak head, they make it a name as a proper name would. */
    private final Set<String> weakHeadKinds;

    private boolean saysItsKind(AnalyzedText text, int start, int head) {
        if (head <= start) {
            return false;
        }
        Word before = text.word(head - 1);
        return before.isCapitalised() && (weakHeadKinds.contains(before.key()) || isStrong(before.key()));
    }

    private boolean hasProperNameBefore(AnalyzedText text, int start, int head) {
        for (int i = start; i < head; i++) {
            Word w = text.word(i);
            if (isProperName(w) && !connectors.contains(w.key()) && !leading.contains(w.key())
                    && !vocabulary.isPeople(w.key()) && !numbers.contains(w.key())) {
                return true;
            }
        }
        return false;
    }

    private boolean isProperName(Word w) {
        return w.isCapitalised() && !vocabulary.isGeneric(w.key()) && !isStrong(w.key())
                && !weak.contains(w.key());
    }

    /** Where the name ends after its head: an "of/for ..." tail, a place, a number or a foreign-style name. */
    private int tailEnd(AnalyzedText text, int start, int head, int end) {
        int stop = head + 1;
        int i = head + 1;
        boolean inTail = false;
        boolean headFirstWord = isHeadFirst(text.word(head).key()) || isFrench(text, head + 1, end);
        // "Pontificia Universidad Católica de Chile", "IRCCS Ospedale San Raffaele": one name word may come first
        boolean headFirst = headFirstWord && (head == start || head == start + 1
                && (isHeadFirst(text.word(start).key()) || isHeadFirst(text.word(head).key())
                        && !sharedHeads.contains(text.word(head).key())));
        while (i < end) {
            Word w = text.word(i);
            if (ofWords.contains(w.key()) && vocabulary.legalForms().endsAt(text, i, start + 1)) {
                break; // "Rheinwerk Biologics GmbH of Heidelberg": a legal form ends the name, "of" then says where
            }
            if (headFirst && w.is("and") && i + 1 < end && text.word(i + 1).is("the")) {
                break; // "Pontificia Universidad Católica de Chile and the American ...": English joins two names
            }
            if (ofWords.contains(w.key()) || w.text().equals("&") || w.is("and") && inTail
                    || w.is("the") && inTail || w.is("on") && (inTail || i == head + 1 && onHeads.contains(text.word(head).key()))
                    || (inTail || headFirst) && continuesList(text, i)) {
                inTail = true;
                i++;
                continue;
            }
            if (w.isDash() && w.spaceBefore() && spacedDashGoesOn(text, i)) {
                inTail = true;
                i++;
                continue;
            }
            if (w.isDash() || isElision(text, i) || isTitleDot(text, i)) {
                i++;
                continue;
            }
            if (inTail && isPossessiveInName(text, i)) {
                // "Department of Women's and Children's Health"
                i += 2;
                stop = i;
                continue;
            }
            if (dates.contains(w.key())) {
                break;
            }
            boolean postpositive = i == head + 1 && w.is("general");
            if (w.isLetters() && (inTail || headFirst || postpositive || places.contains(w.key())
                    || Character.isDigit(w.text().charAt(0)))) {
                i++;
                stop = i;
                continue;
            }
            break;
        }
        return stop;
    }

    private boolean namesAPlace(Word w) {
        return w.isLetters() && w.isCapitalised() && !connectors.contains(w.key()) && !isStrong(w.key())
                && !weak.contains(w.key()) && !vocabulary.isGeneric(w.key()) && !leading.contains(w.key());
    }

    private boolean onlyGeneric(AnalyzedText text, int start, int stop) {
        return allGeneric(text, start, stop) && stop - start <= 2;
    }

    private boolean allGeneric(AnalyzedText text, int start, int stop) {
        for (int i = start; i < stop; i++) {
            Word w = text.word(i);
            if (w.isLetters() && !connectors.contains(w.key()) && !isStrong(w.key())
                    && !weak.contains(w.key()) && !vocabulary.isGeneric(w.key()) && !vocabulary.isPeople(w.key())) {
                return false;
            }
        }
        return true;
    }
}
