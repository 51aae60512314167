package com.researchpipeline.contract;

import java.time.Instant;
import java.util.List;

/**
 * The value of {@code articles.raw}: one cleaned article, keyed by its id.
 *
 * @param schemaVersion   {@link #SCHEMA_VERSION} when written by this version
 * @param id              hex SHA-256 of {@code body}; the same text always gets the same id
 * @param title           first heading, or first line
 * @param body            the cleaned text: NFC, '\n' line endings; entity offsets point into it
 * @param sections        the body split by headings
 * @param language        ISO 639-3 code from OpenNLP's language detector, or "und"
 * @param wordCount       number of whitespace-separated words in the body
 * @param source          the file it came from
 * @param ingestedAt      when the ingest stage read it
 * @param pipelineVersion version of the pipeline that ingested it
 */
public record RawArticle(int schemaVersion, String id, String title, String body, List<Section> sections,
                         String language, int wordCount, SourceFile source, Instant ingestedAt,
                         String pipelineVersion) {

    public static final int SCHEMA_VERSION = 1;

    public RawArticle {
        sections = sections == null ? List.of() : List.copyOf(sections);
    }
}
