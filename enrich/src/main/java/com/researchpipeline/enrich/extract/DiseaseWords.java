package com.researchpipeline.enrich.extract;

import java.util.Set;

/** Words that classify a disease even where the tagger calls them something else. */
final class DiseaseWords {

    static final Set<String> MODIFIERS = WordSet.of("type", "acute", "chronic", "inherited", "genetic", "autoimmune",
            "infectious", "rare", "congenital", "hereditary", "familial", "juvenile", "childhood", "lymphoblastic",
            "myeloid", "lymphocytic", "large", "diffuse", "cell", "sickle", "spinal", "muscular", "multiple",
            "motor", "neurone", "neuron", "heart", "liver", "kidney", "lung", "blood", "bone", "brain", "eye",
            "retinal", "macular", "degenerative", "neurodegenerative", "metabolic", "cardiovascular", "graft",
            "host", "versus", "fatty", "diabetic", "foot", "limb", "critical", "solid", "immune", "primary",
            "secondary", "systemic", "rheumatoid", "ulcerative", "amyotrophic", "lateral", "cerebral", "sclerosis",
            "non", "small", "b", "t", "hodgkin", "mantle", "follicular", "aplastic", "pernicious", "hemolytic",
            "transfusion", "dependent", "ischemic", "hemorrhagic", "coronary", "artery", "peripheral", "arterial",
            "pulmonary", "obstructive", "linked", "x", "autosomal", "dominant", "recessive", "male", "female", "degeneration", "mental", "mood", "anxiety", "eating", "bipolar", "isolated", "severe_");

    private DiseaseWords() {
    }
}
