package com.researchpipeline.ingest;

import com.researchpipeline.contract.Section;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a file's bytes into a {@link CleanedArticle}: recognises the format from the content (PDF, HTML,
 * Markdown, plain text), decodes the text (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252,
 * ISO-8859-1), repairs UTF-8 once misread as Windows-1252, normalises to NFC with {@code \n} line endings
 * and without soft hyphens or zero-width spaces, and finds title, sections, word count and language.
 * <p>
 * Offsets stay meaningful: clean UTF-8 plain text or Markdown with {@code \n} line endings and no soft hyphen nor
 * zero-width space comes out character for character as it went in (no markup is stripped), so an offset into the body is an
 * offset into the file. Thread-safe and stateless apart from the shared language model.
 */
public class ArticleCleaner {

    private static final Pattern META_CHARSET = Pattern.compile(
            "<meta[^>]+charset\\s*=\\s*[\"']?\\s*([A-Za-z0-9_:.-]+)", Pattern.CASE_INSENSITIVE);
    /** XHTML's declaration, where a page may name its encoding instead of in a meta element. */
    private static final Pattern XML_ENCODING = Pattern.compile(
            "^\\s*<\\?xml[^>]*?\\sencoding\\s*=\\s*[\"']([A-Za-z0-9_:.-]+)[\"']", Pattern.CASE_INSENSITIVE);
    /**
     * A PDF's metadata title that names the file or the tool rather than the article ("Microsoft Word - draft.docx",
     * "untitled", "paper.pdf"): the first heading of its text is the title then.
     */
    private static final Pattern NO_TITLE = Pattern.compile(
            "(?i)microsoft (?:word|powerpoint|excel) - .*|untitled.*|[^.]*\\.(?:docx?|pdf|tex|rtf|odt|pptx?|indd|txt)");
    /** Metadata a Markdown file may open with (its lines in {@code block}'s first group), and its title line. */
    private record FrontMatter(Pattern block, Pattern title) {
    }

