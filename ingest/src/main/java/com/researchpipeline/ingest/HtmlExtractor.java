package com.researchpipeline.ingest;

import com.researchpipeline.contract.Section;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Elements;

/**
 * The visible text of an HTML page, as paragraphs and sections: scripts, styles, templates and hidden
 * elements are dropped, and so is text that inline styles put out of sight ({@link InlineStyle}) or that is for screen
 * readers alone; each block element (p, li, div, h1–h6, tr ...) becomes a paragraph, each heading (h1–h6,
 * or an element of ARIA's {@code role="heading"}, as web apps write them) starts a section. The site's parts around the
 * article (menus, search box, the page's own header and footer) are passed over, and a page with one {@code <main>} is
 * read from it alone. The body is the headings and paragraphs joined by blank lines. Title from
 * {@code <title>}, else the first visible {@code <h1>}, which is also taken where the {@code <title>} holds it beside
 * the site's name or is a placeholder. Uses jsoup, which parses real-world (broken) HTML as
 * browsers do. Stateless and thread-safe.
 */
final class HtmlExtractor {

    private static final Set<String> BLOCKS = Set.of("address", "article", "aside", "blockquote", "body", "dd",
            "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header",
            "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot",
            "tr", "ul", "caption", "center", "dir", "hgroup", "legend", "listing", "menu", "optgroup", "option",
            "plaintext", "search", "xmp");
    /** Form controls, drawn as boxes of their own: the words beside one are not glued to its text ("Search<input>Go"). */
    private static final Set<String> CONTROLS = Set.of("button", "input", "meter", "progress", "textarea");
    private static final Set<String> HEADINGS = Set.of("h1", "h2", "h3", "h4", "h5", "h6");
    private static final String INVISIBLE = "head, script, style, noscript, template, svg, iframe, object, embed, "
            + "canvas, [hidden], [style~=(?i)visibility\\s*:\\s*hidden], "
            // what browsers do not draw: a dialog not opened (a cookie banner), MathML's annotations (a formula's TeX
            // source beside the formula), a drop-down list's options (one shows, chosen by the reader)
            + "dialog:not([open]), annotation, annotation-xml, select, datalist";

    /**
     * Classes that mean "for screen readers only" in the common style sheets (Bootstrap's {@code sr-only}, WordPress's
     * {@code screen-reader-text} ...): never drawn at any width, so no reader of the page sees their text.
     */
    private static final String SCREEN_READER_ONLY = String.join(", ", DataLines.of("screen-reader-only-classes.txt")
            .stream().map(name -> "." + name.strip()).toList());

    private static final String FIRST_H1 = "h1, [role~=(?i)^heading$][aria-level=1]";
    /** More headers, footers, mains and articles than a page of one article and its site has. */
    private static final int MAX_HEADERS_FOOTERS_AND_ARTICLES = 200;
    private static final String MAIN = "main, [role~=(?i)^main$]";
    private static final String NAVIGATION = "nav, [role~=(?i)^(?:navigation|search)$]";
    /** An overlay drawn by a script over the page (a cookie notice, a newsletter offer), as ARIA marks it. */
    private static final String OVERLAY = "[role~=(?i)^(?:dialog|alertdialog)$], [aria-modal~=(?i)^true$]";
    /** What makes an overlay the article itself rather than a part of the site. */
    private static final org.jsoup.select.Evaluator ARTICLE_ITSELF = org.jsoup.select.QueryParser.parse(
            "h1, [role~=(?i)^heading$][aria-level=1], main, [role~=(?i)^main$], article");
    private static final String PAGE_HEADER_OR_FOOTER = "header, footer, [role~=(?i)^(?:banner|contentinfo)$]";
    /** What a header or footer may belong to, rather than to the page: then it is the article's own. */
    private static final String SECTIONING = "article, aside, main, nav, section, "
            + "[role~=(?i)^(?:article|main|region|complementary|navigation)$]";

