package com.researchpipeline.contract;

import java.util.List;

/** A heading and the paragraphs under it; the heading is empty for text before the first heading. */
public record Section(String heading, List<String> paragraphs) {

    public Section {
        heading = heading == null ? "" : heading;
        paragraphs = paragraphs == null ? List.of() : List.copyOf(paragraphs);
    }
}
