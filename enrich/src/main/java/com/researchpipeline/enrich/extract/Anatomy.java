package com.researchpipeline.enrich.extract;

import java.util.Set;

/** Organs and tissues that name where a disease is: "liver cancer", "eye injury", "spinal cord injury". */
final class Anatomy {

    static final Set<String> WORDS = WordSet.of("liver", "kidney", "renal", "heart", "lung", "brain", "eye",
            "skin", "bone", "blood", "breast", "prostate", "colon", "colorectal", "bowel", "stomach", "gastric",
            "pancreatic", "pancreas", "ovarian", "ovary", "cervical", "thyroid", "bladder", "head", "neck",
            "spinal", "cord", "muscle", "nerve", "joint", "knee", "hip", "back", "foot", "limb", "retina",
            "retinal", "cornea", "corneal", "ear", "throat", "mouth", "oral", "tongue", "esophageal", "oesophageal",
            "esophagus", "intestinal", "intestine", "rectal", "anal", "uterine", "endometrial", "testicular",
            "brainstem", "cerebral", "cardiac", "coronary", "vascular", "valve", "artery", "arterial", "vein",
            "venous", "lymph", "node", "marrow", "cartilage", "tendon", "ligament", "spine", "vertebral",
            "pelvic", "abdominal", "chest", "lower", "upper", "soft", "tissue", "bile", "duct", "gallbladder",
            "adrenal", "pituitary", "hepatic", "pulmonary", "respiratory", "digestive", "urinary", "genital",
            "reproductive", "neurological", "neuromuscular", "musculoskeletal", "skeletal", "dental", "gum",
            "periodontal", "motor", "sensory", "optic", "macular", "germ", "islet", "immune", "plasma",
            "cell", "b", "t", "lymphoid", "myeloid", "mast", "red", "white", "sickle", "stem");

    private Anatomy() {
    }
}
