package com.researchpipeline.enrich.extract;

import com.researchpipeline.contract.EntityType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Therapies never seen before: modality phrases ("limbal stem cell transplant", "NK cell therapy"), one-word
 * "-therapy" names, and drugs by their international non-proprietary name stems (-mab, -cel, -nib, -vec ...),
 * including two-word gene therapy names ("axicabtagene ciloleucel").
 */
final class TherapyRule implements Pass {

    private final Set<String> heads;
    /** Heads too generic to stand with an ordinary modifier: they need a modality word such as "stem" or "gene". */
    private final Set<String> needsModality;
    private final Set<String> modality;
    private final Set<String> modifiers;
    /** INN stems that end a drug's name, after at least two letters. */
    private final WordEndings drugStems;
    private final Set<String> notDrugs;
    /** Generic names without a telling stem: "aspirin", "paracetamol", "artesunate". */
    private final Set<String> drugNames;
    /** Hormones and transmitters also given as drugs: therapies unless the words around say they are the body's. */
    private final Set<String> bodySubstances;
    private final Set<String> physiologyAfter;
    private final Set<String> physiologyBefore;
    /** Stems that begin a name: "cef-", "rifa-". */
    private final Set<String> drugPrefixes;
    private final Set<String> routes;
    private final Set<String> forms;
    private final Set<String> classHeads;
    private final Set<String> classTargets;
    /** "serotonin", "dopamine": what a drug class acts on; "selective": how. Words of its name before its head. */
    private final Set<String> classWords;
    private final Set<String> classAdjectives;
    private final WordEndings classTargetEndings;
    private final Set<String> notClassTargets;
    /** "antidepressants", "statins": a drug class named by one word, and the words of kind before it ("loop"). */
    private final Set<String> classNouns;
    /** Words after a one-word drug class that say it is a drug and stay in its name: "antiepileptic drugs". */
    private final Set<String> classNounKinds;
    private final Set<String> classNounModifiers;
    /** "fumarate", "hydrochloride", "disoproxil": a drug's salt or ester form after its name. */
    private final Set<String> salts;
    private final Set<String> phraseAdjectives;
    private final Set<String> notModifiers;
    /** "state-owned", "government-funded": the last piece of a compound that says who owns, runs or funds a thing. */
    private final Set<String> ownerWords;
    private final WordEndings notPartnerEndings;
    /** "nine-valent vaccine": a count before a hyphen describes the product and does not name it. */
    private final Set<String> numbers;
    /** Heads a plain noun before them names the kind of: "photon radiotherapy", "home dialysis". */
    private final Set<String> nounModifiedHeads;
    /** "mastectomy", "angioplasty", "colostomy", "craniotomy": one-word surgical procedures (four letters before). */
    private final WordEndings procedureStems;
    private final Set<String> notProcedureWords;
    private final Set<String> procedureWords;
    /** Endings of adjectives the tagger may call something else: "laparoscopic", "intracapsular". */
    private static final java.util.regex.Pattern ADJECTIVE_FORM =
            java.util.regex.Pattern.compile("[a-z-]{3,}(al|ic|ar|ive|ous)");
    /** "assisted", "guided": after a name and a dash they say what a therapy is done with ("MDMA-assisted"). */
    private final Set<String> compoundParticiples;
    private final Set<String> places;
    private final WordEndings notNounEndings;

    /** The most pieces of a glued name ("a-b-c", "a/b/c") walked over from one word: text of endless glued runs
     *  stays linear. */
    private static final int MAX_PIECES = 4;

    private final Vocabulary vocabulary;

