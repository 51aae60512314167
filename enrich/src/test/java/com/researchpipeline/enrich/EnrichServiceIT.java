package com.researchpipeline.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.DeadLetterHeaders;
import com.researchpipeline.contract.EnrichedArticle;
import com.researchpipeline.contract.Entity;
import com.researchpipeline.contract.EntityType;
import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.RawArticle;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.TopicAdmin;
import com.researchpipeline.contract.Topics;
import com.researchpipeline.infra.TestInfrastructure;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The enrich stage against the real broker, with the real extractor. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnrichServiceIT {

    private static final Extractor EXTRACTOR = EnrichApplication.loadExtractor();
    private static KafkaSettings kafka;
    private static Settings settings;
    private static KafkaConsumer<byte[], byte[]> enriched;
    private static KafkaConsumer<byte[], byte[]> deadLetters;

    @BeforeAll
    static void connect() {
        kafka = new KafkaSettings(TestInfrastructure.shared().kafkaBootstrapServers());
        settings = new Settings(Map.of(KafkaSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                "ENRICH_GROUP_ID", "enrich-it"));
        TopicAdmin.ensureTopics(kafka, settings, Topics.RAW, Topics.ENRICHED, Topics.DLQ);
        enriched = subscribe(Topics.ENRICHED.name());
        deadLetters = subscribe(Topics.DLQ.name());
    }

    @AfterAll
    static void disconnect() {
        enriched.close();
        deadLetters.close();
    }

    @Test
    @Order(1)
    void enrichesEachSeedArticleWithAllThreeEntityTypesAtTheirOffsets() throws Exception {
        List<RawArticle> seeds = List.of(seed("seed-000.txt"), seed("seed-001.txt"), seed("seed-002.txt"));
        try (EnrichService service = new EnrichService(EnrichConfig.from(settings), EXTRACTOR)) {
            service.start();
            seeds.forEach(EnrichServiceIT::produce);

            List<EnrichedArticle> events = take(enriched, 3, seeds.stream().map(RawArticle::id).toList()).stream()
                    .map(r -> JsonSerde.fromBytes(r.value(), EnrichedArticle.class)).toList();

            assertThat(events).extracting(EnrichedArticle::id)
                    .containsExactlyInAnyOrderElementsOf(seeds.stream().map(RawArticle::id).toList());
            Set<EntityType> types = new java.util.HashSet<>();
            for (EnrichedArticle event : events) {
                assertThat(event.modelVersion()).isNotBlank();
                for (Entity entity : event.entities()) {
                    types.add(entity.type());
                    assertThat(event.article().body().substring(entity.start(), entity.end())).isEqualTo(entity.text());
                }
            }
            assertThat(types).containsExactlyInAnyOrderElementsOf(EntityType.values());
        }
    }

    @Test
    @Order(2)
    void deadLettersAnUnreadableRecordUnchangedAndGoesOnWithTheNext() throws Exception {
        byte[] garbage = "{not an article".getBytes(StandardCharsets.UTF_8);
        RawArticle next = article("after-garbage.txt", "Gene therapy for sickle cell disease at Hacettepe University.");
        try (EnrichService service = new EnrichService(EnrichConfig.from(settings), EXTRACTOR)) {
            service.start();
            produce("garbage-key", garbage);
            produce(next);

            ConsumerRecord<byte[], byte[]> letter = take(deadLetters, 1, List.of("garbage-key")).get(0);
            assertThat(letter.value()).isEqualTo(garbage);
            assertThat(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.STAGE)).isEqualTo("enrich");
            assertThat(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.ORIGIN_TOPIC)).isEqualTo(Topics.RAW.name());
            assertThat(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.ORIGIN_OFFSET)).isNotBlank();
            assertThat(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.MESSAGE)).contains("RawArticle");
            assertThat(take(enriched, 1, List.of(next.id()))).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                    .containsExactly(next.id());
        }
    }

    @Test
    @Order(3)
    void aRestartedStageResumesAfterWhatItCommittedWithoutRepeatingIt() throws Exception {
        RawArticle later = article("later.txt", "Cytarabine remains standard in acute myeloid leukaemia.");
        try (EnrichService service = new EnrichService(EnrichConfig.from(settings), EXTRACTOR)) {
            service.start();
            produce(later);
            assertThat(take(enriched, 1, List.of(later.id()))).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                    .containsExactly(later.id());
        }
        List<ConsumerRecord<byte[], byte[]>> again = new ArrayList<>();
        enriched.poll(Duration.ofSeconds(3)).forEach(again::add);
        assertThat(again).as("nothing of this test enriched twice").filteredOn(r -> mine.contains(keyOf(r))).isEmpty();
    }

    private static RawArticle seed(String name) throws Exception {
        try (InputStream in = EnrichServiceIT.class.getResourceAsStream("/seeds/" + name)) {
            return article(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static RawArticle article(String name, String body) {
        return EnrichServiceITs.article(name, body);
    }

    private static void produce(RawArticle article) {
        produce(article.id(), JsonSerde.toBytes(article));
    }

    private static void produce(String key, byte[] value) {
        mine.add(key);
        try (var producer = new KafkaProducer<byte[], byte[]>(kafka.producer("enrich-it"))) {
            producer.send(new ProducerRecord<>(Topics.RAW.name(), key.getBytes(StandardCharsets.UTF_8), value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KafkaConsumer<byte[], byte[]> subscribe(String topic) {
        var consumer = new KafkaConsumer<byte[], byte[]>(kafka.consumer("enrich-it-reader-" + topic, "enrich-it"));
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** Keys this class produced: other tests share the topics and the readers skip their records. */
    private static final Set<String> mine = new java.util.HashSet<>();

    private static String keyOf(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<byte[], byte[]>> take(KafkaConsumer<byte[], byte[]> consumer, int count,
                                                             List<String> keys) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        Instant deadline = Instant.now().plusSeconds(60);
        while (records.size() < count && Instant.now().isBefore(deadline)) {
            consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                if (keys.contains(keyOf(r))) {
                    records.add(r);
                }
            });
        }
        assertThat(records).as("records within 60 s").hasSize(count);
        return records;
    }
}
