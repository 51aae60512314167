package com.researchpipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.consumer.RetryCause;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The index's primary shard is not assigned (red: a lost disk, an allocation filter naming no node). Elasticsearch
 * waits for it the bulk request's {@code timeout} (a minute unless the request says) and then answers 503
 * {@code unavailable_shards_exception} per document. Before, that wait was as long as the client's
 * ELASTICSEARCH_TIMEOUT, so publish gave up first and said the node was frozen, hung or swamped.
 */
class UnassignedShardTest {

    private static final Pattern TIMEOUT = Pattern.compile("(?:^|&)timeout=(\\d+)ms");
    private HttpServer node;

    @BeforeEach
    void aNodeWhoseIndexHasNoPrimary() throws IOException {
        node = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        node.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String query = exchange.getRequestURI().getRawQuery();
            Matcher asked = TIMEOUT.matcher(query == null ? "" : query);
            long wait = asked.find() ? Long.parseLong(asked.group(1)) : 60_000;
            try {
                Thread.sleep(Math.min(wait, 10_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = ("{\"took\":" + wait + ",\"errors\":true,\"items\":[{\"index\":{\"_index\":\"articles-v2\","
                    + "\"_id\":\"id-a\",\"status\":503,\"error\":{\"type\":\"unavailable_shards_exception\",\"reason\":"
                    + "\"[articles-v2][0] primary shard is not active Timeout: [" + wait + "ms]\"}}}]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Elastic-Product", "Elasticsearch");
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        node.start();
    }

    @AfterEach
    void stop() {
        node.stop(0);
    }

    @Test
    void theRetrySaysWhichShardIsMissingInsteadOfBlamingTheNode() {
        ElasticsearchConnection connection = ElasticsearchConnection.from(new Settings(Map.of(
                ElasticsearchConnection.URL, "http://127.0.0.1:" + node.getAddress().getPort(),
                ElasticsearchConnection.TIMEOUT, "2s")));
        var outcome = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (var client = connection.open()) {
                return new BulkPublisher<String>(client, "articles-v2", connection.timeout()).publish(List.of(
                        new BulkPublisher.Item<>("a", "id-a", 1, "{\"id\":\"id-a\"}".getBytes(StandardCharsets.UTF_8))));
            }
        });
        assertThat(outcome.retry()).hasSize(1);
        assertThat(outcome.rejected()).isEmpty();
        assertThat(outcome.retryCause()).isEqualTo(RetryCause.STORE_UNAVAILABLE);
        assertThat(outcome.retryDetail()).contains("503 unavailable_shards_exception").contains("primary shard is not active")
                .doesNotContain("no answer");
    }
}
