package com.researchpipeline.enrich.extract;

import com.researchpipeline.contract.EntityType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The extractor's knowledge as data: word lists under {@code com/researchpipeline/enrich/extract/LANGUAGE/TYPE/},
 * one entry a line, {@code #} starting a comment, each file saying what its list is for. A list the class path
 * lacks is looked for under {@code LANGUAGE/TYPE/} of the folder that added entity types
 * ({@link EntityType#FOLDER_VARIABLE}), so a deployment's own type brings its own lexicons. Every list and model is
 * read once, through here, and remembered, so the model version is a hash of exactly what the extractor loaded.
 * Not thread-safe while loading; the sets it hands out are immutable.
 */
final class Lexicons {

    static final String ROOT = "/com/researchpipeline/enrich/extract/";

    private final String language;
    private final Path addedTypes;
    private final Map<String, Set<String>> lists = new HashMap<>();
    private final Map<String, byte[]> loaded = new TreeMap<>();

    Lexicons(String language) {
        this(language, EntityType.addedFrom().orElse(null));
    }

    /** {@code addedTypes}: the folder of a deployment's own entity types, or null. */
    Lexicons(String language, Path addedTypes) {
        this.language = language;
        this.addedTypes = addedTypes;
    }

    String language() {
        return language;
    }

    /** The entries of {@code LANGUAGE/NAME.txt}, such as {@code words("disease/self-heads")}. */
    Set<String> words(String name) {
        return lists.computeIfAbsent(name, n -> Set.copyOf(new LinkedHashSet<>(entries(n))));
    }

    /** The entries of several lists as one set. */
    Set<String> union(String... names) {
        Set<String> all = new LinkedHashSet<>();
        for (String name : names) {
            all.addAll(words(name));
        }
        return Set.copyOf(all);
    }

    /** The entries of {@code LANGUAGE/NAME.txt} in the order written. */
    List<String> entries(String name) {
        return entriesAt(ROOT + language + "/" + name + ".txt");
    }

    /** The entries of any list on the class path, such as the languages of the extractor. */
    List<String> entriesAt(String path) {
        String content = new String(bytes(path), StandardCharsets.UTF_8);
        List<String> entries = new ArrayList<>();
        for (String line : content.split("\n")) {
            String entry = line.strip();
            if (!entry.isEmpty() && !entry.startsWith("#")) {
                entries.add(entry);
            }
        }
        if (entries.isEmpty()) {
            throw new IllegalStateException("lexicon " + path + " has no entries: add one a line");
        }
        return entries;
    }

    /** Whether {@code LANGUAGE/NAME.txt} exists: a language may leave a list out. */
    boolean has(String name) {
        String path = ROOT + language + "/" + name + ".txt";
        return Lexicons.class.getResource(path) != null || added(path) != null;
    }

    /** Where {@code path} (under {@link #ROOT}) lies in the folder of added types, if it is there. */
    private Path added(String path) {
        if (addedTypes == null || !path.startsWith(ROOT)) {
            return null;
        }
        Path file = addedTypes.resolve(path.substring(ROOT.length()));
        return Files.isRegularFile(file) ? file : null;
    }

    /** A class-path resource as bytes, remembered for the model version. */
    byte[] bytes(String path) {
        byte[] known = loaded.get(path);
        if (known != null) {
            return known;
        }
        Path added = Lexicons.class.getResource(path) == null ? added(path) : null;
        try (InputStream in = added != null ? Files.newInputStream(added) : Lexicons.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("extractor resource " + path + " is missing from the class path"
                        + (path.endsWith(ModelFinder.RESOURCE) ? " (the build trains it: mvn -pl enrich process-classes)"
                        : ""));
            }
            byte[] bytes = in.readAllBytes();
            loaded.put(path, bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read extractor resource " + path, e);
        }
    }

    /** A hash of every resource read so far, by path and content, and of {@code rulesVersion}. */
    String digest(String rulesVersion) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(rulesVersion.getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, byte[]> resource : loaded.entrySet()) {
                digest.update((byte) 0);
                digest.update(resource.getKey().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(resource.getValue());
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The paths read so far, in order. */
    Set<String> resources() {
        return loaded.keySet();
    }
}
