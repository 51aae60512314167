package com.researchpipeline.contract;

import java.time.Instant;

/**
 * The value the ingest stage dead-letters for a file it could not turn into an article.
 * The file itself is kept in the inbox's {@code .failed/} folder, next to a reason file.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written by this version
 * @param path          path relative to the inbox at the time it was picked up
 * @param sizeBytes     size of the file, -1 when it could not be read
 * @param sha256        hex SHA-256 of its bytes, or null when they could not be read
 * @param reason        what was wrong
 * @param action        what to do about it
 * @param failedPath    where the file is now, relative to the inbox
 * @param rejectedAt    when it was rejected
 */
public record RejectedFile(int schemaVersion, String path, long sizeBytes, String sha256, String reason,
                           String action, String failedPath, Instant rejectedAt) {

    public static final int SCHEMA_VERSION = 1;
}
