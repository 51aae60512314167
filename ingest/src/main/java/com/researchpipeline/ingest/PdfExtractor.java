package com.researchpipeline.ingest;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * The text layer of a PDF, read with Apache PDFBox: lines in reading order, paragraphs separated by a blank
 * line. Encrypted, corrupt, truncated and image-only PDFs are rejected with what to do about them. Stateless and
 * thread-safe (each call opens its own document).
 */
final class PdfExtractor {

    /** Extracted text before normalisation; title is the document's Title entry, empty when it has none. */
    record Extracted(String title, String text) {
    }

    private static final byte[] END_OF_FILE = "%%EOF".getBytes(StandardCharsets.US_ASCII);
    /** Writers append a few bytes (line ends, padding) after the end-of-file marker; look this far back. */
    private static final int END_WINDOW = 2048;
    /**
     * Content-stream operators (text, path, colour, form invocations) one page may take to read, about a second's
     * work. A dense page of text and figures takes a few thousand, so an article of any length stays far below; forms
     * drawn inside forms multiply them (each drawing the next ten times, 14 deep: 10^13 in 4 KB). Many costly pages
     * are bounded by the time a file may take.
     */
    static final long MAX_OPERATORS = 1_000_000;
    /**
     * Pages a PDF may have, counted in its page tree: articles have tens, theses and books hundreds. Walking a page tree
     * takes time growing faster than its pages, inside PDFBox where no interruption reaches (20,000 pages: 13 s;
     * 60,000 pages, 10 MB: 2 minutes).
     */
    static final int MAX_PAGES = 5_000;
    /**
     * Characters (not counting spaces) of text a page of an article holds at the least: a page of text has
     * thousands, a scanned page's stamp ("Downloaded from ... on ...") under a hundred.
     */
    static final int MIN_TEXT_OF_A_PAGE = 200;

    /**
     * A line among the first or last {@link #EDGE_LINES} of at least this share of the pages (and of
     * {@link #MIN_RUNNING_PAGES}), its numbers aside, is a running head or foot: the journal's name, "Downloaded from
     * ... by guest on ...", a page number. Printed on every page, it is no part of the article's text.
     */
    static final double RUNNING_SHARE = 0.5;
    static final int MIN_RUNNING_PAGES = 3;
    static final int EDGE_LINES = 2;
    /** A superscript is set at most this share of the size of the glyph before, raised by a fifth of its height. */
    private static final float SUPERSCRIPT_SIZE = 0.85f;
    private static final float SUPERSCRIPT_RISE = 0.2f;
    /** Ends each page of the text read, to find running heads and feet; a line end in what is returned. */
    private static final char PAGE_END = '\f';
    private static final java.util.regex.Pattern NUMBERS = java.util.regex.Pattern.compile("\\d+");
    /**
     * A word hyphenated at a line's end ("treat-", "ment"), a word, and a compound of two; each starts where a word
     * does, so a word of a million letters is looked at once, not once from each of its letters.
     */
    private static final java.util.regex.Pattern BROKEN_WORD = java.util.regex.Pattern.compile(
            "(?<![\\p{L}-])(\\p{L}++)-\n(\\p{Ll}++)");
    private static final java.util.regex.Pattern WORD = java.util.regex.Pattern.compile("(?<!\\p{L})\\p{L}++");
    private static final java.util.regex.Pattern COMPOUND = java.util.regex.Pattern.compile(
            "(?<![\\p{L}-])\\p{L}++-\\p{L}++");

    private final int maxText;

    /** @param maxText characters of text a PDF may yield; extraction stops with a rejection beyond it */
    PdfExtractor(int maxText) {
        this.maxText = maxText;
    }