    TherapyRule(Lexicons lexicons, Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
        heads = lexicons.words("therapy/heads");
        needsModality = lexicons.words("therapy/needs-modality-heads");
        modality = lexicons.words("therapy/modality");
        modifiers = lexicons.words("therapy/modifiers");
        drugStems = WordEndings.of(folded(lexicons.words("therapy/drug-suffixes")), 2);
        notDrugs = lexicons.words("therapy/not-drugs");
        drugNames = folded(lexicons.words("therapy/drug-names"));
        bodySubstances = folded(lexicons.words("therapy/body-substances"));
        physiologyAfter = lexicons.words("therapy/physiology-after");
        physiologyBefore = lexicons.words("therapy/physiology-before");
        drugPrefixes = folded(lexicons.words("therapy/drug-prefixes"));
        routes = folded(lexicons.words("therapy/dosage-routes"));
        forms = folded(lexicons.words("therapy/dosage-forms"));
        classHeads = folded(lexicons.words("therapy/class-heads"));
        classTargets = folded(lexicons.words("therapy/class-targets"));
        classWords = folded(lexicons.words("therapy/class-words"));
        classAdjectives = folded(lexicons.words("therapy/class-adjectives"));
        classTargetEndings = WordEndings.of(lexicons.words("therapy/class-target-endings"), 0);
        notClassTargets = folded(lexicons.words("therapy/not-class-targets"));
        classNouns = folded(lexicons.words("therapy/class-nouns"));
        classNounModifiers = folded(lexicons.words("therapy/class-noun-modifiers"));
        classNounKinds = folded(lexicons.words("therapy/class-noun-kinds"));
        salts = folded(lexicons.words("therapy/salt-words"));
        phraseAdjectives = folded(lexicons.words("therapy/phrase-adjectives"));
        notModifiers = lexicons.words("therapy/not-modifiers");
        ownerWords = lexicons.words("therapy/owner-words");
        notPartnerEndings = WordEndings.of(lexicons.words("therapy/not-partner-endings"), 0);
        numbers = lexicons.words("therapy/number-words");
        procedureStems = WordEndings.of(folded(lexicons.words("therapy/procedure-suffixes")), 3);
        notProcedureWords = lexicons.words("therapy/not-procedure-words");
        procedureWords = lexicons.words("therapy/procedure-words");
        compoundParticiples = lexicons.words("therapy/compound-participles");
        places = lexicons.words("common/places");
        nounModifiedHeads = folded(lexicons.words("therapy/noun-modified-heads"));
        notNounEndings = WordEndings.of(lexicons.words("therapy/not-noun-endings"), 0);
        productContext = lexicons.words("therapy/product-context");
        productVerbs = lexicons.words("therapy/product-verbs");
        antiHeads = lexicons.words("therapy/anti-heads");
        studyWords = lexicons.words("common/study-words");
        formulations = folded(lexicons.words("therapy/formulations"));
        Set<String> beforeDrug = new java.util.HashSet<>(formulations);
        beforeDrug.addAll(lexicons.words("therapy/approaches"));
        formulationsAndApproaches = Set.copyOf(beforeDrug);
        geneWords = lexicons.words("therapy/gene-words");
        secondWords = lexicons.words("therapy/conjugate-words");
        resistanceWords = lexicons.words("disease/resistance-words");
        notProductCode = java.util.regex.Pattern.compile("(" + String.join("|",
                lexicons.entries("therapy/not-product-code-prefixes")) + ").*");
    }

    /**
     * "liposomal amphotericin B", "laparoscopic total mesorectal excision": a listed therapy with the formulation or
     * the approach written before it, as the drug and procedure rules take them. A route is no part of it ("oral
     * morphine" names morphine) unless the list names the two together ("intravenous thrombolysis").
     */
    private void withFormulationOrApproach(AnalyzedText text, List<Candidate> out) {
        int listed = out.size();
        for (int k = 0; k < listed; k++) {
            Candidate c = out.get(k);
            int from = c.type() == EntityType.THERAPY ? startBefore(text, c.from(), formulationsAndApproaches) : c.from();
            if (from < c.from()) {
                out.add(new Candidate(EntityType.THERAPY, from, c.to(), c.confidence(), c.finder(), c.canonical(),
                        c.parts()));
            }
        }
    }

    /** The entries as words' keys compare: "epoetin" is folded as "haemo" is, so the list may spell it either way. */
    private static Set<String> folded(Set<String> entries) {
        Set<String> keys = new java.util.HashSet<>();
        for (String entry : entries) {
            keys.add(Keys.of(entry));
        }
        return Set.copyOf(keys);
    }

    @Override
    public List<Candidate> apply(AnalyzedText text, List<Candidate> out) {
        withFormulationOrApproach(text, out);
        TherapyEnds ends = new TherapyEnds(out, text.size());
        for (int i = 0; i < text.size(); i++) {
            Word w = text.word(i);
            if (!w.isLetters()) {
                continue;
            }
            if (heads.contains(w.key())) {
                phrase(text, i, out, ends);
                if (classHeads.contains(w.key())) {
                    drugClass(text, i, out);
                }
            } else if (isTherapyCompound(w.key()) && (w.isLowerCase() || text.startsSentence(i))) {
                int from = wholeCompound(text, namingModifiers(text, Phrases.extendLeft(text, i, modifiers, Set.of()), i), i);
                if (procedureStems.matches(w.key())) {
                    from = withOperationsWords(text, from, i);
                }
                out.add(new Candidate(EntityType.THERAPY, from, i + 1, 0.85, "therapy-rule", null));
            } else if (isDrugName(text, i)) {
                drug(text, i, out);
            } else if (classNouns.contains(w.key()) && (w.isLowerCase() || text.startsSentence(i))) {
                int from = i;
                for (int before = classNounModifierEndingAt(text, from); before >= 0 && text.sameSentence(before, i);
                        before = classNounModifierEndingAt(text, from)) {
                    from = before;
                }
                int to = i + 1 < text.size() && text.sameSentence(i, i + 1) && text.word(i + 1).isLowerCase()
                        && classNounKinds.contains(text.word(i + 1).key()) ? i + 2 : i + 1;
                if (to > i + 1 || !modifiesANoun(text, i)) {
                    out.add(new Candidate(EntityType.THERAPY, from, to, 0.75, "drug-class-rule", null));
                }
            } else if (classHeads.contains(w.key())) {
                drugClass(text, i, out);
            } else if (w.is("anti") && (w.isLowerCase() || text.startsSentence(i))) {
                againstTarget(text, i, out);
            } else if (isShortCellName(text, i)) {
                out.add(new Candidate(EntityType.THERAPY, i - 2, i + 1, 0.75, "drug-name-rule", null));
            } else if (w.isCapitalised() && (i == 0 || !text.word(i - 1).isDash() || text.word(i - 1).spaceBefore())) {
                productCode(text, i, out);
            }
        }
        return out;
    }


