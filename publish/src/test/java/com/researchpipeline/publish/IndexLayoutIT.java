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

    /**
     * An operator pointed the alias at another index, instead of publish's or beside it: before, nothing said so while
     * searches and Kibana showed that index's documents instead of the articles, or mixed with them.
     */
    @Test
    void anAliasPointedAtAnotherIndexIsReportedAndLeftToTheOperator() throws Exception {
        try (PublishFixture fixture = new PublishFixture("misdirected")) {
            var es = fixture.es;
            IndexLayout layout = new IndexLayout(es, IndexTemplate.load(fixture.alias()));
            layout.ensure();
            assertThat(layout.verify().problem()).isNull();
            String other = fixture.alias() + "-scratch";
            es.indices().create(c -> c.index(other));

            es.indices().updateAliases(u -> u.actions(a -> a.remove(r -> r.index(fixture.index()).alias(fixture.alias())))
                    .actions(a -> a.add(r -> r.index(other).alias(fixture.alias()))));
            assertThat(layout.verify().problem()).contains("alias " + fixture.alias() + " points at [" + other
                    + "] instead of " + fixture.index()).contains("none of the articles").contains("POST _aliases");
            assertThat(es.indices().getAlias(a -> a.name(fixture.alias())).aliases()).containsOnlyKeys(other);

            es.indices().updateAliases(u -> u.actions(a -> a.add(r -> r.index(fixture.index()).alias(fixture.alias()))));
            assertThat(layout.verify().problem()).contains("points at [" + other + "] besides " + fixture.index());

            es.indices().updateAliases(u -> u.actions(a -> a.remove(r -> r.index(other).alias(fixture.alias()))));
            assertThat(layout.verify().problem()).isNull();
        }
    }

    /**
     * Another product's index template for {@code <alias>*} with a higher priority: the node makes publish's index
     * from it alone. Before, publish said the index was made by hand or while its template was missing and advised
     * DELETE, after which the index came back the same, for ever.
     */
    @Test
    void anIndexMadeFromAnotherTemplateNamesThatTemplateAndHowToMoveItAside() throws Exception {
        try (PublishFixture fixture = new PublishFixture("shadowed")) {
            var es = fixture.es;
            String other = fixture.alias() + "-other-product";
            es.indices().putIndexTemplate(t -> t.name(other).indexPatterns(fixture.alias() + "*").priority(500L)
                    .template(tt -> tt.mappings(m -> m.properties("title", p -> p.keyword(k -> k)))));
            try {
                IndexLayout layout = new IndexLayout(es, IndexTemplate.load(fixture.alias()));
                layout.ensure();
                IndexLayout.Verdict verdict = layout.verify();
                assertThat(verdict.holdWrites()).isTrue();
                assertThat(verdict.problem()).contains("index template " + other + " (index_patterns ["
                                + fixture.alias() + "*], priority 500) matches " + fixture.index())
                        .contains("leave out " + fixture.alias() + "-v* or a lower priority")
                        .doesNotContain("made by hand");
            } finally {
                es.indices().deleteIndexTemplate(d -> d.name(other));
            }
        }
    }

    private static String indexUuid(PublishFixture fixture) throws Exception {
        return fixture.es.indices().get(g -> g.index(fixture.index())).get(fixture.index())
                .settings().index().uuid();
    }
}
