package com.researchpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.RawArticle;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StablePickupIT {

    @TempDir
    Path inbox;
    IngestHarness harness;

    @BeforeEach
    void startStage() {
        harness = new IngestHarness(inbox, Map.of("INGEST_STABLE_FOR", "1s"));
        harness.start();
    }

    @AfterEach
    void stopStage() {
        harness.close();
    }

    @Test
    void takesAFileCopiedInSlowlyOnceAndWhole() throws Exception {
        StringBuilder expected = new StringBuilder();
        try (OutputStream out = Files.newOutputStream(inbox.resolve("slow copy.txt"))) {
            for (int chunk = 0; chunk < 12; chunk++) {
                String line = "Chunk " + chunk + " of an article about stem cell therapy in Jordan.\n";
                out.write(line.getBytes(StandardCharsets.UTF_8));
                out.flush();
                expected.append(line);
                Thread.sleep(400); // 12 chunks over about five seconds, each gap shorter than INGEST_STABLE_FOR
            }
        }
        // a file that grows again after a pause is read as it is at the end
        List<ConsumerRecord<byte[], byte[]>> records = harness.rawRecords(r -> !r.isEmpty());
        records = harness.rawRecordsAfter(Duration.ofSeconds(2));

        assertThat(records).hasSize(1);
        RawArticle article = JsonSerde.fromBytes(records.get(0).value(), RawArticle.class);
        assertThat(article.body()).isEqualTo(expected.toString());
        assertThat(harness.done("slow copy.txt")).hasContent(expected.toString().strip());
        assertThat(harness.waiting()).isEmpty();
    }
}
