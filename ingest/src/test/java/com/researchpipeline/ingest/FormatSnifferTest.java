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

    @Test
    void aFormatIsKnownByItsWholeSignatureEvenAfterAByteOrderMarkOrBlankLines() {
        for (String text : new String[] {"MZ Lee and colleagues screened 4,000 women.", "7z archives hold no article.",
                "GIF8 is a protein.", "Rar! said the reviewer."}) {
            FormatSniffer.rejectKnownBinary(text.getBytes(StandardCharsets.ISO_8859_1), "a.txt"); // text, not rejected
        }
        String[][] formats = {
            {"\u00EF\u00BB\u00BF{\\rtf1\\ansi Breast cancer.\\par}", "RTF document"},
            {"\n\n{\\rtf1\\ansi Breast cancer.\\par}", "RTF document"},
            {"\u0004%!PS-Adobe-3.0\n72 720 moveto (Breast cancer) show", "PostScript"},
            {"\u001B%-12345X@PJL JOB\n%!PS-Adobe-3.0\n", "printer job"},
            {"MZ\u0090\u0000\u0003\u0000", "Windows program"},
            {"7z\u00BC\u00AF\u0027\u001C\u0000\u0004", "7-Zip"},
        };
        for (String[] format : formats) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> FormatSniffer.rejectKnownBinary(
                            format[0].getBytes(StandardCharsets.ISO_8859_1), "a.txt"))
                    .as(format[1]).isInstanceOf(RejectedInputException.class).hasMessageContaining(format[1]);
        }
    }
}
