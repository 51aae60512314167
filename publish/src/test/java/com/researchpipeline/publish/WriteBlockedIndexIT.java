package com.researchpipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An operator blocks writes to the index (maintenance, a snapshot, a shrink: {@code index.blocks.write}), or the
 * node does so itself past its flood-stage disk watermark. Events that arrive meanwhile wait, and are indexed
 * once the block is lifted: none is dead-lettered as if the document were at fault.
 */
class WriteBlockedIndexIT {

    @Test
    void eventsArrivingWhileTheIndexIsWriteBlockedWaitAndAreIndexedOnceItIsLifted() throws Exception {
        try (PublishFixture fixture = new PublishFixture("blocked");
             PublishService publisher = fixture.startPublisher("a")) {
            fixture.send(Articles.numbered(1, 5));
            PublishFixture.await("the first 5 indexed", Duration.ofSeconds(60), () -> fixture.count() == 5);

            block(fixture, true);
            try {
                fixture.send(Articles.numbered(6, 5));
                Thread.sleep(3_000);
                assertThat(fixture.count()).as("nothing written while the index is blocked").isEqualTo(5);
            } finally {
                block(fixture, false);
            }
            PublishFixture.await("the 5 that waited indexed once the block is lifted", Duration.ofSeconds(60),
                    () -> fixture.count() == 10);
            PublishFixture.await("offsets committed", Duration.ofSeconds(30), () -> fixture.groupCaughtUp("a"));
        }
    }

    private static void block(PublishFixture fixture, boolean blocked) throws Exception {
        fixture.es.indices().putSettings(s -> s.index(fixture.alias())
                .settings(i -> i.blocks(b -> b.write(blocked))));
    }
}
