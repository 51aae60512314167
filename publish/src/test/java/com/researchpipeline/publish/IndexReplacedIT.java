package com.researchpipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.observability.Health;
import com.researchpipeline.observability.Observability;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Someone deletes the articles index while publish runs ({@code curl -XDELETE}), or makes it again with another
 * mapping. Elasticsearch's auto-creation would quietly make a new index on the next write, without the alias
 * Kibana searches (and, without the template, with guessed mappings); an index with a conflicting mapping would
 * refuse every article as if it were at fault. Publish must put the alias back, say what was lost and how to
 * index it again, write nothing to an index without the template's mapping, and dead-letter no article for it.
 */
class IndexReplacedIT {

    @Test
    void anIndexDeletedWhilePublishRunsIsMadeAgainBehindItsAliasAndTheLossIsReported() throws Exception {
        try (PublishFixture fixture = new PublishFixture("deleted");
             Observability observability = Observability.inMemory();
             PublishService publisher = new PublishService(fixture.config("a"), observability)) {
            publisher.start();
            fixture.send(Articles.numbered(1, 5));
            PublishFixture.await("the first 5 indexed", Duration.ofSeconds(60), () -> fixture.count() == 5);

            fixture.es.indices().delete(d -> d.index(fixture.index()));
            fixture.send(Articles.numbered(6, 5));

            PublishFixture.await("the alias back on the index, with the 5 sent after the deletion",
                    Duration.ofSeconds(30), () -> aliasExists(fixture) && fixture.count() == 5);
            assertThat(fixture.versionsAndSeqNos()).containsOnlyKeys(
                    Articles.numbered(6, 5).stream().map(a -> a.id()).toList());
            PublishFixture.await("readiness says the index was made again and how to index the rest",
                    Duration.ofSeconds(15), () -> {
                        String problem = problem(observability, "index");
                        return problem != null && problem.contains(fixture.index())
                                && problem.contains("bin/pipeline replay publish");
                    });
            var mapping = fixture.es.indices().getMapping(m -> m.index(fixture.index())).get(fixture.index());
            assertThat(new IndexLayout(fixture.es, IndexTemplate.load(fixture.alias()))
                    .mismatch(co.elastic.clients.json.JsonpUtils.toJsonString(mapping.mappings(),
                            fixture.es._jsonpMapper()))).as("the template's mapping").isNull();
            assertThat(fixture.deadLetters()).as("no article dead-lettered").isEmpty();
        }
    }

    @Test
    void anIndexMadeAgainWithAnotherMappingIsNotWrittenToAndNoArticleIsDeadLettered() throws Exception {
        try (PublishFixture fixture = new PublishFixture("remapped");
             Observability observability = Observability.inMemory();
             PublishService publisher = new PublishService(fixture.config("a"), observability)) {
            publisher.start();
            fixture.send(Articles.numbered(1, 3));
            PublishFixture.await("the first 3 indexed", Duration.ofSeconds(60), () -> fixture.count() == 3);

            // an operator's "fix": the index again, by hand, with body as a number (the template still applies,
            // and the request's mapping wins over it)
            fixture.es.indices().delete(d -> d.index(fixture.index()));
            fixture.es.indices().create(c -> c.index(fixture.index())
                    .withJson(new StringReader("{\"mappings\":{\"properties\":{\"body\":{\"type\":\"integer\"}}}}")));
            fixture.send(Articles.numbered(4, 5));

            PublishFixture.await("readiness names the index, the field and the fix", Duration.ofSeconds(30), () -> {
                String problem = problem(observability, "index");
                return problem != null && problem.contains(fixture.index()) && problem.contains("body is integer")
                        && problem.contains("DELETE " + fixture.index());
            });
            PublishFixture.await("publish holds the 5 articles", Duration.ofSeconds(30),
                    () -> problem(observability, "retries") != null);
            fixture.es.indices().refresh(r -> r.index(fixture.index()));
            assertThat(fixture.es.count(c -> c.index(fixture.index())).count()).as("nothing written to the wrong index")
                    .isZero();
            assertThat(aliasExists(fixture)).as("the alias is not put on the wrong index").isFalse();
            List<ConsumerRecord<byte[], byte[]>> letters = fixture.deadLetters();
            assertThat(letters).as("no article dead-lettered for the index's mapping").isEmpty();

            fixture.es.indices().delete(d -> d.index(fixture.index()));
            PublishFixture.await("the 5 held articles indexed once the index is made from the template",
                    Duration.ofSeconds(60), () -> aliasExists(fixture) && fixture.count() == 5);
            PublishFixture.await("offsets committed", Duration.ofSeconds(30), () -> fixture.groupCaughtUp("a"));
            assertThat(fixture.versionsAndSeqNos()).containsOnlyKeys(
                    Articles.numbered(4, 5).stream().map(a -> a.id()).toList());
            assertThat(fixture.deadLetters()).isEmpty();
            PublishFixture.await("the retries check clears", Duration.ofSeconds(30),
                    () -> problem(observability, "retries") == null);
        }
    }

    private static boolean aliasExists(PublishFixture fixture) {
        try {
            return fixture.es.indices().existsAlias(a -> a.name(fixture.alias())).value();
        } catch (Exception e) {
            return false;
        }
    }

    private static String problem(Observability observability, String check) {
        return observability.health().ready().stream().filter(r -> r.check().equals(check) && !r.ok())
                .map(Health.Result::problem).findFirst().orElse(null);
    }
}
