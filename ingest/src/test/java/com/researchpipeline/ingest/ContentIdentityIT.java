package com.researchpipeline.ingest;

import static com.researchpipeline.ingest.IngestHarness.awaitTrue;
import static com.researchpipeline.ingest.IngestHarness.filesBelow;
import static com.researchpipeline.ingest.IngestHarness.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.RawArticle;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The article id is the SHA-256 of the cleaned text, so a re-dropped article keeps its id and key. */
class ContentIdentityIT {

    @TempDir
    Path inbox;
    IngestHarness harness;

    @BeforeEach
    void startStage() {
        harness = new IngestHarness(inbox);
        harness.start();
    }

    @AfterEach
    void stopStage() {
        harness.close();
    }

    @Test
    void givesTheSameIdToAnArticleReDroppedUnderAnyNameEncodingOrLineEnding() {
        byte[] seed = ArticleCleanerTest.resource("seed-001.txt");
        String repaired = new String(seed, StandardCharsets.UTF_8).replace("patientâ€™s", "patient’s");
        String crlf = repaired.replace("\n", "\r\n");
        List<byte[]> variants = List.of(
                seed,                                                           // as published, with its mojibake
                repaired.getBytes(StandardCharsets.UTF_8),                      // clean UTF-8
                ArticleCleanerTest.bom(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                        crlf.getBytes(StandardCharsets.UTF_8)),                 // UTF-8 with BOM and CRLF
                ArticleCleanerTest.bom(new byte[] {(byte) 0xFF, (byte) 0xFE},
                        crlf.getBytes(StandardCharsets.UTF_16LE)),              // UTF-16LE with BOM
                repaired.getBytes(Charset.forName("windows-1252")));            // Windows-1252
        for (int i = 0; i < variants.size(); i++) {
            write(inbox.resolve("copy-" + i + ".txt"), variants.get(i));
        }

        List<ConsumerRecord<byte[], byte[]>> records = harness.rawRecords(r -> r.size() >= variants.size());

        assertThat(records).hasSize(variants.size());
        String id = JsonSerde.fromBytes(records.get(0).value(), RawArticle.class).id();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            RawArticle article = JsonSerde.fromBytes(record.value(), RawArticle.class);
            assertThat(article.id()).as(article.source().path()).isEqualTo(id);
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(id);
            assertThat(article.body()).isEqualTo(repaired.stripTrailing() + "\n");
        }
    }

    @Test
    void keepsBothFilesInDoneWhenTheSameNameIsDroppedTwice() {
        byte[] article = ArticleCleanerTest.resource("seed-000.txt");
        write(inbox.resolve("news/seed.txt"), article);
        awaitTrue("the first copy is in .done", Duration.ofSeconds(15),
                () -> filesBelow(inbox.resolve(".done")).size() == 1);
        write(inbox.resolve("news/seed.txt"), article);
        awaitTrue("the second copy is in .done", Duration.ofSeconds(15),
                () -> filesBelow(inbox.resolve(".done")).size() == 2);
        write(inbox.resolve("news/seed.txt"), "A different article under the same name.\n".getBytes(StandardCharsets.UTF_8));
        awaitTrue("the third file is in .done", Duration.ofSeconds(15),
                () -> filesBelow(inbox.resolve(".done")).size() == 3);

        List<String> keys = harness.rawRecords(r -> r.size() >= 3).stream()
                .map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
        assertThat(keys).hasSize(3);
        assertThat(keys.get(1)).as("the same article twice: the same key").isEqualTo(keys.get(0));
        assertThat(keys.get(2)).as("another article under the same name: another key").isNotEqualTo(keys.get(0));
        assertThat(filesBelow(inbox.resolve(".done")))
                .containsExactly("news/seed (2).txt", "news/seed (3).txt", "news/seed.txt");
        assertThat(harness.done("news/seed.txt")).hasBinaryContent(article);
        assertThat(harness.done("news/seed (2).txt")).hasBinaryContent(article);
        assertThat(harness.done("news/seed (3).txt")).hasContent("A different article under the same name.");
    }
}