    private static final List<FrontMatter> FRONT_MATTERS = List.of(
            // YAML: "---", lines of "key: value" (or indented, or list items), "---" or "..."
            new FrontMatter(Pattern.compile("---\n((?>[A-Za-z0-9_-]+[ \t]*:[^\n]*\n|[ \t]+[^\n]*\n|-[ \t][^\n]*\n"
                    + "|\n){1,200})(?:---|\\.\\.\\.)[ \t]*(?:\n|$)"),
                    Pattern.compile("(?m)^title[ \t]*:[ \t]*([^\n]*(?:\n[ \t]+[^\n]*)*)")), // with its indented lines
            // TOML, as Hugo writes it: "+++", lines of "key = value", [tables], comments, indented or closing lines, "+++"
            new FrontMatter(Pattern.compile("\\+\\+\\+\n((?>[A-Za-z0-9_.-]+[ \t]*=[^\n]*\n|\\[[^\n]*\n|#[^\n]*\n"
                    + "|[ \t]+[^\n]*\n|[\\]}][^\n]*\n|\n){1,200})\\+\\+\\+[ \t]*(?:\n|$)"),
                    Pattern.compile("(?m)^title[ \t]*=[ \t]*(.+)$")));
    /** What opens a YAML value written on the lines below its key: "|", ">", "|-", ">+2" ... */
    private static final Pattern YAML_BLOCK_START = Pattern.compile("^[|>][1-9]?[+-]?[1-9]?[ \t]*(?=\n|$)");
    /** Unicode's own line and paragraph separators, and NEL (the line end of EBCDIC), as the line ends they mean. */
    private static final Map<Character, String> LINE_SEPARATORS = Map.of(
            '\u2028', "\n", '\u0085', "\n", '\u2029', "\n\n");
    /**
     * Characters that are no part of the words as written, and what they stand for: soft hyphens (break hints, which
     * would split a word), byte order marks inside the text (left where files were joined: "\uFEFFBreast" is no word
     * "Breast"), zero-width spaces and word joiners (break hints that web editors leave inside words: "tuber\u200Bculosis"
     * looks like "tuberculosis", but no search for it finds it), and the Latin ligatures of typesetting, which PDFs and
     * text copied from them hold for "fi", "fl" ... ("signi\uFB01cant" is no word "significant"). The joiners that shape
     * a script or an emoji (U+200C, U+200D) are part of what is written.
     */
    private static final Map<Character, String> NOT_AS_WRITTEN = Map.ofEntries(Map.entry('\u00AD', ""),
            Map.entry('\uFEFF', ""), Map.entry('\u200B', ""), Map.entry('\u2060', ""), Map.entry('\uFB00', "ff"),
            Map.entry('\uFB01', "fi"), Map.entry('\uFB02', "fl"), Map.entry('\uFB03', "ffi"), Map.entry('\uFB04', "ffl"),
            Map.entry('\uFB05', "st"), Map.entry('\uFB06', "st"));
    /** What stands for a character no text can hold (NUL, half a surrogate pair), as HTML's parsing rules say. */
    private static final char REPLACEMENT = '\uFFFD';
    private static final char DOS_END_OF_FILE = '\u001A';
    private static final String META_TAG = "<meta charset=";
    /** An HTML comment, to its end or to the end of the text: a declaration inside one is not a declaration. */
    private static final Pattern COMMENT = Pattern.compile("<!--.*?(?:-->|$)", Pattern.DOTALL);
    /** A script's or style's content, and an embedded image's (or font's) data: what {@link #unreadMarkup} counts. */
    private static final Pattern UNREAD_MARKUP = Pattern.compile(
            "(?<=<script)[^>]*+>.*?(?=</script)|(?<=<style)[^>]*+>.*?(?=</style)|data:[\\w.+/-]*;base64,[\\w+/=\\s]*+",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    /**
     * Charset labels that browsers read otherwise than Java does (the WHATWG Encoding Standard): ISO-8859-1, ASCII and
     * their aliases mean windows-1252, Latin-5 windows-1254, TIS-620 windows-874; and a page whose ASCII bytes declare
     * UTF-16 cannot be UTF-16, so the HTML prescan takes it as UTF-8.
     */
    private static final Map<String, String> WHATWG_LABELS = labels(Map.of(
            "windows-1252", "ansi_x3.4-1968 ascii cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 iso88591 "
                    + "iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii x-user-defined",
            "windows-1254", "csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 l5 latin5",
            "windows-874", "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620",
            "utf-8", "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff unicodefffe utf-16 utf-16be utf-16le"));
    /** More control characters than this share of the text means binary data, not an article. */
    private static final double MAX_CONTROL_SHARE = 0.01;
    /**
     * More control characters than this share of a PDF's visible characters means its fonts give raw glyph codes, not
     * letters: embedded without a ToUnicode map, PDFBox can only pass each code on as the character of that number.
     */
    private static final double MAX_PDF_CONTROL_SHARE = 0.1;

    /** Default of {@code INGEST_MAX_TEXT}: characters of cleaned text an article may have. */
    public static final int DEFAULT_MAX_TEXT = 2_000_000;

    private final TextDecoder decoder = new TextDecoder();
    private final MojibakeRepair mojibake = new MojibakeRepair();
    private final HtmlExtractor html;
    private final PdfExtractor pdf;
    private final LanguageGuesser language = new LanguageGuesser();
    private final int maxText;

    /** With the default text limit of {@value #DEFAULT_MAX_TEXT} characters. */
    public ArticleCleaner() {
        this(DEFAULT_MAX_TEXT);
    }

    /** @param maxText characters of text an article may have; more is rejected (extraction stops there) */
    public ArticleCleaner(int maxText) {
        this.maxText = maxText;
        this.html = new HtmlExtractor(maxText);
        this.pdf = new PdfExtractor(maxText);
    }

    /**
     * @param content  the file's bytes, never null
     * @param fileName the file's name, used only as a hint (Markdown by extension) and in messages
     * @throws RejectedInputException when the bytes cannot become an article
     */
    public CleanedArticle clean(byte[] content, String fileName) {
        if (content.length == 0) {
            throw emptyFile();
        }
        if (FormatSniffer.isPdf(content)) {
            PdfExtractor.Extracted extracted = pdf.extract(content);
            checkLength(extracted.text().length());
            rejectUnmappedGlyphs(extracted.text());
            String body = normaliseBody(mojibake.repair(extracted.text()));
            TextStructure.Parsed parsed = TextStructure.parse(body, false);
            String title = extracted.title().isBlank() || NO_TITLE.matcher(extracted.title().strip()).matches()
                    ? parsed.title() : TextStructure.shorten(normalise(extracted.title()));
            return article(FormatSniffer.Format.PDF, title, body, parsed.sections());
        }
        FormatSniffer.rejectKnownBinary(content, fileName);
        // line endings and BOM go before the format is sniffed, so they cannot change what the text is taken for
        String text = unifyLineEnds(decodeText(content));
        // an e-mail message saved as a file: its subject and the text it shows, not its header and encodings
        MailMessage.Content mail = MailMessage.read(text);
        text = mail == null ? text : unifyLineEnds(mail.text());
        String givenTitle = mail == null ? "" : TextStructure.shorten(normalise(mail.subject()));
        FormatSniffer.Format format = mail != null && mail.html() ? FormatSniffer.Format.HTML
                : FormatSniffer.textFormat(text, fileName);
        checkLength(format == FormatSniffer.Format.HTML ? text.length() - unreadMarkup(text) : text.length());
        if (format != FormatSniffer.Format.HTML) {
            FormatSniffer.rejectDataFormats(text, fileName);
        }
        if (format == FormatSniffer.Format.HTML) {
            HtmlExtractor.Extracted extracted = html.extract(text);
            String body = normaliseBody(extracted.body());
            return article(format, givenTitle.isEmpty() ? normalise(extracted.title()) : givenTitle, body,
                    extracted.sections().stream().map(s -> new Section(normalise(s.heading()),
                            s.paragraphs().stream().map(this::normalise).toList())).toList());
        }
        boolean markdown = format == FormatSniffer.Format.MARKDOWN;
        String metadataTitle = givenTitle;
        for (FrontMatter kind : markdown ? FRONT_MATTERS : List.<FrontMatter>of()) {
            Matcher front = kind.block().matcher(text);
            if (!front.lookingAt()) {
                continue;
            }
            // front matter ("---", "title: ...", "---") is the page's metadata, not its text
            Matcher title = kind.title().matcher(front.group(1));
            metadataTitle = title.find() ? normalise(YAML_BLOCK_START.matcher(title.group(1)).replaceFirst("")
                    .replaceAll("\\s+", " ").strip().replaceAll("^[\"']|[\"']$", "")) : "";
            int start = front.end();
            while (start < text.length() && text.charAt(start) == '\n') {
                start++;
            }
            text = text.substring(start);
            break;
        }
        String body = normaliseBody(text);
        TextStructure.Parsed parsed = TextStructure.parse(body, markdown);
        return article(format, metadataTitle.isEmpty() ? parsed.title() : TextStructure.shorten(metadataTitle), body,
                parsed.sections());
    }

    /**
     * Cleans a small article of each format once, so the language model, jsoup and PDFBox are loaded before
     * the first file's time limit starts, not during it.
     */
    public void warmUp() {
        String text = "Stem cell therapy for type 1 diabetes at the Royan Institute in Tehran, a warm-up article.\n";
        clean(text.getBytes(StandardCharsets.UTF_8), "warm-up.txt");
        clean(("<html><body><h1>Warm-up</h1><p>" + text + "</p></body></html>").getBytes(StandardCharsets.UTF_8),
                "warm-up.html");
        String content = "BT /F1 12 Tf 72 720 Td (" + text.strip() + ") Tj ET";
        String[] objects = {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                    + "/Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length " + content.length() + " >>\nstream\n" + content + "\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        StringBuilder pdfText = new StringBuilder("%PDF-1.4\n");
        for (int i = 0; i < objects.length; i++) {
            pdfText.append(i + 1).append(" 0 obj\n").append(objects[i]).append("\nendobj\n");
        }
        pdfText.append("trailer\n<< /Size 6 /Root 1 0 R >>\n%%EOF\n");
        clean(pdfText.toString().getBytes(StandardCharsets.ISO_8859_1), "warm-up.pdf");
    }

    private CleanedArticle article(FormatSniffer.Format format, String title, String body, List<Section> sections) {
        if (body.isBlank()) {
            throw format == FormatSniffer.Format.HTML
                    ? new RejectedInputException("the HTML page has no visible text",
                            "check that the article text is in the page itself, not loaded by scripts, and drop it again")
                    : emptyFile();
        }
        boolean markdown = format == FormatSniffer.Format.MARKDOWN;
        String shown = markdown ? TextStructure.withoutUnshownMarkdown(body) : body;
        if (shown.codePoints().noneMatch(Character::isLetterOrDigit)) {
            throw new RejectedInputException("the file has no text: no letter or digit, only "
                    + (markdown ? "Markdown markup (link definitions and comments show nothing), " : "")
                    + "punctuation and white space", "write the article's text into the file and drop it again");
        }
        return new CleanedArticle(format.mediaType, title, body, sections, language.guess(body), wordCount(body));
    }

    /**
     * Decoded, mojibake-repaired text; rejects binary content. An HTML page's own declaration of a legacy charset
     * ({@code <meta charset>}) is followed when the bytes are not UTF-8 and are valid in it, before any guess: a
     * Shift_JIS or windows-1251 page is read as its author said.
     */
    private String decodeText(byte[] content) {
        String declared = decodeDeclaredCharset(content);
        String text = declared != null ? declared : decoder.decode(content).text();
        rejectControlCharacters(text);
        return mojibake.repair(text);
    }

    /**
     * Characters of a page that no reader reads and that hold no text: its scripts and styles and the images embedded
     * in it (data: addresses). A page saved whole from a browser is megabytes of them around an article of some
     * thousands of characters, so they do not count towards the text limit; the page's visible text does, as
     * {@link HtmlExtractor} reads it, and its bytes count towards the file size limit.
     */
    private static int unreadMarkup(String html) {
        int unread = 0;
        Matcher m = UNREAD_MARKUP.matcher(html);
        while (m.find()) {
            unread += m.end() - m.start();
        }
        return unread;
    }

    /**
     * The text of an HTML page (recognised by its start, read as ASCII) that declares a legacy charset its bytes are
     * valid in, while they are not UTF-8; else null (no BOM, no declaration, or one that does not fit the bytes).
     */
    private static String decodeDeclaredCharset(byte[] content) {
        String head = new String(content, 0, Math.min(content.length, 4096), StandardCharsets.ISO_8859_1);
        String withoutComments = COMMENT.matcher(head).replaceAll("");
        Matcher m = META_CHARSET.matcher(withoutComments);
        if (!m.find()) {
            m = XML_ENCODING.matcher(withoutComments);
        }
        if (content.length == 0 || (content[0] & 0xFF) >= 0xEF || !FormatSniffer.looksLikeHtml(head) || !m.find(0)) {
            return null;
        }
        try {
            String label = m.group(1).trim().toLowerCase(Locale.ROOT);
            Charset declared = Charset.forName(WHATWG_LABELS.getOrDefault(label, label));
            if (declared.equals(StandardCharsets.UTF_8) || !asciiCompatible(declared)
                    || TextDecoder.firstInvalid(content, 0, StandardCharsets.UTF_8) < 0
                    || TextDecoder.firstInvalid(content, 0, declared) >= 0) {
                return null;
            }
            return new String(content, declared);
        } catch (IllegalArgumentException unknownCharset) {
            return null;
        }
    }

    /** The declaration was read as ASCII, so a charset that spells ASCII otherwise (UTF-16, UTF-32, EBCDIC) is not the page's. */
    private static boolean asciiCompatible(Charset charset) {
        return charset.canEncode() && Arrays.equals(META_TAG.getBytes(charset), META_TAG.getBytes(StandardCharsets.US_ASCII));
    }

    private static Map<String, String> labels(Map<String, String> labelsOfEncoding) {
        Map<String, String> encodingOfLabel = new HashMap<>();
        labelsOfEncoding.forEach((encoding, labels) -> {
            for (String label : labels.split(" ")) {
                encodingOfLabel.put(label, encoding);
            }
        });
        return Map.copyOf(encodingOfLabel);
    }

    /**
     * {@link #normalise}d, and for a whole body of any format exactly one final line end: trailing blank lines and
     * spaces, and a DOS end-of-file mark (^Z), are not part of an article, so they must not change its id.
     */
    private String normaliseBody(String text) {
        String normal = normalise(text);
        int end = normal.length();
        while (end > 0 && (Character.isWhitespace(normal.charAt(end - 1)) || normal.charAt(end - 1) == DOS_END_OF_FILE)) {
            end--;
        }
        return end == 0 ? "" : normal.substring(0, end) + "\n";
    }

    /**
     * NFC, {@code \n} line ends, the words as written ({@link #NOT_AS_WRITTEN}), and {@link #REPLACEMENT} for a NUL or
     * an unpaired surrogate ({@code &#0;}, {@code &#xD800;}).
     */
    private String normalise(String text) {
        String unified = replaceUnencodable(unifyLineEnds(text));
        unified = replaceEach(unified, NOT_AS_WRITTEN);
        return Normalizer.isNormalized(unified, Normalizer.Form.NFC)
                ? unified : Normalizer.normalize(unified, Normalizer.Form.NFC);
    }

    /** {@code text} with each character of {@code replacements} written as its replacement. */
    private static String replaceEach(String text, Map<Character, String> replacements) {
        String replaced = text;
        for (Map.Entry<Character, String> character : replacements.entrySet()) {
            if (replaced.indexOf(character.getKey()) >= 0) {
                replaced = replaced.replace(character.getKey().toString(), character.getValue());
            }
        }
        return replaced;
    }

    private static String replaceUnencodable(String text) {
        StringBuilder replaced = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                i++;
            } else if (c == '\u0000' || Character.isSurrogate(c)) {
                replaced = replaced != null ? replaced : new StringBuilder(text);
                replaced.setCharAt(i, REPLACEMENT);
            }
        }
        return replaced == null ? text : replaced.toString();
    }

