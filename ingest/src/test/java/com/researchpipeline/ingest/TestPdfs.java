package com.researchpipeline.ingest;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/** PDFs made with PDFBox for tests: with a text layer, image only, password protected, damaged. */
final class TestPdfs {

    /** One page; each line is written on its own line, an empty string leaves a paragraph gap. */
    static byte[] withText(String title, String... lines) {
        return write(document -> {
            PDPage page = new PDPage();
            document.addPage(page);
            if (title != null) {
                PDDocumentInformation info = new PDDocumentInformation();
                info.setTitle(title);
                document.setDocumentInformation(info);
            }
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 720);
                for (String line : lines) {
                    content.newLineAtOffset(0, line.isEmpty() ? -24 : -16);
                    if (!line.isEmpty()) {
                        content.showText(line);
                    }
                }
                content.endText();
            }
        });
    }

    /** One page of two columns at the same heights, the left one written first, as LaTeX and Word write them. */
    static byte[] twoColumns(String[] left, String[] right) {
        return write(document -> {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                for (int column = 0; column < 2; column++) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 10);
                    content.newLineAtOffset(column == 0 ? 72 : 320, 720);
                    for (String line : column == 0 ? left : right) {
                        content.newLineAtOffset(0, -14);
                        content.showText(line);
                    }
                    content.endText();
                }
            }
        });
    }

    /**
     * One page whose lines are drawn a glyph at a time from their last glyph to their first, each at its place, as some
     * generators draw; the page's boxes as given ({@code [0 0 0 0]}: a page box without area).
     */
    static byte[] drawnBackwards(PDRectangle pageBox, String... lines) {
        return write(document -> {
            PDPage page = new PDPage(pageBox);
            document.addPage(page);
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(font, 12);
                for (int line = 0; line < lines.length; line++) {
                    for (int i = lines[line].length() - 1; i >= 0; i--) {
                        float x = 72 + font.getStringWidth(lines[line].substring(0, i)) / 1000 * 12;
                        content.setTextMatrix(org.apache.pdfbox.util.Matrix.getTranslateInstance(x, 700 - 16 * line));
                        content.showText(lines[line].substring(i, i + 1));
                    }
                }
                content.endText();
            }
        });
    }

    /**
     * A PDF portfolio: a cover page with Acrobat's notice, and an article attached to it under each name; or, with no
     * name, a dynamic XFA form: a page with the notice a viewer without XFA shows, the form's content in its XML.
     */
    static byte[] standIn(String... attachedNames) {
        return write(document -> {
            PDPage page = new PDPage();
            document.addPage(page);
            String notice = attachedNames.length > 0
                    ? "For the best experience, open this PDF portfolio in Acrobat X or Adobe Reader X, or later."
                    : "Please wait... If this message is not eventually replaced by the proper contents of the document";
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 10);
                content.newLineAtOffset(72, 700);
                content.showText(notice);
                content.endText();
            }
            var catalog = document.getDocumentCatalog().getCOSObject();
            if (attachedNames.length == 0) {
                var form = new org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm(document);
                var xfa = document.getDocument().createCOSStream();
                try (OutputStream out = xfa.createOutputStream()) {
                    out.write("<xdp:xdp xmlns:xdp=\"http://ns.adobe.com/xdp/\"><template/></xdp:xdp>"
                            .getBytes(StandardCharsets.UTF_8));
                }
                form.getCOSObject().setItem(COSName.XFA, xfa);
                document.getDocumentCatalog().setAcroForm(form);
                catalog.setBoolean(COSName.getPDFName("NeedsRendering"), true);
                return;
            }
            java.util.Map<String, org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification> files =
                    new java.util.TreeMap<>();
            for (String name : attachedNames) {
                var file = new org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification();
                file.setFile(name);
                file.setEmbeddedFile(new org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile(document,
                        new java.io.ByteArrayInputStream(withText(null, "An attached article."))));
                files.put(name, file);
            }
            var tree = new org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode();
            tree.setNames(files);
            var names = new org.apache.pdfbox.pdmodel.PDDocumentNameDictionary(document.getDocumentCatalog());
            names.setEmbeddedFiles(tree);
            document.getDocumentCatalog().setNames(names);
            var collection = new org.apache.pdfbox.cos.COSDictionary();
            collection.setName(COSName.TYPE, "Collection");
            catalog.setItem(COSName.getPDFName("Collection"), collection);
        });
    }

    /** One page showing {@code visible}, with {@code hidden} placed off the page and below a crop box that ends mid-page. */
    static byte[] textOutsideTheVisibleArea(String visible, String hidden) {
        return write(document -> {
            PDPage page = new PDPage();
            page.setCropBox(new PDRectangle(0, 400, 612, 392));
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                float[][] at = {{2000, 3000}, {72, 100}, {72, 700}};
                String[] lines = {hidden, hidden, visible};
                for (int i = 0; i < lines.length; i++) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    content.newLineAtOffset(at[i][0], at[i][1]);
                    content.showText(lines[i]);
                    content.endText();
                }
            }
        });
    }

    /**
     * One page showing {@code visible} in black, and {@code hidden} in the ways a reader never sees: white on the white
     * page, invisible (render mode 3), in a 0.2 pt font, fully transparent, clipped away; and {@code onBlue} in white on
     * a dark box, which a reader sees.
     */
    static byte[] withHiddenText(String visible, String hidden, String onBlue) {
        return write(document -> {
            PDPage page = new PDPage();
            document.addPage(page);
            var transparent = new org.apache.pdfbox.pdmodel.graphics.state.PDExtendedGraphicsState();
            transparent.setNonStrokingAlphaConstant(0f);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.setNonStrokingColor(new java.awt.Color(0, 51, 102));
                content.addRect(60, 580, 400, 30);
                content.fill();
                for (int i = 0; i < 7; i++) {
                    content.saveGraphicsState();
                    if (i == 6) {
                        content.addRect(0, 0, 1, 1);
                        content.clip();
                    }
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), i == 3 ? 0.2f : 12);
                    content.newLineAtOffset(72, i == 5 ? 590 : i == 6 ? 500 : 700 - 20 * i);
                    switch (i) {
                        case 1, 5 -> content.setNonStrokingColor(java.awt.Color.WHITE);
                        case 2 -> content.setRenderingMode(org.apache.pdfbox.pdmodel.graphics.state.RenderingMode.NEITHER);
                        case 4 -> content.setGraphicsStateParameters(transparent);
                        default -> { }
                    }
                    content.showText(i == 0 ? visible : i == 5 ? onBlue : hidden);
                    content.endText();
                    content.restoreGraphicsState();
                }
            }
        });
    }

    /**
     * One page filled with {@code shapes} small grey squares (a chart of many points), then {@code lines} of white text
     * above them, each ending in {@code last}: every glyph must be weighed against every shape to know whether it stands
     * on one.
     */
    static byte[] whiteTextOverShapes(int shapes, int lines, String last) {
        return write(document -> {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.setNonStrokingColor(java.awt.Color.GRAY);
                for (int i = 0; i < shapes; i++) {
                    content.addRect(600 - i % 20, 780 - i % 30, 1, 1);
                    content.fill();
                }
                content.setNonStrokingColor(java.awt.Color.WHITE);
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 6);
                content.newLineAtOffset(20, 770);
                for (int i = 0; i < lines; i++) {
                    content.newLineAtOffset(0, -7);
                    content.showText("Stem cell therapy trials at the Royan Institute report progress " + last);
                }
                content.endText();
            }
        });
    }

    /** A scanned page with its OCR text layer: the words drawn invisible (render mode 3) over the picture. */
    static byte[] scanWithOcrLayer(String... lines) {
        return write(document -> {
            BufferedImage scan = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
            PDImageXObject image = LosslessFactory.createFromImage(document, scan);
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.drawImage(image, 0, 0, 612, 792);
                content.beginText();
                content.setRenderingMode(org.apache.pdfbox.pdmodel.graphics.state.RenderingMode.NEITHER);
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 700);
                for (String line : lines) {
                    content.newLineAtOffset(0, -16);
                    content.showText(line);
                }
                content.endText();
            }
        });
    }

    /**
     * One page turned by {@code rotation} degrees (a landscape page of a portrait article), its lines written as on any
     * page, with {@code stamp} written up its left margin (as arXiv stamps every paper), when it is not null.
     */
    static byte[] turned(int rotation, String stamp, String... lines) {
        return write(document -> {
            PDPage page = new PDPage();
            page.setRotation(rotation);
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                if (stamp != null) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 20);
                    content.setTextMatrix(new org.apache.pdfbox.util.Matrix(0, 1, -1, 0, 30, 200));
                    content.showText(stamp);
                    content.endText();
                }
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 720);
                for (String line : lines) {
                    content.newLineAtOffset(0, -16);
                    content.showText(line);
                }
                content.endText();
            }
        });
    }

    /**
     * One page whose text is shown as raw character codes, glyphs a font has no letter for (as a font embedded without
     * its ToUnicode map gives them), above one line of ordinary text ({@code line}).
     */
    static byte[] unmappedGlyphs(int glyphs, String line) {
        StringBuilder codes = new StringBuilder();
        for (int i = 0; i < glyphs; i++) {
            codes.append(String.format("%02X", 1 + i * 7 % 30)).append(i % 6 == 5 ? "20" : "");
        }
        return write(document -> {
            PDPage page = new PDPage();
            document.addPage(page);
            page.setResources(new PDResources());
            page.getResources().put(COSName.getPDFName("F1"), new PDType1Font(Standard14Fonts.FontName.HELVETICA));
            org.apache.pdfbox.pdmodel.common.PDStream content = new org.apache.pdfbox.pdmodel.common.PDStream(document);
            try (OutputStream out = content.createOutputStream()) {
                out.write(("BT /F1 12 Tf 72 700 Td <" + codes + "> Tj 0 -20 Td (" + line + ") Tj ET")
                        .getBytes(StandardCharsets.US_ASCII));
            }
            page.setContents(content);
        });
    }

    /** {@code pages} pages that draw nothing, then one holding {@code line}. */
    static byte[] emptyPagesThenText(int pages, String line) {
        return write(document -> {
            for (int p = 0; p < pages; p++) {
                document.addPage(new PDPage());
            }
            PDPage last = new PDPage();
            document.addPage(last);
            try (PDPageContentStream content = new PDPageContentStream(document, last)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 700);
                content.showText(line);
                content.endText();
            }
        });
    }

    /**
     * One page for each array of lines, each page headed by {@code header} and footed by {@code footer} then its page
     * number, as journals print them ({@code %d} in either is the page's number).
     */
    static byte[] withRunningHeadAndFoot(String header, String footer, String[]... pages) {
        return write(document -> {
            for (int p = 0; p < pages.length; p++) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 9);
                    content.newLineAtOffset(72, 760);
                    content.showText(String.format(header, p + 1));
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    content.newLineAtOffset(0, -40);
                    for (String line : pages[p]) {
                        content.newLineAtOffset(0, line.isEmpty() ? -24 : -16);
                        if (!line.isEmpty()) {
                            content.showText(line);
                        }
                    }
                    content.endText();
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 8);
                    content.newLineAtOffset(72, 40);
                    content.showText(String.format(footer, p + 1));
                    content.newLineAtOffset(460, 0);
                    content.showText(String.valueOf(p + 1));
                    content.endText();
                }
            }
        });
    }

    /**
     * One line of 12-point text whose parts alternate between the line's own and superscripts (7 points, raised 5),
     * as a journal sets reference marks and powers: {@code "cancer", "1,2", " in m", "2"}.
     */
    static byte[] withSuperscripts(String... parts) {
        return write(document -> {
            PDPage page = new PDPage();
            document.addPage(page);
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.newLineAtOffset(72, 700);
                for (int i = 0; i < parts.length; i++) {
                    boolean superscript = i % 2 == 1;
                    content.setFont(font, superscript ? 7 : 12);
                    content.setTextRise(superscript ? 5 : 0);
                    content.showText(parts[i]);
                }
                content.endText();
            }
        });
    }

    /** A page that draws nothing, holding {@code note} in a sticky-note annotation. */
    static byte[] noteOnly(String note) {
        return write(document -> {
            PDPage page = new PDPage();
            document.addPage(page);
            var annotation = new org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationText();
            annotation.setContents(note);
            annotation.setRectangle(new PDRectangle(72, 700, 20, 20));
            page.getAnnotations().add(annotation);
        });
    }

    /** Many pages of the same lines: a small file (the content streams are compressed) of a lot of text. */
    static byte[] manyPages(int pages, int linesPerPage, String line) {
        return write(document -> {
            for (int p = 0; p < pages; p++) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 6);
                    content.newLineAtOffset(20, 770);
                    for (int l = 0; l < linesPerPage; l++) {
                        content.newLineAtOffset(0, -7);
                        content.showText(line);
                    }
                    content.endText();
                }
            }
        });
    }

    /**
     * A few kilobytes that take forever to read: a line of text, then a form that draws the next form {@code fan}
     * times, {@code depth} forms deep, with one line drawn at the bottom ({@code fan}^{@code depth} invocations).
     */
    static byte[] formFanOut(int depth, int fan, String text) {
        return write(document -> {
            PDPage page = new PDPage();
            document.addPage(page);
            PDFormXObject next = form(document, "0 0 m 1 1 l S\n", null);
            for (int level = 1; level < depth; level++) {
                next = form(document, "q /X Do Q\n".repeat(fan), next);
            }
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 700);
                content.showText(text);
                content.endText();
                content.drawForm(next);
            }
        });
    }

    private static PDFormXObject form(PDDocument document, String operators, PDFormXObject drawn) throws IOException {
        PDFormXObject form = new PDFormXObject(document);
        form.setBBox(PDRectangle.LETTER);
        if (drawn != null) {
            form.setResources(new PDResources());
            form.getResources().put(COSName.getPDFName("X"), drawn);
        }
        try (OutputStream out = form.getContentStream().createOutputStream()) {
            out.write(operators.getBytes(StandardCharsets.US_ASCII));
        }
        return form;
    }

    /** A page holding only a picture, as a scanner makes it. */
    static byte[] imageOnly() {
        return scanned(1, null);
    }

    /** Pages of a scan, each a picture, with {@code stamp} written at each page's foot as a text line (or none). */
    static byte[] scanned(int pages, String stamp) {
        return write(document -> {
            BufferedImage scan = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
            scan.getGraphics().drawString("scanned words", 10, 50);
            PDImageXObject image = LosslessFactory.createFromImage(document, scan);
            for (int p = 0; p < pages; p++) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.drawImage(image, 72, 500);
                    if (stamp != null) {
                        content.beginText();
                        content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 8);
                        content.newLineAtOffset(72, 30);
                        content.showText(stamp);
                        content.endText();
                    }
                }
            }
        });
    }

    static byte[] passwordProtected() {
        return write(document -> {
            byte[] plain = withText(null, "Secret stem cell trial results.");
            try (PDDocument source = org.apache.pdfbox.Loader.loadPDF(plain)) {
                document.importPage(source.getPage(0));
                StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", "user-secret",
                        new AccessPermission());
                policy.setEncryptionKeyLength(128);
                document.protect(policy);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                document.save(out);
                throw new Done(out.toByteArray());
            }
        });
    }

    /** A PDF header followed by bytes that are no PDF structure at all. */
    static byte[] corrupt() {
        byte[] valid = withText(null, "This text will be lost in the damage.");
        byte[] damaged = valid.clone();
        for (int i = 16; i < damaged.length; i += 3) {
            damaged[i] = (byte) (damaged[i] ^ 0x5A);
        }
        return damaged;
    }

    /** The same PDF, its page tree's root claiming {@code count} pages whatever the tree holds. */
    static byte[] claimingPages(byte[] pdf, int count) {
        try (PDDocument document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            document.getPages().getCOSObject().setInt(COSName.COUNT, count);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Content {
        void write(PDDocument document) throws IOException;
    }

    /** Lets passwordProtected() return the bytes it saved itself. */
    private static final class Done extends RuntimeException {
        final byte[] bytes;

        Done(byte[] bytes) {
            super(null, null, false, false);
            this.bytes = bytes;
        }
    }

    private static byte[] write(Content content) {
        try (PDDocument document = new PDDocument()) {
            content.write(document);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (Done done) {
            return done.bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TestPdfs() {
    }
}
