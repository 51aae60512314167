package com.researchpipeline.enrich.extract;

import com.researchpipeline.contract.EntityType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Links short forms to the names they stand for, after resolution: "International Stem Cell Forum (ISCF)" makes
 * "ISCF" and every later "ISCF" a mention of the same entity; an institution named "Royan Institute" makes a
 * later bare "Royan" one too.
 */
final class AbbreviationLinker implements Pass {

    /** @param asModifier whether the form names the entity only before a lower-case word ("von Willebrand factor") */
    private record ShortForm(List<String> words, Candidate of, boolean bracketed, boolean asModifier) {

        ShortForm(List<String> words, Candidate of, boolean bracketed) {
            this(words, of, bracketed, false);
        }
    }

    /** "trial", "study": after a bracket and a colon they make the bracket a study's name. */
    private final Set<String> studyWords;
    private final Set<String> notShortForms;
    private final Set<String> placePrepositions;
    /** "95% CI": statistics' short forms are no disease's undefined initials. */
    private final Set<String> notInitials;

    private final Vocabulary vocabulary;

    AbbreviationLinker(Lexicons lexicons, Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
        notShortForms = lexicons.words("institution/not-short-forms");
        placePrepositions = lexicons.words("institution/place-prepositions");
        genericHeads = lexicons.words("disease/generic-heads");
        studyWords = lexicons.words("common/study-words");
        notInitials = lexicons.words("disease/not-initials");
    }

    @Override
    public List<Candidate> apply(AnalyzedText text, List<Candidate> resolved) {
        Map<String, String> canonicals = new HashMap<>();
        for (Candidate c : resolved) {
            canonicals.put(c.from() + ":" + c.to(), CanonicalNames.of(text, c));
        }
        return link(text, resolved, canonicals);
    }

