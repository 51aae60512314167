package com.researchpipeline.enrich.extract;

import java.util.Set;

/**
 * Words for peoples and nations ("Malaysian", "Korean", "Ashkenazi"): they say whose or where, never which
 * disease or which organisation, so no name is made of them alone.
 */
final class Peoples {

    private static final Set<String> WORDS = WordSet.of("korean", "japanese", "chinese", "taiwanese", "thai",
            "vietnamese", "indian", "pakistani", "iranian", "persian", "arab", "arabian", "saudi", "egyptian",
            "turkish", "jewish", "ashkenazi", "sephardic", "israeli", "lebanese", "finnish", "swedish", "norwegian",
            "danish", "icelandic", "dutch", "german", "french", "italian", "sardinian", "spanish", "portuguese",
            "greek", "british", "english", "scottish", "irish", "welsh", "polish", "russian", "american", "canadian",
            "mexican", "brazilian", "african", "asian", "european", "caucasian", "hispanic", "amish", "australian",
            "malaysian", "malay", "indonesian", "bruneian", "singaporean", "filipino", "bangladeshi", "afghan",
            "moroccan", "tunisian", "algerian", "libyan", "sudanese", "somali", "nigerian", "senegalese", "malian",
            "ghanaian", "kenyan", "ethiopian", "emirati", "qatari", "kuwaiti", "omani", "bahraini", "yemeni",
            "jordanian", "syrian", "iraqi", "palestinian", "kurdish", "kazakh", "kazakhstani", "uzbek", "kyrgyz",
            "tajik", "turkmen", "azerbaijani", "azeri", "albanian", "bosnian", "swiss", "belgian", "austrian",
            "czech", "hungarian", "romanian", "ukrainian", "cuban", "argentine", "chilean", "colombian", "gulf", "soviet");

    static boolean contains(String key) {
        return WORDS.contains(key);
    }

    private Peoples() {
    }
}
