package com.researchpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RejectionReasonTest {

    @Test
    void everyRejectionMessageGetsAShortLabelForTheMetricAndTheDashboard() {
        assertThat(IngestObserver.reasonLabel("the file holds binary data (it contains zero bytes), not text")).isEqualTo("binary");
        assertThat(IngestObserver.reasonLabel("the file is 30000000 bytes, over the limit of 20971520 bytes")).isEqualTo("too_large");
        assertThat(IngestObserver.reasonLabel("the file is empty or holds only white space")).isEqualTo("empty");
        assertThat(IngestObserver.reasonLabel("the PDF has no text layer (3 page(s) of images only, e.g. a scan)")).isEqualTo("pdf_no_text");
        assertThat(IngestObserver.reasonLabel("the PDF is encrypted with a password")).isEqualTo("pdf_encrypted");
        assertThat(IngestObserver.reasonLabel("the file disappeared between being listed and being read")).isEqualTo("vanished");
        assertThat(IngestObserver.reasonLabel("the file is a ZIP archive or an Office document (.docx), not an article in text, Markdown, HTML or PDF"))
                .isEqualTo("unsupported_format");
        assertThat(IngestObserver.reasonLabel("something nobody foresaw")).isEqualTo("other");
        assertThat(IngestObserver.reasonLabel(null)).isEqualTo("other");
    }
}