    private List<Candidate> link(AnalyzedText text, List<Candidate> resolved, Map<String, String> canonicals) {
        Map<String, ShortForm> forms = new HashMap<>();
        List<Candidate> added = new ArrayList<>();
        boolean[] taken = new boolean[text.size()];
        for (Candidate c : resolved) {
            for (int i = c.from(); i < c.to(); i++) {
                taken[i] = true;
            }
        }
        for (Candidate c : resolved) {
            if (c.type() == EntityType.INSTITUTION && "abbreviation".equals(c.finder()) && c.from() > 0
                    && (text.word(c.from() - 1).is("(") || text.word(c.from() - 1).is(","))) {
                // "(Kemenkes)", "(Majelis Ulama Indonesia, MUI)": a short name defined in a bracket, used again later
                List<String> words = new ArrayList<>();
                for (int k = c.from(); k < c.to(); k++) {
                    words.add(text.word(k).text());
                }
                forms.putIfAbsent(String.join(" ", words), new ShortForm(words, c, true));
            }
            int open = c.to();
            boolean bracket = open + 2 < text.size() && text.word(open).is("(");
            if (bracket && !c.parts().isEmpty()) {
                partShortForms(text, c, open, forms);
                continue;
            }
            if (bracket) {
                ShortForms.ShortForm sf = ShortForms.at(text, open);
                // a disease's bracket often names its gene ("aniridia (PAX6)"), so its short form must start like
                // one of the name's words (Latin "DM" for myotonic dystrophy still does); institutions keep any,
                // since their acronyms may come from another language (TİTCK)
                // "(İzmir)" after a company names its city, not its short form
                boolean acronym = sf != null && sf.text().chars().filter(Character::isUpperCase).count() >= 2
                        && !ShortForms.namesAStudy(text, sf.to(), studyWords);
                if (sf != null && acronym && isFreeOrSameType(resolved, sf, c.type()) && (c.type() != EntityType.DISEASE
                        || startsLikeAWordOf(text.text(c.from(), c.to()), sf.text())
                        && !ShortForms.namesDeficientMolecule(text, c)
                        && !ShortForms.looksLikeGeneSymbol(text.text(c.from(), c.to()), sf.text()))) {
                    List<String> words = new ArrayList<>();
                    for (int k = sf.from(); k < sf.to(); k++) {
                        words.add(text.word(k).text());
                    }
                    forms.merge(sf.text(), new ShortForm(words, c, true), AbbreviationLinker::definedFirst);
                    String other = otherNumber(sf.text());
                    if (words.size() == 1 && other != null) {
                        // "colorectal cancer (CRC)" then "most CRCs"; "antiepileptic drugs (AEDs)" then "an AED"
                        forms.putIfAbsent(other, new ShortForm(List.of(other), c, true));
                    }
                }
            }
            for (int k = c.from() + 1; k + 2 < c.to(); k++) {
                ShortForms.ShortForm inner = text.word(k).is("(")
                        ? ShortForms.at(text, k) : null;
                // "glucose-6-phosphate dehydrogenase (G6PD) deficiency": the inner short form names the enzyme
                if (inner != null && inner.to() < c.to() && !text.word(inner.to() + 1).is("deficiency")) {
                    List<String> words = new ArrayList<>();
                    for (int w = inner.from(); w < inner.to(); w++) {
                        words.add(text.word(w).text());
                    }
                    forms.putIfAbsent(inner.text(), new ShortForm(words, c, true));
                }
            }
            if (c.type() == EntityType.DISEASE && c.parts().isEmpty()) {
                for (List<String> initials : initialsOf(text, c)) {
                    if (!notInitials.contains(String.join("", initials))) {
                        forms.putIfAbsent(String.join("", initials), new ShortForm(initials, c, false));
                    }
                }
                List<String> eponym = eponymOf(text, c);
                if (!eponym.isEmpty()) {
                    forms.putIfAbsent(String.join(" ", eponym), new ShortForm(eponym, c, false, true));
                }
            }
            if (c.type() == EntityType.INSTITUTION) {
                List<String> prefix = namePrefix(text, c);
                if (!prefix.isEmpty()) {
                    forms.putIfAbsent(String.join(" ", prefix), new ShortForm(prefix, c, false));
                }
            }
        }
        if (forms.isEmpty()) {
            return resolved;
        }
        for (ShortForm form : List.copyOf(forms.values())) {
            String single = form.words.size() == 1 ? form.words.get(0) : "";
            if (form.bracketed && single.length() >= 2 && Character.isUpperCase(single.charAt(single.length() - 1))) {
                forms.putIfAbsent(single + "s", new ShortForm(List.of(single + "s"), form.of, true)); // "127 cSCCs"
            }
        }
        Map<String, List<ShortForm>> byFirstWord = new HashMap<>();
        for (ShortForm form : forms.values()) {
            byFirstWord.computeIfAbsent(firstWordKey(form.words.get(0)), k -> new ArrayList<>()).add(form);
        }
        for (int i = 0; i < text.size(); i++) {
            for (ShortForm form : byFirstWord.getOrDefault(firstWordKey(text.word(i).text()), List.of())) {
                int end = matches(text, i, form.words);
                if (end > 0 && form.asModifier && !beforeALowerCaseWord(text, end)) {
                    continue;
                }
                if (end > 0 && !form.bracketed && form.of.type() == EntityType.INSTITUTION && i > 0
                        && placePrepositions.contains(text.word(i - 1).key())) {
                    continue; // "a laboratory in Lagos" names the city of "Lagos University Teaching Hospital"
                }
                if (end > 0 && !form.bracketed && form.of.type() == EntityType.INSTITUTION && isAddressCity(text, i, end)) {
                    continue; // "Nanjing University School of Medicine, Nanjing, China": the city of an address
                }
                if (end > 0 && Candidate.isFree(taken, i, end)) {
                    Candidate source = form.of;
                    String canonical = canonicalOf(source, canonicals);
                    boolean defined = form.bracketed;
                    String finder = defined ? "abbreviation" : form.asModifier ? "eponym"
                            : source.type() == EntityType.DISEASE ? "initials" : "short-name";
                    added.add(new Candidate(source.type(), i, end, defined ? 0.9 : 0.75, finder, canonical,
                            source.parts()));
                    for (int k = i; k < end; k++) {
                        taken[k] = true;
                    }
                }
            }
        }
        List<Candidate> all = new ArrayList<>(resolved.size() + added.size());
        for (Candidate c : resolved) {
            ShortForm form = forms.get(text.text(c.from(), c.to()));
            // an acronym the article defines means what it defines there, whatever a gazetteer says ("SCI")
            boolean redefined = form != null && form.of.type() != c.type() && c.finder().equals("dictionary")
                    && c.to() - c.from() == 1 && looksLikeAbbreviation(text.word(c.from()));
            if (form != null && form.bracketed && form.of != c && (form.of.type() == c.type() || redefined)
                    && (c.finder().equals("abbreviation") || c.to() - c.from() == form.words.size())) {
                String canonical = canonicalOf(form.of, canonicals);
                all.add(new Candidate(form.of.type(), c.from(), c.to(), Math.max(c.confidence(), 0.9), c.finder(),
                        canonical, form.of.parts()));
            } else {
                all.add(c);
            }
        }
        all.addAll(added);
        all.sort(Comparator.comparingInt(Candidate::from));
        return withClassifiedAbbreviations(text, all);
    }

