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
import com.researchpipeline.infra.PoisonRecords;
import com.researchpipeline.infra.PoisonRecords.Poison;
import com.researchpipeline.infra.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * Poison and oversized articles on {@code articles.raw} against the real broker, with a 1 MB request limit:
 * each poison lands once on {@code articles.dlq} with its original value, headers and timestamp; an article
 * whose entities do not fit is carried with the longest entity prefix that does; an article too large to
 * carry at all is dead-lettered with the reason; every good article is enriched exactly once.
 */
class PoisonAndSizeIT {

    private static final String LIMIT = "1mb";
    private static final long POISON_TIMESTAMP = 1_700_000_000_000L;
    /** Finds every "sclerosis": fast, and as many entities as the text asks for. */
    private static final Extractor COUNTING = new Extractor() {
        @Override
        public List<Entity> extract(String text) {
            List<Entity> found = new ArrayList<>();
            for (int at = text.indexOf("sclerosis"); at >= 0; at = text.indexOf("sclerosis", at + 1)) {
                found.add(new Entity(EntityType.DISEASE, "sclerosis", "multiple sclerosis", at, at + 9, 0, 0.9,
                        "dictionary"));
            }
            return found;
        }

        @Override
        public String modelVersion() {
            return "counting-1";
        }
    };

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final KafkaSettings kafka = new KafkaSettings(TestInfrastructure.shared().kafkaBootstrapServers());

