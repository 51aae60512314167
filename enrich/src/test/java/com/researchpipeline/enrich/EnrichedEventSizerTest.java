package com.researchpipeline.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchpipeline.contract.EnrichedArticle;
import com.researchpipeline.contract.Entity;
import com.researchpipeline.contract.EntityType;
import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.RawArticle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnrichedEventSizerTest {

    @Test
    void carriesAnEventThatFitsUnchanged() {
        EnrichedArticle event = event("Multiple sclerosis. ".repeat(100), 50);
        var sized = new EnrichedEventSizer(1024 * 1024).fit(event);
        assertThat(sized.entitiesDropped()).isZero();
        assertThat(sized.event()).isEqualTo(event);
    }

    @Test
    void cutsTheEntityListToTheLongestPrefixThatFitsAndKeepsTheArticleWhole() {
        EnrichedArticle event = event("Multiple sclerosis. ".repeat(2_000), 2_000);
        int whole = JsonSerde.toBytes(event).length;
        int limit = whole / 2;

        var sized = new EnrichedEventSizer(limit).fit(event);

        assertThat(sized.bytes().length).isLessThanOrEqualTo(limit);
        assertThat(sized.event().article()).isEqualTo(event.article());
        assertThat(sized.entitiesDropped()).isPositive();
        assertThat(sized.event().entities()).hasSize(2_000 - sized.entitiesDropped())
                .isEqualTo(event.entities().subList(0, sized.event().entities().size()));
        var onlyOneMore = event.entities().subList(0, sized.event().entities().size() + 1);
        assertThat(JsonSerde.toBytes(new EnrichedArticle(1, event.article(), onlyOneMore, event.enrichedAt(),
                event.modelVersion())).length).as("the prefix is the longest that fits").isGreaterThan(limit);
    }

    @Test
    void refusesAnArticleTooLargeEvenWithoutEntitiesNamingTheLimit() {
        EnrichedArticle event = event("Multiple sclerosis. ".repeat(2_000), 10);
        assertThatThrownBy(() -> new EnrichedEventSizer(10_000).fit(event))
                .isInstanceOf(ArticleRejectedException.class)
                .hasMessageContaining("KAFKA_MAX_REQUEST_SIZE").hasMessageContaining("10000-byte");
    }

    private static EnrichedArticle event(String body, int entities) {
        RawArticle article = new RawArticle(RawArticle.SCHEMA_VERSION, "id-1", "t", body, List.of(), "eng", 1,
                null, Instant.EPOCH, "test");
        List<Entity> found = new ArrayList<>();
        for (int i = 0; i < entities; i++) {
            found.add(new Entity(EntityType.DISEASE, "Multiple sclerosis", "multiple sclerosis", i * 20, i * 20 + 18,
                    i, 0.9, "dictionary"));
        }
        return new EnrichedArticle(EnrichedArticle.SCHEMA_VERSION, article, found, Instant.EPOCH, "m1");
    }
}