    /** "therapy", "agents", "monoclonal antibodies": what an "anti-" compound names when a therapy. */
    private final Set<String> antiHeads;

    /**
     * "anti-VEGF therapy", "anti-PD-1 agents", "anti-CGRP monoclonal antibodies": "anti-", the target glued to it,
     * then a head of therapy/anti-heads ("antibodies" only as "monoclonal antibodies": "anti-dsDNA antibodies" are a
     * finding).
     */
    private void againstTarget(AnalyzedText text, int anti, List<Candidate> out) {
        int end = anti + 1;
        while (end + 1 < text.size() && text.word(end).isDash() && !text.word(end).spaceBefore()
                && !text.word(end + 1).spaceBefore() && text.word(end + 1).isLetters() && end <= anti + 8) {
            end += 2;
        }
        if (end == anti + 1 || end >= text.size() || !text.sameSentence(anti, end) || text.word(end - 1).is("drug")) {
            return;
        }
        int head = text.word(end).is("monoclonal") && end + 1 < text.size() ? end + 1 : end;
        if (antiHeads.contains(text.word(head).key()) && text.sameSentence(anti, head)
                && (head > end || !text.word(head).key().startsWith("antibod"))) {
            out.add(new Candidate(EntityType.THERAPY, anti, head + 1, 0.75, "drug-class-rule", null));
        }
    }

    /** "AZ-NK01", "UAECell19", "KX-201", "ARG-F9", "NexCAR19", "ARI-0001": capitals, then digits. */
    private static final java.util.regex.Pattern PRODUCT_CODE = java.util.regex.Pattern.compile(
            "(?=[A-Za-z]*[A-Z][A-Za-z]*[A-Z])[A-Z][A-Za-z]*(-[A-Z]+[A-Za-z]*-?[0-9]+|-?[0-9]{2,})[A-Za-z]?(\\.[0-9]+)?");
    /** A dbSNP identifier, "rs1427407": the code before or after it is a gene's. */
    private static final java.util.regex.Pattern SNP_ID = java.util.regex.Pattern.compile("rs[0-9]{3,}");
    private final java.util.regex.Pattern notProductCode;
    private final Set<String> productContext;
    private final Set<String> productVerbs;
    /** "trial", "study": after a bracketed code and a colon they make it a study's name. */
    private final Set<String> studyWords;
    /** "liposomal", "biosimilar": the kind of a drug, part of its name. */
    private final Set<String> formulations;
    /** Formulations, and "laparoscopic", "robotic": how a listed procedure is done, part of its name. */
    private final Set<String> formulationsAndApproaches;

    private final Set<String> geneWords;

    /** A code such as "AZ-NK01" or "UAECell19" names a product when the sentence speaks of treating with it. */
    private void productCode(AnalyzedText text, int i, List<Candidate> out) {
        int to = i + 1;
        while (to + 1 < text.size() && text.word(to).isDash() && !text.word(to).spaceBefore()
                && !text.word(to + 1).spaceBefore() && text.word(to + 1).isLetters()) {
            to += 2;
        }
        if (to + 1 < text.size() && text.word(to).is(".") && !text.word(to).spaceBefore() && !text.word(to + 1).spaceBefore()
                && text.word(to + 1).text().chars().allMatch(Character::isDigit)
                && Character.isDigit(text.word(to - 1).text().charAt(text.word(to - 1).text().length() - 1))) {
            to += 2; // "KHCC-CD19.1": a version number
        }
        String code = text.text(i, to);
        if (!PRODUCT_CODE.matcher(code).matches() || notProductCode.matcher(code.toUpperCase()).matches()
                || isYearCode(code) || ShortForms.namesAStudy(text, to, studyWords)) {
            return; // "... leukaemia (AZAVEN-60): a randomised trial" names the study
        }
        // "a gene called BCL11A", "the BCL11A gene", "BCL11A rs1427407": a gene symbol looks like a product code
        for (int k = Math.max(0, i - 3); k < Math.min(text.size(), to + 2); k++) {
            String key = text.word(k).key();
            if (text.sameSentence(k, i) && (geneWords.contains(key) || SNP_ID.matcher(key).matches())) {
                return;
            }
        }
        if (i > 0 && text.sameSentence(i - 1, i) && productVerbs.contains(text.word(i - 1).key())) {
            out.add(new Candidate(EntityType.THERAPY, i, to, 0.6, "product-code-rule", code));
            return;
        }
        for (int k = 0; k < text.size(); k++) {
            if (text.sameSentence(k, i) && productContext.contains(text.word(k).key())) {
                out.add(new Candidate(EntityType.THERAPY, i, to, 0.6, "product-code-rule", code));
                return;
            }
        }
    }

