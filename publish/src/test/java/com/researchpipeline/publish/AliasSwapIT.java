package com.researchpipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AliasSwapIT {

    @Test
    void aNewMappingVersionFillsItsOwnIndexFromTheTopicAndOnlyThenTakesTheAlias() throws Exception {
        try (PublishFixture fixture = new PublishFixture("swap")) {
            var es = fixture.es;
            IndexTemplate v1 = IndexTemplate.load(fixture.alias());
            IndexTemplate v2 = v1.withVersion(v1.version() + 1);
            fixture.send(Articles.numbered(1, 8));
            try (PublishService old = new PublishService(fixture.config("v1"), v1)) {
                old.start();
                PublishFixture.await("8 documents in v1", Duration.ofSeconds(60), () -> fixture.count() == 8);
            }

            var changes = new IndexLayout(es, v2).ensure();
            assertThat(changes.indexCreated()).isTrue();
            assertThat(changes.aliasWaiting()).as("alias stays on the full index while the new one is empty").isTrue();
            assertThat(es.indices().getAlias(a -> a.name(fixture.alias())).aliases()).containsOnlyKeys(v1.indexName());
            assertThat(fixture.count()).isEqualTo(8);

            try (PublishService upgraded = new PublishService(fixture.config("v2"), v2)) {
                upgraded.start();
                PublishFixture.await("alias moved to " + v2.indexName(), Duration.ofSeconds(60), () -> {
                    try {
                        return es.indices().getAlias(a -> a.name(fixture.alias())).aliases().keySet()
                                .equals(java.util.Set.of(v2.indexName()));
                    } catch (Exception e) {
                        return false;
                    }
                });
                assertThat(fixture.count()).as("the new index is complete when it takes the alias").isEqualTo(8);
            }
            assertThat(es.indices().exists(e -> e.index(v1.indexName())).value())
                    .as("the old index is kept for the operator to delete").isTrue();

            // an older publisher starting again does not take the alias back
            var stale = new IndexLayout(es, v1).ensure();
            assertThat(stale.aliasWaiting()).isFalse();
            assertThat(es.indices().getAlias(a -> a.name(fixture.alias())).aliases()).containsOnlyKeys(v2.indexName());
        }
    }
}
