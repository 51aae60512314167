package com.researchpipeline.ingest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids this process published most recently and the path each came from, so the log can say when a
 * dropped file repeats an article. Only a hint for people: re-sending is what keeps Kafka the one source of
 * truth (see the README). Bounded; thread-safe.
 */
final class RecentArticles {

    private final Map<String, String> pathById;

    RecentArticles(int capacity) {
        this.pathById = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Remembers the id's path; returns the path it had before, or null when it is new. */
    synchronized String remember(String id, String path) {
        return pathById.put(id, path);
    }
}
