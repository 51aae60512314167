package com.researchpipeline.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Makes files built to break an ingest stage: structure bombs, size edges, special files, links, hostile
 * encodings and names, files that change while they are read. Each kind says what must become of it: an
 * article (found on the raw topic by the marker word it carries, exactly once), a file in {@code .failed/} with
 * its reason, or a file left alone in the inbox. Good articles carry a marker too, so a test can count each.
 */
final class HostileFiles {

    /** What must become of a file (VANISHED: it is gone, and its reason is in .failed). */
    enum Outcome { ARTICLE, FAILED, VANISHED, LEFT_ALONE }

    /** One file made, by its path below the inbox; the marker its article carries (ARTICLE only). */
    record Made(String kind, String path, Outcome outcome, String marker) {
    }

    /** Where files go and the limits the stage runs with. */
    record Context(Path inbox, Path outside, long maxFileSize, int maxText, ScheduledExecutorService background) {
    }

    @FunctionalInterface
    interface Maker {
        List<Made> make(Context context, String kind, int n) throws Exception;
    }

    record Kind(String name, String family, Maker maker) {
    }

    /** Seconds after the files are made that the arrivals come: once the stage listens (it starts in a few). */
    private static final int ARRIVAL_SECONDS = 6;
    static final Pattern MARKER = Pattern.compile("QQM\\d+QQ");
    static final String SECRET = "QQSECRETQQ";
    private static final AtomicInteger MARKERS = new AtomicInteger();
    static final String PROSE = "Stem cell therapy trials at the Royan Institute report progress against "
            + "type 1 diabetes and Parkinson's disease, with regenerative treatments moving into clinical use. ";

    private static final String RUSSIAN = "Исследования "
            + "стволовых клеток в "
            + "институте Рояна. ".repeat(4);
    private static final String CHINESE = "罗扬研究所的干细胞治疗试"
            + "验报告了对一型糖尿病的进展。".repeat(4);
    private static final String JAPANESE = "ロヤン研究所の幹細胞治療"
            + "の臨床試験は、進歩を報告している。".repeat(4);

    static String newMarker() {
        return "QQM" + MARKERS.incrementAndGet() + "QQ";
    }

