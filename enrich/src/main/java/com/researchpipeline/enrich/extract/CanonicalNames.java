package com.researchpipeline.enrich.extract;

import com.researchpipeline.contract.EntityType;

/** The name every spelling of an entity shares, as facets count it. */
final class CanonicalNames {

    /** A name every spelling of the entity shares: gazetteer's, else the folded words. */
    static String of(AnalyzedText text, Candidate c) {
        if (c.canonical() != null) {
            return c.canonical();
        }
        StringBuilder sb = new StringBuilder();
        int depth = 0;
        for (int i = c.from(); i < c.to(); i++) {
            Word w = text.word(i);
            // "von Hippel-Lindau (VHL) disease" is known as "von hippel lindau disease"
            if (w.is("(") || w.is(")")) {
                depth += w.is("(") ? 1 : -1;
                continue;
            }
            if (depth > 0) {
                continue;
            }
            if (w.isDash()) {
                if (c.type() == EntityType.INSTITUTION) {
                    sb.append('-');
                } else if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ' ') {
                    sb.append(' ');
                }
                continue;
            }
            if (w.is("'") || w.is("s") && i > c.from() && text.word(i - 1).is("'")) {
                sb.append(w.key());
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ' ' && sb.charAt(sb.length() - 1) != '-'
                    && (w.spaceBefore() || c.type() != EntityType.INSTITUTION)) {
                sb.append(' ');
            }
            boolean keepCase = c.type() == EntityType.INSTITUTION || w.isAllCaps();
            sb.append(keepCase ? w.text() : w.key());
        }
        return sb.toString();
    }

    private CanonicalNames() {
    }
}
