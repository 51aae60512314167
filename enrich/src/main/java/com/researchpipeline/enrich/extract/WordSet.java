package com.researchpipeline.enrich.extract;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Immutable word sets written as lists, duplicates allowed (lists grow by hand). */
final class WordSet {

    static Set<String> of(String... words) {
        return Arrays.stream(words).collect(Collectors.toUnmodifiableSet());
    }

    /** The words of a shared list together with some more. */
    static Set<String> of(List<String> shared, String... words) {
        return java.util.stream.Stream.concat(shared.stream(), Arrays.stream(words))
                .collect(Collectors.toUnmodifiableSet());
    }

    private WordSet() {
    }
}