    /** "CRC" for "CRCs" and "CRCs" for "CRC": the acronym's plural or singular, or null if it is no plain acronym. */
    static String otherNumber(String form) {
        boolean plural = form.endsWith("s");
        String stem = plural ? form.substring(0, form.length() - 1) : form;
        if (stem.length() < 2 || !stem.chars().allMatch(ch -> Character.isUpperCase(ch) || Character.isDigit(ch))
                || !Character.isUpperCase(stem.charAt(stem.length() - 1))) {
            return null;
        }
        return plural ? stem : stem + "s";
    }

    /** Every dash compares alike, so forms and words that start with one share a key. */
    private String firstWordKey(String word) {
        return Keys.isDash(word.charAt(0)) ? Keys.DASH : word;
    }

    /** The finder's canonical name, or the one resolution gave the span ("DMD" for one part of a composite). */
    private String canonicalOf(Candidate c, Map<String, String> canonicals) {
        return c.canonical() != null ? c.canonical() : canonicals.get(c.from() + ":" + c.to());
    }

    /**
     * The eponym of "von Willebrand disease", "type 2A von Willebrand disease", "Wilson disease": the capitalised
     * names right before a generic head.
     */
    private List<String> eponymOf(AnalyzedText text, Candidate c) {
        if (c.to() - c.from() < 2 || !genericHeads.contains(text.word(c.to() - 1).key())) {
            return List.of();
        }
        int start = c.to() - 1;
        while (start > c.from() && isEponymPiece(text.word(start - 1))) {
            start--;
        }
        if (start > c.from() && vocabulary.isNameParticle(text.word(start - 1).key())) {
            start--;
        }
        if (start == c.to() - 1 || text.word(start).isDash()) {
            return List.of();
        }
        List<String> words = new ArrayList<>();
        for (int i = start; i < c.to() - 1; i++) {
            words.add(text.word(i).text());
        }
        return words;
    }

    private boolean isEponymPiece(Word w) {
        return w.isDash() || w.isLetters() && w.isCapitalised() && !w.isAllCaps() && w.text().length() > 2
                && w.text().chars().allMatch(Character::isLetter);
    }

    /** ", Nanjing, China", ", Maastricht, the Netherlands": a short name between commas before a country or region. */
    private boolean isAddressCity(AnalyzedText text, int from, int to) {
        int place = to + 1 < text.size() && text.word(to + 1).is("the") ? to + 2 : to + 1;
        return from > 0 && text.word(from - 1).is(",") && place < text.size() && text.word(to).is(",")
                && vocabulary.isPlace(text.word(place).key());
    }

