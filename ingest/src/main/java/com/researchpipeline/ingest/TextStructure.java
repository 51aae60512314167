package com.researchpipeline.ingest;

import com.researchpipeline.contract.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Title and sections of plain text and Markdown, read without changing the text: a heading is an ATX line
 * ({@code # Title}) or, in Markdown, a line underlined with {@code ===} or {@code ---}; paragraphs are
 * blocks separated by blank lines; nothing inside a fenced code block is a heading. Stateless.
 */
final class TextStructure {

    private static final Pattern ATX = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern SETEXT = Pattern.compile("^ {0,3}(=+|-+)[ \\t]*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~).*$");
    private static final int MAX_TITLE = 300;

    /** The text's headings and paragraphs. */
    record Parsed(String title, List<Section> sections) {
    }

    static Parsed parse(String text, boolean markdown) {
        List<Section> sections = new ArrayList<>();
        String firstHeading = null;
        String firstLine = null;
        String heading = "";
        List<String> paragraphs = new ArrayList<>();
        StringBuilder block = new StringBuilder();
        boolean inFence = false;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (firstLine == null && !line.isBlank()) {
                firstLine = line.trim();
            }
            if (FENCE.matcher(line).matches()) {
                inFence = !inFence;
            }
            String headingText = inFence ? null : headingOf(line, lines, i, markdown, block);
            if (headingText != null) {
                flush(block, paragraphs);
                if (!heading.isEmpty() || !paragraphs.isEmpty()) {
                    sections.add(new Section(heading, paragraphs));
                }
                heading = headingText;
                paragraphs = new ArrayList<>();
                if (firstHeading == null && !headingText.isEmpty()) {
                    firstHeading = headingText;
                }
                if (isSetextUnderline(lines, i + 1, markdown)) {
                    i++;
                }
            } else if (line.isBlank() && !inFence) {
                flush(block, paragraphs);
            } else {
                block.append(block.isEmpty() ? "" : "\n").append(line);
            }
        }
        flush(block, paragraphs);
        if (!heading.isEmpty() || !paragraphs.isEmpty() || sections.isEmpty()) {
            sections.add(new Section(heading, paragraphs));
        }
        String title = firstHeading != null ? firstHeading : firstLine == null ? "" : stripMarks(firstLine);
        return new Parsed(shorten(title), sections);
    }

    static boolean hasAtxHeading(String text) {
        for (String line : text.split("\n")) {
            Matcher m = ATX.matcher(line);
            if (m.matches() && m.group(2) != null && !m.group(2).isBlank()) {
                return true;
            }
        }
        return false;
    }

    /** A title fits on one line; very long first lines are cut at a word boundary. */
    static String shorten(String title) {
        String oneLine = title.replaceAll("\\s+", " ").trim();
        if (oneLine.length() <= MAX_TITLE) {
            return oneLine;
        }
        int cut = oneLine.lastIndexOf(' ', MAX_TITLE);
        return oneLine.substring(0, cut > MAX_TITLE / 2 ? cut : MAX_TITLE) + "…";
    }

    private static String headingOf(String line, String[] lines, int i, boolean markdown, StringBuilder block) {
        Matcher atx = ATX.matcher(line);
        if (atx.matches()) {
            return atx.group(2) == null ? "" : atx.group(2).trim();
        }
        // a setext heading is a single text line directly above its underline
        if (block.isEmpty() && !line.isBlank() && isSetextUnderline(lines, i + 1, markdown)) {
            return line.trim();
        }
        return null;
    }

    private static boolean isSetextUnderline(String[] lines, int i, boolean markdown) {
        return markdown && i < lines.length && SETEXT.matcher(lines[i]).matches()
                && i > 0 && !lines[i - 1].isBlank() && !ATX.matcher(lines[i - 1]).matches();
    }

    private static String stripMarks(String line) {
        Matcher atx = ATX.matcher(line);
        return atx.matches() && atx.group(2) != null ? atx.group(2).trim() : line.trim();
    }

    private static void flush(StringBuilder block, List<String> paragraphs) {
        String paragraph = block.toString().trim();
        if (!paragraph.isEmpty()) {
            paragraphs.add(paragraph);
        }
        block.setLength(0);
    }

    private TextStructure() {
    }
}
