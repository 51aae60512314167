package com.researchpipeline.contract;

import java.util.List;
import java.util.Objects;

/**
 * One mention found in an article's body.
 *
 * @param type       institution, therapy or disease
 * @param text       the mention exactly as written, equal to {@code body.substring(start, end)}
 * @param canonical  the name every variant of the same entity shares ("multiple sclerosis" for "MS")
 * @param start      offset of the first character in the cleaned body (UTF-16 units, inclusive)
 * @param end        offset after the last character (exclusive)
 * @param sentence   zero-based index of the sentence that holds the mention
 * @param confidence between 0 and 1
 * @param finder     which finder produced it (dictionary, rule, model, abbreviation ...)
 * @param parts      the canonical names of the entities a coordinated mention names ("breast cancer", "ovarian
 *                   cancer" for "breast and ovarian cancer"); empty for a mention of one entity
 */
public record Entity(EntityType type, String text, String canonical, int start, int end,
                     int sentence, double confidence, String finder, List<String> parts) {

    /** A mention of one entity. */
    public Entity(EntityType type, String text, String canonical, int start, int end, int sentence,
                  double confidence, String finder) {
        this(type, text, canonical, start, end, sentence, confidence, finder, List.of());
    }

    public Entity {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(text, "text");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ") for '" + text + "'");
        }
        canonical = canonical == null ? text : canonical;
        parts = parts == null ? List.of() : List.copyOf(parts);
    }

    /** The canonical name of every entity the mention names: its parts, or its canonical name alone. */
    public List<String> names() {
        return parts.isEmpty() ? List.of(canonical) : parts;
    }
}
