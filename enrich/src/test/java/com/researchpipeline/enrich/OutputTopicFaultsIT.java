package com.researchpipeline.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.DeadLetterHeaders;
import com.researchpipeline.contract.EnrichedArticle;
import com.researchpipeline.contract.Entity;
import com.researchpipeline.contract.EntityType;
import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.RawArticle;
import com.researchpipeline.contract.consumer.RecordOutcome;
import com.researchpipeline.contract.consumer.RetryCause;
import com.researchpipeline.infra.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Faults of the output topic, not of the article, against the real broker: a topic whose {@code max.message.bytes}
 * is smaller than the producer's limit (or is lowered while enrich runs), a topic the broker will not serve. No
 * article is dead-lettered for them, none is lost, and each lands on the topic once.
 */
class OutputTopicFaultsIT {

    /**
     * Finds every "sclerosis", each with a canonical name of 200 random characters: events that compression
     * cannot shrink much, so the broker's limit (on the compressed batch) bites.
     */
    private static final Extractor COUNTING = new Extractor() {
        @Override
        public List<Entity> extract(String text) {
            Random random = new Random(text.hashCode());
            List<Entity> found = new ArrayList<>();
            for (int at = text.indexOf("sclerosis"); at >= 0; at = text.indexOf("sclerosis", at + 1)) {
                byte[] noise = new byte[150];
                random.nextBytes(noise);
                found.add(new Entity(EntityType.DISEASE, "sclerosis", Base64.getEncoder().encodeToString(noise),
                        at, at + 9, 0, 0.9, "dictionary"));
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
    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    private final List<KafkaProducer<byte[], byte[]>> producers = new ArrayList<>();
    private long offset;

    @AfterEach
    void close() {
        producers.forEach(p -> p.close(Duration.ofSeconds(5)));
        workers.shutdownNow();
        admin.close();
    }

    @Test
    void anEventLargerThanTheTopicTakesIsFittedToItAlsoWhenTheLimitIsLoweredWhileRunningAndNoneIsDeadLettered()
            throws Exception {
        String topic = "it-small-" + run;
        createTopic(topic, Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "400000"));
        EnrichProcessor processor = processor(topic, producer(Map.of()));
        // about 900 KB of entities (450 KB compressed) on 60 KB of text: over the topic's 400,000 bytes
        RawArticle first = article("first", "Multiple sclerosis. ".repeat(3_000));
        assertThat(processor.process(List.of(record(first)))).containsExactly(RecordOutcome.done());

        alter(topic, TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "100000");
        RawArticle second = article("second", "Multiple sclerosis. ".repeat(3_000));
        List<RecordOutcome> firstAttempt = processor.process(List.of(record(second)));
        assertThat(firstAttempt).singleElement().isInstanceOfSatisfying(RecordOutcome.Retry.class,
                retry -> assertThat(retry.detail()).contains("100000"));
        assertThat(processor.process(List.of(record(second)))).as("fitted to the new limit on the retry")
                .containsExactly(RecordOutcome.done());

        Map<String, List<ConsumerRecord<byte[], byte[]>>> events = read(topic, 2);
        assertThat(events).containsOnlyKeys(first.id(), second.id());
        for (var entry : events.entrySet()) {
            assertThat(entry.getValue()).as("events of " + entry.getKey()).hasSize(1);
            var event = entry.getValue().get(0);
            EnrichedArticle enriched = JsonSerde.fromBytes(event.value(), EnrichedArticle.class);
            int dropped = Integer.parseInt(DeadLetterHeaders.get(event.headers(), EnrichProcessor.ENTITIES_DROPPED));
            assertThat(dropped).as("entities left out of " + entry.getKey()).isPositive();
            assertThat(enriched.entities().size() + dropped).isEqualTo(3_000);
            assertThat(enriched.article().body()).isEqualTo(entry.getKey().equals(first.id())
                    ? first.body() : second.body());
        }
        assertThat(events.get(second.id()).get(0).serializedValueSize()).isLessThan(100_000);
    }

    @Test
    void aTopicTheBrokerWillNotServeFailsTheBatchOnceAndEveryRecordWaitsForTheRetry() throws Exception {
        KafkaProducer<byte[], byte[]> producer = producer(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000));
        EnrichProcessor processor = processor("it-no-such-topic-" + run + "/" + "x".repeat(300), producer);
        List<ConsumerRecord<byte[], byte[]>> records = List.of(record(article("a", "Sclerosis a.")),
                record(article("b", "Sclerosis b.")), record(article("c", "Sclerosis c.")));

        long started = System.nanoTime();
        List<RecordOutcome> outcomes = processor.process(records);
        assertThat(outcomes).hasSize(3).allSatisfy(outcome -> assertThat(outcome)
                .isInstanceOf(RecordOutcome.Retry.class));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("one wait for the topic, not one per record")
                .isLessThan(Duration.ofMillis(3_500));
        double errors = producer.metrics().entrySet().stream()
                .filter(m -> m.getKey().name().equals("record-error-total") && m.getKey().tags().isEmpty()
                        || m.getKey().name().equals("record-error-total")
                        && !m.getKey().tags().containsKey("topic"))
                .mapToDouble(m -> ((Number) m.getValue().metricValue()).doubleValue()).max().orElse(-1);
        assertThat(errors).as("sends tried").isEqualTo(1);
    }

    /**
     * The broker refuses an event for its time (here: a topic taking events at most 1 ms behind the broker's clock,
     * and a producer that holds each 100 ms before sending; in the field, this host's clock more than an hour ahead
     * of the broker's). Before, the retry said the output topic was unavailable and advised checking the broker, the
     * topic, its ACLs and min.insync.replicas.
     */
    @Test
    void anEventTheBrokerRefusesForItsTimeIsRetriedSayingToSetTheClocksRight() throws Exception {
        String topic = "it-clock-" + run;
        createTopic(topic, Map.of(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, "1"));
        EnrichProcessor processor = processor(topic, producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 100)));