    /** The markers in a text. */
    static List<String> markersIn(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = MARKER.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    /** A good article: a few sentences with its marker. */
    static Made goodArticle(Path inbox, String folder, int n) {
        String marker = newMarker();
        String path = folder + "/good-" + n + ".txt";
        write(inbox.resolve(path), ("Article " + n + " (" + marker + ")\n\n" + PROSE + "\n\n" + PROSE + marker + "\n")
                .getBytes(StandardCharsets.UTF_8));
        return new Made("good", path, Outcome.ARTICLE, marker);
    }

    static final List<Kind> KINDS = List.of(
        // structure bombs
        kind("html-deep-nesting", "structure", (c, k, n) -> article(c, k, n, ".html", m ->
                ("<html><body>" + "<div>".repeat(5_000) + "<p>Deep " + m + " " + PROSE + "</p>" + "</div>".repeat(5_000)
                        + "</body></html>").getBytes(StandardCharsets.UTF_8))),
        kind("html-nested-headers", "structure", (c, k, n) -> article(c, k, n, ".html", m ->
                ("<html><body><main>" + "<header><footer><article>".repeat(2_000) + "<p>Nested " + m + " " + PROSE + "</p>"
                        + "</article></footer></header>".repeat(2_000) + "</main></body></html>").getBytes(StandardCharsets.UTF_8))),
        kind("html-deep-unclosed", "structure", (c, k, n) -> article(c, k, n, ".html", m ->
                ("<html><body><p>" + m + " " + PROSE + "</p>" + "<span><b><i>".repeat(10_000) + "x")
                        .getBytes(StandardCharsets.UTF_8))),
        kind("html-huge-attribute", "structure", (c, k, n) -> article(c, k, n, ".html", m ->
                ("<html><body><p title=\"" + "A".repeat((int) (c.maxFileSize() * 3 / 4)) + "\">" + m + " " + PROSE
                        + "</p></body></html>").getBytes(StandardCharsets.UTF_8))),
        kind("html-entity-expansion", "structure", (c, k, n) -> article(c, k, n, ".html", m -> {
            StringBuilder dtd = new StringBuilder("<!DOCTYPE html [<!ENTITY e0 \"lol\">");
            for (int i = 1; i < 10; i++) {
                dtd.append("<!ENTITY e").append(i).append(" \"").append(("&e" + (i - 1) + ";").repeat(10)).append("\">");
            }
            return (dtd + "]><html><body><p>" + m + " " + PROSE + "&e9;&e9;&amp;&#x1F9EC;&#99999999;</p></body></html>")
                    .getBytes(StandardCharsets.UTF_8);
        })),
        kind("markdown-deep-lists", "structure", (c, k, n) -> article(c, k, n, ".md", m -> {
            StringBuilder md = new StringBuilder("# Lists " + m + "\n\n" + PROSE + "\n\n");
            for (int i = 0; i < 250; i++) {
                md.append("  ".repeat(i)).append("- item ").append(i).append('\n');
            }
            return md.toString().getBytes(StandardCharsets.UTF_8);
        })),
        kind("heading-padded-with-spaces", "structure", (c, k, n) -> article(c, k, n, ".md", m -> ByteArrays.concat(
                ("# Findings" + " ".repeat((int) (c.maxFileSize() * 8 / 10)) + "end\n\n").getBytes(StandardCharsets.UTF_8),
                marked(m)))),
        kind("markdown-deep-quotes", "structure", (c, k, n) -> article(c, k, n, ".md", m ->
                (">".repeat(50_000) + " " + m + " " + PROSE + "\n" + "> > > - [ ] `".repeat(5_000) + "\n")
                        .getBytes(StandardCharsets.UTF_8))),
        kind("pdf-truncated", "structure", (c, k, n) -> failed(c, k, n, ".pdf", () -> {
            byte[] pdf = TestPdfs.withText("Cut", "Truncated " + newMarker(), PROSE);
            return Arrays.copyOf(pdf, pdf.length / 2);
        })),
        kind("pdf-encrypted", "structure", (c, k, n) -> failed(c, k, n, ".pdf", TestPdfs::passwordProtected)),
        kind("pdf-corrupt", "structure", (c, k, n) -> failed(c, k, n, ".pdf", TestPdfs::corrupt)),
        kind("pdf-deep-nesting", "structure", (c, k, n) -> failed(c, k, n, ".pdf", () ->
                ("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /X " + "[".repeat(50_000) + "]".repeat(50_000)
                        + " >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
                        + "trailer\n<< /Root 1 0 R >>\n%%EOF\n").getBytes(StandardCharsets.US_ASCII))),
        kind("pdf-stream-bomb", "structure", (c, k, n) -> failed(c, k, n, ".pdf", () -> flateBombPdf(32 << 20))),
        kind("pdf-form-fan-out", "structure", (c, k, n) -> failed(c, k, n, ".pdf", () ->
                TestPdfs.formFanOut(14, 10, "Forms drawing forms " + newMarker()))),
        kind("pdf-text-beyond-limit", "size", (c, k, n) -> failed(c, k, n, ".pdf", () ->
                TestPdfs.manyPages(c.maxText() / 15_000 + 2, 100, "More text than the limit allows, repeated line. " + PROSE))),
        kind("zip-disguised-as-text", "structure", (c, k, n) -> failed(c, k, n, ".txt", () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry("article.txt"));
                zip.write(PROSE.repeat(1_000).getBytes(StandardCharsets.UTF_8));
            }
            return out.toByteArray();
        })),
        kind("gzip-disguised-as-markdown", "structure", (c, k, n) -> failed(c, k, n, ".md", () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                gzip.write(new byte[8 << 20]);
            }
            return out.toByteArray();
        })),
        kind("random-binary", "structure", (c, k, n) -> failed(c, k, n, ".txt", () -> random(4096, n))),
        kind("markdown-without-text", "structure", (c, k, n) -> failed(c, k, n, ".md", () ->
                "# \n\n---\n\n- \n> \n***\n```\n```\n| | |\n|-|-|\n".getBytes(StandardCharsets.UTF_8))),
        kind("html-without-visible-text", "structure", (c, k, n) -> failed(c, k, n, ".html", () ->
                ("<html><head><title>t</title><script>var " + newMarker() + "=1;</script></head><body>"
                        + "<div hidden>hidden " + newMarker() + "</div></body></html>").getBytes(StandardCharsets.UTF_8))),
        // hidden text: what no reader of the page sees is not published (SECRET stands in it), what one sees is
        kind("html-text-hidden-by-style", "hidden-text", (c, k, n) -> article(c, k, n, ".html", m ->
                ("<html><body><h1>Trial " + m + "</h1><p>" + PROSE + "</p><p style=\"font-size:0\">" + SECRET
                        + "</p><span class=\"sr-only\">" + SECRET + "</span><p style=\"position:absolute;left:-9999px\">"
                        + SECRET + "</p><p style=\"color:#ffffff\">" + SECRET + "</p><p>" + PROSE + m + "</p></body></html>")
                        .getBytes(StandardCharsets.UTF_8))),
        kind("html-nested-hidden-and-dialogs", "structure", (c, k, n) -> article(c, k, n, ".html", m ->
                ("<html><body><p>" + PROSE + m + "</p>" + "<span aria-hidden=\"true\"><div role=\"dialog\">".repeat(2_000)
                        + "</div></span>".repeat(2_000) + "</body></html>").getBytes(StandardCharsets.UTF_8))),
        kind("html-page-behind-a-cookie-dialog", "hidden-text", (c, k, n) -> article(c, k, n, ".html", m ->
                ("<html><body><div aria-hidden=\"true\"><article><h1>Trial</h1><p>" + PROSE + m + "</p></article></div>"
                        + "<div role=\"dialog\" aria-modal=\"true\"><p>We use cookies " + SECRET + ". Accept all?</p></div>"
                        + "</body></html>").getBytes(StandardCharsets.UTF_8))),
        kind("pdf-with-hidden-text", "hidden-text", (c, k, n) -> article(c, k, n, ".pdf", m ->
                TestPdfs.withHiddenText("Stem cell therapy trial " + m, "keywords " + SECRET, "Results " + m))),
        kind("pdf-white-text-over-many-shapes", "hidden-text", (c, k, n) -> article(c, k, n, ".pdf", m ->
                TestPdfs.whiteTextOverShapes(60_000, 200, m))),
        kind("email-saved-as-text", "hidden-text", (c, k, n) -> article(c, k, n, ".txt", m ->
                ("Received: from relay.example.org by mx.example.org\nFrom: Press <press@example.org>\nTo: desk@example.org\n"
                        + "Message-ID: <" + SECRET + "@example.org>\nSubject: Trial " + m + "\nMIME-Version: 1.0\n"
                        + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
                        + java.util.Base64.getMimeEncoder().encodeToString((PROSE + m + "\n").getBytes(StandardCharsets.UTF_8))
                        + "\n").getBytes(StandardCharsets.UTF_8))),
        // size edges
        kind("zero-bytes", "size", (c, k, n) -> failed(c, k, n, ".txt", () -> new byte[0])),
        kind("one-byte", "size", (c, k, n) -> failed(c, k, n, ".txt", () -> new byte[] {'.'})),
        kind("exactly-the-size-limit", "size", (c, k, n) -> article(c, k, n, ".txt", m -> exactly(m, c.maxFileSize()))),
        kind("size-limit-plus-one", "size", (c, k, n) -> failed(c, k, n, ".txt", () -> exactly(newMarker(), c.maxFileSize() + 1))),
        kind("huge-single-line", "size", (c, k, n) -> article(c, k, n, ".txt", m ->
                (m + " " + PROSE.strip().repeat((int) (c.maxFileSize() * 9 / 10 / PROSE.length())))
                        .getBytes(StandardCharsets.UTF_8))),
        kind("byte-order-mark-only", "size", (c, k, n) -> failed(c, k, n, ".txt", () ->
                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '\r', '\n'})),
        // special files
        kind("named-pipe", "special", (c, k, n) -> {
            Path fifo = c.inbox().resolve("hostile/" + k + "-" + n + ".txt");
            mkfifo(fifo);
            return List.of(new Made(k, rel(c, fifo), Outcome.FAILED, null));
        }),
        kind("unix-socket", "special", (c, k, n) -> {
            Path socket = c.inbox().resolve("hostile/" + k + "-" + n + ".txt");
            Files.createDirectories(socket.getParent());
            try (ServerSocketChannel server = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(socket));
            }
            return List.of(new Made(k, rel(c, socket), Outcome.FAILED, null));
        }),
        kind("link-to-device", "special", (c, k, n) -> {
            List<Made> made = new ArrayList<>();
            for (String device : List.of("/dev/zero", "/dev/urandom", "/dev/stdin")) {
                Path link = c.inbox().resolve("hostile/" + k + "-" + n + device.replace('/', '-') + ".txt");
                Files.createDirectories(link.getParent());
                Files.createSymbolicLink(link, Path.of(device));
                made.add(new Made(k, rel(c, link), Outcome.FAILED, null));
            }
            return made;
        }),
        // links
        kind("symlink-out-of-the-inbox", "links", (c, k, n) -> {
            Path link = c.inbox().resolve("hostile/" + k + "-" + n + ".txt");
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, c.outside().resolve("secret.txt"));
            return List.of(new Made(k, rel(c, link), Outcome.FAILED, null));
        }),
        kind("symlink-to-a-folder-outside", "links", (c, k, n) -> {
            Path link = c.inbox().resolve("hostile/" + k + "-" + n);
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, c.outside());
            return List.of(new Made(k, rel(c, link), Outcome.LEFT_ALONE, null));
        }),
        kind("symlink-within-the-inbox", "links", (c, k, n) -> {
            String marker = newMarker();
            Path target = c.inbox().resolve("hostile/.target-" + n + ".txt"); // a hidden name: never taken itself
            write(target, ("Linked " + marker + " " + PROSE).getBytes(StandardCharsets.UTF_8));
            Path link = c.inbox().resolve("hostile/" + k + "-" + n + ".txt");
            Files.createSymbolicLink(link, target);
            return List.of(new Made(k, rel(c, link), Outcome.ARTICLE, marker),
                    new Made(k, rel(c, target), Outcome.LEFT_ALONE, null));
        }),
        kind("symlink-loop", "links", (c, k, n) -> {
            Path self = c.inbox().resolve("hostile/" + k + "-" + n + ".txt");
            Files.createDirectories(self.getParent());
            Files.createSymbolicLink(self, self);
            Path a = c.inbox().resolve("hostile/" + k + "-" + n + "-a.txt");
            Path b = c.inbox().resolve("hostile/" + k + "-" + n + "-b.txt");
            Files.createSymbolicLink(a, b);
            Files.createSymbolicLink(b, a);
            return List.of(new Made(k, rel(c, self), Outcome.FAILED, null), new Made(k, rel(c, a), Outcome.FAILED, null),
                    new Made(k, rel(c, b), Outcome.FAILED, null));
        }),
        kind("dangling-symlink", "links", (c, k, n) -> {
            Path link = c.inbox().resolve("hostile/" + k + "-" + n + ".txt");
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, c.inbox().resolve("hostile/nothing-here-" + n));
            return List.of(new Made(k, rel(c, link), Outcome.FAILED, null));
        }),
        kind("hard-link-to-a-file-outside", "links", (c, k, n) -> {
            String marker = newMarker();
            Path original = c.outside().resolve("hard-" + n + ".txt");
            write(original, ("Hard linked " + marker + " " + PROSE).getBytes(StandardCharsets.UTF_8));
            Path link = c.inbox().resolve("hostile/" + k + "-" + n + ".txt");
            Files.createDirectories(link.getParent());
            Files.createLink(link, original);
            return List.of(new Made(k, rel(c, link), Outcome.ARTICLE, marker));
        }),
        // encodings
        kind("utf16-without-bom", "encoding", (c, k, n) -> article(c, k, n, ".txt", m ->
                (m + " " + PROSE).getBytes(StandardCharsets.UTF_16LE))),
        kind("utf32-without-bom", "encoding", (c, k, n) -> article(c, k, n, ".txt", m ->
                (m + " " + PROSE).getBytes(java.nio.charset.Charset.forName("UTF-32BE")))),
        kind("invalid-utf8-everywhere", "encoding", (c, k, n) -> failed(c, k, n, ".txt", () -> {
            byte[] bytes = (PROSE + " \u0081\u008D\u0090 end").getBytes(StandardCharsets.ISO_8859_1);
            bytes[5] = (byte) 0xC3;
            return bytes;
        })),
        kind("mixed-encodings", "encoding", (c, k, n) -> article(c, k, n, ".txt", m -> ByteArrays.concat(
                ("Caf\u00e9 " + m + " " + PROSE).getBytes(StandardCharsets.UTF_8),
                " na\u00efve \u201cquoted\u201d".getBytes(TextDecoder.WINDOWS_1252)))),
        kind("nul-bytes", "encoding", (c, k, n) -> failed(c, k, n, ".txt", () ->
                (PROSE + "\u0000\u0000" + PROSE + "\u0000").getBytes(StandardCharsets.UTF_8))),
        kind("control-characters", "encoding", (c, k, n) -> failed(c, k, n, ".txt", () ->
                (PROSE + "\u001b[2J\u001b[31m\u0007\u0008\u0008\u0008\u0001\u0002\u0003\u0004\u0005").getBytes(StandardCharsets.UTF_8))),
        kind("rtl-and-zero-width", "encoding", (c, k, n) -> article(c, k, n, ".txt", m ->
                ("\u202Egnp.exe\u202C \u200B\u200C\u200D\u2060\uFEFF " + m + " \u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627 "
                        + PROSE).getBytes(StandardCharsets.UTF_8))),
        kind("zero-width-space-inside-words", "encoding", (c, k, n) -> article(c, k, n, ".txt", m ->
                (m.substring(0, 3) + "\u200B" + m.substring(3) + " " + PROSE.replace("diabetes", "dia\u2060betes"))
                        .getBytes(StandardCharsets.UTF_8))),
        // names
        kind("name-with-newline", "names", (c, k, n) -> named(c, k, n, "forged\n2026-01-01 INFO ingested ok-" + n + ".txt")),
        kind("name-with-control-characters", "names", (c, k, n) -> named(c, k, n, "ctl\u0001\u001b[31m\t\r-" + n + ".txt")),
        kind("very-long-name", "names", (c, k, n) -> named(c, k, n, "l".repeat(240) + "-" + n + ".txt")),
        kind("very-long-name-rejected", "names", (c, k, n) -> {
            Path file = c.inbox().resolve("hostile/" + "r".repeat(240) + "-" + n + ".txt");
            write(file, new byte[0]);
            return List.of(new Made(k, rel(c, file), Outcome.FAILED, null));
        }),
        kind("unicode-name", "names", (c, k, n) -> named(c, k, n, "\u0645\u0642\u0627\u0644\u0629-\u6587\u7AE0-\uD83E\uDDEC-e\u0301-" + n + ".txt")),
        kind("leading-dash-name", "names", (c, k, n) -> named(c, k, n, "-rf --no-preserve-root-" + n + ".txt")),
        kind("spaces-in-name", "names", (c, k, n) -> named(c, k, n, "  spaced   out  " + n + " .txt")),
        kind("dots-in-name", "names", (c, k, n) -> named(c, k, n, "x..y..%2e%2e-" + n + "..txt")),
        // Latin-1 bytes, as a Windows share or a zip names them: renamed to what they read as, then taken
        kind("name-not-valid-utf8", "names", (c, k, n) -> {
            String marker = newMarker();
            Path file = rawNamed(c.inbox().resolve("hostile"), k + "-" + n + "-caf%E9.txt");
            write(file, ("Latin-1 named " + marker + " " + PROSE).getBytes(StandardCharsets.UTF_8));
            return List.of(new Made(k, "hostile/" + k + "-" + n + "-caf" + latin1E() + ".txt", Outcome.ARTICLE, marker));
        }),
        kind("folder-not-valid-utf8", "names", (c, k, n) -> {
            String marker = newMarker();
            Path folder = rawNamed(c.inbox().resolve("hostile"), k + "-" + n + "-donn%E9es");
            write(folder.resolve("article.txt"), ("In a Latin-1 named folder " + marker + " " + PROSE)
                    .getBytes(StandardCharsets.UTF_8));
            return List.of(new Made(k, "hostile/" + k + "-" + n + "-donn" + latin1E() + "es/article.txt",
                    Outcome.ARTICLE, marker));
        }),
        // a backslash, as a Windows share or a zip leaves it: Camel reads it as a folder separator
        kind("name-with-backslash", "names", (c, k, n) -> {
            String marker = newMarker();
            write(c.inbox().resolve("hostile/" + k + "-" + n + "-2024\\report.txt"),
                    ("Backslash named " + marker + " " + PROSE).getBytes(StandardCharsets.UTF_8));
            return List.of(new Made(k, "hostile/" + k + "-" + n + "-2024%5Creport.txt", Outcome.ARTICLE, marker));
        }),
        kind("folder-with-backslash", "names", (c, k, n) -> {
            String marker = newMarker();
            write(c.inbox().resolve("hostile/" + k + "-" + n + "-a\\b/article.txt"),
                    ("In a backslash named folder " + marker + " " + PROSE).getBytes(StandardCharsets.UTF_8));
            return List.of(new Made(k, "hostile/" + k + "-" + n + "-a%5Cb/article.txt", Outcome.ARTICLE, marker));
        }),
        // files changing while read (the reader below acts on these names)
        kind("deleted-mid-read", "mid-read", (c, k, n) -> {
            Path file = c.inbox().resolve("hostile/" + k + "-" + n + ".txt");
            write(file, (newMarker() + PROSE).getBytes(StandardCharsets.UTF_8));
            return List.of(new Made(k, rel(c, file), Outcome.VANISHED, null));
        }),
        kind("replaced-mid-read", "mid-read", (c, k, n) -> {
            Path file = c.inbox().resolve("hostile/" + k + "-" + n + ".txt");
            String replacement = newMarker();
            write(file, (newMarker() + " original " + PROSE).getBytes(StandardCharsets.UTF_8));
            write(c.outside().resolve("replacement-" + n + ".txt"),
                    ("Replacement " + replacement + " " + PROSE).getBytes(StandardCharsets.UTF_8));
            return List.of(new Made(k, rel(c, file), Outcome.ARTICLE, replacement));
        }),
        kind("folder-renamed-after-read", "mid-read", (c, k, n) -> {
            String marker = newMarker();
            write(c.inbox().resolve("hostile/" + k + "-" + n + "/article.txt"), marked(marker));
            // renamed by the reader below after the read, so before the move: taken under its new name, sent once
            return List.of(new Made(k, "hostile/" + k + "-" + n + "-renamed/article.txt", Outcome.ARTICLE, marker));
        }),
        kind("made-a-folder-mid-read", "mid-read", (c, k, n) -> failed(c, k, n, ".txt", () -> PROSE.getBytes(StandardCharsets.UTF_8))),
        kind("made-a-pipe-mid-read", "mid-read", (c, k, n) -> failed(c, k, n, ".txt", () -> PROSE.getBytes(StandardCharsets.UTF_8))),
        kind("permission-denied", "mid-read", (c, k, n) -> {
            String marker = newMarker();
            Path file = c.inbox().resolve("hostile/" + k + "-" + n + ".txt");
            write(file, (marker + " " + PROSE).getBytes(StandardCharsets.UTF_8));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
            // root reads it anyway: then it is an article like any other
            boolean readable = Files.isReadable(file);
            return List.of(new Made(k, rel(c, file), readable ? Outcome.ARTICLE : Outcome.FAILED, readable ? marker : null));
        }),
        // appended to every 100 ms, pauses longer than the settle period after a close in place (see README, Pickup):
        // it may be read while it grows, but its whole text must reach Kafka and .done/ (earlier versions may too)
        kind("keeps-growing", "mid-read", (c, k, n) -> {
            String marker = newMarker();
            Path file = c.inbox().resolve("hostile/" + k + "-" + n + ".txt");
            write(file, ("Growing " + marker + "\n").getBytes(StandardCharsets.UTF_8));
            AtomicInteger lines = new AtomicInteger();
            ScheduledExecutorService background = c.background();
            Runnable[] append = new Runnable[1];
            append[0] = () -> {
                try {
                    Files.writeString(file, PROSE + "\n", java.nio.file.StandardOpenOption.APPEND);
                } catch (IOException e) {
                    return; // taken meanwhile: then the stability check did not work, which the test will show
                }
                if (lines.incrementAndGet() < 15) {
                    background.schedule(append[0], 100, TimeUnit.MILLISECONDS);
                }
            };
            background.schedule(append[0], 100, TimeUnit.MILLISECONDS);
            return List.of(new Made(k, rel(c, file), Outcome.ARTICLE, marker));
        }),
        // legacy encodings: an HTML page's declaration is followed; undeclared text of another script is refused
        kind("shift-jis-html-declared", "legacy-encoding", (c, k, n) -> article(c, k, n, ".html", m ->
                declaredHtml("shift_jis", m, JAPANESE))),
        kind("windows-1251-html-declared", "legacy-encoding", (c, k, n) -> article(c, k, n, ".html", m ->
                declaredHtml("windows-1251", m, RUSSIAN))),
        kind("gb2312-html-declared-http-equiv", "legacy-encoding", (c, k, n) -> article(c, k, n, ".htm", m ->
                ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body><p>"
                        + m + " " + CHINESE + "</p></body></html>").getBytes(java.nio.charset.Charset.forName("GB2312")))),
        kind("gb18030-text-undeclared", "legacy-encoding", (c, k, n) -> failed(c, k, n, ".txt", () ->
                (newMarker() + " " + CHINESE).getBytes(java.nio.charset.Charset.forName("GB18030")))),
        kind("windows-1251-text-undeclared", "legacy-encoding", (c, k, n) -> failed(c, k, n, ".txt", () ->
                (newMarker() + " " + RUSSIAN).getBytes(java.nio.charset.Charset.forName("windows-1251")))),
        kind("shift-jis-text-undeclared", "legacy-encoding", (c, k, n) -> failed(c, k, n, ".txt", () ->
                (newMarker() + " " + JAPANESE).getBytes(java.nio.charset.Charset.forName("Shift_JIS")))),
        kind("utf32-with-bom", "legacy-encoding", (c, k, n) -> article(c, k, n, ".txt", m -> ByteArrays.concat(
                new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0}, (m + " " + PROSE).getBytes(java.nio.charset.Charset.forName("UTF-32LE"))))),
        // types by content, whatever the name says
        kind("json-data", "types", (c, k, n) -> failed(c, k, n, ".json", () ->
                ("{\"title\": \"" + newMarker() + "\", \"abstract\": \"" + PROSE + "\", \"authors\": [\"A\", \"B\"]}")
                        .getBytes(StandardCharsets.UTF_8))),
        kind("json-named-txt", "types", (c, k, n) -> failed(c, k, n, ".txt", () ->
                ("[{\"id\": 1, \"text\": \"" + PROSE + "\"}]").getBytes(StandardCharsets.UTF_8))),
        kind("jats-xml", "types", (c, k, n) -> failed(c, k, n, ".xml", () ->
                ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<article><front><article-title>" + newMarker()
                        + "</article-title></front><body><p>" + PROSE + "</p></body></article>\n").getBytes(StandardCharsets.UTF_8))),
        kind("svg-named-html", "types", (c, k, n) -> failed(c, k, n, ".html", () ->
                ("<svg xmlns=\"http://www.w3.org/2000/svg\"><text>" + PROSE + "</text></svg>").getBytes(StandardCharsets.UTF_8))),
        kind("rtf-after-byte-order-mark", "types", (c, k, n) -> failed(c, k, n, ".txt", () ->
                ("\uFEFF{\\rtf1\\ansi\\deff0 " + PROSE + "\\par}").getBytes(StandardCharsets.UTF_8))),
        kind("base64-named-txt", "types", (c, k, n) -> failed(c, k, n, ".txt", () -> {
            byte[] data = new byte[3_000];
            new java.util.Random(n).nextBytes(data);
            return java.util.Base64.getMimeEncoder().encode(data);
        })),
        kind("minified-javascript-named-txt", "types", (c, k, n) -> failed(c, k, n, ".txt", () ->
                HostileFiles.minifiedJavaScript().getBytes(StandardCharsets.UTF_8))),
        kind("markdown-of-link-definitions", "types", (c, k, n) -> failed(c, k, n, ".md", () ->
                ("[1]: https://pubmed.ncbi.nlm.nih.gov/12345678/ \"Stem cell therapy\"\n[nejm]: https://www.nejm.org/doi/full/"
                        + "10.1056/NEJMoa123456\n<!-- " + PROSE + " -->\n  [who]: <https://www.who.int/news-room/fact-sheets>\n")
                        .getBytes(StandardCharsets.UTF_8))),
        kind("text-opening-like-a-program", "types", (c, k, n) -> article(c, k, n, ".txt", m ->
                ("MZ Lee and colleagues " + m + " " + PROSE).getBytes(StandardCharsets.UTF_8))),
        kind("uppercase-extension", "types", (c, k, n) -> article(c, k, n, ".TXT", m -> marked(m))),
        kind("mixed-case-pdf-extension-on-text", "types", (c, k, n) -> article(c, k, n, ".Pdf", m -> marked(m))),
        kind("no-extension", "types", (c, k, n) -> article(c, k, n, "", m -> marked(m))),
        kind("double-extension", "types", (c, k, n) -> article(c, k, n, ".pdf.txt", m -> marked(m))),
        kind("real-pdf-named-txt", "types", (c, k, n) -> article(c, k, n, ".txt", m ->
                TestPdfs.withText("Misnamed", "A PDF named as text " + m, PROSE))),
        // times, sizes and places
        kind("modified-in-the-far-future", "times", (c, k, n) -> {
            List<Made> made = article(c, k, n, ".txt", m -> marked(m));
            Files.setLastModifiedTime(c.inbox().resolve(made.get(0).path()),
                    java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2099-01-01T00:00:00Z")));
            return made;
        }),
        kind("modified-in-1970", "times", (c, k, n) -> {
            List<Made> made = article(c, k, n, ".txt", m -> marked(m));
            Files.setLastModifiedTime(c.inbox().resolve(made.get(0).path()),
                    java.nio.file.attribute.FileTime.fromMillis(1_000));
            return made;
        }),
        kind("sparse-file-of-50-gb", "size", (c, k, n) -> {
            Path file = c.inbox().resolve("hostile/" + k + "-" + n + ".txt");
            Files.createDirectories(file.getParent());
            try (java.io.RandomAccessFile sparse = new java.io.RandomAccessFile(file.toFile(), "rw")) {
                sparse.write(newMarker().getBytes(StandardCharsets.US_ASCII));
                sparse.setLength(50L << 30);
            }
            return List.of(new Made(k, rel(c, file), Outcome.FAILED, null));
        }),
        kind("folder-named-like-a-file", "places", (c, k, n) -> {
            String marker = newMarker();
            Path file = c.inbox().resolve("hostile/" + k + "-" + n + ".txt/inner.txt");
            write(file, marked(marker));
            return List.of(new Made(k, rel(c, file), Outcome.ARTICLE, marker));
        }),
        kind("folder-nested-200-deep", "places", (c, k, n) -> {
            String marker = newMarker();
            Path file = c.inbox().resolve("hostile/" + k + "-" + n + "/d".repeat(200) + "/deep.txt");
            write(file, marked(marker));
            return List.of(new Made(k, rel(c, file), Outcome.ARTICLE, marker));
        }),
        // arrivals while ingest runs (done by the background writer once the stage listens)
        kind("renamed-from-temporary-names", "arrivals", (c, k, n) -> {
            List<Made> made = new ArrayList<>();
            for (String temporary : List.of("%s.part", "%s.tmp", "%s.swp", "%s.crdownload", "%s~", ".%s", "~%s")) {
                String marker = newMarker();
                String name = k + "-" + n + "-" + made.size() + ".txt";
                Path written = c.inbox().resolve("hostile/" + String.format(temporary, name));
                write(written, marked(marker));
                Path target = written.resolveSibling(name);
                c.background().schedule(() -> move(written, target), ARRIVAL_SECONDS, TimeUnit.SECONDS);
                made.add(new Made(k, rel(c, target), Outcome.ARTICLE, marker));
            }
            return made;
        }),
        kind("folder-moved-in-whole", "arrivals", (c, k, n) -> {
            Path staged = c.outside().resolve(k + "-" + n);
            List<Made> made = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String marker = newMarker();
                write(staged.resolve("sub/file-" + i + ".txt"), marked(marker));
                made.add(new Made(k, "hostile/" + k + "-" + n + "/sub/file-" + i + ".txt", Outcome.ARTICLE, marker));
            }
            c.background().schedule(() -> move(staged, c.inbox().resolve("hostile/" + k + "-" + n)), ARRIVAL_SECONDS,
                    TimeUnit.SECONDS);
            return made;
        }));

    /**
     * Reads like ingest does, except for the mid-read kinds: what another process might do between the
     * listing and the read.
     */
    static ArticleIntake.FileReader reader(Path inbox, Path outside, long limit) {
        Set<Path> replaced = java.util.concurrent.ConcurrentHashMap.newKeySet();
        return file -> {
            String name = file.getFileName().toString();
            if (name.startsWith("deleted-mid-read")) {
                Files.delete(file);
            } else if (name.startsWith("replaced-mid-read") && replaced.add(file)) {
                String n = name.substring(name.lastIndexOf('-') + 1, name.length() - ".txt".length());
                Files.write(file, Files.readAllBytes(outside.resolve("replacement-" + n + ".txt")));
            } else if (name.startsWith("made-a-folder-mid-read")) {
                Files.delete(file);
                Files.createDirectory(file);
            } else if (name.startsWith("made-a-pipe-mid-read")) {
                Files.delete(file);
                mkfifo(file);
            }
            if (file.getParent().getFileName().toString().startsWith("folder-renamed-after-read")
                    && !file.getParent().getFileName().toString().endsWith("-renamed")) {
                byte[] bytes = ArticleIntake.readBounded(file, inbox, limit);
                Files.move(file.getParent(), file.getParent().resolveSibling(file.getParent().getFileName() + "-renamed"));
                return bytes;
            }
            return ArticleIntake.readBounded(file, inbox, limit);
        };
    }

    /** count files of hostile kinds, taken round robin from {@link #KINDS}. */
    static List<Made> make(Context context, int count) {
        List<Made> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Kind kind = KINDS.get(i % KINDS.size());
            try {
                made.addAll(kind.maker().make(context, kind.name(), i));
            } catch (Exception e) {
                throw new IllegalStateException("cannot make a file of kind " + kind.name() + ": " + e, e);
            }
        }
        return made;
    }

    private static Kind kind(String name, String family, Maker maker) {
        return new Kind(name, family, maker);
    }

    @FunctionalInterface
    private interface Bytes {
        byte[] get() throws IOException;
    }

    @FunctionalInterface
    private interface MarkedBytes {
        byte[] get(String marker) throws IOException;
    }

    private static List<Made> article(Context c, String kind, int n, String extension, MarkedBytes content) throws IOException {
        String marker = newMarker();
        Path file = c.inbox().resolve("hostile/" + kind + "-" + n + extension);
        write(file, content.get(marker));
        return List.of(new Made(kind, rel(c, file), Outcome.ARTICLE, marker));
    }

    private static List<Made> failed(Context c, String kind, int n, String extension, Bytes content) throws IOException {
        Path file = c.inbox().resolve("hostile/" + kind + "-" + n + extension);
        write(file, content.get());
        return List.of(new Made(kind, rel(c, file), Outcome.FAILED, null));
    }

    /** Minified JavaScript as bundlers write it, a space kept after its keywords ("return t", "typeof e", "new Error"). */
    static String minifiedJavaScript() {
        return "!function(e,t){\"use strict\";var n=function(e){return typeof e===\"object\"&&e!==null};function r(e,t)"
                + "{if(!n(e))return t;for(var o in e)if(Object.prototype.hasOwnProperty.call(e,o))t[o]=e[o];return t}var "
                + "i=window.document;function s(e){return new Promise(function(t,n){var o=new XMLHttpRequest;o.open(\"GET\","
                + "e,true);o.onload=function(){if(o.status>=200&&o.status<300)t(o.responseText);else n(new Error(o.statusText"
                + "))};o.onerror=function(){n(new Error(\"Network error\"))};o.send()})}function c(e){var t=i.querySelectorAll"
                + "(e);return Array.prototype.slice.call(t)}var u={get:s,all:c,extend:r,version:\"3.2.1\"};if(typeof module"
                + "!==\"undefined\"&&module.exports)module.exports=u;else window.lib=u}(this);\n";
    }

    /** A short article carrying the marker. */
    private static byte[] marked(String marker) {
        return ("Article " + marker + "\n\n" + PROSE + marker + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** An HTML page in a legacy charset that it declares in its {@code <meta charset>}. */
    private static byte[] declaredHtml(String charset, String marker, String text) {
        return ("<!DOCTYPE html><html><head><meta charset=\"" + charset + "\"><title>" + marker + "</title></head><body><p>"
                + marker + " " + text + "</p></body></html>").getBytes(java.nio.charset.Charset.forName(charset));
    }

    /** A rename done by the background writer: a failure shows as a file missing in the test's outcome. */
    private static void move(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.move(from, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Made> named(Context c, String kind, int n, String name) {
        String marker = newMarker();
        Path file = c.inbox().resolve("hostile/" + name);
        write(file, ("Oddly named " + marker + " " + PROSE).getBytes(StandardCharsets.UTF_8));
        return List.of(new Made(kind, rel(c, file), Outcome.ARTICLE, marker));
    }

    /**
     * The path in the folder whose name is the given bytes ({@code %XX} for a byte that is not ASCII), whatever
     * the file-name encoding: a {@code file:} URI names bytes, a string names characters.
     */
    private static Path rawNamed(Path folder, String escapedName) throws IOException {
        Files.createDirectories(folder);
        return Path.of(java.net.URI.create(folder.toUri().toString().replaceAll("/?$", "/") + escapedName));
    }

    /** What ingest renames the Latin-1 byte E9 to: its Windows-1252 reading, or %E9 where names cannot hold it. */
    private static String latin1E() {
        return "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding")) ? "\u00e9" : "%E9";
    }

    /** A text of exactly the given size in bytes, starting with the marker. */
    private static byte[] exactly(String marker, long size) {
        StringBuilder text = new StringBuilder(marker).append(' ');
        while (text.length() < size) {
            text.append(PROSE);
        }
        text.setLength((int) size);
        text.setCharAt((int) size - 1, '\n');
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        bytes[0] = 'X'; // no known magic number: it must be found out as binary by its content
        return bytes;
    }

    /** A one-page PDF whose content stream inflates to {@code inflated} bytes of white space. */
    private static byte[] flateBombPdf(int inflated) throws IOException {
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(deflated, new Deflater(Deflater.BEST_COMPRESSION))) {
            byte[] spaces = new byte[1 << 20];
            Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < inflated / spaces.length; i++) {
                out.write(spaces);
            }
        }
        byte[] stream = deflated.toByteArray();
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        List<Integer> offsets = new ArrayList<>();
        String[] objects = {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        };
        pdf.writeBytes("%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < objects.length; i++) {
            offsets.add(pdf.size());
            pdf.writeBytes(((i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n").getBytes(StandardCharsets.US_ASCII));
        }
        offsets.add(pdf.size());
        pdf.writeBytes(("4 0 obj\n<< /Length " + stream.length + " /Filter /FlateDecode >>\nstream\n")
                .getBytes(StandardCharsets.US_ASCII));
        pdf.writeBytes(stream);
        pdf.writeBytes("\nendstream\nendobj\n".getBytes(StandardCharsets.US_ASCII));
        int xref = pdf.size();
        StringBuilder table = new StringBuilder("xref\n0 5\n0000000000 65535 f \n");
        for (int offset : offsets) {
            table.append(String.format("%010d 00000 n \n", offset));
        }
        table.append("trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n").append(xref).append("\n%%EOF\n");
        pdf.writeBytes(table.toString().getBytes(StandardCharsets.US_ASCII));
        return pdf.toByteArray();
    }

    static void mkfifo(Path path) throws IOException {
        Files.createDirectories(path.getParent());
        try {
            Process process = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("mkfifo " + path + " failed: " + new String(process.getInputStream().readAllBytes()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static String rel(Context c, Path file) {
        return c.inbox().relativize(file).toString();
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Small byte helpers. */
    static final class ByteArrays {
        static byte[] concat(byte[] first, byte[] second) {
            byte[] both = Arrays.copyOf(first, first.length + second.length);
            System.arraycopy(second, 0, both, first.length, second.length);
            return both;
        }

        private ByteArrays() {
        }
    }

    private HostileFiles() {
    }
}
