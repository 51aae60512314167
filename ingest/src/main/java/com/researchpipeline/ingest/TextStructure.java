package com.researchpipeline.ingest;

import com.researchpipeline.contract.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Title and sections of plain text and Markdown, read without changing the text: a heading is an ATX line
 * ({@code # Title}) or, in Markdown, a line underlined with {@code ===} or {@code ---}, or an HTML heading on a line
 * of its own ({@code <h1 align="center">Title</h1>}); paragraphs are blocks separated by blank lines; nothing inside
 * a fenced code block or an HTML block (a comment included) is a heading. Without a heading the title is the first
 * line of prose: not code, HTML, a table or a rule. Stateless.
 */
final class TextStructure {

    private static final Pattern SETEXT = Pattern.compile("^ {0,3}(=+|-+)[ \\t]*$");
    /** A code fence: three or more backticks or tildes, then an info string ("```python"), backticks not in it. */
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})(.*)$");
    private static final int MAX_TITLE = 300;
    /**
     * What opens a Markdown HTML block that ends at a blank line, as CommonMark says: a block element's tag at the start
     * of a line, or any tag alone on its line; a paragraph that starts with inline HTML ({@code <b>Note</b> ...}) is
     * none.
     */
    private static final Pattern HTML_BLOCK = Pattern.compile("^ {0,3}(?:</?(?:" + String.join("|", List.of(
            "address", "article", "aside", "base", "basefont", "blockquote", "body", "caption", "center", "col",
            "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
            "form", "frame", "frameset", "h[1-6]", "head", "header", "hr", "html", "iframe", "legend", "li", "link",
            "main", "menu", "menuitem", "nav", "noframes", "ol", "optgroup", "option", "p", "param", "pre", "script",
            "search", "section", "style", "summary", "table", "tbody", "td", "textarea", "tfoot", "th", "thead", "title",
            "tr", "track", "ul")) + ")(?:[\\s/>].*)?|</?[A-Za-z][A-Za-z0-9-]*(?:\\s[^>]*)?/?>[ \\t]*)$",
            Pattern.CASE_INSENSITIVE);
    private static final String COMMENT_OPEN = "<!--";
    private static final String COMMENT_CLOSE = "-->";
    /** An HTML heading alone on its line, and its content. */
    private static final Pattern HTML_HEADING = Pattern.compile("^ {0,3}<(h[1-6])(?:\\s[^>]*)?>(.*)</\\1>\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    /**
     * A table's row between pipes, a Markdown line that is markup, never a title; so are a table's delimiter row
     * ({@link #isTableDelimiterRow}) and a thematic break ({@link #isThematicBreak}).
     */
    private static final Pattern TABLE_ROW = Pattern.compile("^ {0,3}\\|.*\\|[ \\t]*$");
    /**
     * Markdown's inline markup and what of it is text, in the order it is undone: an image's or a link's text (inline
     * or by reference), a footnote's mark (no text), an autolink's address, inline HTML tags (no text), code, strong,
     * emphasised and struck words (marks that open and close around text, not an underscore inside a word or a star
     * between numbers). Backslash-escaped marks are text, and entities ({@code &amp;}) the characters they name.
     */
    private static final List<Markup> INLINE_MARKUP = List.of(
            new Markup(Pattern.compile("!?\\[([^\\]\\n]*)]\\([^)\\s]*(?:\\s+\"[^\"]*\")?\\)"), "$1"),
            new Markup(Pattern.compile("\\[\\^[^\\]\\s]+]"), ""),
            new Markup(Pattern.compile("!?\\[([^\\]\\n]+)]\\[[^\\]\\n]*]"), "$1"),
            new Markup(Pattern.compile("<((?:https?|ftp|mailto):[^>\\s]*)>"), "$1"),
            new Markup(Pattern.compile("</?[A-Za-z][A-Za-z0-9-]*(?:\\s[^>]*)?/?>"), ""),
            new Markup(Pattern.compile("`([^`\\n]+)`"), "$1"),
            new Markup(Pattern.compile("(?<![\\w*])(\\*\\*|__)(?=\\S)(.+?)(?<=\\S)\\1(?![\\w*])"), "$2"),
            new Markup(Pattern.compile("(?<![\\w*])([*_])(?=[^\\s*_])(.+?)(?<=[^\\s*_])\\1(?![\\w*])"), "$2"),
            new Markup(Pattern.compile("~~(?=\\S)(.+?)(?<=\\S)~~"), "$1"));
    /** A superscript in Markdown's inline HTML, which may be a reference mark to keep apart from its word. */
    private static final Pattern SUPERSCRIPT = Pattern.compile("<sup>([^<\\n]*)</sup>", Pattern.CASE_INSENSITIVE);
    /** A line that opens an indented code block (four spaces or a tab) where no paragraph goes on. */
    private static final Pattern INDENTED_CODE = Pattern.compile("^(?: {4}| {0,3}\\t)");
    /** A backslash escape: the ASCII punctuation after it is text, not markup. */
    private static final Pattern ESCAPED = Pattern.compile("\\\\([!-/:-@\\[-`{-~])");
    /** Where an escaped mark waits while the markup is undone: the private-use character of its code. */
    private static final char ESCAPE_BASE = '\uE000';

    /** A kind of inline markup, and what of it is text (a replacement naming its groups). */
    private record Markup(Pattern pattern, String text) {
    }

    /**
     * An ATX heading line ({@code ## Methods ##}): its text without the marks, or null for a line of marks alone
     * ({@code #}). Read by hand, in one pass: a regular expression took the square of the line's length on a
     * heading padded with spaces (30,000 spaces: ten seconds).
     */
    record Atx(String text) {

        /** The line as an ATX heading, or null when it is none. */
        static Atx of(String line) {
            int at = 0;
            while (at < line.length() && at < 3 && line.charAt(at) == ' ') {
                at++;
            }
            int hashes = 0;
            while (at + hashes < line.length() && line.charAt(at + hashes) == '#') {
                hashes++;
            }
            if (hashes < 1 || hashes > 6) {
                return null;
            }
            at += hashes;
            if (at == line.length()) {
                return new Atx(null);
            }
            if (!isSpaceOrTab(line.charAt(at))) {
                return null;
            }
            int end = line.length();
            while (end > at && isSpaceOrTab(line.charAt(end - 1))) {
                end--;
            }
            while (at < end && isSpaceOrTab(line.charAt(at))) {
                at++;
            }
            int closing = end;
            while (closing > at && line.charAt(closing - 1) == '#') {
                closing--;
            }
            if (closing < end && closing > at && isSpaceOrTab(line.charAt(closing - 1))) {
                end = closing;
                while (end > at && isSpaceOrTab(line.charAt(end - 1))) {
                    end--;
                }
            }
            return new Atx(line.substring(at, end));
        }

        private static boolean isSpaceOrTab(char c) {
            return c == ' ' || c == '\t';
        }
    }

    /** The text's headings and paragraphs. */
    record Parsed(String title, List<Section> sections) {
    }

    static Parsed parse(String text, boolean markdown) {
        List<Section> sections = new ArrayList<>();
        String firstHeading = null;
        String firstProse = null;
        String firstLine = null;
        String heading = "";
        List<String> paragraphs = new ArrayList<>();
        StringBuilder block = new StringBuilder();
        String fence = null;
        String htmlBlockEnd = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String fenceBefore = fence;
            fence = fenceAfter(line, fence);
            boolean inFence = fence != null;
            boolean code = inFence || fenceBefore != null; // the fence's lines, the closing one included
            if (htmlBlockEnd != null && htmlBlockEnd.isEmpty() && line.isBlank()) {
                htmlBlockEnd = null;
            }
            if (markdown && !code && htmlBlockEnd == null) {
                htmlBlockEnd = htmlBlockOpenedBy(line);
            }
            boolean inHtml = htmlBlockEnd != null;
            if (firstLine == null && !line.isBlank() && !FENCE.matcher(line).matches()) {
                firstLine = line.trim();
            }
            boolean indentedCode = markdown && block.isEmpty() && INDENTED_CODE.matcher(line).lookingAt();
            if (firstProse == null && !line.isBlank() && !code && !inHtml && !indentedCode
                    && !(markdown && isMarkupLine(line))) {
                firstProse = line.trim();
            }
            String headingText = code ? null : inHtml ? htmlHeadingOf(line, htmlBlockEnd)
                    : headingOf(line, lines, i, markdown, block);
            if (inHtml && htmlBlockEnd.equals(COMMENT_CLOSE) && line.contains(COMMENT_CLOSE)) {
                htmlBlockEnd = null;
            }
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
                if (!inHtml && isSetextUnderline(lines, i + 1, markdown)) {
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
        String firstText = firstProse != null ? firstProse : firstLine;
        String title = firstHeading != null ? firstHeading : firstText == null ? ""
                : stripMarks(markdown ? withoutContainerMarks(firstText) : firstText);
        // shortened before the markup goes: a text without headings has its whole first line as the title
        return new Parsed(markdown ? shorten(withoutInlineMarkup(shorten(title))) : shorten(title), sections);
    }

    /**
     * What ends the Markdown HTML block this line opens: {@code -->} for a comment (which may hide headings; it ends
     * with the line holding that), an empty string for a block of tags (it ends at a blank line); null when the line
     * opens none.
     */
    private static String htmlBlockOpenedBy(String line) {
        String start = line.stripLeading();
        if (start.startsWith(COMMENT_OPEN) && line.length() - start.length() <= 3) {
            return COMMENT_CLOSE;
        }
        return HTML_BLOCK.matcher(line).matches() ? "" : null;
    }

    /** The text of an HTML heading alone on its line of an HTML block ({@code <h1>Title</h1>}), else null. */
    private static String htmlHeadingOf(String line, String htmlBlockEnd) {
        Matcher m = htmlBlockEnd.isEmpty() ? HTML_HEADING.matcher(line) : null;
        return m != null && m.matches() ? TAG.matcher(m.group(2)).replaceAll("").trim() : null;
    }

    private static boolean isMarkupLine(String line) {
        return isThematicBreak(line) || isTableDelimiterRow(line) || TABLE_ROW.matcher(line).matches()
                || LINK_DEFINITION.matcher(line).matches();
    }

    /**
     * A Markdown link reference definition ({@code [1]: https://... "Title"}), which gives an address to links written
     * elsewhere and shows nothing itself; a footnote ({@code [^1]: ...}) is shown.
     */
    private static final Pattern LINK_DEFINITION = Pattern.compile(
            " {0,3}\\[(?!\\^)[^\\]\n]+\\]:[ \t]*(?:<[^>\n]*>|\\S+)(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\\([^)\n]*\\)))?[ \t]*");
    private static final Pattern UNSHOWN_MARKDOWN = Pattern.compile(
            "(?m)^" + LINK_DEFINITION.pattern() + "$|<!--(?s:.*?)(?:-->|\\z)");

    /** Markdown text less what its reader never sees: link reference definitions and HTML comments. */
    static String withoutUnshownMarkdown(String markdown) {
        return UNSHOWN_MARKDOWN.matcher(markdown).replaceAll("");
    }

    /** Cells of dashes between pipes, each aligned by a colon or not ({@code |---|:--:|}), read by hand as below. */
    private static boolean isTableDelimiterRow(String line) {
        String row = line.strip();
        if (leadingSpaces(line) > 3 || row.indexOf('|') < 0) {
            return false;
        }
        row = row.startsWith("|") ? row.substring(1) : row;
        row = row.endsWith("|") ? row.substring(0, row.length() - 1) : row;
        for (String cell : row.split("\\|", -1)) {
            String dashes = cell.strip();
            dashes = dashes.startsWith(":") ? dashes.substring(1) : dashes;
            dashes = dashes.endsWith(":") ? dashes.substring(0, dashes.length() - 1) : dashes;
            if (dashes.isEmpty() || dashes.chars().anyMatch(c -> c != '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Three or more of one of {@code - * _}, spaces and tabs between, and nothing else. Read by hand, as the other
     * marks of lines of any length here: a regular expression's repeated group ran out of stack on a rule of 200,000
     * dashes.
     */
    private static boolean isThematicBreak(String line) {
        int at = leadingSpaces(line);
        if (at > 3 || at == line.length() || "-*_".indexOf(line.charAt(at)) < 0) {
            return false;
        }
        char mark = line.charAt(at);
        int marks = 0;
        for (; at < line.length(); at++) {
            char c = line.charAt(at);
            if (c == mark) {
                marks++;
            } else if (!Atx.isSpaceOrTab(c)) {
                return false;
            }
        }
        return marks >= 3;
    }

    /** The line without the marks of the blocks it sits in: quotes ({@code >}) and list items ({@code -}, {@code 1.}). */
    private static String withoutContainerMarks(String line) {
        int at = 0;
        while (true) {
            int mark = at;
            while (mark < line.length() && Atx.isSpaceOrTab(line.charAt(mark))) {
                mark++;
            }
            int digits = mark;
            while (digits < line.length() && digits - mark < 9 && line.charAt(digits) >= '0' && line.charAt(digits) <= '9') {
                digits++;
            }
            boolean followedBySpace = digits + 1 < line.length() && Atx.isSpaceOrTab(line.charAt(digits + 1));
            if (mark < line.length() && line.charAt(mark) == '>') {
                at = mark + 1;
            } else if (digits == mark && followedBySpace && "-+*".indexOf(line.charAt(mark)) >= 0) {
                at = mark + 1;
            } else if (digits > mark && followedBySpace && (line.charAt(digits) == '.' || line.charAt(digits) == ')')) {
                at = digits + 1;
            } else {
                return line.substring(mark);
            }
        }
    }

    private static int leadingSpaces(String line) {
        int spaces = 0;
        while (spaces < line.length() && line.charAt(spaces) == ' ') {
            spaces++;
        }
        return spaces;
    }

    /**
     * The fence open after this line, null when none: a block opens at a fence and closes only at a fence of the same
     * character, at least as long, with nothing after it; a fence of the other kind, or shorter, is a line of its code.
     */
    private static String fenceAfter(String line, String open) {
        Matcher m = FENCE.matcher(line);
        if (!m.matches()) {
            return open;
        }
        String marks = m.group(1);
        if (open == null) {
            return marks.charAt(0) == '`' && m.group(2).indexOf('`') >= 0 ? null : marks;
        }
        boolean closes = marks.charAt(0) == open.charAt(0) && marks.length() >= open.length() && m.group(2).isBlank();
        return closes ? null : open;
    }

    /** A Markdown line's text without its inline markup: images and links by their text, emphasis and code by theirs. */
    private static String withoutInlineMarkup(String line) {
        String escaped = ESCAPED.matcher(line).replaceAll(m -> String.valueOf((char) (ESCAPE_BASE + m.group(1).charAt(0))));
        String text = SUPERSCRIPT.matcher(escaped).replaceAll(m -> Matcher.quoteReplacement(
                (ReferenceMarks.keptApart(escaped.substring(0, m.start()), m.group(1)) ? " " : "") + m.group(1)));
        for (Markup markup : INLINE_MARKUP) {
            text = markup.pattern().matcher(text).replaceAll(markup.text());
        }
        StringBuilder restored = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            restored.append(c > ESCAPE_BASE && c < ESCAPE_BASE + 128 ? (char) (c - ESCAPE_BASE) : c);
        }
        return org.jsoup.parser.Parser.unescapeEntities(restored.toString(), false);
    }

    static boolean hasAtxHeading(String text) {
        for (String line : text.split("\n")) {
            Atx atx = Atx.of(line);
            if (atx != null && atx.text() != null && !atx.text().isBlank()) {
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
        Atx atx = Atx.of(line);
        if (atx != null) {
            return atx.text() == null ? "" : atx.text().trim();
        }
        // a setext heading is a single text line directly above its underline
        if (block.isEmpty() && !line.isBlank() && isSetextUnderline(lines, i + 1, markdown)) {
            return line.trim();
        }
        return null;
    }

    private static boolean isSetextUnderline(String[] lines, int i, boolean markdown) {
        return markdown && i < lines.length && SETEXT.matcher(lines[i]).matches()
                && i > 0 && !lines[i - 1].isBlank() && Atx.of(lines[i - 1]) == null;
    }

    private static String stripMarks(String line) {
        Atx atx = Atx.of(line);
        return atx != null && atx.text() != null ? atx.text().trim() : line.trim();
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
