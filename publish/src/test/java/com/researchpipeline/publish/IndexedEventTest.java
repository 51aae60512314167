package com.researchpipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.EnrichedArticle;
import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.StatusEvent;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A bulk request whose answer was lost (the node froze, the request timed out) may still have been stored: the
 * retry then finds each document already there (409). The file is searchable, so its status must say indexed;
 * before, only a new write reported it, and the file stayed "in flight" in status and trace for ever.
 */
class IndexedEventTest {

    private static BulkPublisher.Stored<ConsumerRecord<byte[], byte[]>> stored(boolean alreadyThere) {
        return stored(alreadyThere, alreadyThere ? "unchanged" : "created");
    }

    private static BulkPublisher.Stored<ConsumerRecord<byte[], byte[]>> stored(boolean alreadyThere, String result) {
        EnrichedArticle article = Articles.numbered(7);
        var record = new ConsumerRecord<>("articles.enriched", 0, 0L, article.id().getBytes(),
                JsonSerde.toBytes(article));
        var item = new BulkPublisher.Item<>(record, article.id(), 42L, JsonSerde.toBytes(article));
        return new BulkPublisher.Stored<>(item, alreadyThere, 42L, result);
    }

    @Test
    void aDocumentFoundAlreadyThereIsReportedIndexedWithoutAnEndToEndTime() {
        StatusEvent event = PublishObserver.indexedEvent(stored(true), "articles-v2", Duration.ofMillis(5),
                Instant.now(), Instant.EPOCH);
        assertThat(event.kind()).isEqualTo(StatusEvent.Kind.INDEXED);
        assertThat(event.articleId()).isEqualTo(Articles.numbered(7).id());
        assertThat(event.index()).isEqualTo("articles-v2");
        assertThat(event.reason()).contains("already there");
        assertThat(event.endToEndMillis()).as("a replay's time is not the article's").isNull();
    }

    @Test
    void aNewWriteIsReportedWithItsEndToEndTime() {
        StatusEvent event = PublishObserver.indexedEvent(stored(false), "articles-v2", Duration.ofMillis(5),
                Instant.now(), Instant.EPOCH);
        assertThat(event.kind()).isEqualTo(StatusEvent.Kind.INDEXED);
        assertThat(event.reason()).isNull();
        assertThat(event.endToEndMillis()).isNotNull();
    }

    @Test
    void aReEnrichmentOrACatchUpIsReportedIndexedWithoutTheArticlesAgeAsItsTime() {
        StatusEvent updated = PublishObserver.indexedEvent(stored(false, "updated"), "articles-v2",
                Duration.ofMillis(5), Instant.now(), Instant.EPOCH);
        assertThat(updated.endToEndMillis()).as("a replayed enrichment replaces a searchable document").isNull();
        Instant publishStarted = Articles.numbered(7).enrichedAt().plusSeconds(3600);
        StatusEvent refilled = PublishObserver.indexedEvent(stored(false), "articles-v3", Duration.ofMillis(5),
                publishStarted.plusSeconds(60), publishStarted);
        assertThat(refilled.kind()).isEqualTo(StatusEvent.Kind.INDEXED);
        assertThat(refilled.endToEndMillis()).as("enriched before this publish started: a refill or backlog").isNull();
    }
}
