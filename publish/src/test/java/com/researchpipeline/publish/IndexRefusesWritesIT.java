package com.researchpipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.observability.Health;
import com.researchpipeline.observability.Observability;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The index refuses every write for a while for a reason of its own, not the documents': an operator closes it,
 * or blocks writes (maintenance, a snapshot, a shrink: {@code index.blocks.write}; or the node past its
 * flood-stage disk watermark). Articles that arrive meanwhile wait, readiness says what is wrong and what to do,
 * and once it is fixed each is indexed exactly once: none is dead-lettered as if the document were at fault.
 */
class IndexRefusesWritesIT {

    @Test
    void articlesArrivingWhileTheIndexIsClosedWaitAndAreIndexedOnceItIsReopened() throws Exception {
        try (PublishFixture fixture = new PublishFixture("closed")) {
            waitWhileRefusedThenIndexOnce(fixture,
                    () -> fixture.es.indices().close(c -> c.index(fixture.index())),
                    () -> fixture.es.indices().open(o -> o.index(fixture.index())),
                    "index_closed_exception", "_open");
        }
    }

    @Test
    void articlesArrivingWhileTheIndexIsWriteBlockedWaitAndAreIndexedOnceTheBlockIsLifted() throws Exception {
        try (PublishFixture fixture = new PublishFixture("blocked")) {
            waitWhileRefusedThenIndexOnce(fixture,
                    () -> fixture.es.indices().putSettings(s -> s.index(fixture.alias())
                            .settings(i -> i.blocks(b -> b.write(true)))),
                    () -> fixture.es.indices().putSettings(s -> s.index(fixture.alias())
                            .settings(i -> i.blocks(b -> b.write(false)))),
                    "cluster_block_exception", "index.blocks");
        }
    }

    private interface Change {
        void apply() throws Exception;
    }

    private static void waitWhileRefusedThenIndexOnce(PublishFixture fixture, Change refuse, Change fix,
                                                      String said, String whatToDo) throws Exception {
        try (Observability observability = Observability.inMemory();
             PublishService publisher = new PublishService(fixture.config("a"), observability)) {
            publisher.start();
            fixture.send(Articles.numbered(1, 5));
            PublishFixture.await("the first 5 indexed", Duration.ofSeconds(60), () -> fixture.count() == 5);

            refuse.apply();
            try {
                fixture.send(Articles.numbered(6, 5));
                PublishFixture.await("readiness says the writes are refused, why, and what to do",
                        Duration.ofSeconds(30), () -> {
                            String problem = retriesProblem(observability);
                            return problem != null && problem.contains("STORE_REFUSED") && problem.contains(said)
                                    && problem.contains(whatToDo);
                        });
                assertThat(Health.allOk(observability.health().ready())).as("not ready while refused").isFalse();
            } finally {
                fix.apply();
            }
            PublishFixture.await("the 5 that waited indexed once it is fixed", Duration.ofSeconds(60),
                    () -> fixture.count() == 10);
            PublishFixture.await("offsets committed", Duration.ofSeconds(30), () -> fixture.groupCaughtUp("a"));
            PublishFixture.await("ready again", Duration.ofSeconds(30), () -> retriesProblem(observability) == null);
        }
        var stored = fixture.versionsAndSeqNos();
        assertThat(stored).containsOnlyKeys(Articles.numbered(1, 10).stream().map(a -> a.id()).toList());
        // one shard: 10 writes that took effect have sequence numbers 0..9; a second write would have taken a 10th
        assertThat(stored.values().stream().map(v -> v.get(1)).collect(Collectors.toSet()))
                .as("exactly one write per article").isEqualTo(LongStream.range(0, 10).boxed().collect(Collectors.toSet()));
        assertThat(fixture.deadLetters()).as("no article dead-lettered").isEmpty();
    }

    private static String retriesProblem(Observability observability) {
        return observability.health().ready().stream().filter(r -> r.check().equals("retries") && !r.ok())
                .map(Health.Result::problem).findFirst().orElse(null);
    }
}