    private boolean beforeALowerCaseWord(AnalyzedText text, int end) {
        if (end >= text.size() || !text.sameSentence(end - 1, end)) {
            return false;
        }
        Word next = text.word(end);
        return next.isLetters() && next.isLowerCase() && !next.is("and") && !next.is("or")
                && !vocabulary.isDiseaseHead(next.key());
    }

    /**
     * "Duchenne and Becker muscular dystrophy (DMD and BMD)", "(DMD/BMD)", "(DMD, BMD)": one short form for each
     * part of a coordinated mention, in order, each the short form of that part alone.
     */
    private void partShortForms(AnalyzedText text, Candidate c, int open, Map<String, ShortForm> forms) {
        List<Integer> symbols = new ArrayList<>();
        int k = open + 1;
        while (k < text.size() && text.sameSentence(open, k) && looksLikeAbbreviation(text.word(k))) {
            symbols.add(k);
            k++;
            if (k < text.size() && (text.word(k).is("/") || text.word(k).is(",") || text.word(k).is("and")
                    || text.word(k).is("or"))) {
                k++;
            }
        }
        if (k >= text.size() || !text.word(k).is(")") || symbols.size() != c.parts().size()) {
            return;
        }
        for (int i = 0; i < symbols.size(); i++) {
            Word symbol = text.word(symbols.get(i));
            Candidate part = new Candidate(EntityType.DISEASE, c.from(), c.to(), c.confidence(), c.finder(),
                    c.parts().get(i));
            forms.merge(symbol.text(), new ShortForm(List.of(symbol.text()), part, true),
                    AbbreviationLinker::definedFirst);
        }
    }

    /** A short form defined in brackets outranks one guessed from initials, whichever comes first. */
    private static ShortForm definedFirst(ShortForm known, ShortForm other) {
        return known.bracketed || !other.bracketed ? known : other;
    }

    private final Set<String> genericHeads;

    /**
     * The short forms a disease name may take without being defined: "HD" for "Huntington disease", "BMD" for
     * "Becker muscular dystrophy", "VHL" for "von Hippel-Lindau disease", "A-T" and "AT" for
     * "ataxia-telangiectasia". Each word's first letter, with or without a generic head at the end.
     */
    private List<List<String>> initialsOf(AnalyzedText text, Candidate c) {
        StringBuilder letters = new StringBuilder();
        boolean hyphenated = true;
        for (int i = c.from(); i < c.to(); i++) {
            Word w = text.word(i);
            if (w.isDash()) {
                continue;
            }
            if (!w.isLetters() || !Character.isLetter(w.text().charAt(0))) {
                return List.of();
            }
            if (i > c.from() && !text.word(i - 1).isDash()) {
                hyphenated = false;
            }
            letters.append(Character.toUpperCase(w.text().charAt(0)));
        }
        List<List<String>> forms = new ArrayList<>();
        if (letters.length() >= 2) {
            forms.add(List.of(letters.toString()));
            if (hyphenated) {
                forms.add(List.of(letters.substring(0, 1), "-", letters.substring(1)));
            }
        }
        boolean generic = genericHeads.contains(text.word(c.to() - 1).key());
        if (generic && letters.length() >= 4) {
            forms.add(List.of(letters.substring(0, letters.length() - 1)));
        }
        return forms;
    }

    /** "cerebral ALD", "type IIA vWD", "ADCA type I": a disease's short form keeps its classifying words. */
    private List<Candidate> withClassifiedAbbreviations(AnalyzedText text, List<Candidate> sorted) {
        List<Candidate> out = new ArrayList<>(sorted.size());
        for (int k = 0; k < sorted.size(); k++) {
            Candidate c = sorted.get(k);
            if (c.type() != EntityType.DISEASE || c.to() - c.from() != 1 || text.word(c.from()).text().chars().filter(Character::isUpperCase).count() < 2) {
                out.add(c);
                continue;
            }
            int limitLeft = out.isEmpty() ? 0 : out.get(out.size() - 1).to();
            int limitRight = k + 1 < sorted.size() ? sorted.get(k + 1).from() : text.size();
            int from = vocabulary.classifiedFrom(text, c.from(), limitLeft);
            int to = Vocabulary.subtypeTo(text, c.to(), limitRight);
            out.add(from == c.from() && to == c.to() ? c
                    : new Candidate(c.type(), from, to, c.confidence(), c.finder(), c.canonical(), c.parts()));
        }
        return out;
    }