    /** Where a meta refresh sends the reader: {@code content="0; url=https://..."}. */
    private static final java.util.regex.Pattern REFRESH_TARGET = java.util.regex.Pattern.compile(
            "(?i)^\\s*[\\d.]*\\s*[;,]?\\s*url\\s*=\\s*['\"]?([^'\"\\s]+)");
    /** Words a page that redirects holds when it is only the redirect ("Redirecting ... click here if ..."). */
    private static final int MAX_WORDS_OF_A_REDIRECT = 50;

    /**
     * A {@code <title>} that names no article: an editor's placeholder, or a page of a site rather than its content.
     * The first heading is the title then, as it is when the {@code <title>} holds the heading and the site's name
     * ("Tamoxifen after surgery | Journal of Tests").
     */
    private static final java.util.regex.Pattern PLACEHOLDER_TITLE = java.util.regex.Pattern.compile(
            "(?i)(?:untitled(?: document)?|new page|document|home|index|page|article)(?:[ -]?\\d+)?|[^ ]*\\.(?:html?|php|aspx?)");

    /** Extracted text before normalisation. */
    record Extracted(String title, String body, List<Section> sections) {
    }

    private final int maxText;

    /** @param maxText characters of text a page may yield; walking stops with a rejection beyond it */
    HtmlExtractor(int maxText) {
        this.maxText = maxText;
    }

    Extracted extract(String html) {
        Document document = Jsoup.parse(html);
        String title = document.title().trim();
        String redirect = redirectTarget(document);
        TextLook look = TextLook.ofPage(document);
        document.select(INVISIBLE).remove();
        document.select(SCREEN_READER_ONLY).remove();
        removeHiddenByStyle(document);
        removeDecorationHiddenFromScreenReaders(document);
        Set<Element> siteParts = siteParts(document);
        Element page = document.body() == null ? document : document.body();
        Elements mains = document.select(MAIN);
        Element root = mains.size() == 1 && mains.first().hasText() ? mains.first() : page;
        Element firstH1 = firstOutside(document.select(FIRST_H1), siteParts);
        Collector collector = new Collector(maxText, firstH1, siteParts, look);
        collector.walk(root);
        collector.endBlock();
        if (collector.body().isEmpty() && (root != page || !siteParts.isEmpty())) {
            // a page written all in its menus or its footer: what it holds is still its text
            firstH1 = document.selectFirst(FIRST_H1);
            collector = new Collector(maxText, firstH1, Set.of(), look);
            collector.walk(page);
            collector.endBlock();
        }
        if (firstH1 != null && collector.firstH1().isEmpty()) {
            // the first h1 stands outside the main content, in the page's header: it may still be the title
            Collector heading = new Collector(maxText, firstH1, Set.of(), look);
            heading.walk(firstH1);
            collector.firstH1Text = heading.firstH1();
        }
        if (redirect != null && ArticleCleaner.wordCount(collector.body()) < MAX_WORDS_OF_A_REDIRECT) {
            throw new RejectedInputException("the HTML page only redirects to "
                    + com.researchpipeline.contract.Printable.of(TextStructure.shorten(redirect))
                    + " (a meta refresh) and holds no article", "open that address, save that page and drop it");
        }
        String heading = collector.firstH1();
        if (!heading.isEmpty() && (title.isEmpty() || PLACEHOLDER_TITLE.matcher(title).matches()
                || comparable(title).contains(comparable(heading)))) {
            title = heading;
        }
        if (title.isEmpty()) {
            title = collector.firstLine();
        }
        return new Extracted(TextStructure.shorten(title), collector.body(), collector.sections());
    }

    /** Elements whose own style puts them and all they hold out of sight ({@link InlineStyle#hidesAll}). */
    private static void removeHiddenByStyle(Document document) {
        for (Element styled : document.select("[style]")) {
            if (InlineStyle.of(styled.attr("style")).hidesAll()) {
                styled.remove();
            }
        }
    }

