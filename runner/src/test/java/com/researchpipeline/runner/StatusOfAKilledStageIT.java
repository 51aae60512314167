package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.infra.TestInfrastructure;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stage killed with kill -9 keeps its place in its consumer group until the broker's session timeout. Before,
 * status called it UP from that membership alone, and the screen said healthy, though the health endpoint the
 * operator configured for it refused the connection.
 */
class StatusOfAKilledStageIT {

    @TempDir
    java.nio.file.Path inbox;

    @Test
    void aMemberOfTheGroupWhoseConfiguredEndpointRefusesIsNotCalledUp() throws Exception {
        TestInfrastructure infra = TestInfrastructure.shared();
        String group = "killed-enrich-" + System.nanoTime();
        int refusing = PrometheusText.freePort();
        Map<String, String> values = new HashMap<>();
        values.put(KafkaSettings.BOOTSTRAP_SERVERS, infra.kafkaBootstrapServers());
        values.put("ELASTICSEARCH_URL", infra.elasticsearchUrl());
        values.put("ENRICH_GROUP_ID", group);
        values.put("INGEST_INBOX", inbox.toString());
        values.put("STATUS_TOPIC", "articles.status.killed" + System.nanoTime());
        values.put("PIPELINE_HEALTH_URLS", "http://127.0.0.1:" + refusing);
        Settings env = new Settings(values);

        // the group's member outlives the process whose endpoint no longer answers
        String input = "killed-input-" + System.nanoTime();
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", infra.kafkaBootstrapServers()));
             var member = new KafkaConsumer<byte[], byte[]>(
                     new KafkaSettings(infra.kafkaBootstrapServers()).consumer(group, "killed-enrich"))) {
            admin.createTopics(List.of(new NewTopic(input, 1, (short) 1))).all().get();
            member.subscribe(List.of(input));
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (member.assignment().isEmpty() && System.nanoTime() < until) {
                member.poll(Duration.ofMillis(200));
            }
            assertThat(member.assignment()).as("the member joined its group").isNotEmpty();

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            StatusCommand.run(List.of(), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            String status = out.toString(StandardCharsets.UTF_8);

            assertThat(status).contains("enrich   UNKNOWN (group " + group + " has 1 member(s), but http://127.0.0.1:"
                    + refusing + " of PIPELINE_HEALTH_URLS refused the connection");
            assertThat(status).contains("=> NOT healthy").contains("enrich unknown").doesNotContain("=> healthy");
        }
    }
}
