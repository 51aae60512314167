package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.Settings;
import com.researchpipeline.publish.PublishConfig;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node answers, but the index behind the alias has no assigned shard (red: a lost disk, an allocation filter
 * naming no node), so a search is refused with 503 at once. Before, status said Elasticsearch did not answer within
 * 10 s and advised checking that it runs or is not stopped.
 */
class StatusOfARedIndexTest {

    private static final String NO_SHARD = "{\"error\":{\"root_cause\":[{\"type\":\"no_shard_available_action_exception\","
            + "\"reason\":null}],\"type\":\"search_phase_execution_exception\",\"reason\":\"all shards failed\"},"
            + "\"status\":503}";

    private HttpServer node;

    @BeforeEach
    void aNodeWhoseIndexIsRed() throws IOException {
        node = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        node.createContext("/", exchange -> {
            byte[] body = NO_SHARD.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Elastic-Product", "Elasticsearch");
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(503, body.length);
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
    void statusSaysTheNodeAnsweredAndThatTheIndexHasNoShardInsteadOfNoAnswer() {
        PublishConfig publish = PublishConfig.from(new Settings(Map.of("ELASTICSEARCH_URL",
                "http://127.0.0.1:" + node.getAddress().getPort())));
        List<String> problems = new ArrayList<>();
        String documents = StatusCommand.documents(publish, problems);
        assertThat(documents).contains("answered 503 no_shard_available_action_exception")
                .contains("not assigned").contains("_cluster/allocation/explain")
                .doesNotContain("no answer").doesNotContain("kill -CONT");
        assertThat(problems).containsExactly("Elasticsearch");
    }
}
