package com.researchpipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.researchpipeline.contract.EnrichedArticle;
import com.researchpipeline.contract.Entity;
import com.researchpipeline.contract.EntityType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A long article can hold more entities than Elasticsearch takes nested objects in one document. */
class ManyEntitiesIT {

    @Test
    void anArticleWithMoreEntitiesThanTheIndexNestsIsIndexedWithAllItsFacetsAndNoneIsDeadLettered() throws Exception {
        int limit = IndexTemplate.NESTED_OBJECTS_LIMIT;
        EnrichedArticle crowded = crowded(limit + 2_000);
        try (PublishFixture fixture = new PublishFixture("crowded")) {
            var good = Articles.numbered(1, 2);
            fixture.send(good.subList(0, 1));
            fixture.send(List.of(crowded));
            fixture.send(good.subList(1, 2));

            try (PublishService publisher = fixture.startPublisher("a")) {
                PublishFixture.await("3 documents indexed", Duration.ofSeconds(60), () -> fixture.count() == 3);
                PublishFixture.await("offsets committed", Duration.ofSeconds(30), () -> fixture.groupCaughtUp("a"));
            }

            ObjectNode source = fixture.es.get(g -> g.index(fixture.alias()).id(crowded.id()), ObjectNode.class).source();
            assertThat(source).isNotNull();
            assertThat(source.path("entityCount").asInt()).isEqualTo(limit + 2_000);
            assertThat(source.path("entities")).hasSize(limit);
            List<String> diseases = new ArrayList<>();
            source.path("diseases").forEach(name -> diseases.add(name.asText()));
            assertThat(diseases).as("the facet names the disease mentioned only after the cut")
                    .containsExactly("multiple sclerosis", "asthma");
            JsonNode first = source.path("entities").get(0);
            assertThat(first.path("text").asText()).isEqualTo("Multiple sclerosis");
            assertThat(fixture.deadLetters()).isEmpty();
        }
    }

    /** {@code mentions} mentions of multiple sclerosis, the last of them asthma. */
    private static EnrichedArticle crowded(int mentions) {
        StringBuilder body = new StringBuilder();
        List<Entity> entities = new ArrayList<>();
        for (int i = 0; i < mentions; i++) {
            String text = i == mentions - 1 ? "Asthma" : "Multiple sclerosis";
            int start = body.length();
            body.append(text).append(". ");
            entities.add(new Entity(EntityType.DISEASE, text, i == mentions - 1 ? "asthma" : "multiple sclerosis",
                    start, start + text.length(), i, 0.9, "dictionary"));
        }
        return Articles.enriched("A crowded review", body.toString(), Articles.INGESTED, entities);
    }
}