    Extracted extract(byte[] bytes) {
        try (PDDocument document = Loader.loadPDF(bytes)) {
            if (document.isEncrypted() && !document.getCurrentAccessPermission().canExtractContent()) {
                throw new RejectedInputException("the PDF is encrypted and its owner does not allow copying its text",
                        "export an unprotected PDF (or plain text) from the source and drop that");
            }
            int pages = pagesUpTo(document, MAX_PAGES + 1);
            if (pages > MAX_PAGES) {
                int claimed = document.getNumberOfPages();
                throw new RejectedInputException("the PDF takes too much work to read: it has "
                        + (claimed > MAX_PAGES ? claimed : "more than " + MAX_PAGES) + " pages, more than the "
                        + MAX_PAGES + " an article may have",
                        "split it into its articles (or export its text) and drop those");
            }
            rejectStandIns(document);
            PDFTextStripper stripper = new BoundedStripper();
            stripper.setLineSeparator("\n");
            stripper.setParagraphEnd("\n");
            stripper.setPageEnd(String.valueOf(PAGE_END));
            stripper.setSortByPosition(false);
            BoundedText text = new BoundedText(maxText);
            stripper.writeText(document, text);
            if (text.isBlank() && (pages == 0 || !endsWithEndOfFile(bytes))) {
                throw new RejectedInputException("the PDF is truncated or damaged: it "
                        + (endsWithEndOfFile(bytes) ? "has no pages" : "stops before its end-of-file marker")
                        + " and no text could be read from it",
                        "copy or download the PDF again completely (compare its size with the original) and drop it again");
            }
            int notes = text.isBlank() ? textBesideThePages(document, pages) : 0;
            if (notes > 0) {
                throw new RejectedInputException("the PDF's pages hold no text: its only text is in " + notes
                        + " comment(s), note(s) or form field(s), which are no part of a page",
                        "print it to a new PDF with its comments and form fields shown on the page (or export its text)"
                                + " and drop that");
            }
            if (text.isBlank() && pagesWithImages(document) == 0) {
                throw new RejectedInputException("the PDF has no text: its " + pages + " page(s) hold neither text nor images", "check that this is the right file; re-export it "
                        + "from its source and drop it again");
            }
            if (text.isBlank()) {
                throw new RejectedInputException("the PDF has no text layer (" + pages
                        + " page(s) of images only, e.g. a scan)",
                        "run OCR on it (for example `ocrmypdf in.pdf out.pdf`) and drop the result");
            }
            long visible = text.toString().chars().filter(c -> !Character.isWhitespace(c)).count();
            if (visible < MIN_TEXT_OF_A_PAGE * pages && pagesWithImages(document) == pages) {
                throw new RejectedInputException("the PDF is scanned pages: each of its " + pages
                        + " page(s) is an image, and its text layer holds only " + visible + " characters (a stamp "
                        + "or a header such as \"Downloaded from ...\", not the article)",
                        "run OCR on it (for example `ocrmypdf --force-ocr in.pdf out.pdf`) and drop the result");
            }
            String title = document.getDocumentInformation().getTitle();
            return new Extracted(title == null ? "" : title.trim(),
                    withBrokenWordsJoined(withoutRunningHeadsAndFeet(text.toString())));
        } catch (TooManyOperators e) {
            throw new RejectedInputException("the PDF takes too much work to read: more than " + MAX_OPERATORS
                    + " drawing operations on one page (far more than a page of an article needs; forms drawn inside"
                    + " forms multiply them)",
                    "check the file: a structure this costly to read is usually malformed or built to be; if it is a "
                            + "genuine article, print it to a new PDF (or export its text) and drop that", e);
        } catch (InvalidPasswordException e) {
            throw new RejectedInputException("the PDF is encrypted with a password",
                    "remove the password (print to PDF, or `qpdf --decrypt`) and drop it again", e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof RejectedInputException rejected) {
                throw rejected;
            }
            if (e.getCause() instanceof RejectedInputException rejected) {
                throw rejected; // from the bounded writer, wrapped by PDFBox
            }
            throw new RejectedInputException("the PDF is corrupt and cannot be read: " + e.getMessage(),
                    "re-export or re-download the PDF and drop it again", e);
        }
    }

