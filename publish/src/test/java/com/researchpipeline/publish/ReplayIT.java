package com.researchpipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplayIT {

    @Test
    void replayingTheTopicFromTheStartLeavesDocumentCountAndVersionsUnchanged() throws Exception {
        try (PublishFixture fixture = new PublishFixture("replay")) {
            var articles = Articles.numbered(1, 25);
            fixture.send(articles);
            try (PublishService first = fixture.startPublisher("first")) {
                PublishFixture.await("25 documents indexed", Duration.ofSeconds(60), () -> fixture.count() == 25);
                PublishFixture.await("offsets committed", Duration.ofSeconds(30), () -> fixture.groupCaughtUp("first"));
            }
            var before = fixture.versionsAndSeqNos();
            assertThat(before).hasSize(25);
            for (var article : articles) {
                assertThat(before.get(article.id()).get(0)).as("version of " + article.id())
                        .isEqualTo(article.enrichedAt().toEpochMilli());
            }

            // a new group reads the whole topic again, as after an offset reset
            try (PublishService replay = fixture.startPublisher("replay")) {
                PublishFixture.await("the replaying group caught up", Duration.ofSeconds(60),
                        () -> fixture.groupCaughtUp("replay"));
            }
            assertThat(fixture.count()).isEqualTo(25);
            assertThat(fixture.versionsAndSeqNos()).as("same versions and sequence numbers: nothing rewritten")
                    .isEqualTo(before);
        }
    }
}