    /**
     * {@code aria-hidden="true"} hides from screen readers, not from the eye: on an icon, a separator or a visual copy of
     * a label the text is decoration and left out, but on an element that holds paragraphs or headings it is the page
     * itself, which a script hid from screen readers behind an open dialog (a cookie notice) as the page was saved.
     */
    private static void removeDecorationHiddenFromScreenReaders(Document document) {
        Elements hidden = document.select("[aria-hidden~=(?i)^\\s*true\\s*$]");
        if (hidden.isEmpty()) {
            return;
        }
        Set<Element> content = holding(document, element -> BLOCKS.contains(element.normalName())
                || HEADINGS.contains(element.normalName()) || element.attr("role").equalsIgnoreCase("heading"));
        for (Element decoration : hidden) {
            if (!content.contains(decoration)) {
                decoration.remove();
            }
        }
    }

    /**
     * The site's parts around its article, which a reader passes over: menus and search boxes ({@code <nav>}, ARIA's
     * navigation and search), a script's overlays (ARIA's dialogs, such as a cookie notice, unless one holds the
     * article), and the page's own footer and header (one not inside an article, section, aside or main; ARIA's
     * contentinfo and banner). A page's header that holds a first-level heading is kept where no article or main holds
     * one: that heading may be the article's title rather than the site's name.
     */
    private static Set<Element> siteParts(Document document) {
        Set<Element> parts = Collections.newSetFromMap(new IdentityHashMap<>());
        parts.addAll(document.select(NAVIGATION));
        Elements overlays = document.select(OVERLAY);
        Set<Element> articles = overlays.isEmpty() ? Set.of() : holding(document, element -> ARTICLE_ITSELF.matches(document, element));
        for (Element overlay : overlays) {
            if (!articles.contains(overlay)) {
                parts.add(overlay); // one holding the article's heading is the article, opened over a list of them
            }
        }
        Elements contents = document.select(MAIN + ", article, [role~=(?i)^article$]");
        Elements headersAndFooters = document.select(PAGE_HEADER_OR_FOOTER);
        if (contents.size() + headersAndFooters.size() > MAX_HEADERS_FOOTERS_AND_ARTICLES) {
            // each is weighed against all it holds or stands in: thousands nested are work growing with their square
            // (5,000 nested headers: over a minute); a page of so many is read whole, as before this was weighed
            return parts;
        }
        boolean articleHasH1 = contents.stream().anyMatch(content -> content.selectFirst(FIRST_H1) != null);
        for (Element part : headersAndFooters) {
            boolean byRole = part.hasAttr("role");
            boolean pageLevel = byRole || part.parents().stream().noneMatch(parent -> parent.is(SECTIONING));
            boolean footer = part.normalName().equals("footer") || part.attr("role").equalsIgnoreCase("contentinfo");
            if (pageLevel && (footer || articleHasH1 || part.selectFirst(FIRST_H1) == null)) {
                parts.add(part);
            }
        }
        return parts;
    }

    /**
     * The elements that match or hold one that does, found in one pass from the last element to the first (each marks
     * its parent), so a page of thousands of nested elements costs no more than one of thousands side by side.
     */
    private static Set<Element> holding(Document document, java.util.function.Predicate<Element> matches) {
        Set<Element> holding = Collections.newSetFromMap(new IdentityHashMap<>());
        Elements all = document.getAllElements();
        for (int i = all.size() - 1; i >= 0; i--) {
            Element element = all.get(i);
            if (holding.contains(element) || matches.test(element)) {
                holding.add(element);
                if (element.parent() != null) {
                    holding.add(element.parent());
                }
            }
        }
        return holding;
    }

    private static Element firstOutside(Elements candidates, Set<Element> parts) {
        for (Element candidate : candidates) {
            if (!parts.contains(candidate) && candidate.parents().stream().noneMatch(parts::contains)) {
                return candidate;
            }
        }
        return null;
    }

