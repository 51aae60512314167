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
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartIT {

    private static final int FILES = 400;

    @TempDir
    Path inbox;
    IngestHarness harness;

    @BeforeEach
    void fillInbox() {
        harness = new IngestHarness(inbox);
        for (int i = 0; i < FILES; i++) {
            write(inbox.resolve("batch-" + (i % 4) + "/article-" + i + ".txt"),
                    ("Article " + i + ": the Royan Institute reports stem cell therapy results.\n")
                            .getBytes(StandardCharsets.UTF_8));
        }
    }

    @AfterEach
    void stopStage() {
        harness.close();
    }

    @Test
    void restartInTheMiddleOfABackfillLosesNoFileAndMovesNoneTwice() {
        IngestService first = harness.start();
        awaitTrue("the backfill is under way", Duration.ofSeconds(30),
                () -> filesBelow(inbox.resolve(".done")).size() >= 20);
        first.close();
        int doneAtStop = filesBelow(inbox.resolve(".done")).size();
        assertThat(doneAtStop).as("stopped in the middle").isLessThan(FILES);
        assertThat(doneAtStop + harness.waiting().size()).as("every file is either done or waiting").isEqualTo(FILES);

        harness.start();
        awaitTrue("the backfill is finished", Duration.ofSeconds(60), () -> harness.waiting().isEmpty());

        Set<String> expected = IntStream.range(0, FILES)
                .mapToObj(i -> "batch-" + (i % 4) + "/article-" + i + ".txt").collect(Collectors.toSet());
        List<String> done = filesBelow(inbox.resolve(".done"));
        assertThat(done).as("each file in .done once, under its own name").hasSize(FILES)
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(filesBelow(inbox.resolve(".failed"))).isEmpty();
        Set<String> published = harness.rawRecords(r -> r.stream().map(x -> new String(x.key())).distinct().count() >= FILES)
                .stream().map(r -> JsonSerde.fromBytes(r.value(), RawArticle.class).source().path())
                .collect(Collectors.toSet());
        assertThat(published).containsExactlyInAnyOrderElementsOf(expected);
    }
}
