package com.researchpipeline.ingest;

import static com.researchpipeline.ingest.IngestHarness.awaitTrue;
import static com.researchpipeline.ingest.IngestHarness.filesBelow;
import static com.researchpipeline.ingest.IngestHarness.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.RawArticle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several ingest processes on one inbox (a shared folder): each file is taken by exactly one of them. */
class SharedInboxIT {

    private static final int FILES = 300;

    @TempDir
    Path inbox;
    IngestHarness harness;

    @AfterEach
    void stopStages() {
        harness.close();
    }

    @Test
    void twoIngestsOnOneInboxJoiningAndLeavingTakeEachFileExactlyOnce() {
        harness = new IngestHarness(inbox);
        IngestService first = harness.start();
        IngestService second = harness.start();
        for (int i = 0; i < FILES / 2; i++) {
            write(inbox.resolve("article-" + i + ".txt"), body(i));
        }
        awaitTrue("both ingests under way", Duration.ofSeconds(60),
                () -> filesBelow(inbox.resolve(".done")).size() >= 30);
        first.close();
        IngestService third = harness.start();
        for (int i = FILES / 2; i < FILES; i++) {
            write(inbox.resolve("article-" + i + ".txt"), body(i));
        }
        awaitTrue("every file done", Duration.ofSeconds(120), () -> harness.waiting().isEmpty()
                && filesBelow(inbox.resolve(".done")).size() >= FILES);

        Set<String> expected = IntStream.range(0, FILES).mapToObj(i -> "article-" + i + ".txt").collect(Collectors.toSet());
        List<String> done = filesBelow(inbox.resolve(".done"));
        assertThat(done).as("each file moved to .done/ once, none as 'name (2)'").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(filesBelow(inbox.resolve(".failed"))).isEmpty();
        List<ConsumerRecord<byte[], byte[]>> raw = harness.rawRecords(r -> r.size() >= FILES);
        Map<String, Long> perFile = harness.rawRecordsAfter(Duration.ofSeconds(2)).stream()
                .map(r -> JsonSerde.fromBytes(r.value(), RawArticle.class).source().path())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(raw).hasSizeGreaterThanOrEqualTo(FILES);
        assertThat(perFile.keySet()).as("no file lost").isEqualTo(expected);
        assertThat(perFile.values()).as("no file sent twice").allMatch(n -> n == 1);
        assertThat(filesBelow(inbox.resolve(SharedInboxClaims.FOLDER))).as("every claim released").isEmpty();
        second.close();
        third.close();
    }

    private static byte[] body(int i) {
        return ("Article " + i + ": the Royan Institute reports stem cell therapy results for case " + i + ".\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}