    @Test
    void poisonOversizeAndGoodArticlesEachEndUpExactlyOnceInTheRightPlace() throws Exception {
        Settings settings = new Settings(Map.of(KafkaSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                KafkaSettings.MAX_REQUEST_SIZE, LIMIT, "ENRICH_GROUP_ID", "enrich-poison-" + run));
        TopicAdmin.ensureTopics(kafka, settings, Topics.RAW, Topics.ENRICHED, Topics.DLQ);
        List<Poison> poisons = PoisonRecords.all(article("template", "Multiple sclerosis."));
        List<RawArticle> good = new ArrayList<>();
        Map<String, RecordMetadata> sentPoison = new HashMap<>();
        RawArticle manyEntities = article("many-entities", "Multiple sclerosis. ".repeat(30_000) + run);
        RawArticle tooLarge = article("too-large", "Quiet words only. ".repeat(70_000) + run);
        RecordMetadata tooLargeSent;
        try (var producer = new KafkaProducer<byte[], byte[]>(kafka.producer("poison-it"))) {
            for (int i = 0; i <= poisons.size(); i++) {
                RawArticle neighbour = article("good-" + i, "Sclerosis study marker " + marker(i) + ".");
                good.add(neighbour);
                send(producer, new ProducerRecord<>(Topics.RAW.name(), key(neighbour), JsonSerde.toBytes(neighbour)));
                if (i < poisons.size()) {
                    Poison poison = poisons.get(i);
                    var record = new ProducerRecord<>(Topics.RAW.name(), null, POISON_TIMESTAMP + i,
                            (run + "-poison-" + i).getBytes(StandardCharsets.UTF_8), poison.value());
                    record.headers().add("poison-kind", poison.kind().getBytes(StandardCharsets.UTF_8));
                    sentPoison.put(poison.kind(), send(producer, record));
                }
            }
            send(producer, new ProducerRecord<>(Topics.RAW.name(), key(manyEntities), JsonSerde.toBytes(manyEntities)));
            tooLargeSent = send(producer, new ProducerRecord<>(Topics.RAW.name(), key(tooLarge),
                    JsonSerde.toBytes(tooLarge)));
            RawArticle last = article("good-last", "Sclerosis study marker " + marker(999) + ".");
            good.add(last);
            send(producer, new ProducerRecord<>(Topics.RAW.name(), key(last), JsonSerde.toBytes(last)));
        }

        List<String> goodKeys = good.stream().map(RawArticle::id).toList();
        Map<String, List<ConsumerRecord<byte[], byte[]>>> enriched = new HashMap<>();
        List<ConsumerRecord<byte[], byte[]>> letters = new ArrayList<>();
        try (EnrichService service = new EnrichService(EnrichConfig.from(settings), COUNTING)) {
            service.start();
            readUntil(Topics.ENRICHED.name(), record -> enriched.computeIfAbsent(keyOf(record), k -> new ArrayList<>())
                    .add(record), () -> goodKeys.stream().allMatch(enriched::containsKey)
                    && enriched.containsKey(manyEntities.id()));
            readUntil(Topics.DLQ.name(), record -> {
                String key = record.key() == null ? "" : keyOf(record);
                if (key.startsWith(run) || key.equals(tooLarge.id())) {
                    letters.add(record);
                }
            }, () -> letters.size() >= poisons.size() + 1);
        }

        for (String id : goodKeys) {
            assertThat(enriched.get(id)).as("enriched events of " + id).hasSize(1);
        }
        var large = enriched.get(manyEntities.id());
        assertThat(large).as("the article with too many entities, carried once").hasSize(1);
        assertThat(large.get(0).serializedValueSize()).isLessThanOrEqualTo(kafka.maxRequestBytes());
        EnrichedArticle cut = JsonSerde.fromBytes(large.get(0).value(), EnrichedArticle.class);
        assertThat(cut.article().body()).isEqualTo(manyEntities.body());
        int dropped = Integer.parseInt(DeadLetterHeaders.get(large.get(0).headers(), EnrichProcessor.ENTITIES_DROPPED));
        assertThat(dropped).isPositive();
        assertThat(cut.entities().size() + dropped).isEqualTo(30_000);
        assertThat(enriched).doesNotContainKey(tooLarge.id());

        assertThat(letters).as("one dead letter per poison and for the article too large, none twice")
                .hasSize(poisons.size() + 1);
        for (Poison poison : poisons) {
            var matching = letters.stream()
                    .filter(r -> poison.kind().equals(DeadLetterHeaders.get(r.headers(), "poison-kind"))).toList();
            assertThat(matching).as(poison.kind()).hasSize(1);
            var letter = matching.get(0);
            assertThat(letter.value()).as(poison.kind() + ": original value").isEqualTo(poison.value());
            assertThat(letter.timestamp()).as(poison.kind() + ": original timestamp")
                    .isEqualTo(sentPoison.get(poison.kind()).timestamp());
            assertThat(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.STAGE)).isEqualTo("enrich");
            assertThat(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.ORIGIN_OFFSET))
                    .isEqualTo(Long.toString(sentPoison.get(poison.kind()).offset()));
        }
        var unknown = letters.stream().filter(r -> "unknown schemaVersion 99"
                .equals(DeadLetterHeaders.get(r.headers(), "poison-kind"))).findFirst().orElseThrow();
        assertThat(DeadLetterHeaders.get(unknown.headers(), DeadLetterHeaders.MESSAGE)).contains("unknown schemaVersion 99");

        var tooLargeLetter = letters.stream().filter(r -> keyOf(r).equals(tooLarge.id())).findFirst().orElseThrow();
        assertThat(DeadLetterHeaders.get(tooLargeLetter.headers(), DeadLetterHeaders.MESSAGE))
                .contains("without entities").contains("KAFKA_MAX_REQUEST_SIZE");
        assertThat(DeadLetterHeaders.get(tooLargeLetter.headers(), DeadLetterHeaders.ORIGIN_OFFSET))
                .isEqualTo(Long.toString(tooLargeSent.offset()));
        if (tooLargeLetter.value() == null) {
            assertThat(DeadLetterHeaders.get(tooLargeLetter.headers(), DeadLetterHeaders.VALUE_OMITTED)).isNotBlank();
        } else {
            assertThat(tooLargeLetter.value()).isEqualTo(JsonSerde.toBytes(tooLarge));
        }
    }

    @Test
    void aRecordWhoseKeyAloneIsTooLargeForTheDeadLetterTopicIsDeadLetteredWithoutItAndTheRestFlowsOn() throws Exception {
        Settings settings = new Settings(Map.of(KafkaSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                KafkaSettings.MAX_REQUEST_SIZE, LIMIT, "ENRICH_GROUP_ID", "enrich-huge-key-" + run));
        TopicAdmin.ensureTopics(kafka, settings, Topics.RAW, Topics.ENRICHED, Topics.DLQ);
        int limit = (int) KafkaSettings.from(settings).maxRequestBytes();
        // fits articles.raw (its max.message.bytes is at least the limit), but with the dead-letter headers added
        // neither the letter nor the letter without its value fits the producer's limit
        byte[] hugeKey = (run + "-huge-key-" + "k".repeat(limit)).substring(0, limit - 400).getBytes(StandardCharsets.UTF_8);
        RawArticle after = article("after-huge-key", "Sclerosis study marker " + marker(777) + ".");
        RecordMetadata poisonSent;
        try (var producer = new KafkaProducer<byte[], byte[]>(kafka.producer("huge-key-it"))) {
            var poison = new ProducerRecord<>(Topics.RAW.name(), null, POISON_TIMESTAMP, hugeKey,
                    "not json".getBytes(StandardCharsets.UTF_8));
            poison.headers().add("poison-kind", "x".repeat(250).getBytes(StandardCharsets.UTF_8));
            poisonSent = send(producer, poison);
            send(producer, new ProducerRecord<>(Topics.RAW.name(), key(after), JsonSerde.toBytes(after)));
        }
        Map<String, List<ConsumerRecord<byte[], byte[]>>> enriched = new HashMap<>();
        List<ConsumerRecord<byte[], byte[]>> letters = new ArrayList<>();
        String origin = Integer.toString(poisonSent.partition()) + "@" + poisonSent.offset();
        try (EnrichService service = new EnrichService(EnrichConfig.from(settings), COUNTING)) {
            service.start();
            readUntil(Topics.ENRICHED.name(), record -> enriched.computeIfAbsent(keyOf(record), k -> new ArrayList<>())
                    .add(record), () -> enriched.containsKey(after.id()));
            readUntil(Topics.DLQ.name(), record -> {
                if ((DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.ORIGIN_PARTITION) + "@"
                        + DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.ORIGIN_OFFSET)).equals(origin)
                        && Topics.RAW.name().equals(DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.ORIGIN_TOPIC))) {
                    letters.add(record);
                }
            }, () -> !letters.isEmpty());
        }
        assertThat(enriched.get(after.id())).as("the article behind the poison, enriched once").hasSize(1);
        assertThat(letters).as("one dead letter for the poison").hasSize(1);
        var letter = letters.get(0);
        assertThat(letter.key()).isNull();
        assertThat(letter.value()).isNull();
        assertThat(letter.headers().lastHeader("poison-kind")).isNull();
        assertThat(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.VALUE_OMITTED))
                .contains("a key of " + hugeKey.length + " bytes").contains("read the record at the origin offset");
        assertThat(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.STAGE)).isEqualTo("enrich");
    }

    private static String marker(int i) {
        return "qzmarker" + (1000 + i);
    }

    private RawArticle article(String name, String body) {
        return EnrichServiceITs.article(name, body + " " + run + "-" + name);
    }

    private static byte[] key(RawArticle article) {
        return article.id().getBytes(StandardCharsets.UTF_8);
    }

    private static String keyOf(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
    }

    private static RecordMetadata send(KafkaProducer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> record)
            throws Exception {
        return producer.send(record).get(30, TimeUnit.SECONDS);
    }

    /** Reads the topic from its start until {@code done}, then on until it is drained, so duplicates show. */
    private void readUntil(String topic, java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> sink,
                           java.util.function.BooleanSupplier done) {
        try (var consumer = new KafkaConsumer<byte[], byte[]>(kafka.consumer("poison-reader-" + run + topic, "reader"))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 90_000;
            boolean drained = false;
            while (!drained && System.currentTimeMillis() < deadline) {
                var records = consumer.poll(Duration.ofMillis(1000));
                records.forEach(sink);
                drained = done.getAsBoolean() && records.isEmpty();
            }
            assertThat(done.getAsBoolean()).as("everything expected on " + topic + " within 90 s").isTrue();
        }
    }
}