        List<RecordOutcome> outcomes = processor.process(List.of(record(article("a",
                "An article about multiple sclerosis."))));
        assertThat(outcomes).singleElement().isInstanceOfSatisfying(RecordOutcome.Retry.class, retry -> {
            assertThat(retry.cause()).isEqualTo(RetryCause.CLOCK_DISAGREES);
            assertThat(retry.detail()).contains("out of range");
        });
        assertThat(RetryCause.CLOCK_DISAGREES.action()).contains("NTP").contains("message.timestamp.after.max.ms");
    }

    private EnrichProcessor processor(String topic, KafkaProducer<byte[], byte[]> producer) {
        return new EnrichProcessor(new ArticleEnricher(COUNTING, Clock.systemUTC()), producer, workers,
                new OutputEventLimit(kafka, topic), topic);
    }

    private KafkaProducer<byte[], byte[]> producer(Map<String, Object> overrides) {
        Properties props = kafka.producer("faults-it-" + run);
        props.putAll(overrides);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props);
        producers.add(producer);
        return producer;
    }

    private void createTopic(String topic, Map<String, String> config) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(config))).all().get(30, TimeUnit.SECONDS);
    }

    private void alter(String topic, String key, String value) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(new ConfigEntry(key, value),
                AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
    }

    private ConsumerRecord<byte[], byte[]> record(RawArticle article) {
        return EnrichServiceITs.rawRecord(article, offset++);
    }

    private RawArticle article(String name, String body) {
        return EnrichServiceITs.article(name, body + " " + run + "-" + name);
    }

    /** Every event on the topic by key, reading until {@code expected} keys are there and the topic is drained. */
    private Map<String, List<ConsumerRecord<byte[], byte[]>>> read(String topic, int expected) {
        Map<String, List<ConsumerRecord<byte[], byte[]>>> events = new HashMap<>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(kafka.consumer("faults-reader-" + run + topic, "reader"))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                var records = consumer.poll(Duration.ofMillis(500));
                records.forEach(r -> events.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8),
                        k -> new ArrayList<>()).add(r));
                if (events.size() >= expected && records.isEmpty()) {
                    break;
                }
            }
        }
        return events;
    }
}
