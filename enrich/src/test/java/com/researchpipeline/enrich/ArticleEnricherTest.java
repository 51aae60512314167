package com.researchpipeline.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.EnrichedArticle;
import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.RawArticle;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The article's detected language chooses what the extractor applies, and the event says which. */
class ArticleEnricherTest {

    private static final String BODY = "Patients with sickle cell disease were treated at the Mayo Clinic.";
    private static ArticleEnricher enricher;

    @BeforeAll
    static void loadOnce() {
        enricher = new ArticleEnricher(EnrichApplication.loadExtractor(),
                Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));
    }

    private static RawArticle article(String language) {
        return new RawArticle(RawArticle.SCHEMA_VERSION, "a1", "t", BODY, List.of(), language, 11, null,
                Instant.parse("2026-12-01T00:00:00Z"), "test");
    }

    @Test
    void anEnglishOrUndeterminedArticleGetsTheEnglishModelsAndSaysSo() {
        for (String language : List.of("eng", "und", "ENG")) {
            EnrichedArticle enriched = enricher.enrich(article(language));
            assertThat(enriched.extractionLanguage()).as(language).isEqualTo("eng");
            assertThat(enriched.entities()).as(language).extracting(e -> e.canonical())
                    .contains("sickle cell disease", "Mayo Clinic");
        }
    }

    @Test
    void anArticleInALanguageWithoutModelsGetsNoEntitiesAndTheEventSaysNone() {
        EnrichedArticle enriched = enricher.enrich(article("fra"));
        assertThat(enriched.entities()).isEmpty();
        assertThat(enriched.extractionLanguage()).isEqualTo("none");
        assertThat(JsonSerde.toJson(enriched)).contains("\"extractionLanguage\":\"none\"");
    }
}
