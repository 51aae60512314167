package com.researchpipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.researchpipeline.contract.DeadLetterHeaders;
import com.researchpipeline.contract.EnrichedArticle;
import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.Topics;
import com.researchpipeline.infra.TestInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One integration test's own topic, alias and groups on the shared real broker and node, and the checks a
 * user would make: what is in the index, what the group committed.
 */
final class PublishFixture implements AutoCloseable {

    final TestInfrastructure infra = TestInfrastructure.shared();
    final String name;
    final String topic;
    final ElasticsearchClient es;
    private final KafkaProducer<byte[], byte[]> producer;

    PublishFixture(String purpose) {
        name = "it-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
        topic = name + ".enriched";
        es = ElasticsearchConnection.to(infra.elasticsearchUrl()).open();
        producer = new KafkaProducer<>(kafka().producer(name + "-producer"));
    }

    KafkaSettings kafka() {
        return new KafkaSettings(infra.kafkaBootstrapServers());
    }

    String alias() {
        return name;
    }

    String index() {
        return name + "-v" + IndexTemplate.load(name).version();
    }

    PublishConfig config(String group) {
        Map<String, String> env = new HashMap<>();
        env.put(KafkaSettings.BOOTSTRAP_SERVERS, infra.kafkaBootstrapServers());
        env.put(ElasticsearchConnection.URL, infra.elasticsearchUrl());
        env.put(PublishConfig.TOPIC, topic);
        env.put(PublishConfig.ALIAS, alias());
        env.put(PublishConfig.GROUP_ID, name + "-" + group);
        env.put(PublishConfig.BATCH_WAIT, "200ms");
        env.put(PublishConfig.RETRY_BACKOFF, "200ms");
        env.put(PublishConfig.RETRY_BACKOFF_MAX, "2s");
        return PublishConfig.from(new Settings(env));
    }

    PublishService startPublisher(String group) {
        PublishService service = new PublishService(config(group));
        service.start();
        return service;
    }

    void send(List<EnrichedArticle> articles) {
        for (EnrichedArticle article : articles) {
            send(article.id(), JsonSerde.toBytes(article));
        }
    }

    void send(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + topic, e);
        }
    }

    long count() {
        try {
            es.indices().refresh(r -> r.index(alias()));
            return es.count(c -> c.index(alias())).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document's id with its version and sequence number, as Elasticsearch stores them. */
    Map<String, List<Long>> versionsAndSeqNos() {
        try {
            es.indices().refresh(r -> r.index(alias()));
            var hits = es.search(s -> s.index(alias()).size(1000).version(true).seqNoPrimaryTerm(true)
                    .source(src -> src.fetch(false)), Void.class).hits().hits();
            Map<String, List<Long>> result = new HashMap<>();
            for (Hit<Void> hit : hits) {
                result.put(hit.id(), List.of(hit.version(), hit.seqNo()));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True once the group has committed the end of every partition of the topic. */
    /** Every dead letter from this fixture's topic, reading articles.dlq to its end. */
    List<ConsumerRecord<byte[], byte[]>> deadLetters() {
        Properties props = kafka().consumer(name + "-dlq-reader-" + System.nanoTime(), "dlq-reader");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> mine = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(Topics.DLQ.name()));
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline) {
                var records = consumer.poll(Duration.ofMillis(500));
                records.forEach(record -> {
                    if (topic.equals(DeadLetterHeaders.get(record.headers(), DeadLetterHeaders.ORIGIN_TOPIC))) {
                        mine.add(record);
                    }
                });
                if (records.isEmpty() && !consumer.assignment().isEmpty() && consumer.assignment().stream()
                        .allMatch(p -> consumer.currentLag(p).isPresent() && consumer.currentLag(p).getAsLong() == 0)) {
                    break;
                }
            }
        }
        return mine;
    }

    boolean groupCaughtUp(String group) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets(name + "-" + group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            return ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                    || (committed.get(e.getKey()) != null
                    && committed.get(e.getKey()).offset() == e.getValue().offset()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                assertThat(condition.getAsBoolean()).as(what + " within " + timeout.toSeconds() + " s").isTrue();
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        producer.close(Duration.ofSeconds(5));
        es.close();
    }
}
