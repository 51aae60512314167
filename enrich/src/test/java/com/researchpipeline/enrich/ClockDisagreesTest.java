package com.researchpipeline.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.consumer.RecordOutcome;
import com.researchpipeline.contract.consumer.RetryCause;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * This host's clock more than an hour ahead of the broker's (Kafka 4's default message.timestamp.after.max.ms): the
 * broker refuses every enriched event. Before, the retry said the output topic was unavailable and advised checking
 * the broker, the topic, its ACLs and min.insync.replicas.
 */
class ClockDisagreesTest {

    private static final Extractor NOTHING = new Extractor() {
        @Override
        public List<com.researchpipeline.contract.Entity> extract(String text) {
            return List.of();
        }

        @Override
        public String modelVersion() {
            return "nothing-1";
        }
    };

    @Test
    void anEventRefusedForItsTimeIsRetriedSayingToSetTheClocksRight() {
        MockProducer<byte[], byte[]> broker = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer()) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
                InvalidTimestampException refused = new InvalidTimestampException("Timestamp 1796659216300 of message "
                        + "with offset 0 is out of range. The timestamp should be within [1796655616206, 1796659216207]");
                if (callback != null) {
                    callback.onCompletion(null, refused);
                }
                return CompletableFuture.failedFuture(refused);
            }
        };
        ExecutorService workers = Executors.newFixedThreadPool(1);
        try {
            EnrichProcessor processor = new EnrichProcessor(new ArticleEnricher(NOTHING, Clock.systemUTC()),
                    broker, workers, new OutputEventLimit(new KafkaSettings("127.0.0.1:9092"), "articles.enriched",
                    () -> OptionalLong.of(1_000_000)), "articles.enriched");
            List<RecordOutcome> outcomes = processor.process(List.of(EnrichServiceITs.rawRecord(
                    EnrichServiceITs.article("a.txt", "An article about multiple sclerosis."), 0)));
            assertThat(outcomes).singleElement().isInstanceOfSatisfying(RecordOutcome.Retry.class, retry -> {
                assertThat(retry.cause()).isEqualTo(RetryCause.CLOCK_DISAGREES);
                assertThat(retry.detail()).contains("out of range");
            });
            assertThat(RetryCause.CLOCK_DISAGREES.action()).contains("NTP").contains("message.timestamp.after.max.ms");
        } finally {
            workers.shutdownNow();
        }
    }
}
