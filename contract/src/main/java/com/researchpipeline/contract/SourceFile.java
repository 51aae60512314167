package com.researchpipeline.contract;

import java.time.Instant;

/**
 * Where an article came from.
 *
 * @param fileName    the file's name, without folders
 * @param path        the path relative to the watched inbox, with '/' separators
 * @param sizeBytes   size of the original file
 * @param contentType detected media type, e.g. {@code text/markdown}, {@code application/pdf}
 * @param modifiedAt  the file's last modification time
 * @param sha256      hex SHA-256 of the original bytes (the article id hashes the cleaned text instead)
 */
public record SourceFile(String fileName, String path, long sizeBytes, String contentType,
                         Instant modifiedAt, String sha256) {
}
