package com.researchpipeline.ingest;

import java.io.IOException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * The text layer of a PDF, read with Apache PDFBox: lines in reading order, paragraphs separated by a blank
 * line. Encrypted, corrupt and image-only PDFs are rejected with what to do about them. Stateless and
 * thread-safe (each call opens its own document).
 */
final class PdfExtractor {

    /** Extracted text before normalisation; title is the document's Title entry, empty when it has none. */
    record Extracted(String title, String text) {
    }

    Extracted extract(byte[] bytes) {
        try (PDDocument document = Loader.loadPDF(bytes)) {
            if (document.isEncrypted() && !document.getCurrentAccessPermission().canExtractContent()) {
                throw new RejectedInputException("the PDF is encrypted and its owner does not allow copying its text",
                        "export an unprotected PDF (or plain text) from the source and drop that");
            }
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setLineSeparator("\n");
            stripper.setParagraphEnd("\n");
            stripper.setPageEnd("\n");
            stripper.setSortByPosition(true);
            String text = stripper.getText(document);
            if (text.isBlank()) {
                throw new RejectedInputException("the PDF has no text layer (" + document.getNumberOfPages()
                        + " page(s) of images only, e.g. a scan)",
                        "run OCR on it (for example `ocrmypdf in.pdf out.pdf`) and drop the result");
            }
            String title = document.getDocumentInformation().getTitle();
            return new Extracted(title == null ? "" : title.trim(), text);
        } catch (InvalidPasswordException e) {
            throw new RejectedInputException("the PDF is encrypted with a password",
                    "remove the password (print to PDF, or `qpdf --decrypt`) and drop it again", e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof RejectedInputException rejected) {
                throw rejected;
            }
            throw new RejectedInputException("the PDF is corrupt and cannot be read: " + e.getMessage(),
                    "re-export or re-download the PDF and drop it again", e);
        }
    }
}
