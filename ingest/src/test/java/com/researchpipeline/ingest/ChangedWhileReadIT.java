package com.researchpipeline.ingest;

import static com.researchpipeline.ingest.IngestHarness.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.RawArticle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file replaced by another of its name, or written to again, while ingest reads it: what was read is not sent (it
 * may be torn), the file is read again once it stays unchanged, and only its final content is sent, once, and
 * archived. The test's reader changes each file at the end of its first read, as a user saving a new version at
 * that moment would. (A change after the read, while Kafka acknowledges, is {@code IntakeStepsTest}'s.)
 */
class ChangedWhileReadIT {

    private static final Duration NOTICED = Duration.ofSeconds(20);

    @TempDir
    Path inbox;

    @Test
    void aFileReplacedOrAppendedToWhileItIsReadIsSentOnceWithItsFinalContent() throws Exception {
        Set<Path> changed = ConcurrentHashMap.newKeySet();
        ArticleIntake.FileReader changingAfterRead = file -> {
            byte[] bytes = Files.readAllBytes(file);
            if (changed.add(file.getFileName())) {
                if (file.getFileName().toString().equals("replaced.txt")) {
                    Path next = file.resolveSibling(".replaced.txt.tmp");
                    Files.writeString(next, "The second version of the article names tuberculosis in Lagos.\n");
                    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    Files.writeString(file, "A paragraph appended later names malaria in Kano.\n",
                            StandardOpenOption.APPEND);
                }
            }
            return bytes;
        };
        try (IngestHarness harness = new IngestHarness(inbox, Map.of())) {
            harness.start(changingAfterRead);
            write(inbox.resolve("replaced.txt"), "The first version of the article names leprosy in Abuja.\n");
            write(inbox.resolve("appended.txt"), "The article first names cholera in Ibadan.\n");

            List<String> bodies = bodies(harness.rawRecords(r -> r.size() >= 2));
            awaitTrue("both files archived", NOTICED, () -> harness.waiting().isEmpty());

            assertThat(bodies).hasSize(2).anyMatch(b -> b.contains("second version"))
                    .anyMatch(b -> b.contains("cholera") && b.contains("malaria"))
                    .noneMatch(b -> b.contains("first version")).noneMatch(b -> b.contains("cholera") && !b.contains("malaria"));
            assertThat(Files.readString(harness.done("replaced.txt"))).contains("second version");
            assertThat(Files.readString(harness.done("appended.txt"))).contains("malaria");
            assertThat(bodies(harness.rawRecordsAfter(Duration.ofSeconds(1)))).as("nothing sent twice").hasSize(2);
        }
    }

    private static void write(Path file, String text) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + ".writing");
        Files.writeString(temporary, text);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<String> bodies(List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> JsonSerde.fromBytes(r.value(), RawArticle.class).body()).toList();
    }
}
