package com.researchpipeline.enrich;

import com.researchpipeline.contract.Entity;
import java.util.List;

/** What the enrich stage needs of an entity extractor. Implementations must be safe to call from many threads. */
public interface Extractor {

    /** Mentions in {@code text}, ordered by start offset and never overlapping. */
    List<Entity> extract(String text);

    /**
     * The language (ISO 639-3) whose models and lexicons apply to an article detected as {@code language}, or
     * "none" when the extractor has none for it. An extractor that does not tell languages apart reads every
     * article as English.
     */
    default String languageFor(String language) {
        return "eng";
    }

    /** Mentions in {@code text} of an article detected as {@code language}; none when nothing applies to it. */
    default List<Entity> extract(String text, String language) {
        return extract(text);
    }

    /** Identifies the models and gazetteers, so a reader knows which extractor produced an event. */
    String modelVersion();
}