    private static String unifyLineEnds(String text) {
        String unified = text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
        unified = replaceEach(unified, LINE_SEPARATORS);
        return !unified.isEmpty() && unified.charAt(0) == '\uFEFF' ? unified.substring(1) : unified;
    }

    private void checkLength(int chars) {
        if (chars > maxText) {
            throw textTooLong(chars, maxText);
        }
    }

    static RejectedInputException textTooLong(int chars, int maxText) {
        return new RejectedInputException("its text is " + (chars > maxText ? "more than " : "") + maxText
                + " characters long, over the limit of " + maxText + " characters (INGEST_MAX_TEXT)",
                "split it into several articles, or raise INGEST_MAX_TEXT (Kafka must still carry the event), and drop it again");
    }

    private static void rejectControlCharacters(String text) {
        long controls = controlCharacters(text);
        if (controls > Math.max(2, text.length() * MAX_CONTROL_SHARE)) {
            throw new RejectedInputException("the file holds binary data (" + controls + " control characters), not text",
                    "drop the article as .txt, .md, .html or .pdf; if it is in another format, convert it first");
        }
    }

    private static void rejectUnmappedGlyphs(String pdfText) {
        long controls = controlCharacters(pdfText);
        long visible = pdfText.chars().filter(c -> c != ' ' && c != '\n').count();
        if (controls > Math.max(2, visible * MAX_PDF_CONTROL_SHARE)) {
            throw new RejectedInputException("the PDF's text layer cannot be read: " + controls + " of its " + visible
                    + " characters are control codes, not letters (its fonts do not say which letter each glyph is)",
                    "run OCR on it (for example `ocrmypdf --force-ocr in.pdf out.pdf`), or export it again from its "
                            + "source, and drop the result");
        }
    }

    private static long controlCharacters(String text) {
        return text.chars().filter(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t'
                && c != '\f' && c != 0x1A && !LINE_SEPARATORS.containsKey((char) c)).count();
    }

    static int wordCount(String body) {
        String trimmed = body.strip();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }

    private static RejectedInputException emptyFile() {
        return new RejectedInputException("the file is empty or holds only white space",
                "write the article's text into the file and drop it again");
    }
}
