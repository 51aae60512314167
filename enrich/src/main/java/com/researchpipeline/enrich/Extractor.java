package com.researchpipeline.enrich;

import com.researchpipeline.contract.Entity;
import java.util.List;

/** What the enrich stage needs of an entity extractor. Implementations must be safe to call from many threads. */
public interface Extractor {

    /** Mentions in {@code text}, ordered by start offset and never overlapping. */
    List<Entity> extract(String text);

    /** Identifies the models and gazetteers, so a reader knows which extractor produced an event. */
    String modelVersion();
}
