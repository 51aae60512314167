package com.researchpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One article, one id: every corpus article and each of its variants (line endings, byte-order marks,
 * UTF-16, Windows-1252, mojibake of itself, trailing blank lines, under a .md or a .txt name) cleans to the
 * same text, so the same SHA-256.
 */
class ArticleIdentityTest {

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private final ArticleCleaner cleaner = new ArticleCleaner();

    static Stream<String> corpusArticles() {
        return new String(resource("index.list"), StandardCharsets.UTF_8).lines().filter(n -> n.endsWith(".txt"));
    }

    @ParameterizedTest
    @MethodSource("corpusArticles")
    void givesEveryVariantOfAnArticleTheSameId(String name) {
        String text = new String(resource(name), StandardCharsets.UTF_8);
        String expected = ArticleIntake.sha256(cleaner.clean(resource(name), name).body().getBytes(StandardCharsets.UTF_8));

        Map<String, byte[]> variants = variants(text);
        assertThat(variants).hasSizeGreaterThanOrEqualTo(10);
        for (Map.Entry<String, byte[]> variant : variants.entrySet()) {
            for (String fileName : List.of(name, name.replace(".txt", ".md"), "article")) {
                CleanedArticle cleaned = cleaner.clean(variant.getValue(), fileName);
                assertThat(ArticleIntake.sha256(cleaned.body().getBytes(StandardCharsets.UTF_8)))
                        .as("%s as %s named %s (sniffed as %s)", name, variant.getKey(), fileName, cleaned.contentType())
                        .isEqualTo(expected);
            }
        }
    }

    /** The article's text as the many byte sequences it reaches an inbox as. */
    static Map<String, byte[]> variants(String text) {
        String repaired = text; // the corpus may carry mojibake itself; every variant starts from the file as it is
        Map<String, byte[]> variants = new LinkedHashMap<>();
        String crlf = repaired.replace("\n", "\r\n");
        String cr = repaired.replace("\n", "\r");
        variants.put("as is", repaired.getBytes(StandardCharsets.UTF_8));
        variants.put("CRLF", crlf.getBytes(StandardCharsets.UTF_8));
        variants.put("CR", cr.getBytes(StandardCharsets.UTF_8));
        variants.put("UTF-8 BOM", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, repaired.getBytes(StandardCharsets.UTF_8)));
        variants.put("UTF-8 BOM CRLF", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, crlf.getBytes(StandardCharsets.UTF_8)));
        variants.put("UTF-16LE BOM", concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, repaired.getBytes(StandardCharsets.UTF_16LE)));
        variants.put("UTF-16BE BOM CRLF", concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, crlf.getBytes(StandardCharsets.UTF_16BE)));
        variants.put("trailing blank lines", (repaired + "\n\n  \n\t\n").getBytes(StandardCharsets.UTF_8));
        variants.put("no final newline", repaired.stripTrailing().getBytes(StandardCharsets.UTF_8));
        variants.put("CRLF, trailing blank lines", (crlf + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        variants.put("mojibake of itself", mojibake(repaired).getBytes(StandardCharsets.UTF_8));
        variants.put("mojibake of itself, CRLF", mojibake(crlf).getBytes(StandardCharsets.UTF_8));
        CharsetEncoder cp1252 = WINDOWS_1252.newEncoder();
        if (cp1252.canEncode(repaired)) {
            variants.put("Windows-1252", repaired.getBytes(WINDOWS_1252));
            variants.put("Windows-1252 CRLF", crlf.getBytes(WINDOWS_1252));
        }
        return variants;
    }

    /** UTF-8 bytes read as Windows-1252, as a lenient decoder does it (undefined bytes become C1 controls). */
    static String mojibake(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            String decoded = new String(new byte[] {b}, WINDOWS_1252);
            out.append(decoded.charAt(0) == '\uFFFD' ? (char) (b & 0xFF) : decoded.charAt(0));
        }
        return out.toString();
    }

    static byte[] concat(byte[] first, byte[] second) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(first);
        out.writeBytes(second);
        return out.toByteArray();
    }

    static byte[] resource(String name) {
        try (InputStream in = ArticleIdentityTest.class.getResourceAsStream("/corpus/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource /corpus/" + name + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> corpus() {
        return new ArrayList<>(corpusArticles().toList());
    }
}