    boolean startsLikeAWordOf(String name, String shortForm) {
        char first = Character.toLowerCase(shortForm.charAt(0));
        for (String word : name.split("[\\s\\p{Pd}]+")) {
            if (!word.isEmpty() && Character.toLowerCase(word.charAt(0)) == first) {
                return true;
            }
        }
        return false;
    }

    private boolean isFreeOrSameType(List<Candidate> resolved, ShortForms.ShortForm sf,
                                            EntityType type) {
        for (Candidate c : resolved) {
            if (c.from() < sf.to() && sf.from() < c.to() && (c.type() != type || c.from() != sf.from()
                    || c.to() != sf.to())) {
                return false;
            }
        }
        return true;
    }

    boolean looksLikeAbbreviation(Word w) {
        String s = w.text();
        if (s.length() < 2 || s.length() > 10 || !Character.isUpperCase(s.charAt(0))) {
            return false;
        }
        int upper = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isUpperCase(c)) {
                upper++;
            } else if (!Character.isLetterOrDigit(c)) {
                return false;
            }
        }
        return upper >= 2;
    }

    /** Words before an institution's first head word, when they are a proper name: "Royan", "Ain Shams". */
    private List<String> namePrefix(AnalyzedText text, Candidate c) {
        List<String> prefix = new ArrayList<>();
        int legalPrefix = vocabulary.legalForms().prefixEnd(text, c.from());
        for (int i = Math.max(c.from(), legalPrefix); i < c.to(); i++) {
            Word w = text.word(i);
            // "Velmora S.A.", "PT Sinar Farma (Persero)": the legal form ends the name as a head does
            if (vocabulary.isStrongHead(w.key()) || vocabulary.isWeakHead(w.key())
                    || i > c.from() && vocabulary.legalForms().suffixEnd(text, i) > 0) {
                break;
            }
            if (w.isDash()) {
                prefix.add(w.text());
                continue;
            }
            if (!w.isCapitalised() || vocabulary.isGeneric(w.key()) || vocabulary.isPlace(w.key())
                    || notShortForms.contains(w.text()) || w.isAllCaps() || vocabulary.isPeople(w.key())) {
                return List.of();
            }
            prefix.add(w.text());
        }
        long names = prefix.stream().filter(p -> !Keys.isDash(p.charAt(0))).count();
        if (names == 1 && prefix.get(0).length() <= 3) {
            return List.of();
        }
        if (prefix.size() == c.to() - c.from() - Math.max(0, legalPrefix - c.from()) || names == 0 || names > 2) {
            return List.of();
        }
        return prefix;
    }

    /** End of the short form if it starts at {@code i} as a whole name (not followed by another capitalised word). */
    private int matches(AnalyzedText text, int i, List<String> words) {
        int k = i;
        for (String word : words) {
            if (k >= text.size() || !text.word(k).text().equals(word) && !(Keys.isDash(word.charAt(0))
                    && text.word(k).isDash())) {
                return -1;
            }
            k++;
        }
        if (i > 0 && text.word(i - 1).isDash() && !text.word(i).spaceBefore()) {
            return -1;
        }
        if (k < text.size() && text.sameSentence(i, k)) {
            Word next = text.word(k);
            if (next.isLetters() && next.isCapitalised() && words.size() + 0 > 0 && !looksLikeAbbreviation(text.word(i))) {
                return -1;
            }
            if (next.isDash() && !next.spaceBefore()) {
                return -1;
            }
        }
        return k;
    }

}
