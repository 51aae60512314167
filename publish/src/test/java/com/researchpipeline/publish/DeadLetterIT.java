package com.researchpipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.DeadLetterHeaders;
import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

class DeadLetterIT {

    @Test
    void mappingRejectedAndUnreadableEventsGoToTheDeadLetterTopicWhileTheRestAreIndexed() throws Exception {
        try (PublishFixture fixture = new PublishFixture("dlq")) {
            var good = Articles.numbered(1, 6);
            var rejected = Articles.withImmenseMention();
            byte[] rejectedValue = JsonSerde.toBytes(rejected);
            byte[] unreadable = "{\"schemaVersion\": 1, \"article\": \"not an object\"".getBytes(StandardCharsets.UTF_8);
            fixture.send(good.subList(0, 3));
            fixture.send(rejected.id(), rejectedValue);
            fixture.send("garbled", unreadable);
            fixture.send(good.subList(3, 6));

            try (PublishService publisher = fixture.startPublisher("a")) {
                PublishFixture.await("6 good documents indexed", Duration.ofSeconds(60), () -> fixture.count() == 6);
                PublishFixture.await("offsets committed past the rejected events", Duration.ofSeconds(30),
                        () -> fixture.groupCaughtUp("a"));
            }
            assertThat(fixture.versionsAndSeqNos()).containsOnlyKeys(good.stream().map(a -> a.id()).toList());

            List<ConsumerRecord<byte[], byte[]>> letters = deadLettersFrom(fixture, 2);
            assertThat(letters).hasSize(2);
            var mappingRejected = letters.stream().filter(r -> rejected.id().equals(key(r))).findFirst().orElseThrow();
            assertThat(mappingRejected.value()).as("the original value, unchanged").isEqualTo(rejectedValue);
            assertThat(header(mappingRejected, DeadLetterHeaders.STAGE)).isEqualTo("publish");
            assertThat(header(mappingRejected, DeadLetterHeaders.EXCEPTION))
                    .isEqualTo(DocumentRejectedException.class.getName());
            assertThat(header(mappingRejected, DeadLetterHeaders.MESSAGE)).startsWith("400 ").contains("immense term");
            assertThat(header(mappingRejected, DeadLetterHeaders.ORIGIN_TOPIC)).isEqualTo(fixture.topic);
            assertThat(header(mappingRejected, DeadLetterHeaders.ORIGIN_PARTITION)).matches("[0-2]");
            assertThat(header(mappingRejected, DeadLetterHeaders.ORIGIN_OFFSET)).matches("\\d+");

            var garbled = letters.stream().filter(r -> "garbled".equals(key(r))).findFirst().orElseThrow();
            assertThat(garbled.value()).isEqualTo(unreadable);
            assertThat(header(garbled, DeadLetterHeaders.MESSAGE)).contains("not a valid EnrichedArticle");
        }
    }

    @Test
    void aBulkRequestRefusedWholeForOneDocumentIsSentAgainOneByOneSoOnlyThatDocumentIsRejected() throws Exception {
        try (PublishFixture fixture = new PublishFixture("split")) {
            var publisher = new BulkPublisher<String>(fixture.es, fixture.name + "-split", Duration.ofSeconds(60));
            byte[] source = JsonSerde.toBytes(java.util.Map.of("title", "fine"));
            String tooLong = "x".repeat(600);
            var outcome = publisher.publish(List.of(new BulkPublisher.Item<>("a", "a", 1, source),
                    new BulkPublisher.Item<>(tooLong, tooLong, 1, source), new BulkPublisher.Item<>("c", "c", 1, source)));

            assertThat(outcome.stored()).extracting(s -> s.item().id()).containsExactly("a", "c");
            assertThat(outcome.rejected()).singleElement().satisfies(r -> {
                assertThat(r.item().id()).isEqualTo(tooLong);
                assertThat(r.reason().getMessage()).contains("action_request_validation_exception");
            });
            assertThat(outcome.retry()).isEmpty();
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLettersFrom(PublishFixture fixture, int expected) {
        Properties props = fixture.kafka().consumer(fixture.name + "-dlq-reader", "dlq-reader");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> mine = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(Topics.DLQ.name()));
            long deadline = System.currentTimeMillis() + 30_000;
            while (mine.size() < expected && System.currentTimeMillis() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    if (fixture.topic.equals(header(record, DeadLetterHeaders.ORIGIN_TOPIC))) {
                        mine.add(record);
                    }
                }
            }
            // anything more would be a duplicate dead letter
            for (var record : consumer.poll(Duration.ofSeconds(1))) {
                if (fixture.topic.equals(header(record, DeadLetterHeaders.ORIGIN_TOPIC))) {
                    mine.add(record);
                }
            }
        }
        return mine;
    }

    private static String key(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.key(), StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return DeadLetterHeaders.get(record.headers(), name);
    }
}