    /**
     * Rejects a PDF whose pages only stand in for its content, so a reader without Adobe's software sees the stand-in:
     * a portfolio, whose articles are the files attached to it behind a cover page ("For the best experience, open
     * this PDF portfolio in Acrobat"), and a dynamic XFA form, whose page says "Please wait... If this message is not
     * eventually replaced by the proper contents of the document ...".
     */
    private static void rejectStandIns(PDDocument document) {
        COSDictionary catalog = document.getDocumentCatalog().getCOSObject();
        List<String> attached = new ArrayList<>();
        COSDictionary names = catalog.getCOSDictionary(COSName.NAMES);
        if (names != null) {
            attachedNames(names.getCOSDictionary(COSName.EMBEDDED_FILES), attached,
                    Collections.newSetFromMap(new IdentityHashMap<>()));
        }
        if (catalog.containsKey(COSName.getPDFName("Collection")) && !attached.isEmpty()) {
            throw new RejectedInputException("the PDF is a portfolio: its content is the " + attached.size()
                    + " file(s) attached to it (" + com.researchpipeline.contract.Printable.of(TextStructure.shorten(
                            String.join(", ", attached))) + "), its page only a cover",
                    "save the attached files (a PDF reader's attachments panel, or `pdfdetach -saveall FILE.pdf`) and "
                            + "drop those");
        }
        COSDictionary form = catalog.getCOSDictionary(COSName.ACRO_FORM);
        if (catalog.getBoolean(COSName.getPDFName("NeedsRendering"), false) && form != null
                && form.containsKey(COSName.XFA)) {
            throw new RejectedInputException("the PDF is a dynamic XFA form: its pages hold only a placeholder "
                    + "(\"Please wait...\"), and its content is drawn from the form's XML by Adobe Acrobat or Reader alone",
                    "open it in Adobe Acrobat or Reader, print it to a new PDF and drop that");
        }
    }

    /** The names of a name tree's entries (an attachment's name), at most {@link #MAX_PAGES} of them. */
    private static void attachedNames(COSDictionary node, List<String> names, Set<COSDictionary> seen) {
        if (node == null || !seen.add(node) || names.size() >= MAX_PAGES) {
            return;
        }
        COSArray entries = node.getCOSArray(COSName.NAMES);
        for (int i = 0; entries != null && i + 1 < entries.size() && names.size() < MAX_PAGES; i += 2) {
            if (entries.getObject(i) instanceof org.apache.pdfbox.cos.COSString name) {
                names.add(name.getString());
            }
        }
        COSArray kids = node.getCOSArray(COSName.KIDS);
        for (int i = 0; kids != null && i < kids.size(); i++) {
            if (kids.getObject(i) instanceof COSDictionary kid) {
                attachedNames(kid, names, seen);
            }
        }
    }

