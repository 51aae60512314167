package com.researchpipeline.publish;

import com.researchpipeline.contract.consumer.RecordOutcome;
import com.researchpipeline.contract.consumer.RecordProcessor;
import com.researchpipeline.contract.consumer.RetryCause;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publish's work for the shared consumer loop: bulk-indexes a batch of {@code articles.enriched} records and
 * answers per record: stored (or already there), refused for good (dead letter), or to retry with the
 * typed cause. A missing index is restored before the retry; an index without the template's mapping is not
 * written to, and a document it refuses is retried, not dead-lettered ({@link LayoutWatch}).
 */
final class PublishProcessor implements RecordProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(PublishProcessor.class);
    static final String HELD = "the index does not have the template's mapping: nothing is written to it "
            + "(the readiness check publish/index says which fields differ and how to fix it)";

    private final BulkPublisher<ConsumerRecord<byte[], byte[]>> publisher;
    private final BatchLimits limits;
    private final Runnable restoreLayout;
    private final LayoutWatch layout;
    private final PublishObserver observer;

    PublishProcessor(BulkPublisher<ConsumerRecord<byte[], byte[]>> publisher, BatchLimits limits,
                     Runnable restoreLayout, LayoutWatch layout, PublishObserver observer) {
        this.publisher = publisher;
        this.limits = limits;
        this.restoreLayout = restoreLayout;
        this.layout = layout;
        this.observer = observer;
    }

    @Override
    public List<RecordOutcome> process(List<ConsumerRecord<byte[], byte[]>> records) {
        RecordOutcome[] outcomes = new RecordOutcome[records.size()];
        Map<ConsumerRecord<byte[], byte[]>, Integer> positions = new IdentityHashMap<>();
        List<BulkPublisher.Item<ConsumerRecord<byte[], byte[]>>> documents = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            positions.put(records.get(i), i);
            try {
                documents.add(Batch.documentOf(records.get(i)));
            } catch (DocumentRejectedException e) {
                outcomes[i] = RecordOutcome.deadLetter(e);
            }
        }
        IndexLayout.Verdict verdict = layout.verdict();
        if (verdict.holdWrites()) {
            for (var document : documents) {
                outcomes[positions.get(document.context())] =
                        RecordOutcome.retry(RetryCause.STORE_REFUSED, HELD);
            }
            return Arrays.asList(outcomes);
        }
        for (var chunk : Batch.chunks(documents, limits)) {
            long started = System.nanoTime();
            var outcome = publisher.publish(chunk);
            java.time.Duration took = java.time.Duration.ofNanos(System.nanoTime() - started);
            observer.bulk(took, chunk);
            for (var stored : outcome.stored()) {
                log(stored);
                observer.indexed(stored, publisher.index(), took);
                outcomes[positions.get(stored.item().context())] = RecordOutcome.done();
            }
            // a refusal "of the document" by an index someone replaced is the index's fault: checked before any dead letter
            IndexLayout.Verdict now = outcome.rejected().isEmpty() ? verdict : layout.refresh();
            for (var rejected : outcome.rejected()) {
                outcomes[positions.get(rejected.item().context())] = now.holdWrites()
                        ? RecordOutcome.retry(RetryCause.STORE_REFUSED, HELD)
                        : RecordOutcome.deadLetter(rejected.reason());
            }
            for (var retry : outcome.retry()) {
                outcomes[positions.get(retry.context())] =
                        RecordOutcome.retry(outcome.retryCause(), outcome.retryDetail());
            }
        }
        return Arrays.asList(outcomes);
    }

    @Override
    public void beforeRetry(RetryCause cause) {
        if (cause == RetryCause.STORE_LAYOUT_MISSING) {
            restoreLayout.run();
        }
        if (cause == RetryCause.STORE_REFUSED || cause == RetryCause.STORE_LAYOUT_MISSING) {
            // a node that does not answer would only hold the retry up: the watch's own thread asks it meanwhile
            layout.refresh();
        }
    }

    private static void log(BulkPublisher.Stored<ConsumerRecord<byte[], byte[]>> stored) {
        if (stored.alreadyThere()) {
            LOG.info("article {} already indexed with version {} or newer: unchanged", stored.item().id(),
                    stored.item().version());
        } else {
            LOG.info("indexed article {} ({}, version {})", stored.item().id(), stored.result(), stored.version());
        }
    }
}
