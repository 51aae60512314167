package com.researchpipeline.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A kind of entity the enrich stage extracts, as the registry lists it: the shipped {@code entity-types.txt} on
 * the class path, then the {@code entity-types.txt} of the folder {@value #FOLDER_VARIABLE} names, when set (a
 * deployment's own types; see {@link #FOLDER_VARIABLE}). A type is its lower-case label, written in events and
 * gold files, and the Elasticsearch facet field that counts its canonical names once per article.
 *
 * <p>Equal by label; there is one instance per registered label, so {@code ==} works too. Immutable and
 * thread-safe. The shipped list is read when the class loads, the deployment's folder once, at first use; a bad
 * folder makes every use throw a {@link Settings.ConfigException} naming {@value #FOLDER_VARIABLE}.
 */
public final class EntityType {

    /**
     * The environment variable naming a folder that adds entity types: its {@code entity-types.txt} (same format
     * as the shipped one) registers them after the shipped types, and its {@code LANGUAGE/TYPE/} folders hold
     * their lexicons (a gazetteer {@code en/TYPE/FACET.txt} is enough for the extractor).
     */
    public static final String FOLDER_VARIABLE = "ENTITY_TYPES";
    public static final String REGISTRY_FILE = "entity-types.txt";
    static final String REGISTRY = "/" + REGISTRY_FILE;
    private static final Pattern LABEL = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern FACET = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]*");

    private static final Registry SHIPPED = Registry.readShipped();

    public static final EntityType INSTITUTION = SHIPPED.require("institution");
    public static final EntityType THERAPY = SHIPPED.require("therapy");
    public static final EntityType DISEASE = SHIPPED.require("disease");

    /** The shipped types and the deployment's, read at first use: a bad folder fails each use, naming it. */
    private static volatile Registry registered;

    private final String label;
    private final String facet;

    private EntityType(String label, String facet) {
        this.label = label;
        this.facet = facet;
    }

    /** The lower-case label: what events, gold files and the lexicon folders call the type. */
    @JsonValue
    public String label() {
        return label;
    }

    /** The facet field of the index that holds this type's canonical names once per article. */
    public String facet() {
        return facet;
    }

    /** Every registered type, in registry order: the shipped ones first. */
    public static List<EntityType> values() {
        return registry().types;
    }

    /** The registered type of {@code label} (case ignored); an unknown label is an error naming the known ones. */
    @JsonCreator
    public static EntityType fromLabel(String label) {
        EntityType type = label == null ? null : registry().byLabel.get(label.toLowerCase(Locale.ROOT));
        if (type == null) {
            throw new IllegalArgumentException("unknown entity type '" + label + "': expected one of "
                    + registry().byLabel.keySet() + " (" + REGISTRY_FILE + "; a deployment adds types with "
                    + FOLDER_VARIABLE + ": give this stage the same " + FOLDER_VARIABLE + " as the stage that wrote the"
                    + " record, starting the readers (publish) before the writers (enrich), then bin/pipeline redrive)");
        }
        return type;
    }

    /** Whether {@code label} (case ignored) is a registered type. */
    public static boolean isRegistered(String label) {
        return label != null && registry().byLabel.containsKey(label.toLowerCase(Locale.ROOT));
    }

    /** The folder {@value #FOLDER_VARIABLE} names, whose types and lexicons this process added, if any. */
    public static java.util.Optional<Path> addedFrom() {
        return java.util.Optional.ofNullable(registry().folder);
    }

    /** Whether the type is listed in the shipped registry rather than added by a deployment's folder. */
    public boolean isShipped() {
        return SHIPPED.byLabel.containsKey(label);
    }

    private static Registry registry() {
        Registry known = registered;
        if (known == null) {
            synchronized (EntityType.class) {
                if (registered == null) {
                    registered = SHIPPED.with(Settings.fromEnvironment().path(FOLDER_VARIABLE, null));
                }
                known = registered;
            }
        }
        return known;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EntityType type && type.label.equals(label);
    }

    @Override
    public int hashCode() {
        return label.hashCode();
    }

    @Override
    public String toString() {
        return label;
    }

    /** Types by label in registry order; the deployment's folder, if any. */
    record Registry(List<EntityType> types, Map<String, EntityType> byLabel, Path folder) {

        static Registry readShipped() {
            try (InputStream in = EntityType.class.getResourceAsStream(REGISTRY)) {
                if (in == null) {
                    throw new IllegalStateException(REGISTRY + " is missing from the class path");
                }
                Map<String, EntityType> byLabel = new LinkedHashMap<>();
                parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), REGISTRY, byLabel);
                return new Registry(List.copyOf(byLabel.values()), Collections.unmodifiableMap(byLabel), null);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + REGISTRY, e);
            }
        }

        EntityType require(String label) {
            EntityType type = byLabel.get(label);
            if (type == null) {
                throw new IllegalStateException("entity type '" + label + "' is missing from the shipped " + REGISTRY
                        + ": the extractor's rules need it; restore the line '" + label + " FACET_FIELD'");
            }
            return type;
        }

        /** These types (the same instances) and then those of {@code folder}'s registry; this when null. */
        Registry with(Path folder) {
            if (folder == null) {
                return this;
            }
            Path file = folder.resolve(REGISTRY_FILE);
            if (!Files.isRegularFile(file)) {
                throw new Settings.ConfigException(FOLDER_VARIABLE + "=" + folder + " holds no " + REGISTRY_FILE
                        + ": it must name a folder with " + REGISTRY_FILE + " (lines 'LABEL FACET_FIELD') and the"
                        + " types' lexicons under LANGUAGE/LABEL/");
            }
            Map<String, EntityType> all = new LinkedHashMap<>(byLabel);
            try {
                parse(Files.readString(file), file.toString(), all);
            } catch (IOException e) {
                throw new Settings.ConfigException(FOLDER_VARIABLE + "=" + folder + ": cannot read " + file + ": " + e);
            } catch (IllegalStateException e) {
                throw new Settings.ConfigException(FOLDER_VARIABLE + "=" + folder + ": " + e.getMessage());
            }
            return new Registry(List.copyOf(all.values()), Collections.unmodifiableMap(all), folder);
        }

        private static void parse(String text, String source, Map<String, EntityType> into) {
            List<String> facets = new ArrayList<>(into.values().stream().map(EntityType::facet).toList());
            int number = 0;
            for (String line : text.split("\n")) {
                number++;
                String entry = line.strip();
                if (entry.isEmpty() || entry.startsWith("#")) {
                    continue;
                }
                String[] parts = entry.split("\\s+");
                String where = source + " line " + number + " '" + entry + "'";
                if (parts.length != 2 || !LABEL.matcher(parts[0]).matches() || !FACET.matcher(parts[1]).matches()) {
                    throw new IllegalStateException(where + ": expected 'LABEL FACET_FIELD', a lower-case label"
                            + " such as 'gene' and a field name such as 'genes'");
                }
                if (into.containsKey(parts[0]) || facets.contains(parts[1])) {
                    throw new IllegalStateException(where + ": the type or its facet field is registered already");
                }
                into.put(parts[0], new EntityType(parts[0], parts[1]));
                facets.add(parts[1]);
            }
        }
    }
}