    private static String comparable(String text) {
        return text.replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT);
    }

    /** The address a {@code <meta http-equiv="refresh">} sends the reader to, or null. */
    private static String redirectTarget(Document document) {
        for (Element meta : document.select("meta[http-equiv~=(?i)^\\s*refresh\\s*$]")) {
            java.util.regex.Matcher target = REFRESH_TARGET.matcher(meta.attr("content"));
            if (target.find()) {
                return target.group(1);
            }
        }
        return null;
    }

    /**
     * How the text at a place of the page is drawn, as far as inline styles and presentational attributes say, each
     * inherited as in CSS: a font size of nothing, and the text's colour and its background's (null where unknown).
     * Where the page has no style sheet its colours are the browser's defaults, black on white; where it has one, a
     * colour it sets is unknown, so only colours the page writes inline are compared.
     */
    private record TextLook(boolean fontSizeZero, Integer colour, Integer background) {

        static TextLook ofPage(Document document) {
            boolean styled = document.selectFirst("style, link[rel~=(?i)stylesheet]") != null;
            return styled ? new TextLook(false, null, null) : new TextLook(false, 0x000000, 0xFFFFFF);
        }

        TextLook within(Element element) {
            if (!element.hasAttr("style") && !element.hasAttr("bgcolor") && !element.hasAttr("background")
                    && !element.hasAttr("color") && !element.hasAttr("text")) {
                return this;
            }
            InlineStyle style = InlineStyle.of(element.attr("style"));
            Boolean zero = style.fontSizeZero();
            String colour = style.colour();
            if (colour.isEmpty() && (element.normalName().equals("font") || element.normalName().equals("body"))) {
                colour = element.attr(element.normalName().equals("font") ? "color" : "text");
            }
            String background = style.background();
            if (background.isEmpty()) {
                background = element.hasAttr("background") ? "url()" : element.attr("bgcolor");
            }
            // a colour set but not read here (a name such as "navy", an image) is unknown: the text counts as seen
            return new TextLook(zero != null ? zero : fontSizeZero,
                    colour.isEmpty() ? this.colour : InlineStyle.colour(colour),
                    background.isEmpty() ? this.background : InlineStyle.backgroundColour(background, this.background));
        }

        /** Whether a reader sees text drawn so: not at a size of nothing, nor transparent, nor in its background's colour. */
        boolean seen() {
            return !fontSizeZero && (colour == null || colour != InlineStyle.TRANSPARENT && !colour.equals(background));
        }
    }

    /** Walks the tree once, cutting text into blocks at block-element boundaries. */
    private static final class Collector {
        private final List<String> blocks = new ArrayList<>();
        private final List<Section> sections = new ArrayList<>();
        private final StringBuilder current = new StringBuilder();
        private String heading = "";
        private List<String> paragraphs = new ArrayList<>();
        private int preDepth;
        private final int maxText;
        /** Characters collected so far, for the text limit. */
        private int length;

        /** The page's first visible h1, whose text as read here (reference marks apart, as in the body) is kept. */
        private final Element firstH1;
        private String firstH1Text = "";
        /** Elements passed over with all they hold. */
        private final Set<Element> skipped;
        /** How the text of the element being read is drawn. */
        private TextLook look;
        /** Headings the element being read is in: a line break there is a space, as a title is one line. */
        private int headingDepth;

        Collector(int maxText, Element firstH1, Set<Element> skipped, TextLook look) {
            this.maxText = maxText;
            this.firstH1 = firstH1;
            this.skipped = skipped;
            this.look = look;
        }

        /** The text of the first h1 as it is in the body, empty when there is none. */
        String firstH1() {
            return firstH1Text;
        }

        /**
         * Depth first, with a stack of its own rather than the thread's: a page nested thousands of elements
         * deep is read like any other.
         */
        void walk(Node root) {
            Deque<Object> pending = new ArrayDeque<>();
            pending.push(root);
            while (!pending.isEmpty()) {
                Object next = pending.pop();
                if (next instanceof Leave leave) {
                    look = leave.lookAround();
                    leave(leave.tag(), leave.heading(), leave.block(), leave.element());
                } else {
                    enter((Node) next, pending);
                }
                if (length > maxText) {
                    throw ArticleCleaner.textTooLong(length, maxText);
                }
            }
        }

        /** Marks where an element's children end, so what follows them runs then. */
        private record Leave(String tag, boolean heading, boolean block, Element element, TextLook lookAround) {
        }

        private void enter(Node node, Deque<Object> pending) {
            if (node instanceof org.jsoup.nodes.CDataNode) {
                return; // in an HTML page a CDATA section is a comment to browsers, which show nothing of it
            }
            if (node instanceof TextNode text) {
                if (!look.seen()) {
                    return;
                }
                append(preDepth > 0 ? text.getWholeText() : collapse(text.getWholeText()));
                return;
            }
            if (!(node instanceof Element element) || skipped.contains(element)) {
                return;
            }
            String tag = element.normalName().toLowerCase(Locale.ROOT);
            if (tag.equals("br")) {
                trimTrailingSpace();
                if (headingDepth > 0) {
                    append(" ");
                } else {
                    current.append('\n');
                }
                return;
            }
            boolean heading = HEADINGS.contains(tag) || element.attr("role").equalsIgnoreCase("heading");
            headingDepth += heading ? 1 : 0;
            boolean block = heading || BLOCKS.contains(tag);
            if (block) {
                endBlock();
            }
            if (tag.equals("pre")) {
                preDepth++;
            }
            if (tag.equals("td") || tag.equals("th") || CONTROLS.contains(tag)
                    || tag.equals("sup") && isReferenceMark(element)) {
                append(" "); // a cell's text, or a reference mark after a word: "breast cancer<sup>1,2</sup>"
            }
            pending.push(new Leave(tag, heading, block, element, look));
            look = look.within(element);
            List<Node> children = element.childNodes();
            for (int i = children.size() - 1; i >= 0; i--) {
                pending.push(children.get(i));
            }
        }

        private void leave(String tag, boolean heading, boolean block, Element element) {
            if (tag.equals("pre")) {
                preDepth--;
            }
            if (CONTROLS.contains(tag)) {
                append(" ");
            }
            if (heading) {
                headingDepth--;
                String text = currentText();
                if (element == firstH1) {
                    firstH1Text = text;
                }
                startSection(text);
            } else if (block) {
                endBlock();
            }
        }

        private void append(String text) {
            if (preDepth == 0 && text.startsWith(" ") && (current.isEmpty() || endsWithSpace())) {
                text = text.substring(1);
            }
            current.append(text);
            length += text.length();
        }

        private boolean isReferenceMark(Element sup) {
            return sup.childNodeSize() == 1 && sup.childNode(0) instanceof TextNode mark
                    && ReferenceMarks.keptApart(current, mark.getWholeText());
        }

        private boolean endsWithSpace() {
            char last = current.charAt(current.length() - 1);
            return last == ' ' || last == '\n';
        }

        private void trimTrailingSpace() {
            while (!current.isEmpty() && current.charAt(current.length() - 1) == ' ') {
                current.setLength(current.length() - 1);
            }
        }

        /** The block's text; none when it holds only spaces, no-break ones too ({@code <p>&nbsp;</p>} spaces out Word's pages). */
        private String currentText() {
            String text = current.toString().strip();
            current.setLength(0);
            return text.codePoints().allMatch(Character::isSpaceChar) ? "" : text;
        }

        void endBlock() {
            String text = currentText();
            if (!text.isEmpty()) {
                blocks.add(text);
                paragraphs.add(text);
            }
        }

        private void startSection(String headingText) {
            if (headingText.isEmpty()) {
                return;
            }
            if (!heading.isEmpty() || !paragraphs.isEmpty()) {
                sections.add(new Section(heading, paragraphs));
            }
            blocks.add(headingText);
            heading = headingText;
            paragraphs = new ArrayList<>();
        }

        String body() {
            return String.join("\n\n", blocks);
        }

        String firstLine() {
            return blocks.isEmpty() ? "" : blocks.get(0);
        }

        List<Section> sections() {
            List<Section> all = new ArrayList<>(sections);
            if (!heading.isEmpty() || !paragraphs.isEmpty() || all.isEmpty()) {
                all.add(new Section(heading, paragraphs));
            }
            return all;
        }

        private static String collapse(String text) {
            return text.replaceAll("[ \\t\\n\\r\\f\\u000B]+", " ");
        }
    }
}
