package com.researchpipeline.ingest;

import com.researchpipeline.contract.Printable;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Tells what a file is from its first bytes, whatever its name says: PDF, a known binary format (rejected
 * with its name), or text; for text, whether it is HTML or Markdown. Stateless.
 */
final class FormatSniffer {

    enum Format {
        PLAIN("text/plain"), MARKDOWN("text/markdown"), HTML("text/html"), PDF("application/pdf");

        final String mediaType;

        Format(String mediaType) {
            this.mediaType = mediaType;
        }
    }

    /** A format's signature: its first bytes, where a byte given as {@code ..} in hex may be any. */
    private record Magic(int[] prefix, String name) {
        Magic(String hexOrAscii, String name, boolean hex) {
            this(hex ? hex(hexOrAscii) : hexOrAscii.chars().toArray(), name);
        }
    }

    /**
     * Whole signatures, not their first letters alone: an article opening with "MZ Lee and colleagues", "7z" or "GIF8" is
     * text, while a Windows program's "MZ" is followed by the size of its last page, below 512.
     */
    private static final Magic[] BINARY = {
        new Magic("504B0304", "a ZIP archive or an Office document (.docx, .xlsx, .odt, .epub)", true),
        new Magic("D0CF11E0A1B11AE1", "an old Microsoft Office document (.doc, .xls)", true),
        new Magic("89504E47", "a PNG image", true),
        new Magic("FFD8FF", "a JPEG image", true),
        new Magic("GIF87a", "a GIF image", false),
        new Magic("GIF89a", "a GIF image", false),
        new Magic("1F8B", "a gzip archive", true),
        new Magic("7F454C46", "an executable program", true),
        new Magic("4D5A..00", "a Windows program", true),
        new Magic("4D5A..01", "a Windows program", true),
        new Magic("{\\rtf", "an RTF document", false),
        new Magic("%!PS", "a PostScript file", false),
        new Magic("\u001B%-12345X", "a printer job (PJL or PCL, as printed to a file)", false),
        new Magic("377ABCAF271C", "a 7-Zip archive", true),
        new Magic("Rar!\u001A\u0007", "a RAR archive", false),
        new Magic("II*\u0000", "a TIFF image", false),
        new Magic("MM\u0000*", "a TIFF image", false),
    };

