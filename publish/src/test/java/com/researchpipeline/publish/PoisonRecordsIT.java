package com.researchpipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.core.SearchResponse;
import com.researchpipeline.contract.DeadLetterHeaders;
import com.researchpipeline.contract.EnrichedArticle;
import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.Topics;
import com.researchpipeline.infra.PoisonRecords;
import com.researchpipeline.infra.PoisonRecords.Poison;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * Every kind of poison on {@code articles.enriched}, each between good articles: each lands once on
 * {@code articles.dlq} with its original value, headers and timestamp; every good article is indexed once.
 */
class PoisonRecordsIT {

    private static final long POISON_TIMESTAMP = 1_700_000_000_000L;

    @Test
    void eachPoisonIsDeadLetteredOnceWithItsOriginalAndEveryGoodArticleIsIndexedOnce() throws Exception {
        try (PublishFixture fixture = new PublishFixture("poison");
             var producer = new KafkaProducer<byte[], byte[]>(fixture.kafka().producer(fixture.name + "-poisoner"))) {
            List<Poison> poisons = PoisonRecords.all(Articles.numbered(0));
            List<EnrichedArticle> good = new ArrayList<>();
            Map<String, RecordMetadata> sentPoison = new HashMap<>();
            for (int i = 0; i <= poisons.size(); i++) {
                EnrichedArticle article = Articles.enriched("Poison neighbour " + i,
                        "An article between poison records carries the marker " + marker(i) + ".",
                        Articles.INGESTED, List.of());
                good.add(article);
                producer.send(new ProducerRecord<>(fixture.topic, article.id().getBytes(StandardCharsets.UTF_8),
                        JsonSerde.toBytes(article))).get(30, TimeUnit.SECONDS);
                if (i < poisons.size()) {
                    Poison poison = poisons.get(i);
                    var record = new ProducerRecord<>(fixture.topic, null, POISON_TIMESTAMP + i,
                            ("poison-" + i).getBytes(StandardCharsets.UTF_8), poison.value());
                    record.headers().add("poison-kind", poison.kind().getBytes(StandardCharsets.UTF_8));
                    sentPoison.put(poison.kind(), producer.send(record).get(30, TimeUnit.SECONDS));
                }
            }

            try (PublishService publisher = fixture.startPublisher("a")) {
                PublishFixture.await("every good article indexed", Duration.ofSeconds(60),
                        () -> fixture.count() >= good.size());
                PublishFixture.await("offsets committed past every poison", Duration.ofSeconds(30),
                        () -> fixture.groupCaughtUp("a"));
            }

            for (int i = 0; i < good.size(); i++) {
                assertThat(hitsFor(fixture, marker(i))).as("documents carrying " + marker(i)).isEqualTo(1);
            }
            assertThat(fixture.count()).isEqualTo(good.size());

            List<ConsumerRecord<byte[], byte[]>> letters = deadLettersFrom(fixture, poisons.size());
            assertThat(letters).as("one dead letter per poison, none twice").hasSize(poisons.size());
            for (Poison poison : poisons) {
                RecordMetadata sent = sentPoison.get(poison.kind());
                var letter = letters.stream()
                        .filter(r -> poison.kind().equals(DeadLetterHeaders.get(r.headers(), "poison-kind")))
                        .toList();
                assertThat(letter).as(poison.kind()).hasSize(1);
                ConsumerRecord<byte[], byte[]> only = letter.get(0);
                assertThat(only.value()).as(poison.kind() + ": the original value").isEqualTo(poison.value());
                assertThat(only.timestamp()).as(poison.kind() + ": the original timestamp").isEqualTo(sent.timestamp());
                assertThat(DeadLetterHeaders.get(only.headers(), DeadLetterHeaders.STAGE)).isEqualTo("publish");
                assertThat(DeadLetterHeaders.get(only.headers(), DeadLetterHeaders.MESSAGE)).isNotBlank();
                assertThat(DeadLetterHeaders.get(only.headers(), DeadLetterHeaders.ORIGIN_OFFSET))
                        .isEqualTo(Long.toString(sent.offset()));
                assertThat(DeadLetterHeaders.get(only.headers(), DeadLetterHeaders.ORIGIN_PARTITION))
                        .isEqualTo(Integer.toString(sent.partition()));
            }
            var unknownVersion = letters.stream().filter(r -> "unknown schemaVersion 99"
                    .equals(DeadLetterHeaders.get(r.headers(), "poison-kind"))).findFirst().orElseThrow();
            assertThat(DeadLetterHeaders.get(unknownVersion.headers(), DeadLetterHeaders.MESSAGE))
                    .contains("unknown schemaVersion 99");
        }
    }

    private static String marker(int i) {
        return "qzmarker" + (1000 + i);
    }

    private static long hitsFor(PublishFixture fixture, String marker) throws Exception {
        fixture.es.indices().refresh(r -> r.index(fixture.alias()));
        SearchResponse<Void> response = fixture.es.search(s -> s.index(fixture.alias())
                .query(q -> q.match(m -> m.field("body").query(marker))).trackTotalHits(t -> t.enabled(true))
                .source(src -> src.fetch(false)), Void.class);
        return response.hits().total().value();
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLettersFrom(PublishFixture fixture, int expected) {
        Properties props = fixture.kafka().consumer(fixture.name + "-dlq-reader", "dlq-reader");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> mine = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(Topics.DLQ.name()));
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                var records = consumer.poll(Duration.ofMillis(500));
                for (var record : records) {
                    if (fixture.topic.equals(DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.ORIGIN_TOPIC))) {
                        mine.add(record);
                    }
                }
                // read on until the topic is drained, so a duplicate would be seen
                if (mine.size() >= expected && records.isEmpty()) {
                    break;
                }
            }
        }
        return mine;
    }
}
