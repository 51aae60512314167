package com.researchpipeline.ingest;

import static com.researchpipeline.ingest.IngestHarness.awaitTrue;
import static com.researchpipeline.ingest.IngestHarness.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.DeadLetterHeaders;
import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.RawArticle;
import com.researchpipeline.contract.RejectedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input lands in .failed with its reason file and a record on the dead-letter topic. */
class BadInputIT {

    @TempDir
    Path inbox;
    IngestHarness harness;

    @BeforeEach
    void createHarness() {
        harness = new IngestHarness(inbox, Map.of("INGEST_MAX_FILE_SIZE", "64kb"));
    }

    @AfterEach
    void stopStage() {
        harness.close();
    }

    @Test
    void rejectsEachBadInputWithReasonAndDeadLetterAndGoesOnWithTheNextFile() throws IOException {
        byte[] random = new byte[2048];
        new Random(42).nextBytes(random);
        byte[] invalidEverywhere = "Stem cell report \u0081\u008D\u0090 ends.".getBytes(StandardCharsets.ISO_8859_1);
        invalidEverywhere[17] = (byte) 0xC3;
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("empty.txt", new byte[0]);
        bad.put("blank.md", " \n\n\t  \r\n".getBytes(StandardCharsets.US_ASCII));
        bad.put("binary.txt", random);
        bad.put("photo.md", ArticleCleanerTest.bom(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}, random));
        bad.put("huge.txt", "stem cells ".repeat(7000).getBytes(StandardCharsets.US_ASCII));
        bad.put("scan.pdf", TestPdfs.imageOnly());
        bad.put("locked.pdf", TestPdfs.passwordProtected());
        bad.put("broken.pdf", TestPdfs.corrupt());
        bad.put("garbled.txt", invalidEverywhere);
        Map<String, String> expectedReason = Map.of(
                "empty.txt", "empty", "blank.md", "white space", "binary.txt", "binary", "photo.md", "PNG image",
                "huge.txt", "over the limit", "scan.pdf", "no text layer", "locked.pdf", "encrypted",
                "broken.pdf", "corrupt", "garbled.txt", "not text in any encoding");
        bad.forEach((name, bytes) -> write(inbox.resolve("bad/" + name), bytes));
        harness.start();

        List<ConsumerRecord<byte[], byte[]>> dead = harness.dlqRecords(r -> r.size() >= bad.size());
        write(inbox.resolve("good.txt"), "After all that, a good article on gene therapy.\n".getBytes(StandardCharsets.UTF_8));
        List<ConsumerRecord<byte[], byte[]>> raw = harness.rawRecords(r -> !r.isEmpty());