    private static final Pattern HTML_START = Pattern.compile(
            "^\\s*(?:<\\?xml[^>]*>\\s*)?(?:<!--.*?-->\\s*)*<(?:!doctype\\s+html|html|head|body)[\\s>]",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern ANY_TAG = Pattern.compile(
            "<(?:p|div|span|h[1-6]|br|a|ul|ol|li|table|article|section|title|meta)[\\s/>]", Pattern.CASE_INSENSITIVE);
    private static final int PDF_HEADER_WINDOW = 1024;
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte END_OF_POSTSCRIPT_JOB = 0x04;
    /** An XML document: a prolog, or a root element closed at the very end ({@code <article>...</article>}). */
    private static final Pattern XML_PROLOG = Pattern.compile("^\\s*<\\?xml[\\s?]");
    private static final Pattern XML_ROOT = Pattern.compile(
            "^\\s*(?:<\\?[^>]*>\\s*|<!--.*?-->\\s*|<!DOCTYPE[^>\\[]*(?:\\[.*?\\])?\\s*>\\s*)*<([A-Za-z_][\\w:.-]*)[\\s/>]",
            Pattern.DOTALL);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * PDF when the PDF header is in the first KiB with no letter before it: a reader skips a few bytes of junk before
     * the header, but a page or a text that mentions "%PDF-" (or hides a PDF in a comment) is no PDF.
     */
    static boolean isPdf(byte[] bytes) {
        byte[] header = "%PDF-".getBytes(StandardCharsets.ISO_8859_1);
        int window = Math.min(bytes.length, PDF_HEADER_WINDOW) - header.length;
        for (int i = 0; i <= window; i++) {
            if (matchesAt(bytes, i, header)) {
                return true;
            }
            if (bytes[i] >= 'A' && bytes[i] <= 'Z' || bytes[i] >= 'a' && bytes[i] <= 'z' || bytes[i] == '<') {
                return false;
            }
        }
        return false;
    }

    /**
     * Rejects a known format by its signature, at the start or after what a tool may write before it: a UTF-8 byte
     * order mark, blank lines, and the Ctrl-D that ends a previous PostScript job ({@code {\rtf} after a BOM, or
     * {@code %!PS} after ^D, is still no text).
     */
    static void rejectKnownBinary(byte[] bytes, String fileName) {
        int start = matchesAt(bytes, 0, UTF8_BOM) ? UTF8_BOM.length : 0;
        while (start < bytes.length && (bytes[start] == ' ' || bytes[start] == '\t' || bytes[start] == '\n'
                || bytes[start] == '\r' || bytes[start] == '\f' || bytes[start] == END_OF_POSTSCRIPT_JOB)) {
            start++;
        }
        for (Magic magic : BINARY) {
            if (matchesAt(bytes, 0, magic.prefix()) || matchesAt(bytes, start, magic.prefix())) {
                throw new RejectedInputException("the file is " + magic.name() + ", not an article in text, Markdown, "
                        + "HTML or PDF" + (looksLikeText(fileName) ? " (despite its name '" + fileName + "')" : ""),
                        "convert it to PDF, HTML or plain text and drop the result");
            }
        }
    }

    /**
     * Rejects text that is a data format rather than an article: a JSON object or array, or an XML document that is
     * not HTML (JATS, TEI, SVG, a feed ...), whose markup would otherwise be published as the article's words.
     */
    static void rejectDataFormats(String text, String fileName) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return;
        }
        char first = trimmed.charAt(0);
        char last = trimmed.charAt(trimmed.length() - 1);
        if ((first == '{' && last == '}' || first == '[' && last == ']') && isJson(trimmed)) {
            throw new RejectedInputException("the file is JSON data, not an article in text, Markdown, HTML or PDF"
                    + (looksLikeText(fileName) ? " (despite its name '" + fileName + "')" : ""),
                    "put the article's text in a .txt, .md or .html file and drop that");
        }
        rejectTextWithoutProse(text, fileName);
        if (first != '<' || last != '>') {
            return;
        }
        String head = trimmed.length() > 4096 ? trimmed.substring(0, 4096) : trimmed;
        java.util.regex.Matcher root = XML_ROOT.matcher(head);
        if (!root.find()) {
            return;
        }
        String name = root.group(1);
        boolean closedAtEnd = trimmed.endsWith("</" + name + ">");
        if (XML_PROLOG.matcher(head).find() || closedAtEnd && !HTML_ELEMENTS.contains(name.toLowerCase(Locale.ROOT))) {
            throw new RejectedInputException("the file is an XML document (root element <" + Printable.of(name)
                    + ">), not an article in text, Markdown, HTML or PDF",
                    "convert it to HTML, PDF or plain text (for a JATS or TEI article: its HTML or PDF rendering) and drop the result");
        }
    }

    /**
     * Rejects text that is no prose: encoded data (base64, a hex dump), a table of numbers, minified code. Measured on
     * its first {@value #PROSE_SAMPLE} letters and digits (punctuation and markup aside), once there are
     * {@value #MIN_PROSE_SAMPLE}: less than {@value #MIN_WORD_SHARE} of them are letters of words (shaped as words are:
     * lower case, capitalised or all capitals, so "VStAIAPo9a" is none), or more than {@value #MAX_UNBROKEN_SHARE} stand
     * in runs of more than {@value #UNBROKEN_RUN} without a space, where no letter of a script written without spaces
     * (Chinese, Thai) is, or it has more than {@value #MAX_CODE_SYMBOLS} of the {@link #CODE_SYMBOLS} a letter, as code
     * does however it spaces its keywords. Articles, their references and tables included, have 85 % and more letters of
     * words.
     */
    static void rejectTextWithoutProse(String text, String fileName) {
        int sampled = 0;
        int wordLetters = 0;
        int unbroken = 0;
        int runStart = 0;
        int run = 0;
        int runLetters = 0;
        boolean runIsWordShaped = true;
        boolean runHasLower = false;
        boolean runHasUpperAfterFirst = false;
        int token = 0;
        boolean tokenHasUnspacedScript = false;
        int letters = 0;
        int codeSymbols = 0;
        for (int i = 0; i <= text.length() && sampled < PROSE_SAMPLE; i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            codeSymbols += CODE_SYMBOLS.indexOf(c) >= 0 ? 1 : 0;
            boolean letter = Character.isLetter(c) || Character.getType(c) == Character.NON_SPACING_MARK;
            if (!letter && runLetters > 0) {
                wordLetters += runIsWordShaped ? runLetters : 0;
                runLetters = 0;
            }
            if (letter) {
                letters++;
                if (runLetters == 0) {
                    runIsWordShaped = true;
                    runHasLower = false;
                    runHasUpperAfterFirst = false;
                }
                runHasUpperAfterFirst |= runLetters > 0 && Character.isUpperCase(c);
                runHasLower |= Character.isLowerCase(c);
                runIsWordShaped = !(runHasUpperAfterFirst && runHasLower);
                runLetters++;
            }
            if (Character.isWhitespace(c)) {
                unbroken += token > UNBROKEN_RUN && !tokenHasUnspacedScript ? token : 0;
                token = 0;
                tokenHasUnspacedScript = false;
                continue;
            }
            tokenHasUnspacedScript |= letter && Character.getType(c) == Character.OTHER_LETTER;
            if (letter || Character.isDigit(c)) {
                token++;
                sampled++;
            }
        }
        unbroken += token > UNBROKEN_RUN && !tokenHasUnspacedScript ? token : 0;
        if (sampled < MIN_PROSE_SAMPLE) {
            return;
        }
        double words = (double) wordLetters / sampled;
        double runs = (double) unbroken / sampled;
        double code = (double) codeSymbols / Math.max(1, letters);
        if ((words < MIN_WORD_SHARE || runs > MAX_UNBROKEN_SHARE || code > MAX_CODE_SYMBOLS) && !holdsProseLines(text)) {
            throw new RejectedInputException("the file holds no prose: " + (words < MIN_WORD_SHARE
                    ? Math.round(words * 100) + " % of its letters and digits are letters of words"
                    : runs > MAX_UNBROKEN_SHARE ? Math.round(runs * 100) + " % of its letters and digits stand in runs of "
                            + "more than " + UNBROKEN_RUN + " without a space"
                    : "it has " + Math.round(code * 100) + " of the symbols " + CODE_SYMBOLS + " for every 100 letters")
                    + ", as in encoded data (base64, a hex dump), a table of numbers or minified code, not an article"
                    + (looksLikeText(fileName) ? " (despite its name '" + fileName + "')" : ""),
                    "drop the article's text itself (decode or convert the data first)");
        }
    }

    /**
     * Whether the text has {@value #MIN_PROSE_LINES} lines of prose, as an article around a large table of numbers does
     * and data never: {@value #MIN_PROSE_WORDS} words or more, nearly all of them words of letters.
     */
    static boolean holdsProseLines(String text) {
        int proseLines = 0;
        for (String line : (Iterable<String>) text.lines()::iterator) {
            String[] tokens = line.trim().split("\\s+");
            if (tokens.length < MIN_PROSE_WORDS) {
                continue;
            }
            int words = 0;
            int letters = 0;
            for (String token : tokens) {
                String word = token.replaceAll("^[\\p{Punct}“‘«]+|[\\p{Punct}”’»]+$", "");
                if (!word.isEmpty() && word.chars().allMatch(Character::isLetter)) {
                    words++;
                    letters += word.length();
                }
            }
            if (words >= 0.8 * tokens.length && letters >= 4 * words && ++proseLines >= MIN_PROSE_LINES) {
                return true;
            }
        }
        return false;
    }

    private static final int MIN_PROSE_LINES = 2;
    private static final int MIN_PROSE_WORDS = 8;
    private static final int PROSE_SAMPLE = 100_000;
    private static final int MIN_PROSE_SAMPLE = 200;
    private static final double MIN_WORD_SHARE = 0.4;
    private static final double MAX_UNBROKEN_SHARE = 0.5;
    private static final int UNBROKEN_RUN = 40;
    /**
     * Symbols that code writes between its words and prose hardly ever: blocks, statement ends, assignments. Articles,
     * with their statistics ("p = 0.03"), have fewer than one for every 100 letters; minified JavaScript about ten.
     */
    private static final String CODE_SYMBOLS = "{};=";
    private static final double MAX_CODE_SYMBOLS = 0.03;

    private static boolean isJson(String text) {
        try (com.fasterxml.jackson.core.JsonParser parser = JSON.getFactory().createParser(text)) {
            while (parser.nextToken() != null) {
                // reads to the end: only text that is JSON throughout counts
            }
            return true;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /** Elements an HTML fragment may start with; a fragment is left to the HTML or plain-text reading. */
    private static final java.util.Set<String> HTML_ELEMENTS = htmlElements();

    private static java.util.Set<String> htmlElements() {
        return java.util.Set.copyOf(DataLines.of("html-elements.txt").stream().map(String::strip).toList());
    }

    /** True when the text starts as an HTML page does (a doctype, {@code <html>}, {@code <head>} or {@code <body>}). */
    static boolean looksLikeHtml(String head) {
        return HTML_START.matcher(head).find();
    }

    /** The format of decoded text: HTML by its markup, Markdown by its name or its headings, else plain. */
    static Format textFormat(String text, String fileName) {
        // a licence or build note in a comment may come first, longer than the head looked at
        int start = afterLeadingComments(text);
        String head = text.substring(start, Math.min(text.length(), start + 4096));
        if (HTML_START.matcher(head).find()) {
            return Format.HTML;
        }
        String ext = extension(fileName);
        if ((ext.equals("html") || ext.equals("htm") || ext.equals("xhtml")) && ANY_TAG.matcher(head).find()) {
            return Format.HTML;
        }
        if (ext.equals("md") || ext.equals("markdown") || TextStructure.hasAtxHeading(text)) {
            return Format.MARKDOWN;
        }
        return Format.PLAIN;
    }

    private static int afterLeadingComments(String text) {
        int at = 0;
        while (true) {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            int end = text.startsWith("<!--", at) ? text.indexOf("-->", at + 4) : -1;
            if (end < 0) {
                return at;
            }
            at = end + 3;
        }
    }

    static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static boolean looksLikeText(String fileName) {
        return switch (extension(fileName)) {
            case "txt", "md", "markdown", "html", "htm", "xhtml", "text" -> true;
            default -> false;
        };
    }

    private static boolean matchesAt(byte[] bytes, int offset, byte[] prefix) {
        int[] pattern = new int[prefix.length];
        for (int i = 0; i < prefix.length; i++) {
            pattern[i] = prefix[i] & 0xFF;
        }
        return matchesAt(bytes, offset, pattern);
    }

    private static boolean matchesAt(byte[] bytes, int offset, int[] prefix) {
        if (bytes.length - offset < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (prefix[i] != ANY_BYTE && (bytes[offset + i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static final int ANY_BYTE = -1;

    private static int[] hex(String hex) {
        int[] out = new int[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            String digits = hex.substring(2 * i, 2 * i + 2);
            out[i] = digits.equals("..") ? ANY_BYTE : Integer.parseInt(digits, 16);
        }
        return out;
    }

    private FormatSniffer() {
    }
}
