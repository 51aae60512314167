package com.researchpipeline.enrich.extract;

import java.util.Set;

/** Common capitalised words that alone never make an organisation's name ("the Research Institute"). */
final class GenericWords {

    private static final Set<String> WORDS = WordSet.of("research", "medical", "national", "international",
            "regional", "global", "stem", "cell", "cells", "therapy", "gene", "clinical", "science", "health",
            "biology", "new", "local", "private", "public", "specialist", "specialized", "state", "teaching",
            "general", "central", "main", "our", "your", "this", "that", "the", "regenerative", "precision",
            "molecular", "advanced", "innovation", "biomedical", "children", "women", "university", "city",
            "blood", "marrow", "bone", "cord", "eye", "heart", "liver", "kidney", "transplant", "transplantation",
            "cancer", "oncology", "rare", "disease", "diseases", "genetic", "islamic", "muslim", "arab", "middle",
            "east", "european", "american", "world", "federal", "ministry", "department", "several", "many",
            "some", "other", "these", "those", "leading", "top", "best", "major", "first", "second", "third", "nature", "science", "cell", "lancet", "test", "journal", "annals");

    static boolean contains(String key) {
        return WORDS.contains(key);
    }

    private GenericWords() {
    }
}