    /**
     * The leaves of the document's page tree, counted up to {@code limit}. The tree's /Count is only what the file
     * claims: one claiming a page over a tree of tens of thousands would have every page walked and read, and a
     * scan of many pages claiming one would pass for a page of text. Stops at the limit, and counts a tree of more
     * nodes than twice the limit as over it, so a tree of any size costs no more than that: each node is an object
     * PDFBox may parse its whole object stream again to find (200,000 pages in 2 MB claiming one: 27 s of reading).
     */
    private static int pagesUpTo(PDDocument document, int limit) throws InterruptedIOException {
        COSDictionary root = document.getDocumentCatalog().getCOSObject().getCOSDictionary(COSName.PAGES);
        if (root == null || !isPageTreeNode(root)) {
            return root == null ? 0 : 1;
        }
        // a node seen again (a loop, or a node listed twice) is walked once, as PDFBox walks it
        Set<COSDictionary> nodes = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<COSDictionary> toVisit = new ArrayDeque<>(List.of(root));
        int pages = 0;
        int examined = 0;
        while (!toVisit.isEmpty()) {
            COSDictionary node = toVisit.pop();
            COSArray kids = nodes.add(node) ? node.getCOSArray(COSName.KIDS) : null;
            for (int i = 0; kids != null && i < kids.size(); i++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("page count interrupted");
                }
                if (++examined > 2 * limit) {
                    return limit;
                }
                if (kids.getObject(i) instanceof COSDictionary kid) {
                    if (isPageTreeNode(kid)) {
                        toVisit.push(kid);
                    } else if (++pages >= limit) {
                        return pages;
                    }
                }
            }
        }
        return pages;
    }

    /** As PDFBox tells a node of the page tree from a page. */
    private static boolean isPageTreeNode(COSDictionary node) {
        return COSName.PAGES.equals(node.getCOSName(COSName.TYPE)) || node.containsKey(COSName.KIDS);
    }

    /**
     * The text with each word hyphenated at a line's end joined as the text itself writes it elsewhere: "treat-" and
     * "ment" are "treatment" where "treatment" occurs, "long-" and "term" are "long-term" where that does; a word the
     * text holds no other way stays broken, as a hyphen there may be the word's own.
     */
    static String withBrokenWordsJoined(String text) {
        java.util.regex.Matcher broken = BROKEN_WORD.matcher(text);
        if (!broken.find()) {
            return text;
        }
        Set<String> words = new HashSet<>();
        for (var pattern : List.of(WORD, COMPOUND)) {
            pattern.matcher(text).results().forEach(word -> words.add(word.group().toLowerCase(java.util.Locale.ROOT)));
        }
        return broken.reset().replaceAll(word -> {
            String joined = word.group(1) + word.group(2);
            String compound = word.group(1) + "-" + word.group(2);
            return words.contains(joined.toLowerCase(java.util.Locale.ROOT)) ? joined
                    : words.contains(compound.toLowerCase(java.util.Locale.ROOT)) ? compound : word.group();
        });
    }

    /** The text without the lines {@link #RUNNING_SHARE} of its pages repeat at their top or bottom. */
    static String withoutRunningHeadsAndFeet(String text) {
        List<List<String>> pages = new ArrayList<>();
        for (String page : text.split(String.valueOf(PAGE_END), -1)) {
            pages.add(new ArrayList<>(Arrays.asList(page.split("\n", -1))));
        }
        Map<String, Integer> pagesHolding = new HashMap<>();
        for (List<String> page : pages) {
            edgeLines(page).stream().map(PdfExtractor::runningKey).distinct()
                    .forEach(key -> pagesHolding.merge(key, 1, Integer::sum));
        }
        int pagesOfText = (int) pages.stream().filter(page -> !edgeLines(page).isEmpty()).count();
        int needed = Math.max(MIN_RUNNING_PAGES, (int) Math.ceil(pagesOfText * RUNNING_SHARE));
        Set<String> running = new HashSet<>();
        pagesHolding.forEach((key, count) -> {
            if (count >= needed) {
                running.add(key);
            }
        });
        if (running.isEmpty()) {
            return text.replace(PAGE_END, '\n');
        }
        StringBuilder kept = new StringBuilder();
        for (List<String> page : pages) {
            List<Integer> edges = edgeLineIndexes(page);
            // the first page's first line, when no number sets it apart from a title, is the title a journal repeats
            // as its running head: kept there
            int title = kept.isEmpty() && !edges.isEmpty() && !NUMBERS.matcher(page.get(edges.get(0))).find()
                    ? edges.get(0) : -1;
            for (int i = edges.size() - 1; i >= 0; i--) { // from the last, so the indexes before stay right
                if (edges.get(i) != title && running.contains(runningKey(page.get(edges.get(i))))) {
                    page.remove((int) edges.get(i));
                }
            }
            String pageText = String.join("\n", page).strip();
            if (!pageText.isEmpty()) {
                kept.append(kept.isEmpty() ? "" : "\n\n").append(pageText);
            }
        }
        return kept.append('\n').toString();
    }

    private static List<String> edgeLines(List<String> page) {
        return edgeLineIndexes(page).stream().map(page::get).toList();
    }

    /** Indexes of the page's first and last {@link #EDGE_LINES} lines that hold text, in order. */
    private static List<Integer> edgeLineIndexes(List<String> page) {
        List<Integer> text = new ArrayList<>();
        for (int i = 0; i < page.size(); i++) {
            if (!page.get(i).isBlank()) {
                text.add(i);
            }
        }
        if (text.size() <= 2 * EDGE_LINES) {
            return text;
        }
        List<Integer> edges = new ArrayList<>(text.subList(0, EDGE_LINES));
        edges.addAll(text.subList(text.size() - EDGE_LINES, text.size()));
        return edges;
    }

    /** A line as it repeats from page to page: its page numbers, dates and volumes aside. */
    private static String runningKey(String line) {
        return NUMBERS.matcher(line.strip().replaceAll("\\s+", " ")).replaceAll("#");
    }

    /** Annotations (comments, sticky notes, free text) and form fields that hold text, on the first pages read. */
    private static int textBesideThePages(PDDocument document, int pages) throws IOException {
        int notes = 0;
        for (PDPage page : document.getPages()) {
            if (pages-- <= 0) {
                break;
            }
            for (var annotation : page.getAnnotations()) {
                notes += annotation.getContents() == null || annotation.getContents().isBlank() ? 0 : 1;
            }
        }
        var form = document.getDocumentCatalog().getAcroForm();
        for (var field : form == null ? List.<org.apache.pdfbox.pdmodel.interactive.form.PDField>of() : form.getFields()) {
            notes += field.getValueAsString() == null || field.getValueAsString().isBlank() ? 0 : 1;
        }
        return notes;
    }

    /** Pages that draw an image or a form (a scan's page is one picture). */
    private static int pagesWithImages(PDDocument document) {
        int pages = 0;
        for (PDPage page : document.getPages()) {
            PDResources resources = page.getResources();
            if (resources != null && hasImage(resources)) {
                pages++;
            }
        }
        return pages;
    }

    private static boolean hasImage(PDResources resources) {
        for (COSName name : resources.getXObjectNames()) {
            try {
                if (resources.isImageXObject(name) || resources.getXObject(name) instanceof PDFormXObject) {
                    return true;
                }
            } catch (IOException unreadable) {
                return true; // something is there; the scan message is the better guess
            }
        }
        return false;
    }

    /** Thrown when a page needs more than {@link #MAX_OPERATORS} operators: PDFBox passes only IOExceptions through. */
    private static final class TooManyOperators extends IOException {
        TooManyOperators() {
            super("more than " + MAX_OPERATORS + " content-stream operators on one page");
        }
    }

    /**
     * Reads the text within {@link #MAX_OPERATORS} a page and stops when its thread is interrupted, also where no text is
     * written (a page of drawings, a fan-out of forms), which {@link BoundedText} alone would not notice.
     */
    private static final class BoundedStripper extends PDFTextStripper {
        /** A glyph smaller than this (its height on the page, in points) is a speck, not a letter anyone can read. */
        private static final float MIN_SEEN_SIZE = 1;
        /** Each of red, green and blue at least this high is white, or near enough to be unseen on a white page. */
        private static final int WHITE = 250;
        /**
         * Backdrops, and clips, a page may have weighed against each of its glyphs: a page of an article has some tens;
         * beyond, white text counts as seen and clips as clipping nothing, so a page of a million shapes costs no more.
         */
        private static final int MAX_SHAPES_WEIGHED = 10_000;
        private int clips;
        private long operators;
        /**
         * What the page has drawn so far that text may stand on, in the page's coordinates: shapes filled in a colour
         * other than white, images and shadings. White text stands out on those; anywhere else it is white on white.
         */
        private final List<java.awt.geom.Rectangle2D> backdrops = new ArrayList<>();
        /** The bounds of the path being built, until it is filled or dropped. */
        private java.awt.geom.Rectangle2D path;
        /** Whether the page draws an image: an invisible text layer over it is a scan's OCR, which a reader sees as the image. */
        private boolean pageHasImage;
        /** Whether the path being built clips what follows ({@code W n}), and whether the page clipped anything so. */
        private boolean clipNext;
        private boolean pageClips;
        private org.apache.pdfbox.pdmodel.graphics.color.PDColor lastColour;
        private boolean lastColourWhite;

        BoundedStripper() {
            // colours, which the text stripper does not track by itself, and the paths text may be drawn on
            for (var colour : List.of(new org.apache.pdfbox.contentstream.operator.color.SetStrokingColorSpace(this),
                    new org.apache.pdfbox.contentstream.operator.color.SetNonStrokingColorSpace(this),
                    new org.apache.pdfbox.contentstream.operator.color.SetStrokingColor(this),
                    new org.apache.pdfbox.contentstream.operator.color.SetNonStrokingColor(this),
                    new org.apache.pdfbox.contentstream.operator.color.SetStrokingColorN(this),
                    new org.apache.pdfbox.contentstream.operator.color.SetNonStrokingColorN(this),
                    new org.apache.pdfbox.contentstream.operator.color.SetStrokingDeviceGrayColor(this),
                    new org.apache.pdfbox.contentstream.operator.color.SetNonStrokingDeviceGrayColor(this),
                    new org.apache.pdfbox.contentstream.operator.color.SetStrokingDeviceRGBColor(this),
                    new org.apache.pdfbox.contentstream.operator.color.SetNonStrokingDeviceRGBColor(this),
                    new org.apache.pdfbox.contentstream.operator.color.SetStrokingDeviceCMYKColor(this),
                    new org.apache.pdfbox.contentstream.operator.color.SetNonStrokingDeviceCMYKColor(this))) {
                addOperator(colour);
            }
            for (String name : List.of("m", "l", "c", "v", "y", "re", "h", "W", "W*", "n", "S", "s", "f", "F", "f*", "B",
                    "B*", "b", "b*", "sh")) {
                addOperator(new PathOperator(this, name));
            }
        }

        /**
         * Follows the bounds of paths: records those filled in a colour that white text would stand out on, and narrows
         * the clip to those that clip (by their bounds, so no more is clipped than the path does).
         */
        private static final class PathOperator extends org.apache.pdfbox.contentstream.operator.OperatorProcessor {
            /** Operators that build a path or mark it as a clip; the others paint or end it. */
            private static final Set<String> BUILDING_A_PATH = Set.of("m", "l", "c", "v", "y", "re", "h", "W", "W*");
            private final String name;

            PathOperator(BoundedStripper stripper, String name) {
                super(stripper);
                this.name = name;
            }

            @Override
            public void process(Operator operator, List<COSBase> operands) {
                BoundedStripper stripper = (BoundedStripper) getContext();
                if (stripper.clipNext && stripper.path != null && !BUILDING_A_PATH.contains(name)
                        && ++stripper.clips <= MAX_SHAPES_WEIGHED) {
                    // the clip takes effect as the path is painted or ended, and lasts until the state is restored
                    stripper.getGraphicsState().intersectClippingPath(new java.awt.geom.Area(stripper.path));
                    stripper.clipNext = false;
                    stripper.pageClips = true;
                }
                switch (name) {
                    case "h" -> { }
                    case "W", "W*" -> stripper.clipNext = true;
                    case "n", "S", "s" -> stripper.path = null;
                    case "sh" -> stripper.backdrops.add(new java.awt.geom.Rectangle2D.Float(-1e6f, -1e6f, 2e6f, 2e6f));
                    case "m", "l", "c", "v", "y", "re" -> {
                        for (int i = 0; i + 1 < operands.size(); i += 2) {
                            if (operands.get(i) instanceof org.apache.pdfbox.cos.COSNumber x
                                    && operands.get(i + 1) instanceof org.apache.pdfbox.cos.COSNumber y) {
                                float px = x.floatValue();
                                float py = y.floatValue();
                                if (name.equals("re") && i == 2 && operands.get(0) instanceof org.apache.pdfbox.cos.COSNumber x0
                                        && operands.get(1) instanceof org.apache.pdfbox.cos.COSNumber y0) {
                                    px += x0.floatValue(); // a rectangle's width and height, from its corner
                                    py += y0.floatValue();
                                }
                                stripper.extendPath(px, py);
                            }
                        }
                    }
                    default -> { // a fill
                        if (stripper.path != null && !stripper.white(stripper.getGraphicsState().getNonStrokingColor())) {
                            stripper.backdrops.add(stripper.path);
                        }
                        stripper.path = null;
                    }
                }
            }

            @Override
            public String getName() {
                return name;
            }
        }

        private void extendPath(float x, float y) {
            java.awt.geom.Point2D.Float point = getGraphicsState().getCurrentTransformationMatrix().transformPoint(x, y);
            if (path == null) {
                path = new java.awt.geom.Rectangle2D.Float(point.x, point.y, 0, 0);
            } else {
                path.add(point.x, point.y);
            }
        }

        /** An image drawn on the page: its place, the unit square the current transformation maps it to. */
        private void addImageBackdrop() {
            path = null;
            for (float[] corner : new float[][] {{0, 0}, {1, 1}, {0, 1}, {1, 0}}) {
                extendPath(corner[0], corner[1]);
            }
            backdrops.add(path);
            path = null;
        }

        private boolean white(org.apache.pdfbox.pdmodel.graphics.color.PDColor colour) {
            if (colour != lastColour) {
                lastColour = colour;
                try {
                    int rgb = colour.toRGB();
                    lastColourWhite = (rgb >> 16 & 0xFF) >= WHITE && (rgb >> 8 & 0xFF) >= WHITE && (rgb & 0xFF) >= WHITE;
                } catch (IOException | RuntimeException noRgb) {
                    lastColourWhite = false; // a pattern, or a colour space without a conversion: taken as seen
                }
            }
            return lastColourWhite;
        }

        /**
         * Whether a reader sees the glyph: not drawn invisible (render mode 3, unless over a scan, whose OCR layer it is),
         * nor a speck, nor fully transparent, nor clipped away, nor white where nothing but the white page lies beneath it.
         */
        private boolean seen(TextPosition text) {
            var state = getGraphicsState();
            var mode = state.getTextState().getRenderingMode();
            if (mode == org.apache.pdfbox.pdmodel.graphics.state.RenderingMode.NEITHER
                    || mode == org.apache.pdfbox.pdmodel.graphics.state.RenderingMode.NEITHER_CLIP) {
                return pageHasImage;
            }
            // its size by the text's matrix, or by the glyph's own height where the font's matrix scales it up (Type 3)
            if (Math.max(Math.abs(text.getTextMatrix().getScalingFactorY()), text.getHeightDir()) < MIN_SEEN_SIZE) {
                return false;
            }
            org.apache.pdfbox.pdmodel.common.PDRectangle crop = getCurrentPage().getCropBox();
            // the glyph's middle on the page (PDFBox gives its place from the crop box's lower left corner)
            float x = crop.getLowerLeftX() + text.getTextMatrix().getTranslateX() + text.getWidthDirAdj() / 2;
            float y = crop.getLowerLeftY() + text.getTextMatrix().getTranslateY() + text.getHeightDir() / 2;
            if (pageClips && clips <= MAX_SHAPES_WEIGHED && !state.getCurrentClippingPath().contains(x, y)) {
                return false;
            }
            boolean filled = mode.isFill();
            if ((filled ? state.getNonStrokeAlphaConstant() : state.getAlphaConstant()) == 0) {
                return false;
            }
            if (!white(filled ? state.getNonStrokingColor() : state.getStrokingColor())) {
                return true;
            }
            return backdrops.size() >= MAX_SHAPES_WEIGHED || backdrops.stream().anyMatch(backdrop -> backdrop.contains(x, y));
        }
        /**
         * The page's glyphs whose lines run up or down the page as it is shown (a page turned to landscape, a stamp in
         * the margin). Read in content order, PDFBox measures their lines across the page and breaks them every few
         * letters; sorted by position it measures them along the glyphs' own direction.
         */
        private final List<TextPosition> crosswise = new ArrayList<>();

        @Override
        protected void startPage(org.apache.pdfbox.pdmodel.PDPage page) throws IOException {
            operators = 0;
            crosswise.clear();
            backdrops.clear();
            path = null;
            clipNext = false;
            pageClips = false;
            clips = 0;
            pageHasImage = page.getResources() != null && hasImage(page.getResources());
            super.startPage(page);
        }

        /** The page's other text in content order (columns one after the other), then its crosswise lines. */
        @Override
        protected void writePage() throws IOException {
            charactersByArticle.forEach(PdfExtractor::orderEachLine);
            if (crosswise.isEmpty() || charactersByArticle.stream().anyMatch(glyphs -> !glyphs.isEmpty())) {
                super.writePage();
            }
            if (crosswise.isEmpty()) {
                return;
            }
            charactersByArticle.clear();
            charactersByArticle.add(new ArrayList<>(crosswise));
            crosswise.clear();
            setSortByPosition(true);
            try {
                super.writePage();
            } finally {
                setSortByPosition(false);
            }
        }

        /** A word's superscript reference mark, set smaller and higher than its letters, kept apart from it. */
        @Override
        protected void writeString(String text, List<TextPosition> positions) throws IOException {
            writeString(withReferenceMarksApart(text, positions));
        }

        @Override
        protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("text extraction interrupted");
            }
            if (++operators > MAX_OPERATORS) {
                throw new TooManyOperators();
            }
            String name = operator.getName();
            if (name.equals("BI") || name.equals("Do") && !operands.isEmpty() && operands.get(0) instanceof COSName drawn
                    && getResources() != null && getResources().isImageXObject(drawn)) {
                addImageBackdrop();
            }
            super.processOperator(operator, operands);
        }

        /** Text placed outside the page's visible area (its crop box), or not {@link #seen}, is no part of what a reader sees. */
        @Override
        protected void processTextPosition(TextPosition text) {
            org.apache.pdfbox.pdmodel.common.PDRectangle visible = getCurrentPage().getCropBox();
            // PDFBox gives the glyph's place from the crop box's lower left corner
            float x = text.getTextMatrix().getTranslateX();
            float y = text.getTextMatrix().getTranslateY();
            // a box without area bounds nothing: viewers show such a page at a size of their own (pdf.js: US Letter)
            boolean bounded = visible.getWidth() > 0 && visible.getHeight() > 0;
            if (bounded && (x < -1 || x > visible.getWidth() + 1 || y < -1 || y > visible.getHeight() + 1) || !seen(text)) {
                return;
            }
            if (Math.floorMod(Math.round(text.getDir()) + getCurrentPage().getRotation(), 180) == 90) {
                crosswise.add(text);
                return;
            }
            super.processTextPosition(text);
        }

        @Override
        protected void operatorException(Operator operator, List<COSBase> operands, IOException e) throws IOException {
            if (e instanceof TooManyOperators || e instanceof InterruptedIOException) {
                throw e; // PDFBox would log a failed form invocation (Do) and go on with the next operator
            }
            super.operatorException(operator, operands, e);
        }
    }

    /**
     * Each line's glyphs in the order they stand on it, left to right, where its writer drew them in another (backwards,
     * or one by one in any order), which read in content order spells the words backwards. Lines keep their content
     * order, so columns still follow one another; a line of right-to-left script is left to PDFBox's own reordering.
     */
    static void orderEachLine(List<TextPosition> glyphs) {
        int start = 0;
        for (int i = 1; i <= glyphs.size(); i++) {
            if (i == glyphs.size() || !onOneLine(glyphs.get(i - 1), glyphs.get(i))) {
                List<TextPosition> line = glyphs.subList(start, i);
                if (line.size() > 1 && line.stream().noneMatch(PdfExtractor::isRightToLeft)) {
                    line.sort(java.util.Comparator.comparingDouble(TextPosition::getXDirAdj));
                }
                start = i;
            }
        }
    }

    private static boolean onOneLine(TextPosition a, TextPosition b) {
        float height = Math.max(1, Math.max(a.getHeightDir(), b.getHeightDir()));
        return a.getDir() == b.getDir() && Math.abs(a.getYDirAdj() - b.getYDirAdj()) < height / 2;
    }

    private static boolean isRightToLeft(TextPosition glyph) {
        String unicode = glyph.getUnicode();
        if (unicode == null || unicode.isEmpty()) {
            return false;
        }
        byte direction = Character.getDirectionality(unicode.codePointAt(0));
        return direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT
                || direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
    }

    /**
     * The word with a space before each run of glyphs set smaller and higher than the glyph before it (a superscript)
     * that {@link ReferenceMarks} keeps apart: "cancer¹²" is "cancer 1,2", "m²" stays. A word whose text is not its
     * glyphs' (right-to-left text, reordered) is left as it is.
     */
    static String withReferenceMarksApart(String text, List<TextPosition> positions) {
        StringBuilder glyphs = new StringBuilder();
        positions.forEach(position -> glyphs.append(position.getUnicode()));
        if (!glyphs.toString().equals(text)) {
            return text;
        }
        StringBuilder word = new StringBuilder();
        int i = 0;
        while (i < positions.size()) {
            int end = i;
            while (i > 0 && end < positions.size() && isSuperscript(positions.get(end), positions.get(i - 1))) {
                end++;
            }
            if (end == i) {
                word.append(positions.get(i++).getUnicode());
                continue;
            }
            StringBuilder mark = new StringBuilder();
            positions.subList(i, end).forEach(position -> mark.append(position.getUnicode()));
            word.append(ReferenceMarks.keptApart(word, mark.toString()) ? " " : "").append(mark);
            i = end;
        }
        return word.toString();
    }

    private static boolean isSuperscript(TextPosition glyph, TextPosition before) {
        return glyph.getFontSizeInPt() < before.getFontSizeInPt() * SUPERSCRIPT_SIZE
                && glyph.getYDirAdj() < before.getYDirAdj() - before.getHeightDir() * SUPERSCRIPT_RISE;
    }

    /** Collects the text, refusing more than the limit. */
    private static final class BoundedText extends Writer {
        private final StringBuilder text = new StringBuilder();
        private final int max;

        BoundedText(int max) {
            this.max = max;
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            if (text.length() + length > max) {
                throw ArticleCleaner.textTooLong(text.length() + length, max);
            }
            text.append(chars, offset, length);
        }

        boolean isBlank() {
            return text.toString().isBlank();
        }

        @Override
        public String toString() {
            return text.toString();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private static boolean endsWithEndOfFile(byte[] bytes) {
        for (int i = bytes.length - END_OF_FILE.length; i >= Math.max(0, bytes.length - END_WINDOW); i--) {
            if (Arrays.equals(bytes, i, i + END_OF_FILE.length, END_OF_FILE, 0, END_OF_FILE.length)) {
                return true;
            }
        }
        return false;
    }
}
