package com.researchpipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.StatusEvent;
import com.researchpipeline.infra.TestInfrastructure;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The indexer of status events behind the Pipeline dashboard retries for ever while Elasticsearch refuses them,
 * losing nothing. Before, nothing but a WARN line said so: readiness stayed UP, status said healthy, and the
 * dashboard stopped in silence.
 */
class StatusIndexerIT {

    @Test
    void aFailureThatLastsIsReportedForReadinessWithWhatToCheck() throws Exception {
        TestInfrastructure infra = TestInfrastructure.shared();
        String topic = "status-indexer-it-" + System.nanoTime();
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", infra.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        KafkaSettings kafka = new KafkaSettings(infra.kafkaBootstrapServers());
        try (var producer = new KafkaProducer<byte[], byte[]>(kafka.producer("status-indexer-it"))) {
            StatusEvent event = StatusEvent.of(StatusEvent.Kind.INDEXED, "publish", Instant.now()).articleId("a1").build();
            producer.send(new ProducerRecord<>(topic, "a1".getBytes(), JsonSerde.toBytes(event))).get();
        }
        int refusing;
        try (ServerSocket socket = new ServerSocket(0)) {
            refusing = socket.getLocalPort();
        }
        ElasticsearchClient client = ElasticsearchConnection.to("http://127.0.0.1:" + refusing)
                .withTimeout(Duration.ofSeconds(2)).open();
        try (StatusIndexer indexer = new StatusIndexer(client, Duration.ofSeconds(2), kafka, topic,
                Duration.ofMillis(500), Duration.ofSeconds(2))) {
            indexer.start();
            assertThat(indexer.problem()).as("a failure is waited out first").isNull();
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (indexer.problem() == null && System.nanoTime() < until) {
                Thread.sleep(200);
            }
            assertThat(indexer.problem()).contains("status events not indexed into pipeline-status for")
                    .contains("nothing is lost").contains("check the index");
        } finally {
            client._transport().close();
        }
    }

    /**
     * {@code pipeline-status} made by hand (or by another tool) with a mapping of its own: every event was refused as
     * the document's fault, logged and skipped, readiness stayed UP and the dashboard stayed empty for good.
     */
    @Test
    void eventsRefusedByAnIndexWithAnotherMappingAreHeldAndReportedUntilItIsMadeAgain() throws Exception {
        TestInfrastructure infra = TestInfrastructure.shared();
        String topic = "status-indexer-mapping-it-" + System.nanoTime();
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", infra.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        KafkaSettings kafka = new KafkaSettings(infra.kafkaBootstrapServers());
        StatusEvent event = StatusEvent.of(StatusEvent.Kind.INDEXED, "publish", Instant.now()).articleId("m1").build();
        try (var producer = new KafkaProducer<byte[], byte[]>(kafka.producer("status-indexer-it"))) {
            producer.send(new ProducerRecord<>(topic, "m1".getBytes(), JsonSerde.toBytes(event))).get();
        }
        ElasticsearchClient client = ElasticsearchConnection.to(infra.elasticsearchUrl()).open();
        try {
            client.indices().delete(d -> d.index(StatusIndexer.INDEX).ignoreUnavailable(true));
            client.indices().create(c -> c.index(StatusIndexer.INDEX)
                    .mappings(m -> m.properties("at", p -> p.boolean_(b -> b))));
            try (StatusIndexer indexer = new StatusIndexer(client, Duration.ofSeconds(60), kafka, topic,
                    Duration.ofMillis(500), Duration.ofSeconds(1))) {
                indexer.start();
                long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (indexer.problem() == null && System.nanoTime() < until) {
                    Thread.sleep(200);
                }
                assertThat(indexer.problem()).contains("at is boolean, the template says date")
                        .contains("DELETE pipeline-status");

                client.indices().delete(d -> d.index(StatusIndexer.INDEX));
                until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!client.exists(e -> e.index(StatusIndexer.INDEX).id(event.eventId())).value()
                        && System.nanoTime() < until) {
                    Thread.sleep(200);
                }
                assertThat(client.exists(e -> e.index(StatusIndexer.INDEX).id(event.eventId())).value())
                        .as("the held event indexed once the index is made again from the template").isTrue();
            }
        } finally {
            client.indices().delete(d -> d.index(StatusIndexer.INDEX).ignoreUnavailable(true));
            client._transport().close();
        }
    }

    /**
     * The node's data lost while publish runs (or the template and index deleted): the template was put only when
     * publish started, so the next events made {@code pipeline-status} with guessed mappings ({@code stage} text, not
     * keyword), which took every event: the dashboard's charts broke and nothing said so.
     */
    @Test
    void aTemplateLostWhilePublishRunsIsPutAgainBeforeTheNextEvents() throws Exception {
        TestInfrastructure infra = TestInfrastructure.shared();
        String topic = "status-indexer-wiped-it-" + System.nanoTime();
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", infra.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        KafkaSettings kafka = new KafkaSettings(infra.kafkaBootstrapServers());
        ElasticsearchClient client = ElasticsearchConnection.to(infra.elasticsearchUrl()).open();
        try (var producer = new KafkaProducer<byte[], byte[]>(kafka.producer("status-indexer-it"));
             StatusIndexer indexer = new StatusIndexer(client, Duration.ofSeconds(60), kafka, topic,
                     Duration.ofMillis(500), Duration.ofSeconds(1))) {
            client.indices().delete(d -> d.index(StatusIndexer.INDEX).ignoreUnavailable(true));
            indexer.start();
            StatusEvent before = StatusEvent.of(StatusEvent.Kind.INDEXED, "publish", Instant.now()).articleId("w1")
                    .build();
            producer.send(new ProducerRecord<>(topic, "w1".getBytes(), JsonSerde.toBytes(before))).get();
            awaitIndexed(client, before);

            client.indices().delete(d -> d.index(StatusIndexer.INDEX));
            client.indices().deleteIndexTemplate(d -> d.name(StatusIndexer.INDEX));
            StatusEvent after = StatusEvent.of(StatusEvent.Kind.INDEXED, "publish", Instant.now()).articleId("w2")
                    .build();
            producer.send(new ProducerRecord<>(topic, "w2".getBytes(), JsonSerde.toBytes(after))).get();
            awaitIndexed(client, after);

            var stage = client.indices().getMapping(m -> m.index(StatusIndexer.INDEX)).get(StatusIndexer.INDEX)
                    .mappings().properties().get("stage");
            assertThat(stage.isKeyword()).as("stage mapped as the template says, not guessed: " + stage._kind())
                    .isTrue();
            assertThat(client.indices().existsIndexTemplate(t -> t.name(StatusIndexer.INDEX)).value()).isTrue();
        } finally {
            client.indices().delete(d -> d.index(StatusIndexer.INDEX).ignoreUnavailable(true));
            client._transport().close();
        }
    }

    private static void awaitIndexed(ElasticsearchClient client, StatusEvent event) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!client.exists(e -> e.index(StatusIndexer.INDEX).id(event.eventId())).value()
                && System.nanoTime() < until) {
            Thread.sleep(200);
        }
        assertThat(client.exists(e -> e.index(StatusIndexer.INDEX).id(event.eventId())).value())
                .as("event " + event.eventId() + " indexed").isTrue();
    }
}
