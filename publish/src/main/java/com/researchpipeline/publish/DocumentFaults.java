package com.researchpipeline.publish;

import com.researchpipeline.contract.consumer.RetryCause;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Whose fault an Elasticsearch refusal is. Only the error types listed in {@value #RESOURCE} (and 413, a
 * document larger than the node accepts) are the document's: sending it again cannot help, so it is
 * dead-lettered. Everything else is about the index, alias, cluster or access, or unknown: it would refuse
 * every document that arrives while it lasts, so it is retried with the {@link RetryCause} that says what to
 * do. Immutable and thread-safe.
 */
final class DocumentFaults {

    static final String RESOURCE = "elasticsearch/document-faults.txt";
    private static final Set<String> TYPES = load();

    /** The error types listed as the document's fault, in the resource's order. */
    static Set<String> types() {
        return TYPES;
    }

    /** True when a refusal with this HTTP status and error type is the document's own fault. */
    static boolean isDocumentsFault(int status, String type) {
        return status == 413 || (type != null && TYPES.contains(type));
    }

    /**
     * Why a refusal that is not the document's fault is retried: a missing index (restored before the next
     * attempt), 429 (busy), 5xx or no answer at all (unavailable), anything else (refused until fixed: a closed
     * index, an alias, a block, credentials, an unknown type).
     */
    static RetryCause retryCauseOf(int status, String type) {
        if ("index_not_found_exception".equals(type)) {
            return RetryCause.STORE_LAYOUT_MISSING;
        }
        if ("cluster_block_exception".equals(type)) {
            return RetryCause.STORE_REFUSED; // 403 for an operator's block, 429 past the flood-stage watermark
        }
        if (status == 429) {
            return RetryCause.STORE_BUSY;
        }
        if (status >= 500 || status <= 0) {
            return RetryCause.STORE_UNAVAILABLE;
        }
        return RetryCause.STORE_REFUSED;
    }

    private static Set<String> load() {
        try (InputStream in = DocumentFaults.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            Set<String> types = new LinkedHashSet<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    types.add(trimmed.split("\\s+", 2)[0]);
                }
            }
            return Collections.unmodifiableSet(types);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    private DocumentFaults() {
    }
}
