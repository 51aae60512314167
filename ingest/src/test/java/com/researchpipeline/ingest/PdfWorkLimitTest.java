package com.researchpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A PDF whose forms draw forms ten times over, 14 deep: 10^13 drawings in 4 KB, and no text written meanwhile. */
class PdfWorkLimitTest {

    private static final byte[] FAN_OUT = TestPdfs.formFanOut(14, 10, "A line of text before the drawings.");

    @Test
    void rejectsAPdfThatTakesTooMuchWorkWithinSeconds() throws Exception {
        CompletableFuture<RejectedInputException> outcome = new CompletableFuture<>();
        startExtraction(outcome);

        RejectedInputException rejected = outcome.get(10, TimeUnit.SECONDS);

        assertThat(rejected).hasMessageContaining("takes too much work to read")
                .hasMessageContaining(PdfExtractor.MAX_OPERATORS + " drawing operations");
        assertThat(rejected.action()).contains("print it to a new PDF");
        assertThat(IngestObserver.reasonLabel(rejected.getMessage())).isEqualTo("pdf_too_complex");
    }

    @Test
    void anInterruptedExtractionStopsAlthoughItWritesNoText() throws Exception {
        CompletableFuture<RejectedInputException> outcome = new CompletableFuture<>();
        Thread worker = startExtraction(outcome);
        Thread.sleep(200);

        worker.interrupt();

        assertThat(outcome.get(2, TimeUnit.SECONDS)).hasCauseInstanceOf(InterruptedIOException.class);
    }

    @Test
    void rejectsAPdfOfMorePagesThanAnArticleHasBeforeReadingThem() throws Exception {
        byte[] pages = TestPdfs.emptyPagesThenText(PdfExtractor.MAX_PAGES, "One line of text on the last page.");
        CompletableFuture<RejectedInputException> outcome = new CompletableFuture<>();
        startExtraction(pages, outcome);

        RejectedInputException rejected = outcome.get(2, TimeUnit.SECONDS);

        assertThat(rejected).hasMessageContaining((PdfExtractor.MAX_PAGES + 1) + " pages");
        assertThat(rejected.action()).contains("split");
        assertThat(IngestObserver.reasonLabel(rejected.getMessage())).isEqualTo("pdf_too_complex");
    }

    @Test
    void rejectsAPdfOfMorePagesThanAnArticleHasWhateverPageCountItClaims() throws Exception {
        byte[] pages = TestPdfs.claimingPages(
                TestPdfs.emptyPagesThenText(PdfExtractor.MAX_PAGES, "One line of text on the last page."), 1);
        CompletableFuture<RejectedInputException> outcome = new CompletableFuture<>();
        startExtraction(pages, outcome);

        RejectedInputException rejected = outcome.get(2, TimeUnit.SECONDS);

        assertThat(rejected).hasMessageContaining("more than " + PdfExtractor.MAX_PAGES + " pages");
        assertThat(IngestObserver.reasonLabel(rejected.getMessage())).isEqualTo("pdf_too_complex");
    }

    private static Thread startExtraction(CompletableFuture<RejectedInputException> outcome) {
        return startExtraction(FAN_OUT, outcome);
    }

    private static Thread startExtraction(byte[] pdf, CompletableFuture<RejectedInputException> outcome) {
        // a daemon: without the limit the extraction runs for hours, and must not keep the test JVM alive
        Thread worker = new Thread(() -> {
            try {
                new PdfExtractor(ArticleCleaner.DEFAULT_MAX_TEXT).extract(pdf);
                outcome.completeExceptionally(new AssertionError("the PDF was read"));
            } catch (RejectedInputException e) {
                outcome.complete(e);
            } catch (Throwable e) {
                outcome.completeExceptionally(e);
            }
        }, "pdf-fan-out");
        worker.setDaemon(true);
        worker.start();
        return worker;
    }
}
