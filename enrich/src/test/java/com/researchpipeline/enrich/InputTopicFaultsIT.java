package com.researchpipeline.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.Entity;
import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.RawArticle;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.StageRunner;
import com.researchpipeline.contract.TopicAdmin;
import com.researchpipeline.contract.Topics;
import com.researchpipeline.infra.EmbeddedKafka;
import com.researchpipeline.observability.Health;
import com.researchpipeline.observability.Observability;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What operators and brokers do to the input and output topics while enrich runs, on a broker of this test's own
 * that, like {@code bin/pipeline run}'s and the compose stack's, creates no topic a client asks for: records
 * deleted before enrich read them (retention, delete-records), partitions added, topics deleted, a broker away
 * that holds replicas the output topic's {@code min.insync.replicas} needs; and a stop while an article is still
 * being enriched.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InputTopicFaultsIT {

    private static final Extractor NOTHING = new Extractor() {
        @Override
        public List<Entity> extract(String text) {
            return List.of();
        }

        @Override
        public String modelVersion() {
            return "nothing-1";
        }
    };

    private static Path folder;
    private static EmbeddedKafka broker;
    private static KafkaSettings kafka;
    private static Admin admin;
    private static KafkaProducer<byte[], byte[]> producer;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startBroker() throws Exception {
        folder = Files.createTempDirectory("input-topic-faults");
        broker = EmbeddedKafka.start(folder, 0, false);
        kafka = new KafkaSettings(broker.bootstrapServers());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        producer = new KafkaProducer<>(kafka.producer("input-topic-faults-it"));
        TopicAdmin.ensureTopics(kafka, settings("none"), Topics.RAW, Topics.ENRICHED, Topics.DLQ);
    }

    @AfterAll
    static void stopBroker() {
        producer.close(Duration.ofSeconds(5));
        admin.close();
        broker.close();
    }

    @Test
    @Order(1)
    void recordsDeletedBeforeEnrichReadThemAreCountedAndLoggedNotSkippedSilently() throws Exception {
        Settings settings = settings("skip-" + run);
        try (Observability observability = Observability.inMemory();
             EnrichService service = new EnrichService(EnrichConfig.from(settings), NOTHING, observability)) {
            service.start();
            awaitEnriched(send("before"), Duration.ofSeconds(20));
        }
        Set<String> neverRead = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            neverRead.addAll(send("deleted-" + i));
        }
        // an operator who wants the topic to forget: Kafka deletes records only of a topic that deletes
        setConfig(Topics.RAW.name(), "cleanup.policy", "delete");
        deleteAllRecordsOf(Topics.RAW.name());
        Set<String> after = send("after-1");
        after.addAll(send("after-2"));

        try (Observability observability = Observability.inMemory();
             EnrichService service = new EnrichService(EnrichConfig.from(settings), NOTHING, observability)) {
            service.start();
            Set<String> seen = awaitEnriched(after, Duration.ofSeconds(20));
            assertThat(seen).as("deleted records are not there to enrich").doesNotContainAnyElementsOf(neverRead);
            assertThat(metric(observability.scrape(), "pipeline_records_skipped_total", "enrich"))
                    .as("records deleted before enrich read them, counted").isEqualTo(5);
            assertThat(configOf(Topics.RAW.name(), "cleanup.policy")).as("set back by the stage's start")
                    .isEqualTo("compact");
        }
    }

    @Test
    @Order(2)
    void partitionsAddedToTheInputTopicAreConsumedWithinSeconds() throws Exception {
        try (Observability observability = Observability.inMemory();
             EnrichService service = new EnrichService(EnrichConfig.from(settings("grow-" + run)), NOTHING,
                     observability)) {
            service.start();
            awaitEnriched(send("first"), Duration.ofSeconds(20));
            int partitions = partitionsOf(Topics.RAW.name());
            admin.createPartitions(Map.of(Topics.RAW.name(), NewPartitions.increaseTo(partitions + 2)))
                    .all().get(30, TimeUnit.SECONDS);
            RawArticle onNew = article("on-new-partition");
            producer.send(new ProducerRecord<>(Topics.RAW.name(), partitions + 1,
                    onNew.id().getBytes(StandardCharsets.UTF_8), JsonSerde.toBytes(onNew))).get(30, TimeUnit.SECONDS);
            // Kafka's default metadata refresh (5 minutes) left it there that long
            awaitEnriched(Set.of(onNew.id()), Duration.ofSeconds(25));
        }
    }

    @Test
    @Order(3)
    void topicsDeletedWhileEnrichRunsAreCreatedAgainWithTheirSettingsAndArticlesFlowOn() throws Exception {
        try (Observability observability = Observability.inMemory();
             EnrichService service = new EnrichService(EnrichConfig.from(settings("deleted-" + run)), NOTHING,
                     observability)) {
            service.start();
            awaitEnriched(send("first"), Duration.ofSeconds(20));

            admin.deleteTopics(List.of(Topics.RAW.name(), Topics.ENRICHED.name())).all().get(30, TimeUnit.SECONDS);
            List<String> deleted = List.of(Topics.RAW.name(), Topics.ENRICHED.name());
            long deadline = System.currentTimeMillis() + 20_000;
            while (deleted.stream().anyMatch(topic -> metric(observability.scrape(), "pipeline_topics_restored_total",
                    "enrich", topic) < 1) && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            for (String topic : deleted) {
                assertThat(metric(observability.scrape(), "pipeline_topics_restored_total", "enrich", topic))
                        .as("restorations of " + topic).isEqualTo(1);
                assertThat(partitionsOf(topic)).as("partitions of " + topic + " created again")
                        .isEqualTo(TopicAdmin.DEFAULT_PARTITIONS);
                assertThat(configOf(topic, "cleanup.policy")).as("cleanup.policy of " + topic).isEqualTo("compact");
            }
            // a producer that knew the topic with more partitions (the test before added two) would hold records
            // for partitions that are gone until its delivery timeout; the stages' producers retry after it
            Set<String> after = new HashSet<>();
            try (var fresh = new KafkaProducer<byte[], byte[]>(kafka.producer("after-recreation-" + run))) {
                for (String name : List.of("after-1", "after-2", "after-3")) {
                    RawArticle article = article(name);
                    fresh.send(new ProducerRecord<>(Topics.RAW.name(), article.id().getBytes(StandardCharsets.UTF_8),
                            JsonSerde.toBytes(article))).get(30, TimeUnit.SECONDS);
                    after.add(article.id());
                }
            }
            awaitEnriched(after, Duration.ofSeconds(25));
            assertThat(observability.health().ready()).as("ready again").allMatch(r -> r.ok());
            awaitCommittedToTheEnd("deleted-" + run, Topics.RAW.name(), Duration.ofSeconds(10));
        }
    }

    @Test
    @Order(4)
    void aStopWhileAnArticleIsStillBeingEnrichedEndsWithinTheStopBudgetAndTheNextStartEnrichesIt() throws Exception {
        CountDownLatch begun = new CountDownLatch(1);
        AtomicBoolean released = new AtomicBoolean();
        // as the extraction of a large article goes on: deaf to interrupts, for longer than a stop may take
        Extractor takesLong = new Extractor() {
            @Override
            public List<Entity> extract(String text) {
                if (text.contains("takes-long")) {
                    begun.countDown();
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                    while (!released.get() && System.nanoTime() < until) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                    }
                }
                return List.of();
            }

            @Override
            public String modelVersion() {
                return "takes-long-1";
            }
        };
        Settings settings = settings("stop-" + run);
        Set<String> cut;
        long stopMillis;
        try (Observability observability = Observability.inMemory()) {
            EnrichService service = new EnrichService(EnrichConfig.from(settings), takesLong, observability);
            try {
                service.start();
                cut = send("takes-long");
                assertThat(begun.await(20, TimeUnit.SECONDS)).as("the article's enrichment begun").isTrue();
                long start = System.nanoTime();
                service.close();
                stopMillis = (System.nanoTime() - start) / 1_000_000;
            } finally {
                service.close();
            }
        } finally {
            released.set(true);
        }
        // past it, a stage's process is halted ("could not stop cleanly"), and under bin/pipeline run the broker
        // and the node with it
        assertThat(Duration.ofMillis(stopMillis)).as("the stop, while the article was being enriched")
                .isLessThan(StageRunner.STOP_BUDGET);
        try (Observability observability = Observability.inMemory();
             EnrichService service = new EnrichService(EnrichConfig.from(settings), NOTHING, observability)) {
            service.start();
            awaitEnriched(cut, Duration.ofSeconds(25));
            awaitCommittedToTheEnd("stop-" + run, Topics.RAW.name(), Duration.ofSeconds(10));
        }
    }

    @Test
    @Order(5)
    void writesRefusedForWantOfInSyncReplicasAreNamedByReadinessAndGoThroughOnceTheBrokerIsBack() throws Exception {
        Path secondFolder = folder.resolve("second-broker");
        EmbeddedKafka second = broker.addBroker(secondFolder);
        try {
            long deadline = System.currentTimeMillis() + 30_000;
            while (admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size() < 2
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            // the output topic on both brokers, each write to be acknowledged by both (acks=all)
            admin.deleteTopics(List.of(Topics.ENRICHED.name())).all().get(30, TimeUnit.SECONDS);
            awaitGone(Topics.ENRICHED.name());
            admin.createTopics(List.of(new NewTopic(Topics.ENRICHED.name(), 2, (short) 2).configs(Map.of(
                    "cleanup.policy", "compact", "min.insync.replicas", "2")))).all().get(30, TimeUnit.SECONDS);
            try (Observability observability = Observability.inMemory();
                 EnrichService service = new EnrichService(EnrichConfig.from(settings("replicas-" + run)), NOTHING,
                         observability)) {
                service.start();
                awaitEnriched(send("both-brokers-up"), Duration.ofSeconds(30));

                second.close();
                Set<String> meanwhile = send("one-broker-away");
                String said = null;
                deadline = System.currentTimeMillis() + 30_000;
                while (said == null && System.currentTimeMillis() < deadline) {
                    said = observability.health().ready().stream()
                            .filter(r -> !r.ok() && r.problem().contains("min.insync.replicas of 2"))
                            .map(Health.Result::problem).findFirst().orElse(null);
                    Thread.sleep(200);
                }
                // before, readiness stayed UP while every write was refused and the producer retried in silence
                assertThat(said).as("readiness while the broker holding the other replicas is away")
                        .contains(Topics.ENRICHED.name()).contains("bring back the broker(s)");

                second = broker.addBroker(secondFolder);
                awaitEnriched(meanwhile, Duration.ofSeconds(60));
                deadline = System.currentTimeMillis() + 30_000;
                while (!Health.allOk(observability.health().ready()) && System.currentTimeMillis() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(observability.health().ready()).as("ready again").allMatch(Health.Result::ok);
            }
        } finally {
            second.close();
        }
    }

    private static void awaitGone(String topic) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
    }

    private static Settings settings(String group) {
        return new Settings(Map.of(KafkaSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers(), "ENRICH_GROUP_ID", group,
                "ENRICH_THREADS", "1", KafkaSettings.SESSION_TIMEOUT, "6s"));
    }

    private Set<String> send(String name) throws Exception {
        RawArticle article = article(name);
        producer.send(new ProducerRecord<>(Topics.RAW.name(), article.id().getBytes(StandardCharsets.UTF_8),
                JsonSerde.toBytes(article))).get(30, TimeUnit.SECONDS);
        return new HashSet<>(Set.of(article.id()));
    }

    private RawArticle article(String name) {
        return EnrichServiceITs.article(name, "An article about nothing in particular, " + name + " of run " + run + ".");
    }

    /** Reads articles.enriched from its start until every key of {@code wanted} is there; returns every key seen. */
    private static Set<String> awaitEnriched(Set<String> wanted, Duration timeout) {
        Set<String> seen = new HashSet<>();
        try (var reader = new KafkaConsumer<byte[], byte[]>(kafka.consumer("reader-" + UUID.randomUUID(), "reader"))) {
            reader.subscribe(List.of(Topics.ENRICHED.name()));
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            while (!seen.containsAll(wanted) && System.currentTimeMillis() < deadline) {
                reader.poll(Duration.ofMillis(300)).forEach(r -> seen.add(new String(r.key(), StandardCharsets.UTF_8)));
            }
        }
        assertThat(seen).as("enriched within " + timeout.toSeconds() + " s").containsAll(wanted);
        return seen;
    }

    /** Waits until {@code group} has committed every record of {@code topic}: nothing would be read again. */
    private static void awaitCommittedToTheEnd(String group, String topic, Duration timeout) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitionsOf(topic); p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((p, end) -> ends.put(p, end.offset()));
        Map<TopicPartition, Long> committed = new HashMap<>();
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        do {
            committed.clear();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .forEach((p, o) -> committed.put(p, o == null ? 0 : o.offset()));
            if (ends.entrySet().stream().allMatch(e -> e.getValue() == 0
                    || e.getValue().equals(committed.get(e.getKey())))) {
                return;
            }
            Thread.sleep(200);
        } while (System.currentTimeMillis() < deadline);
        assertThat(committed).as("offsets of group " + group + " committed up to the end of " + topic)
                .containsAllEntriesOf(ends);
    }

    private static void deleteAllRecordsOf(String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitionsOf(topic); p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                .forEach((partition, end) -> delete.put(partition, RecordsToDelete.beforeOffset(end.offset())));
        admin.deleteRecords(delete).all().get(30, TimeUnit.SECONDS);
    }

    private static void setConfig(String topic, String key, String value) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(new ConfigEntry(key, value),
                AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
    }

    private static String configOf(String topic, String key) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource).get(key).value();
    }

    /** Partitions of the topic, once the broker's metadata knows it (a topic created a moment ago may lag). */
    private static int partitionsOf(String topic) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try {
                return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                        .partitions().size();
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                        || System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    /** The value of a Prometheus sample whose labels include {@code stage} (and {@code topic}), or -1. */
    private static double metric(String scrape, String name, String stage, String... topic) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} (\\S+)$").matcher(scrape);
        while (m.find()) {
            String labels = m.group(1);
            if (labels.contains("stage=\"" + stage + "\"")
                    && (topic.length == 0 || labels.contains("topic=\"" + topic[0] + "\""))) {
                return Double.parseDouble(m.group(2));
            }
        }
        return -1;
    }
}
