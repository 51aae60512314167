package com.researchpipeline.ingest;

import static com.researchpipeline.ingest.IngestHarness.awaitTrue;
import static com.researchpipeline.ingest.IngestHarness.filesBelow;
import static com.researchpipeline.ingest.IngestHarness.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.DeadLetterHeaders;
import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.PipelineVersion;
import com.researchpipeline.contract.RawArticle;
import com.researchpipeline.contract.RejectedFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboxToKafkaIT {

    @TempDir
    Path inbox;
    IngestHarness harness;

    @BeforeEach
    void startStage() {
        harness = new IngestHarness(inbox);
    }

    @AfterEach
    void stopStage() {
        harness.close();
    }

    static Map<String, RawArticle> byPath(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> JsonSerde.fromBytes(r.value(), RawArticle.class))
                .collect(Collectors.toMap(a -> a.source().path(), Function.identity(), (a, b) -> b));
    }

    @Test
    void publishesEachSeedArticleKeyedByItsIdAndMovesItToDone() throws Exception {
        harness.start();
        Instant before = Instant.now();
        for (String seed : List.of("seed-000.txt", "seed-001.txt", "seed-002.txt")) {
            write(inbox.resolve(seed), ArticleCleanerTest.resource(seed));
        }

        List<ConsumerRecord<byte[], byte[]>> records = harness.rawRecords(r -> r.size() >= 3);

        assertThat(records).hasSize(3);
        for (ConsumerRecord<byte[], byte[]> record : records) {
            RawArticle article = JsonSerde.fromBytes(record.value(), RawArticle.class);
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(article.id());
            assertThat(article.id()).isEqualTo(ArticleIntake.sha256(article.body().getBytes(StandardCharsets.UTF_8)));
            byte[] original = ArticleCleanerTest.resource(article.source().fileName());
            assertThat(article.source().sha256()).isEqualTo(ArticleIntake.sha256(original));
            assertThat(article.source().sizeBytes()).isEqualTo(original.length);
            assertThat(article.source().contentType()).isEqualTo("text/markdown");
            assertThat(article.source().modifiedAt()).isNotNull();
            assertThat(article.ingestedAt()).isAfterOrEqualTo(before.minusSeconds(1));
            assertThat(article.pipelineVersion()).isEqualTo(PipelineVersion.get());
            assertThat(article.language()).isEqualTo("eng");
            assertThat(article.schemaVersion()).isEqualTo(RawArticle.SCHEMA_VERSION);
        }
        Map<String, RawArticle> articles = byPath(records);
        assertThat(articles.get("seed-000.txt").body())
                .as("the text as it is, ending in one line end")
                .isEqualTo(new String(ArticleCleanerTest.resource("seed-000.txt"), StandardCharsets.UTF_8).stripTrailing() + "\n");
        assertThat(articles.get("seed-001.txt").body()).contains("a patient’s").doesNotContain("â€™");

        awaitTrue("all three are in .done", Duration.ofSeconds(10),
                () -> filesBelow(inbox.resolve(".done")).size() == 3);
        assertThat(filesBelow(inbox.resolve(".done"))).containsExactly("seed-000.txt", "seed-001.txt", "seed-002.txt");
        assertThat(harness.waiting()).isEmpty();
        assertThat(Files.readAllBytes(harness.done("seed-001.txt"))).isEqualTo(ArticleCleanerTest.resource("seed-001.txt"));
    }

    @Test
    void readsHtmlMarkdownAndPdfInSubfoldersAndKeepsTheirPathInDone() {
        harness.start();
        write(inbox.resolve("2026/web/page.html"), ("<html><head><title>Royan news</title></head><body>"
                + "<h1>Royan Institute</h1><p>The Royan Institute in Tehran reported new stem cell results.</p>"
                + "</body></html>").getBytes(StandardCharsets.UTF_8));
        write(inbox.resolve("2026/notes.md"), "# Gene therapy\n\nHamad Medical Corporation began a trial.\n"
                .getBytes(StandardCharsets.UTF_8));
        write(inbox.resolve("2026/report.pdf"), TestPdfs.withText("PDF report", "PDF report",
                "King Hussein Cancer Center treats leukaemia with CAR-T cell therapy."));

        Map<String, RawArticle> articles = byPath(harness.rawRecords(r -> r.size() >= 3));

        assertThat(articles.keySet()).containsExactlyInAnyOrder("2026/web/page.html", "2026/notes.md", "2026/report.pdf");
        assertThat(articles.get("2026/web/page.html").source().contentType()).isEqualTo("text/html");
        assertThat(articles.get("2026/web/page.html").title()).isEqualTo("Royan news");
        assertThat(articles.get("2026/web/page.html").body()).doesNotContain("<");
        assertThat(articles.get("2026/web/page.html").source().fileName()).isEqualTo("page.html");
        assertThat(articles.get("2026/notes.md").source().contentType()).isEqualTo("text/markdown");
        assertThat(articles.get("2026/report.pdf").source().contentType()).isEqualTo("application/pdf");
        assertThat(articles.get("2026/report.pdf").body()).contains("King Hussein Cancer Center");
        awaitTrue("all three are in .done", Duration.ofSeconds(10), () -> filesBelow(inbox.resolve(".done")).size() == 3);
        assertThat(filesBelow(inbox.resolve(".done")))
                .containsExactly("2026/notes.md", "2026/report.pdf", "2026/web/page.html");
    }

    @Test
    void ignoresHiddenAndTemporaryNamesAndTakesAFileRenamedIntoPlace() throws Exception {
        harness.start();
        byte[] text = "Cell therapy news from Amman.\n".getBytes(StandardCharsets.UTF_8);
        List<String> ignored = List.of(".hidden.txt", "draft.tmp", "upload.part", "~lock.txt", ".article.txt.swp",
                "article.txt.swp", "download.crdownload", "backup.txt~", "#draft.txt#", "paper.txt___jb_tmp___",
                "upload.txt.filepart", "paper.pdf.!qB", "notes.txt.sb-4a3d2e1f-AbC12x");
        for (String name : ignored) {
            write(inbox.resolve(name), text);
        }
        write(inbox.resolve("copying.part"), "Stem cells, written then renamed.\n".getBytes(StandardCharsets.UTF_8));

        assertThat(harness.rawRecordsAfter(Duration.ofSeconds(2))).isEmpty();
        Files.move(inbox.resolve("copying.part"), inbox.resolve("copied.txt"));

        Map<String, RawArticle> articles = byPath(harness.rawRecords(r -> !r.isEmpty()));
        assertThat(articles.keySet()).containsExactly("copied.txt");
        assertThat(articles.get("copied.txt").body()).isEqualTo("Stem cells, written then renamed.\n");
        awaitTrue("the renamed file is in .done", Duration.ofSeconds(10), () -> Files.exists(harness.done("copied.txt")));
        assertThat(harness.waiting()).containsExactlyInAnyOrderElementsOf(
                ignored.stream().filter(n -> !n.startsWith(".")).toList());
        assertThat(inbox.resolve(".hidden.txt")).exists();
    }

    @Test
    void takesNamesWithSpacesUnicodeAndShellCharactersLikeAnyOther() {
        harness.start();
        List<String> names = List.of("my article (final).txt", "Türkiye – özet.md", "it's $HOME; rm -rf & `x`.txt",
                "日本語の記事.txt", "quote\"d name.txt");
        for (int i = 0; i < names.size(); i++) {
            write(inbox.resolve("odd names/" + names.get(i)),
                    ("Article number " + i + " about stem cell therapy.\n").getBytes(StandardCharsets.UTF_8));
        }

        Map<String, RawArticle> articles = byPath(harness.rawRecords(r -> r.size() >= names.size()));

        assertThat(articles.keySet()).containsExactlyInAnyOrderElementsOf(names.stream().map(n -> "odd names/" + n).toList());
        awaitTrue("all are in .done", Duration.ofSeconds(10),
                () -> filesBelow(inbox.resolve(".done")).size() == names.size());
        assertThat(filesBelow(inbox.resolve(".done/odd names"))).containsExactlyInAnyOrderElementsOf(names);
    }

    @Test
    void keepsAFileThatCannotBeMovedWithoutHoldingUpTheOthers() throws Exception {
        harness.start();
        // a path that fits in the inbox but not below .done/ (PATH_MAX, 4,096 bytes): its move fails, every time
        Path deep = inbox.toAbsolutePath();
        while (deep.toString().length() + 250 < 4_096 - "/stuck.txt".length()) {
            deep = deep.resolve("d".repeat(200));
        }
        deep = deep.resolve("e".repeat(4_096 - 1 - "/stuck.txt".length() - deep.toString().length() - 1));
        Path stuck = deep.resolve("stuck.txt");
        assertThat(stuck.toString().length()).isLessThan(4_096).isGreaterThan(4_096 - Inbox.DONE.length() - 2);
        write(stuck, "Published, but its path is too long for .done/.\n".getBytes(StandardCharsets.UTF_8));
        harness.rawRecords(r -> !r.isEmpty());
        write(inbox.resolve("free.txt"), "This one moves as usual.\n".getBytes(StandardCharsets.UTF_8));

        awaitTrue("the other file is in .done", Duration.ofSeconds(10), () -> Files.exists(harness.done("free.txt")));
        assertThat(harness.waiting()).containsExactly(inbox.relativize(stuck).toString());
        assertThat(filesBelow(inbox.resolve(".failed"))).isEmpty();

        Path top = inbox.resolve(inbox.relativize(stuck).getName(0));
        Path shorter = Files.move(top, inbox.resolve("short"));
        Path now = shorter.resolve(top.relativize(stuck));
        awaitTrue("the stuck file is in .done under its shorter path", Duration.ofSeconds(20),
                () -> Files.exists(harness.done(inbox.relativize(now).toString())));
        assertThat(harness.waiting()).isEmpty();
        assertThat(harness.rawRecordsAfter(Duration.ofMillis(300))).as("never sent again while stuck, nor once renamed")
                .hasSize(2);
    }

    @Test
    void doesNotFollowSymbolicLinksOutOfTheInbox(@TempDir Path outside) throws Exception {
        Path secret = outside.resolve("secret.txt");
        Files.writeString(secret, "Private notes that must not be ingested.\n");
        Files.createDirectories(outside.resolve("folder"));
        Files.writeString(outside.resolve("folder/inner.txt"), "Also private.\n");
        Files.createSymbolicLink(inbox.resolve("link.txt"), secret);
        Files.createSymbolicLink(inbox.resolve("linked-folder"), outside.resolve("folder"));
        harness.start();
        write(inbox.resolve("real.txt"), "A real article about gene therapy.\n".getBytes(StandardCharsets.UTF_8));

        List<ConsumerRecord<byte[], byte[]>> dead = harness.dlqRecords(r -> !r.isEmpty());
        Map<String, RawArticle> articles = byPath(harness.rawRecords(r -> !r.isEmpty()));
        harness.rawRecordsAfter(Duration.ofSeconds(1));

        assertThat(articles.keySet()).containsExactly("real.txt");
        assertThat(dead).hasSize(1);
        RejectedFile rejected = JsonSerde.fromBytes(dead.get(0).value(), RejectedFile.class);
        assertThat(rejected.path()).isEqualTo("link.txt");
        assertThat(rejected.reason()).contains("symbolic link").contains("outside the inbox");
        assertThat(DeadLetterHeaders.get(dead.get(0).headers(), DeadLetterHeaders.ORIGIN_FILE)).isEqualTo("link.txt");
        awaitTrue("the link is in .failed", Duration.ofSeconds(10),
                () -> Files.exists(harness.failed("link.txt.reason.txt")));
        assertThat(Files.isSymbolicLink(harness.failed("link.txt"))).isTrue();
        assertThat(secret).hasContent("Private notes that must not be ingested.");
        assertThat(outside.resolve("folder/inner.txt")).exists();
        assertThat(Files.isSymbolicLink(inbox.resolve("linked-folder"))).isTrue();
    }

    @Test
    void doesNotFollowLinksIntoItsOwnFoldersReasonFilesArchivedCopiesAndClaims() throws Exception {
        harness.start();
        write(inbox.resolve("binary.txt"), new byte[] {0, 1, 2, 3, 4, 5});
        awaitTrue("the binary file has its reason", Duration.ofSeconds(20),
                () -> Files.exists(harness.failed("binary.txt.reason.txt")));
        write(inbox.resolve("archived.txt"), "An archived article about malaria.\n".getBytes(StandardCharsets.UTF_8));
        awaitTrue("archived.txt is in .done", Duration.ofSeconds(20), () -> Files.exists(harness.done("archived.txt")));
        Files.createSymbolicLink(inbox.resolve("reason.txt"), Path.of(".failed/binary.txt.reason.txt"));
        Files.createSymbolicLink(inbox.resolve("again.txt"), inbox.resolve(".done/archived.txt"));
        write(inbox.resolve("real.txt"), "A real article about gene therapy.\n".getBytes(StandardCharsets.UTF_8));

        List<ConsumerRecord<byte[], byte[]>> dead = harness.dlqRecords(r -> r.size() >= 3);
        harness.rawRecordsAfter(Duration.ofSeconds(1));
        assertThat(byPath(harness.rawRecords(r -> r.size() >= 2)).keySet())
                .containsExactlyInAnyOrder("archived.txt", "real.txt");
        Map<String, RejectedFile> rejected = dead.stream().map(r -> JsonSerde.fromBytes(r.value(), RejectedFile.class))
                .collect(Collectors.toMap(RejectedFile::path, Function.identity()));
        assertThat(rejected.keySet()).containsExactlyInAnyOrder("binary.txt", "reason.txt", "again.txt");
        assertThat(rejected.get("reason.txt").reason()).contains("symbolic link to .failed/binary.txt.reason.txt")
                .contains("ingest's own folders");
        assertThat(rejected.get("again.txt").reason()).contains(".done/archived.txt");
        assertThat(harness.done("archived.txt")).exists();
        assertThat(harness.failed("binary.txt.reason.txt")).exists();
    }
}
