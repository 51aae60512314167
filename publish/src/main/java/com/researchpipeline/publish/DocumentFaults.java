package com.researchpipeline.publish;

import com.researchpipeline.contract.consumer.RetryCause;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Whose fault an Elasticsearch refusal is. The error types listed in {@value #RESOURCE} (and 413, a document
 * larger than the node accepts) are the document's: sending it again cannot help, so it is dead-lettered. Those
 * in {@value #INDEX_RESOURCE} are the index's, alias's, cluster's or access's: they would refuse every document
 * that arrives while they last, so they are retried with the {@link RetryCause} listed there. An unknown type is
 * retried too, unless the same request stored other documents ({@link #isDocumentsFaultBeside}). Immutable and
 * thread-safe.
 */
final class DocumentFaults {

    static final String RESOURCE = "elasticsearch/document-faults.txt";
    static final String INDEX_RESOURCE = "elasticsearch/index-faults.txt";
    private static final Set<String> TYPES = Collections.unmodifiableSet(lines(RESOURCE).keySet());
    private static final Map<String, RetryCause> INDEX_TYPES = indexTypes();

    /** The error types listed as the document's fault, in the resource's order. */
    static Set<String> types() {
        return TYPES;
    }

    /** True when a refusal with this HTTP status and error type is the document's own fault. */
    static boolean isDocumentsFault(int status, String type) {
        return status == 413 || (type != null && TYPES.contains(type));
    }

    /**
     * True when a refusal of a type listed in neither resource is still the document's own: a 4xx other than 429
     * while {@code storedBeside} other documents of the same request were stored, so the index took writes.
     */
    static boolean isDocumentsFaultBeside(int status, String type, int storedBeside) {
        return storedBeside > 0 && status >= 400 && status < 500 && status != 429
                && (type == null || !INDEX_TYPES.containsKey(type));
    }

    /**
     * Why a refusal that is not the document's fault is retried: as {@value #INDEX_RESOURCE} lists its type, else
     * 429 (busy), 5xx or no answer at all (unavailable), anything else (refused until fixed).
     */
    static RetryCause retryCauseOf(int status, String type) {
        RetryCause listed = type == null ? null : INDEX_TYPES.get(type);
        if (listed != null) {
            return listed;
        }
        if (status == 429) {
            return RetryCause.STORE_BUSY;
        }
        if (status >= 500 || status <= 0) {
            return RetryCause.STORE_UNAVAILABLE;
        }
        return RetryCause.STORE_REFUSED;
    }

    private static Map<String, RetryCause> indexTypes() {
        Map<String, RetryCause> types = new LinkedHashMap<>();
        lines(INDEX_RESOURCE).forEach((type, rest) -> types.put(type, RetryCause.valueOf(rest.split("\\s+", 2)[0])));
        return Collections.unmodifiableMap(types);
    }

    /** Each line's first word and the rest of it, in order; '#' starts a comment line. */
    private static Map<String, String> lines(String resource) {
        try (InputStream in = DocumentFaults.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            Map<String, String> lines = new LinkedHashMap<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    String[] parts = trimmed.split("\\s+", 2);
                    lines.put(parts[0], parts.length > 1 ? parts[1] : "");
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private DocumentFaults() {
    }
}
