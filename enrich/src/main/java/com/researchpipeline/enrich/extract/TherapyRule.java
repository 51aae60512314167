package com.researchpipeline.enrich.extract;

import com.researchpipeline.contract.EntityType;
import java.util.List;
import java.util.Set;

/**
 * Therapies never seen before: modality phrases ("limbal stem cell transplant", "NK cell therapy"), one-word
 * "-therapy" names, and drugs by their international non-proprietary name stems (-mab, -cel, -nib, -vec ...),
 * including two-word gene therapy names ("axicabtagene ciloleucel").
 */
final class TherapyRule implements CandidateFinder {

    private static final Set<String> HEADS = WordSet.of("therapy", "therapies", "transplant", "transplants",
            "transplantation", "transplantations", "transfusion", "transfusions", "grafting", "graft", "grafts",
            "autografts", "autograft", "allograft", "allografts", "treatment", "treatments", "replacement",
            "photopheresis", "injections", "injection", "infusion", "infusions", "vaccine", "vaccines",
            "vaccination", "surgery", "fertilization", "implantation", "implant", "implants", "dialysis",
            "editing", "immunotherapy", "immunotherapies");
    /** Heads too generic to stand with an ordinary modifier: they need a modality word such as "stem" or "gene". */
    private static final Set<String> NEEDS_MODALITY = WordSet.of("treatment", "treatments", "injection", "injections",
            "infusion", "infusions", "surgery", "procedure", "implant", "implants", "editing", "replacement",
            "graft", "grafts");
    private static final Set<String> MODALITY = WordSet.of("stem", "cell", "gene", "car", "replacement", "acid",
            "knee", "hip", "cord", "marrow", "islet", "cas9", "crispr", "toxin", "prp", "plasma", "base", "prime",
            "vitro", "joint", "skin", "corneal", "cartilage", "bariatric", "cardiac", "bypass", "valve", "steroid");
    static final Set<String> MODIFIERS = WordSet.of("cell", "cells", "stem", "gene", "car", "t", "nk", "autologous",
            "factor", "androgen", "estrogen", "oestrogen", "testosterone", "antibiotic", "antiviral", "oxygen",
            "allogeneic", "allogenic", "haploidentical", "hematopoietic", "hemopoietic", "haemopoietic", "bone",
            "marrow", "cord", "blood", "umbilical", "mesenchymal", "limbal", "islet", "corneal", "cellular", "liver",
            "kidney", "heart", "lung", "skin", "knee", "hip", "total", "iron", "chelation", "hormone", "radiation",
            "proton", "targeted", "photodynamic", "enzyme", "exon", "skipping", "antisense", "oligonucleotide",
            "wound", "negative", "pressure", "dendritic", "tcr", "til", "adoptive", "msc", "hsc", "ipsc", "derived",
            "matched", "platelet", "rich", "plasma", "prp", "insulin", "fecal", "microbiota", "cartilage",
            "chondrocyte", "retinal", "epithelial", "keratinocyte", "melanocyte", "fibroblast", "neural",
            "embryonic", "pluripotent", "induced", "cardiac", "muscle", "myoblast", "organ", "pancreas",
            "pancreatic", "cornea", "uterus", "uterine", "intestinal", "regulatory", "treg", "virus", "specific",
            "oncolytic", "laser", "antiretroviral", "combination", "hormonal", "antibody", "mononuclear", "cd34",
            "lymphocyte", "hyaluronic", "acid", "botulinum", "toxin", "steroid", "replacement", "vitro",
            "fertilization", "sibling", "unrelated", "double", "tandem", "autograft", "joint", "crispr", "cas9",
            "editing", "base", "prime", "mrna", "rna", "dna", "viral", "vector", "lentiviral", "aav", "cultured",
            "epidermal", "extracorporeal", "photopheresis", "exchange", "transfusion", "red", "whole", "bariatric",
            "bypass", "valve", "cochlear", "dental", "spinal", "fusion", "deep", "brain", "stimulation", "cart",
            "tumor", "infiltrating", "natural", "killer", "macrophage", "exosome", "secretome", "ips", "hla",
            "haplo", "solid", "vaccine", "peptide", "protein", "small", "molecule", "monoclonal", "bispecific");
    private static final Set<String> DRUG_SUFFIXES = WordSet.of("mab", "leucel", "temcel", "stemcel", "vec", "tinib",
            "rafenib", "ciclib", "parib", "lisib", "zomib", "grastim", "buvir", "previr", "asvir", "mustine",
            "platin", "rubicin", "taxel", "rsen", "cort", "sulfan", "arabine", "phamide", "trexate", "limus",
            "sertib", "cabtagene", "cel", "nib", "tide", "lukast", "prazole", "sartan", "statin", "olol", "pril",
            "dronate", "vudine", "navir", "tegravir", "ciclovir", "cycline", "floxacin", "mycin", "cillin",
            "azole", "afil", "setron", "glutide", "gliflozin", "gliptin", "plase", "parin", "xaban", "tecan",
            "poside", "spirone", "tidine", "oxetine", "triptan", "semide", "thiazide", "dipine", "lutamide",
            "anastrozole", "uridine", "citabine", "fovir", "feron", "kinra", "cept");
    private static final Set<String> NOT_DRUGS = WordSet.of("cancel", "parcel", "excel", "marcel", "carousel",
            "morsel", "hotel", "model", "angel", "level", "travel", "vessel", "label", "nickel", "tunnel", "panel",
            "channel", "barrel", "flannel", "gravel", "personnel", "kennel", "citadel", "pastel", "infidel",
            "entitled", "cocktail", "peptide", "nucleotide", "polypeptide", "tide", "oligonucleotide", "riptide",
            "eastertide", "yuletide", "glutathione", "concept", "accept", "except", "intercept", "precept",
            "percept", "inept", "adept", "swept", "slept", "kept", "wept", "crept", "platin", "mycin", "statin",
            "azole", "cortex", "escort", "comfort", "effort", "resort", "report", "support", "transport", "sort",
            "abort", "retort", "consort", "purport", "import", "export", "passport", "airport", "deport",
            "sport", "cohort", "rapport", "fort", "port", "short", "snort", "court", "assort", "dabcort",
            "consortium", "nucleotides", "peptides", "thymidine", "pyrimidine", "cytidine", "guanidine",
            "adenosine", "mab", "olol", "pril", "cept", "cohort", "vec", "nib", "cel");

