package com.researchpipeline.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The kinds of entity the enrich stage extracts, as {@code entity-types.txt} registers them; written in JSON as
 * their lower-case labels. Each has the Elasticsearch facet field that counts its canonical names.
 */
public enum EntityType {
    INSTITUTION, THERAPY, DISEASE;

    static final String REGISTRY = "/entity-types.txt";

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The facet field of the index that holds this type's canonical names once per article. */
    public String facet() {
        String facet = Registry.FACETS.get(label());
        if (facet == null) {
            throw new IllegalStateException("entity type '" + label() + "' is missing from " + REGISTRY
                    + ": add a line '" + label() + " FACET_FIELD'");
        }
        return facet;
    }

    @JsonCreator
    public static EntityType fromLabel(String label) {
        for (EntityType type : values()) {
            if (type.label().equalsIgnoreCase(label)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown entity type '" + label + "': expected one of "
                + Registry.FACETS.keySet());
    }

    /** The registry's labels and facet fields, in its order. */
    public static Map<String, String> registered() {
        return Registry.FACETS;
    }

    private static final class Registry {
        static final Map<String, String> FACETS = read();

        private static Map<String, String> read() {
            try (InputStream in = EntityType.class.getResourceAsStream(REGISTRY)) {
                if (in == null) {
                    throw new IllegalStateException(REGISTRY + " is missing from the class path");
                }
                Map<String, String> facets = new LinkedHashMap<>();
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    String entry = line.strip();
                    if (!entry.isEmpty() && !entry.startsWith("#")) {
                        String[] parts = entry.split("\\s+");
                        facets.put(parts[0], parts.length > 1 ? parts[1] : parts[0]);
                    }
                }
                return java.util.Collections.unmodifiableMap(facets);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + REGISTRY, e);
            }
        }
    }
}
