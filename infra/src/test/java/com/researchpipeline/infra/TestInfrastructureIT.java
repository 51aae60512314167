package com.researchpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class TestInfrastructureIT {

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void brokerDeliversAProducedRecordToAConsumerGroup() throws Exception {
        String bootstrap = infra.kafkaBootstrapServers();
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (var producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("infra.smoke", "k", "hello")).get();
        }
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "infra-smoke");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("infra.smoke"));
            ConsumerRecords<String, String> records = ConsumerRecords.empty();
            for (int i = 0; i < 30 && records.isEmpty(); i++) {
                records = consumer.poll(Duration.ofSeconds(1));
            }
            assertThat(records).extracting(r -> r.value()).containsExactly("hello");
        }
    }

    @Test
    void elasticsearchKeepsItsDocumentsAcrossAStopAndStart() throws Exception {
        String url = infra.elasticsearchUrl();
        send(HttpRequest.newBuilder(URI.create(url + "/infra-smoke/_doc/1?refresh=true"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"title\":\"kept\"}")).build());

        infra.stopElasticsearch();
        assertThatThrownBy(() -> send(HttpRequest.newBuilder(URI.create(url + "/infra-smoke/_doc/1"))
                .timeout(Duration.ofSeconds(3)).build())).isInstanceOfAny(ConnectException.class,
                java.net.http.HttpTimeoutException.class);
        infra.startElasticsearch();

        String body = send(HttpRequest.newBuilder(URI.create(url + "/infra-smoke/_doc/1")).build());
        assertThat(body).contains("\"title\":\"kept\"");
    }

    private String send(HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return response.body();
    }
}