    @Override
    public void find(AnalyzedText text, List<Candidate> out) {
        for (int i = 0; i < text.size(); i++) {
            Word w = text.word(i);
            if (!w.isLetters()) {
                continue;
            }
            if (HEADS.contains(w.key())) {
                phrase(text, i, out);
            } else if (isTherapyCompound(w.key()) && (w.isLowerCase() || startsSentence(text, i))) {
                int from = Phrases.extendLeft(text, i, MODIFIERS, Set.of());
                out.add(new Candidate(EntityType.THERAPY, from, i + 1, 0.85, "therapy-rule", null));
            } else if (isDrugName(w)) {
                drug(text, i, out);
            } else if (isShortCellName(text, i)) {
                out.add(new Candidate(EntityType.THERAPY, i - 2, i + 1, 0.75, "drug-name-rule", null));
            } else if (w.isCapitalised() && (i == 0 || !text.word(i - 1).isDash() || text.word(i - 1).spaceBefore())) {
                productCode(text, i, out);
            }
        }
    }

    /** A capitalised "Cytotherapy" mid-sentence is a journal's name; at a sentence start it may be the therapy. */
    private static boolean startsSentence(AnalyzedText text, int i) {
        return i == 0 || !text.sameSentence(i - 1, i) || !text.word(i - 1).isLetters() && (i < 2
                || !text.sameSentence(i - 2, i));
    }

    /** "AZ-NK01", "UAECell19", "KX-201", "ARG-F9", "NexCAR19", "ARI-0001": capitals, then digits. */
    private static final java.util.regex.Pattern PRODUCT_CODE = java.util.regex.Pattern.compile(
            "(?=[A-Za-z]*[A-Z][A-Za-z]*[A-Z])[A-Z][A-Za-z]*(-[A-Z]+[A-Za-z]*-?[0-9]+|-?[0-9]{2,})[A-Za-z]?");
    private static final java.util.regex.Pattern NOT_PRODUCT_CODE = java.util.regex.Pattern.compile(
            "(CD|IL|HLA|COVID|SARS|BRCA|HIV|ISO|ICD|HBA|TP|EU|UN|MERS|H[0-9]|N[0-9]|ISBN|DOI|NCT|ACE|PD|CTLA|TGF|VEGF"
            + "|FGF|EGF|HER|KRAS|JAK|BCR|ABL|FLT|IDH|NPM|Q[0-9]|FY|GMP|CAR|WHO).*");
    private static final Set<String> PRODUCT_CONTEXT = WordSet.of("product", "products", "candidate", "therapy",
            "infusion", "infusions", "dose", "doses", "dosed", "treated", "approved", "approval", "investigational",
            "trial", "manufactured", "cells", "injected", "licensed", "drug", "treatment", "patients");