    /** "COVID-2019", "MENA2030": letters and a year are no product. */
    private static boolean isYearCode(String code) {
        int digits = 0;
        while (digits < code.length() && Character.isDigit(code.charAt(code.length() - 1 - digits))) {
            digits++;
        }
        String year = code.substring(code.length() - digits);
        return digits == 4 && (year.startsWith("19") || year.startsWith("20"));
    }

    /** The therapy candidates of {@code out} by the word they end before, in the list's order, read as it grows. */
    private static final class TherapyEnds {
        private final List<Candidate> out;
        private final List<List<Candidate>> byEnd;
        private int read;

        TherapyEnds(List<Candidate> out, int words) {
            this.out = out;
            this.byEnd = new ArrayList<>(java.util.Collections.nCopies(words + 1, (List<Candidate>) null));
        }

        List<Candidate> endingAt(int end) {
            for (; read < out.size(); read++) {
                Candidate c = out.get(read);
                if (c.type() == EntityType.THERAPY) {
                    if (byEnd.get(c.to()) == null) {
                        byEnd.set(c.to(), new ArrayList<>(2));
                    }
                    byEnd.get(c.to()).add(c);
                }
            }
            List<Candidate> found = byEnd.get(end);
            return found == null ? List.of() : found;
        }
    }

    private void phrase(AnalyzedText text, int head, List<Candidate> out, TherapyEnds ends) {
        int from = wholeCompound(text, namingModifiers(text, Phrases.extendLeft(text, head, modifiers, Set.of()), head),
                head);
        for (Candidate c : ends.endingAt(head)) {
            // "PARP inhibitor therapy": a drug class found just before the head names the phrase's kind
            if (c.from() < from
                    && classHeads.contains(text.word(head - 1).key()) && !heads.contains(text.word(head - 1).key())) {
                from = c.from();
                break;
            }
        }
        if (from == head) {
            return;
        }
        if (needsModality.contains(text.word(head).key()) && !hasModality(text, from, head)) {
            return;
        }
        // "stem cell transplantation" keeps "stem"; a bare "cell" before a generic head is the cell, not the therapy
        out.add(new Candidate(EntityType.THERAPY, from, head + 1, 0.8, "therapy-rule", null));
    }

    /**
     * "adipose-derived mesenchymal stem cell therapy": a phrase that would start on the last piece of a hyphened
     * compound starts on the compound's first piece when all its pieces are lower-case words (then with the naming
     * words before it: "autologous adipose-derived ..."), else after the compound.
     */
    private int wholeCompound(AnalyzedText text, int from, int head) {
        if (!gluedToDashBefore(text, from)) {
            return from;
        }
        int start = from - 2;
        while (gluedToDashBefore(text, start) && from - start < 2 * MAX_PIECES) {
            start -= 2;
        }
        boolean lowerCase = true;
        for (int k = start; k < from; k += 2) {
            lowerCase &= text.word(k).isLetters() && text.word(k).isLowerCase();
        }
        if (lowerCase && !ownerWords.contains(text.word(from).key())) {
            return namingModifiers(text, Phrases.extendLeft(text, start, modifiers, Set.of()), head);
        }
        while (from < head && !text.word(from).spaceBefore()) {
            from++;
        }
        return from;
    }

    /**
     * Where a word naming a drug class's kind starts when it ends just before {@code i}: one word ("loop diuretics")
     * or a hyphened pair ("broad-spectrum antibiotics"); -1 if none does.
     */
    private int classNounModifierEndingAt(AnalyzedText text, int i) {
        int start = gluedToDashBefore(text, i - 1) ? i - 3 : i - 1;
        if (start < 0 || !(text.word(start).isLowerCase() || text.startsSentence(start))) {
            return -1;
        }
        String key = start == i - 1 ? text.word(start).key() : text.word(start).key() + "-" + text.word(i - 1).key();
        return classNounModifiers.contains(key) ? start : -1;
    }

    private static boolean gluedToDashBefore(AnalyzedText text, int i) {
        return text.gluedByDash(i - 2) && text.word(i - 2).isLetters() && text.sameSentence(i - 2, i);
    }

