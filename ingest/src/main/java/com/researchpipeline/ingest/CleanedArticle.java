package com.researchpipeline.ingest;

import com.researchpipeline.contract.Section;
import java.util.List;

/**
 * An article's text after cleaning, before it gets an id and a source.
 *
 * @param contentType the media type recognised from the content, e.g. {@code text/markdown}
 * @param title       first heading, or first line
 * @param body        NFC text with '\n' line endings; its SHA-256 is the article id
 * @param sections    the body split by headings
 * @param language    ISO 639-3 code, or "und" when it cannot be told
 * @param wordCount   whitespace-separated words in the body
 */
public record CleanedArticle(String contentType, String title, String body, List<Section> sections,
                             String language, int wordCount) {
}