    private static final Set<String> GENE_WORDS = WordSet.of("gene", "genes", "protein", "locus", "mutation",
            "mutations", "variant", "variants", "enhancer", "promoter", "allele", "alleles");

    /** A code such as "AZ-NK01" or "UAECell19" names a product when the sentence speaks of treating with it. */
    private static void productCode(AnalyzedText text, int i, List<Candidate> out) {
        int to = i + 1;
        while (to + 1 < text.size() && text.word(to).isDash() && !text.word(to).spaceBefore()
                && !text.word(to + 1).spaceBefore() && text.word(to + 1).isLetters()) {
            to += 2;
        }
        String code = text.text(i, to);
        if (!PRODUCT_CODE.matcher(code).matches() || NOT_PRODUCT_CODE.matcher(code.toUpperCase()).matches()
                || code.matches("[A-Z]+-?[12][0-9]{3}")) {
            return;
        }
        // "a gene called BCL11A", "the BCL11A gene": a gene symbol looks like a product code
        for (int k = Math.max(0, i - 3); k < Math.min(text.size(), to + 2); k++) {
            if (text.sameSentence(k, i) && GENE_WORDS.contains(text.word(k).key())) {
                return;
            }
        }
        for (int k = 0; k < text.size(); k++) {
            if (text.sameSentence(k, i) && PRODUCT_CONTEXT.contains(text.word(k).key())) {
                out.add(new Candidate(EntityType.THERAPY, i, to, 0.6, "product-code-rule", code));
                return;
            }
        }
    }

    private static void phrase(AnalyzedText text, int head, List<Candidate> out) {
        int from = Phrases.extendLeft(text, head, MODIFIERS, Set.of());
        if (from == head) {
            return;
        }
        if (NEEDS_MODALITY.contains(text.word(head).key()) && !hasModality(text, from, head)) {
            return;
        }
        // "stem cell transplantation" keeps "stem"; a bare "cell" before a generic head is the cell, not the therapy
        out.add(new Candidate(EntityType.THERAPY, from, head + 1, 0.8, "therapy-rule", null));
    }

    private static boolean hasModality(AnalyzedText text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (MODALITY.contains(text.word(i).key())) {
                return true;
            }
        }
        return false;
    }

    static boolean isTherapyCompound(String key) {
        return key.length() > 9 && (key.endsWith("therapy") || key.endsWith("therapies"))
                && !key.startsWith("nontherapy");
    }

    private static boolean isDrugName(Word w) {
        String key = w.key();
        if (key.length() < 7 || NOT_DRUGS.contains(key) || !w.text().chars().allMatch(Character::isLetter)) {
            return false;
        }
        if (w.isAllCaps()) {
            return false;
        }
        for (String suffix : DRUG_SUFFIXES) {
            if (key.endsWith(suffix) && key.length() >= suffix.length() + 3) {
                return true;
            }
        }
        return false;
    }

    /** "exa-cel", "reni-cel", "lovo-cel": the short form of a cell therapy's non-proprietary name. */
    private static boolean isShortCellName(AnalyzedText text, int i) {
        if (!text.word(i).is("cel") || i < 2 || !text.word(i - 1).isDash() || text.word(i - 1).spaceBefore()
                || text.word(i).spaceBefore()) {
            return false;
        }
        Word stem = text.word(i - 2);
        return stem.isLowerCase() && stem.text().length() >= 3 && stem.text().length() <= 6
                && stem.text().chars().allMatch(Character::isLetter);
    }

    /** The payload of an antibody-drug conjugate or a pegylated form: "brentuximab vedotin", "certolizumab pegol". */
    private static final Set<String> SECOND_WORDS = WordSet.of("vedotin", "deruxtecan", "emtansine", "govitecan",
            "mafodotin", "ozogamicin", "tesirine", "pegol", "alfa", "beta", "tiuxetan", "mertansine", "pendetide");

    private static void drug(AnalyzedText text, int i, List<Candidate> out) {
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
        if (to == i + 1 && to < text.size() && text.sameSentence(i, to) && SECOND_WORDS.contains(text.word(to).key())) {
            to++;
        }
        out.add(new Candidate(EntityType.THERAPY, from, to, 0.75, "drug-name-rule", null));
    }
}