    private boolean hasModality(AnalyzedText text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (modality.contains(text.word(i).key())) {
                return true;
            }
        }
        return false;
    }

    boolean isTherapyCompound(String key) {
        if (key.length() > 9 && (key.endsWith("therapy") || key.endsWith("therapies")) && !key.startsWith("nontherapy")
                && !notDrugs.contains(key)) {
            return true;
        }
        return procedureStems.matches(key) && !notDrugs.contains(key);
    }

    /** A single word of letters that is a generic name (therapy/drug-names) or ends in an INN stem. */
    private boolean isDrugName(AnalyzedText text, int i) {
        Word w = text.word(i);
        if (!isDrugWord(w) || bodySubstances.contains(w.key()) && isBodysOwn(text, i)) {
            return false;
        }
        // "Hans Christian Andersen": a capitalised word inside a run of names is a name
        return !w.isCapitalised() || text.startsSentence(i) || !text.word(i - 1).isCapitalised()
                || !text.word(i - 1).isLetters();
    }

    /** "insulin resistance", "insulin-producing cells", "cells that produce insulin": the body's own, no therapy. */
    private boolean isBodysOwn(AnalyzedText text, int i) {
        int next = i + 1 < text.size() && text.word(i + 1).isDash() && !text.word(i + 1).spaceBefore() ? i + 2 : i + 1;
        if (next < text.size() && text.sameSentence(i, next) && physiologyAfter.contains(text.word(next).key())) {
            return true;
        }
        return i > 0 && text.sameSentence(i - 1, i) && physiologyBefore.contains(text.word(i - 1).key());
    }

    private boolean isDrugWord(Word w) {
        String key = w.key();
        if (key.length() < 6 || !allLetters(w.text()) || w.isAllCaps() || notDrugs.contains(key)) {
            return false;
        }
        if (drugNames.contains(key) || bodySubstances.contains(key)) {
            return true;
        }
        if (key.length() >= 8 && w.isLowerCase()) {
            for (String prefix : drugPrefixes) {
                if (key.startsWith(prefix)) {
                    return true;
                }
            }
        }
        return drugStems.matches(key);
    }

    /**
     * Extends a therapy phrase starting at {@code from} further left over the words that name its kind: classifying
     * adjectives ("intravenous fluid therapy"), lower-case nouns ("photon radiotherapy") and hyphened compounds
     * ("image-guided brachytherapy", "Dolutegravir-based antiretroviral therapy"), never over dose, timing or
     * worth words ("high-dose chemotherapy") nor across a sentence.
     */
    private int namingModifiers(AnalyzedText text, int from, int head) {
        int i = from - 1;
        while (i >= 0 && text.sameSentence(i, head)) {
            Word w = text.word(i);
            if (!w.isLetters()) {
                break;
            }
            int start = i;
            while (start >= 2 && text.word(start - 1).isDash() && !text.word(start - 1).spaceBefore()
                    && !text.word(start).spaceBefore() && text.word(start - 2).isLetters() && text.sameSentence(start - 2, head)) {
                start -= 2;
            }
            if (start < i) {
                StringBuilder compound = new StringBuilder();
                for (int k = start; k <= i; k++) {
                    compound.append(text.word(k).key());
                }
                Word first = text.word(start);
                boolean named = first.isLowerCase() ? w.isLowerCase() && !numbers.contains(first.key())
                        : text.startsSentence(start) && isDrugWord(first)
                                || start == i - 2 && compoundParticiples.contains(w.key()) && !places.contains(first.key())
                                        && (first.isAllCaps() || !w.is("based"));
                // "MDMA-assisted", "CRISPR-based" therapy; but a "Selangor-based" one says where
                // "ischaemia-driven revascularisation": a compound opening on a disease says what it is for
                if (!named || notModifiers.contains(compound.toString()) || Character.isDigit(first.text().charAt(0))
                        || vocabulary.isDiseaseWord(first.key())
                        || ownerWords.contains(w.key())) {
                    break; // "state-owned vaccine maker": says who makes it, not what it is
                }
                from = start;
                i = start - 1;
                continue;
            }
            boolean noun = i == head - 1 && nounModifiedHeads.contains(text.word(head).key()) && "NOUN".equals(w.tag())
                    && w.key().length() >= 4 && !heads.contains(w.key()) && !isTherapyCompound(w.key())
                    && !endsLikeModifier(w.key());
            // "sleep restriction therapy", "pressure garment therapy": a phrase's own word before the noun
            boolean modifier = i < head - 1 && from == i + 1 && modifiers.contains(w.key());
            // "antituberculosis therapy", "antithyroid drug therapy": against what, as the listed class adjectives
            boolean against = w.key().startsWith("anti") && w.key().length() >= 8 && allLetters(w.text());
            if (!(w.isLowerCase() || text.startsSentence(i))
                    || !(phraseAdjectives.contains(w.key()) || noun || modifier || against)) {
                break;
            }
            from = i;
            i--;
        }
        return from;
    }

    /**
     * "the antihypertensive effect", "anticholinergic burden": a class word of an adjective's form used as one names
     * no drug; a noun's stays one ("benzodiazepine use", "opioid consumption").
     */
    private static boolean modifiesANoun(AnalyzedText text, int i) {
        String key = text.word(i).key();
        if (!(key.endsWith("ic") || key.endsWith("ive") || key.endsWith("ory")) || i + 1 >= text.size()
                || !text.sameSentence(i, i + 1)) {
            return false;
        }
        Word next = text.word(i + 1);
        return next.isLetters() && next.isLowerCase() && ("NOUN".equals(next.tag()) || "PROPN".equals(next.tag()));
    }

    /**
     * "laparoscopic right hemicolectomy", "cemented hemiarthroplasty", "intracapsular tonsillectomy": the lower-case
     * adjectives before an operation say which it is, but for those of therapy/not-procedure-words ("previous").
     */
    private int withOperationsWords(AnalyzedText text, int from, int operation) {
        int i = from - 1;
        while (i >= 0 && text.sameSentence(i, operation)) {
            Word w = text.word(i);
            boolean describing = w.isLetters() && (w.isLowerCase() || text.startsSentence(i))
                    && !notProcedureWords.contains(w.key()) && (modifiers.contains(w.key())
                    || procedureWords.contains(w.key()) || vocabulary.isOrgan(w.key())
                    || !"VERB".equals(w.tag()) && !Vocabulary.looksInflected(w)
                            && ("ADJ".equals(w.tag()) || ADJECTIVE_FORM.matcher(w.key()).matches()));
            if (!describing) {
                break;
            }
            from = i--;
        }
        return from;
    }

    /** "prices", "preparatory", "repeated": a plural, verb or adjective form the tagger may call a noun. */
    private boolean endsLikeModifier(String key) {
        return notNounEndings.matches(key);
    }

    /**
     * "SGLT2 inhibitors", "GLP-1 receptor agonist", "PD-L1 inhibitors", "proton pump inhibitors", "beta-blockers",
     * "HPV vaccine", "BPaL regimen": a drug class, vaccine or regimen named after a target's or a regimen's symbol;
     * "selective serotonin reuptake inhibitors", "dipeptidyl peptidase-4 inhibitor", "mineralocorticoid receptor
     * antagonists": a class named after its target in words.
     */
    private void drugClass(AnalyzedText text, int head, List<Candidate> out) {
        int j = head - 1;
        if (j >= 1 && text.word(j).isDash() && !text.word(j).spaceBefore() && !text.word(head).spaceBefore()) {
            j--; // "beta-blockers"
        }
        if (j < 0 || !text.sameSentence(j, head)) {
            return;
        }
        if (j >= 1 && isShortNumber(text.word(j)) && text.word(j).spaceBefore() && text.word(j - 1).isLowerCase()
                && text.sameSentence(j - 1, head)) {
            j--; // "cotransporter 2 inhibitors": the target's number after a space
        } else if (j >= 2 && isShortNumber(text.word(j)) && text.word(j - 1).is("/") && !text.word(j - 1).spaceBefore()
                && !text.word(j).spaceBefore() && isSymbol(text.word(j - 2).text()) && text.sameSentence(j - 2, head)) {
            // "CDK4/6 inhibitors": one symbol for two targets
            out.add(new Candidate(EntityType.THERAPY, j - 2, head + 1, 0.75, "drug-class-rule", null));
            return;
        } else if (!text.word(j).isLetters() && !(isShortNumber(text.word(j)) && j >= 2 && text.gluedByDash(j - 2))) {
            return;
        }
        if (text.word(j).is("receptor") && j > 0 && text.sameSentence(j - 1, head)) {
            j--;
        }
        // "GLP-1", "PD-L1", "peptidase-4", "receptor-neprilysin"
        int from = gluedStart(j, j, k -> text.gluedByDash(k) && text.word(k).isLetters()
                && text.sameSentence(k, head));
        StringBuilder symbol = new StringBuilder();
        for (int k = from; k <= j; k++) {
            symbol.append(text.word(k).text());
        }
        if (isSymbol(symbol.toString())) {
            // "RTS,S/AS01 vaccine", "R21/Matrix-M vaccine": the whole product code
            from = gluedStart(from, from, k -> !text.word(k + 2).spaceBefore() && isCodeJoiner(text.word(k + 1))
                    && !text.word(k + 1).spaceBefore() && text.word(k).isLetters() && text.sameSentence(k, head));
            out.add(new Candidate(EntityType.THERAPY, from, head + 1, 0.75, "drug-class-rule", null));
        } else if (text.word(from).isLowerCase() && namesTarget(text, from, j) && !appositiveWord(text.word(head).key())) {
            out.add(new Candidate(EntityType.THERAPY, classNameStart(text, from, head), head + 1, 0.75,
                    "drug-class-rule", null));
        }
    }

    /**
     * The first word of the glued run ("a-b-c", "a/b/c") that goes back from word {@code from}: a piece and its
     * joiner at a time while {@code pieceBefore} holds for the piece two words back, at most {@link #MAX_PIECES}
     * pieces before {@code anchor}.
     */
    private static int gluedStart(int from, int anchor, IntPredicate pieceBefore) {
        while (from >= 2 && anchor - from < 2 * MAX_PIECES && pieceBefore.test(from - 2)) {
            from -= 2;
        }
        return from;
    }

    /**
     * The end (exclusive) of the glued run that goes on from the words before {@code to}: a joiner and its piece at
     * a time while {@code pieceAfter} holds for the piece after the joiner at {@code to}, at most
     * {@link #MAX_PIECES} pieces after {@code anchor}.
     */
    private static int gluedEnd(AnalyzedText text, int to, int anchor, IntPredicate pieceAfter) {
        while (to + 1 < text.size() && to - anchor < 2 * MAX_PIECES && pieceAfter.test(to + 1)) {
            to += 2;
        }
        return to;
    }

    /** "/" and "," inside a product code ("RTS,S/AS01") and the dash of its pieces. */
    private static boolean isCodeJoiner(Word w) {
        return w.is("/") || w.is(",") || w.isDash();
    }

    private static boolean isShortNumber(Word w) {
        String t = w.text();
        return t.length() <= 2 && t.chars().allMatch(Character::isDigit);
    }

    /** Whether the words {@code from..to} (one word, or a compound's pieces) name a drug class's target. */
    private boolean namesTarget(AnalyzedText text, int from, int to) {
        for (int k = from; k <= to; k++) {
            Word w = text.word(k);
            if (w.isLetters() && w.isLowerCase() && isClassWord(w.key()) && !classAdjectives.contains(w.key())) {
                return true;
            }
        }
        return false;
    }

    private boolean isClassWord(String key) {
        return classTargets.contains(key) || classWords.contains(key) || classAdjectives.contains(key)
                || key.length() >= 7 && classTargetEndings.matches(key) && !notClassTargets.contains(key);
    }

    /** The first word of a class's name that ends at {@code from}: the class words before it, glued compounds too. */
    private int classNameStart(AnalyzedText text, int from, int head) {
        int start = from;
        for (int taken = 0; taken < 4 && start > 0 && text.sameSentence(start - 1, head); taken++) {
            // "sodium-glucose", "serotonin-norepinephrine"
            int piece = gluedStart(start - 1, start - 1, k -> text.gluedByDash(k) && text.word(k).isLetters());
            for (int k = piece; k < start; k += 2) {
                Word w = text.word(k);
                if (!w.isLetters() || !(w.isLowerCase() || text.startsSentence(k)) || !isClassWord(w.key())) {
                    return start;
                }
            }
            start = piece;
        }
        return start;
    }

    /** Vaccines and regimens take a symbol ("HPV vaccine") but no target word ("beta vaccine"). */
    private static boolean appositiveWord(String key) {
        return key.startsWith("vaccin") || key.startsWith("regimen");
    }

    /** A target's or regimen's symbol: "SGLT2", "JAK", "PCSK9", "mTOR", "GLP-1", "PD-L1", "BPaL" (two or more capitals). */
    private static boolean isSymbol(String s) {
        int capitals = 0;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (Character.isUpperCase(c)) {
                capitals++;
            } else if (!Character.isDigit(c) && c != '-' && !Keys.isDash(c) && !Character.isLowerCase(c)) {
                return false;
            }
        }
        return capitals >= 2 && capitals * 2 >= s.length() - countDigits(s) && s.length() <= 10
                && Character.isLetter(s.charAt(0));
    }

    private static int countDigits(String s) {
        int digits = 0;
        for (int k = 0; k < s.length(); k++) {
            digits += Character.isDigit(s.charAt(k)) ? 1 : 0;
        }
        return digits;
    }

    /** "exa-cel", "reni-cel", "lovo-cel": the short form of a cell therapy's non-proprietary name. */
    private boolean isShortCellName(AnalyzedText text, int i) {
        if (!text.word(i).is("cel") || i < 2 || !text.word(i - 1).isDash() || text.word(i - 1).spaceBefore()
                || text.word(i).spaceBefore()) {
            return false;
        }
        Word stem = text.word(i - 2);
        return stem.isLowerCase() && stem.text().length() >= 3 && stem.text().length() <= 6
                && allLetters(stem.text());
    }

    /** "methicillin-resistant", "rifampicin-susceptible": the drug names what a germ or a disease resists, not a therapy. */
    private boolean isResistedDrug(AnalyzedText text, int i) {
        return i + 2 < text.size() && text.word(i + 1).isDash() && !text.word(i + 1).spaceBefore()
                && !text.word(i + 2).spaceBefore() && resistanceWords.contains(text.word(i + 2).key());
    }

    /** The payload of an antibody-drug conjugate or a pegylated form: "brentuximab vedotin", "certolizumab pegol". */
    private final Set<String> secondWords;
    /** "resistant", "refractory": after a drug's hyphen they say what resists it. */
    private final Set<String> resistanceWords;

    private void drug(AnalyzedText text, int i, List<Candidate> out) {
        if (isResistedDrug(text, i)) {
            return;
        }
        int from = i;
        if (i > 0 && text.word(i - 1).isLetters() && text.word(i - 1).key().endsWith("gene")
                && text.word(i - 1).key().length() >= 8 && text.sameSentence(i - 1, i)) {
            from = i - 1;
        }
        int to = i + 1;
        // "remestemcel-L": a one-letter suffix glued by a hyphen belongs to the name
        if (to + 1 < text.size() && text.word(to).isDash() && !text.word(to).spaceBefore()
                && !text.word(to + 1).spaceBefore() && text.word(to + 1).text().length() == 1
                && text.word(to + 1).isCapitalised()) {
            to += 2;
        }
        if (from == i && text.word(i).key().endsWith("gene")) {
            return;
        }
        if (to == i + 1 && to < text.size() && text.sameSentence(i, to) && secondWords.contains(text.word(to).key())) {
            to++;
        }
        if (from >= 2 && isStereoPrefix(text, from - 2, from - 1, from)) {
            from -= 2; // "D-penicillamine", "L-carnitine"
        }
        // "artemether-lumefantrine", "sacubitril/valsartan": a fixed combination is one therapy
        from = gluedStart(from, i, k -> isCombinationPartner(text, k, k + 1, k + 2));
        if (from > 0 && from < i && salts.contains(text.word(from).key()) && text.sameSentence(from - 1, i)
                && isDrugWord(text.word(from - 1))) {
            from--; // "fluticasone furoate/umeclidinium/vilanterol": the first drug's salt starts no combination
        }
        to = gluedEnd(text, to, i, k -> isCombinationPartner(text, k, k - 1, k - 2));
        // "sulfadoxine-pyrimethamine plus amodiaquine (SPAQ)": a fixed combination and a drug named by one short form
        // are one regimen; "ramucirumab plus paclitaxel" names two, and so does "vancomycin plus cefepime (VC)"
        if (to > i + 1 && to + 1 < text.size() && text.word(to).is("plus") && text.sameSentence(i, to + 1)
                && isDrugName(text, to + 1)) {
            int regimenEnd = gluedEnd(text, to + 2, to + 1, k -> isCombinationPartner(text, k, k - 1, k - 2));
            if (regimenEnd < text.size() && text.word(regimenEnd).is("(") && ShortForms.at(text, regimenEnd) != null) {
                to = regimenEnd;
            }
        }
        // "amphotericin B", "polymyxin B"
        if (to < text.size() && text.sameSentence(i, to) && text.word(to).text().length() == 1
                && Character.isUpperCase(text.word(to).text().charAt(0)) && text.word(to).spaceBefore()
                && (to + 1 >= text.size() || text.word(to + 1).spaceBefore() || !text.word(to + 1).isLetters())) {
            to++;
        }
        while (to < text.size() && to <= i + 3 && text.sameSentence(i, to) && text.word(to).isLowerCase()
                && salts.contains(text.word(to).key())) {
            to++; // "tenofovir disoproxil fumarate"
        }
        if (to < text.size() && text.sameSentence(i, to) && forms.contains(text.word(to).key())) {
            to++; // "kanamycin injections", "penicillin prophylaxis"
        } else if (to + 1 < text.size() && text.sameSentence(i, to + 1) && text.word(to).isLowerCase()
                && (routes.contains(text.word(to).key()) || phraseAdjectives.contains(text.word(to).key()))
                && forms.contains(text.word(to + 1).key())) {
            to += 2; // "esketamine nasal spray", "levodopa-carbidopa intestinal gel", "isoniazid preventive therapy"
        }
        from = startBefore(text, from, formulations); // "liposomal amphotericin B"; not "oral" in "oral morphine"
        out.add(new Candidate(EntityType.THERAPY, from, to, 0.75, "drug-name-rule", null));
    }

    /**
     * Where a therapy starting at {@code from} starts with the lower-case words of {@code kept} written before it, or
     * glued to it by a dash ("nab-paclitaxel").
     */
    private static int startBefore(AnalyzedText text, int from, Set<String> kept) {
        int start = from;
        if (gluedToDashBefore(text, start) && kept.contains(text.word(start - 2).key())
                && (text.word(start - 2).isLowerCase() || text.startsSentence(start - 2))) {
            start -= 2;
        }
        while (start > 0 && text.sameSentence(start - 1, from) && kept.contains(text.word(start - 1).key())
                && text.word(start - 1).isLowerCase()) {
            start--;
        }
        return start;
    }

    /**
     * Whether word {@code partner}, glued by the dash at {@code dash} to the drug word at {@code drug}, is the other
     * drug of a fixed combination: a lower-case word of seven or more letters that is not a participle or adjective
     * ("rifampicin-resistant", "insulin-producing").
     */
    private boolean isCombinationPartner(AnalyzedText text, int partner, int dash, int drug) {
        if (partner < 0 || partner >= text.size() || !(text.word(dash).isDash() || text.word(dash).is("/"))
                || !text.sameSentence(partner, drug)) {
            return false;
        }
        if (text.word(dash).spaceBefore() || text.word(dash + 1).spaceBefore()) {
            return false;
        }
        Word w = text.word(partner);
        String key = w.key();
        if (!w.isLowerCase() && !(w.isCapitalised() && partner < drug && text.startsSentence(partner))
                || !allLetters(w.text()) || key.length() < 7) {
            return false;
        }
        if (isDrugWord(w)) {
            return true;
        }
        return !notPartnerEndings.matches(key) && !notDrugs.contains(key);
    }

    /** "D-" or "L-" glued before a drug's name: the form of a chiral molecule. */
    private static boolean isStereoPrefix(AnalyzedText text, int letter, int dash, int drug) {
        return text.word(dash).isDash() && !text.word(dash).spaceBefore() && !text.word(drug).spaceBefore()
                && (text.word(letter).text().equals("D") || text.word(letter).text().equals("L"))
                && text.sameSentence(letter, drug);
    }

    /** Every character a letter (a {@link Word}'s own test looks at its first only). */
    private static boolean allLetters(String s) {
        for (int k = 0; k < s.length(); k++) {
            if (!Character.isLetter(s.charAt(k))) {
                return false;
            }
        }
        return true;
    }

}