        assertThat(raw).hasSize(1);
        assertThat(JsonSerde.fromBytes(raw.get(0).value(), RawArticle.class).source().path()).isEqualTo("good.txt");
        Map<String, ConsumerRecord<byte[], byte[]>> byPath = dead.stream().collect(Collectors.toMap(
                r -> JsonSerde.fromBytes(r.value(), RejectedFile.class).path(), Function.identity()));
        assertThat(byPath.keySet()).containsExactlyInAnyOrderElementsOf(bad.keySet().stream().map(n -> "bad/" + n).toList());
        awaitTrue("every reason file is written", Duration.ofSeconds(10), () -> bad.keySet().stream()
                .allMatch(n -> Files.exists(harness.failed("bad/" + n + Inbox.REASON_SUFFIX))));
        for (String name : bad.keySet()) {
            String path = "bad/" + name;
            ConsumerRecord<byte[], byte[]> record = byPath.get(path);
            RejectedFile rejected = JsonSerde.fromBytes(record.value(), RejectedFile.class);
            assertThat(rejected.reason()).as(name).contains(expectedReason.get(name));
            assertThat(rejected.action()).as(name).isNotBlank();
            assertThat(rejected.failedPath()).isEqualTo(".failed/" + path);
            assertThat(rejected.sizeBytes()).isEqualTo(bad.get(name).length);
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(path);
            assertThat(DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.STAGE)).isEqualTo("ingest");
            assertThat(DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.EXCEPTION))
                    .isEqualTo(RejectedInputException.class.getName());
            assertThat(DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.MESSAGE)).isEqualTo(rejected.reason());
            assertThat(DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.ORIGIN_FILE)).isEqualTo(path);
            assertThat(harness.failed(path)).as(name).hasBinaryContent(bad.get(name));
            assertThat(Files.readString(harness.failed(path + Inbox.REASON_SUFFIX)))
                    .contains(path).contains(rejected.reason()).contains(rejected.action());
        }
        awaitTrue("the good file is in .done", Duration.ofSeconds(10), () -> Files.exists(harness.done("good.txt")));
        assertThat(harness.waiting()).isEmpty();
    }

    @Test
    void rejectsAnArticleTooLargeForTheTopicInsteadOfRetryingForever() throws Exception {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, harness.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(harness.rawTopic, 1, (short) 1)
                    .configs(Map.of("max.message.bytes", "4000", "compression.type", "uncompressed"))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        harness.start();
        Random random = new Random(1);
        StringBuilder words = new StringBuilder();
        while (words.length() < 20_000) {
            words.append(Long.toString(random.nextLong(), 36)).append(' ');
        }
        write(inbox.resolve("long.txt"), words.toString().getBytes(StandardCharsets.US_ASCII));

        List<ConsumerRecord<byte[], byte[]>> dead = harness.dlqRecords(r -> !r.isEmpty());

        assertThat(dead).hasSize(1);
        RejectedFile rejected = JsonSerde.fromBytes(dead.get(0).value(), RejectedFile.class);
        assertThat(rejected.reason()).contains("too large for Kafka");
        awaitTrue("the file is in .failed", Duration.ofSeconds(10),
                () -> Files.exists(harness.failed("long.txt.reason.txt")));
        assertThat(harness.waiting()).isEmpty();
        assertThat(harness.rawRecordsAfter(Duration.ofMillis(500))).isEmpty();
    }

    @Test
    void reportsAFileThatVanishesOrTurnsUnreadableBetweenListingAndReading() throws IOException {
        write(inbox.resolve("vanishing.txt"), "Here now, gone when read.\n".getBytes(StandardCharsets.UTF_8));
        write(inbox.resolve("turns-unreadable.txt"), "Replaced by a folder when read.\n".getBytes(StandardCharsets.UTF_8));
        harness.start(file -> {
            // what another process might do after the listing and before the read
            if (file.getFileName().toString().equals("vanishing.txt")) {
                Files.delete(file);
            } else if (file.getFileName().toString().equals("turns-unreadable.txt")) {
                Files.delete(file);
                Files.createDirectory(file);
            }
            return Files.readAllBytes(file);
        });

        Map<String, RejectedFile> rejected = harness.dlqRecords(r -> r.size() >= 2).stream()
                .map(r -> JsonSerde.fromBytes(r.value(), RejectedFile.class))
                .collect(Collectors.toMap(RejectedFile::path, Function.identity()));

        assertThat(rejected.get("vanishing.txt").reason()).contains("disappeared");
        assertThat(rejected.get("vanishing.txt").sizeBytes()).isEqualTo(-1);
        assertThat(rejected.get("vanishing.txt").sha256()).isNull();
        assertThat(rejected.get("turns-unreadable.txt").reason()).contains("cannot be read");
        awaitTrue("both reason files are written", Duration.ofSeconds(10),
                () -> Files.exists(harness.failed("vanishing.txt.reason.txt"))
                        && Files.exists(harness.failed("turns-unreadable.txt.reason.txt")));
        assertThat(Files.readString(harness.failed("vanishing.txt.reason.txt"))).contains("disappeared");
        write(inbox.resolve("next.txt"), "The route goes on with the next file.\n".getBytes(StandardCharsets.UTF_8));
        assertThat(harness.rawRecords(r -> !r.isEmpty())).hasSize(1);
    }
}
