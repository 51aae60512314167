package com.researchpipeline.enrich.extract;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** Immutable word sets written as lists, duplicates allowed (lists grow by hand). */
final class WordSet {

    static Set<String> of(String... words) {
        return Arrays.stream(words).collect(Collectors.toUnmodifiableSet());
    }

    private WordSet() {
    }
}
