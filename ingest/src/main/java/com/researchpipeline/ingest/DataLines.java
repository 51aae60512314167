package com.researchpipeline.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The lines of one of ingest's data files beside its classes, less blank lines and '#' comments. */
final class DataLines {

    static List<String> of(String name) {
        try (InputStream in = DataLines.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from ingest's classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(name + " of ingest cannot be read", e);
        }
    }

    private DataLines() {
    }
}
