package com.researchpipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IndexLayoutIT {

    @Test
    void createsTemplateIndexAndAliasOnFirstStartAndKeepsThemOnTheSecond() throws Exception {
        try (PublishFixture fixture = new PublishFixture("layout")) {
            var es = fixture.es;
            fixture.send(Articles.numbered(1, 3));

            try (PublishService first = fixture.startPublisher("a")) {
                PublishFixture.await("3 documents indexed", Duration.ofSeconds(60), () -> fixture.count() == 3);
            }
            var template = es.indices().getIndexTemplate(t -> t.name(fixture.alias())).indexTemplates().get(0);
            assertThat(template.indexTemplate().version()).isEqualTo(IndexTemplate.load(fixture.alias()).version());
            assertThat(template.indexTemplate().indexPatterns()).containsExactly(fixture.alias() + "-v*");
            assertThat(es.indices().getAlias(a -> a.name(fixture.alias())).aliases()).containsOnlyKeys(fixture.index());
            String uuid = indexUuid(fixture);

            var secondLayout = new IndexLayout(es, IndexTemplate.load(fixture.alias())).ensure();
            assertThat(secondLayout).isEqualTo(new IndexLayout.Changes(fixture.index(), false, false, false, false));
            try (PublishService second = fixture.startPublisher("a")) {
                fixture.send(Articles.numbered(4, 1));
                PublishFixture.await("the fourth document indexed", Duration.ofSeconds(60), () -> fixture.count() == 4);
            }
            assertThat(indexUuid(fixture)).as("the same index, not a re-created one").isEqualTo(uuid);
            assertThat(es.indices().getAlias(a -> a.name(fixture.alias())).aliases()).containsOnlyKeys(fixture.index());
        }
    }

    private static String indexUuid(PublishFixture fixture) throws Exception {
        return fixture.es.indices().get(g -> g.index(fixture.index())).get(fixture.index())
                .settings().index().uuid();
    }
}
