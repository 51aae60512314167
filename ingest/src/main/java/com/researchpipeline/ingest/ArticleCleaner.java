package com.researchpipeline.ingest;

import com.researchpipeline.contract.Section;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a file's bytes into a {@link CleanedArticle}. Thread-safe and stateless.
 * Clean UTF-8 text without carriage returns keeps its characters and offsets unchanged.
 */
public class ArticleCleaner {

    /** @throws RejectedInputException when the bytes cannot become an article */
    public CleanedArticle clean(byte[] content, String fileName) {
        String text = new String(content, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        text = Normalizer.normalize(text.replace("\r\n", "\n").replace('\r', '\n'), Normalizer.Form.NFC);
        if (text.isBlank()) {
            throw new RejectedInputException("the file is empty or holds only white space",
                    "write the article's text into the file and drop it again");
        }
        List<Section> sections = sections(text);
        return new CleanedArticle(fileName.endsWith(".md") ? "text/markdown" : "text/plain", title(text), text,
                sections, "und", text.trim().split("\\s+").length);
    }

    private static String title(String text) {
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                return line.replaceFirst("^#+\\s*", "").trim();
            }
        }
        return "";
    }

    private static List<Section> sections(String text) {
        List<Section> sections = new ArrayList<>();
        String heading = "";
        List<String> paragraphs = new ArrayList<>();
        for (String block : text.split("\n\\s*\n")) {
            String trimmed = block.trim();
            if (trimmed.startsWith("#")) {
                if (!heading.isEmpty() || !paragraphs.isEmpty()) {
                    sections.add(new Section(heading, paragraphs));
                }
                String[] lines = trimmed.split("\n", 2);
                heading = lines[0].replaceFirst("^#+\\s*", "").trim();
                paragraphs = new ArrayList<>();
                if (lines.length > 1 && !lines[1].isBlank()) {
                    paragraphs.add(lines[1].trim());
                }
            } else if (!trimmed.isEmpty()) {
                paragraphs.add(trimmed);
            }
        }
        sections.add(new Section(heading, paragraphs));
        return sections;
    }
}
