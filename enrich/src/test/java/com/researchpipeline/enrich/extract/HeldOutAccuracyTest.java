package com.researchpipeline.enrich.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.EntityType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Accuracy on corpus articles d15-d20, which no rule, gazetteer entry or model was tuned on (they are kept
 * aside for measuring). The floors sit a little under the measured scores, so a regression fails the build.
 */
class HeldOutAccuracyTest {

    private static final List<String> ARTICLES = List.of("d15", "d16", "d17", "d18", "d19", "d20");
    private static EntityScorer scorer;
    private static String report;

    @BeforeAll
    static void scoreHeldOutArticles() throws IOException {
        EntityExtractor extractor = EntityExtractor.load();
        scorer = new EntityScorer();
        for (String name : ARTICLES) {
            String body = resource(name + ".txt");
            scorer.add(name, GoldCorpus.parse(resource(name + ".json")), extractor.extract(body));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        scorer.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        report = bytes.toString(StandardCharsets.UTF_8);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = HeldOutAccuracyTest.class.getResourceAsStream("heldout/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void reachesTheOverallMicroF1FloorOnHeldOutArticles() {
        assertThat(scorer.overall().f1()).as(report).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void reachesTheF1FloorOfEachTypeOnHeldOutArticles() {
        assertThat(scorer.score(EntityType.INSTITUTION).f1()).as(report).isGreaterThanOrEqualTo(0.90);
        assertThat(scorer.score(EntityType.THERAPY).f1()).as(report).isGreaterThanOrEqualTo(0.95);
        assertThat(scorer.score(EntityType.DISEASE).f1()).as(report).isGreaterThanOrEqualTo(0.96);
    }
}
