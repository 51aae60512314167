package com.researchpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FormatSnifferTest {

    private static boolean isPdf(String head) {
        return FormatSniffer.isPdf(head.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aPdfHeaderCountsAtTheStartOrAfterJunkButNotAfterWordsOrMarkup() {
        assertThat(isPdf("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj")).isTrue();
        assertThat(isPdf("\r\n\u0000\u0000%PDF-1.4\n")).as("a few bytes of junk before the header").isTrue();
        assertThat(isPdf("Every PDF file begins with the header %PDF-1.7, as the standard says.\n"))
                .as("a text about PDFs").isFalse();
        assertThat(isPdf("<html><body><p>text</p><!-- %PDF-1.4 hidden --></body></html>")).as("a page").isFalse();
    }

    @Test
    void aPageIsHtmlWhateverTheLengthOfTheCommentsBeforeIt() {
        String page = "<!--" + "licence text, line after line\n".repeat(200) + "-->\n<!DOCTYPE html><html><head>"
                + "<title>T</title><script>var x = 1;</script></head><body><h1>Heading</h1><p>Text.</p></body></html>";
        assertThat(page.indexOf("<!DOCTYPE")).isGreaterThan(4096);
        assertThat(FormatSniffer.textFormat(page, "page.html")).isEqualTo(FormatSniffer.Format.HTML);
        assertThat(FormatSniffer.textFormat(page, "page.txt")).isEqualTo(FormatSniffer.Format.HTML);
        assertThat(FormatSniffer.textFormat("<!-- never closed " + "x".repeat(5000), "notes.txt"))
                .isEqualTo(FormatSniffer.Format.PLAIN);
    }
}
