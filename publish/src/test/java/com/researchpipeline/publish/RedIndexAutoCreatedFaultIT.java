package com.researchpipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import co.elastic.clients.json.JsonData;
import com.researchpipeline.contract.consumer.RetryCause;
import com.researchpipeline.infra.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An index auto-created red, which costs the node's own 30 s wait for its primary: run with the long fault
 * proofs ({@code -Pfaults}); the default suite's {@link UnassignedShardIT} proves the same 503 on an index red from
 * birth.
 */
class RedIndexAutoCreatedFaultIT {

    /**
     * The index deleted on a cluster that cannot place a new shard (its disks past the high watermark, an
     * allocation filter): the next bulk auto-creates it red. The node waits for its primary twice, 30 s creating it
     * and then the bulk's {@code timeout} writing. Before, those two waits outlasted the client's 40 s and the first
     * attempt timed out ("no answer", the node blamed) before the 503 was reported.
     */
    @Test
    void anIndexAutoCreatedRedIsReportedOnTheFirstAttempt() throws Exception {
        String url = TestInfrastructure.shared().elasticsearchUrl();
        String prefix = "it-autored-" + UUID.randomUUID().toString().substring(0, 8);
        String index = prefix + "-v1";
        ElasticsearchConnection connection = ElasticsearchConnection.to(url).withTimeout(Duration.ofSeconds(40));
        try (var admin = ElasticsearchConnection.to(url).open()) {
            admin.indices().putIndexTemplate(t -> t.name(prefix).indexPatterns(prefix + "-*").priority(500L)
                    .template(tt -> tt.settings(s -> s.numberOfShards("1").numberOfReplicas("0")
                            .otherSettings("index.routing.allocation.require._name",
                                    JsonData.of("no-such-node")))));
            try {
                var outcome = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                    try (var client = connection.open()) {
                        return new BulkPublisher<String>(client, index, connection.timeout()).publish(List.of(
                                new BulkPublisher.Item<>("a", "id-a", 1,
                                        "{\"id\":\"id-a\"}".getBytes(StandardCharsets.UTF_8))));
                    }
                });
                assertThat(outcome.retry()).hasSize(1);
                assertThat(outcome.retryCause()).isEqualTo(RetryCause.STORE_UNAVAILABLE);
                assertThat(outcome.retryDetail()).contains("503 unavailable_shards_exception")
                        .contains("primary shard is not active").doesNotContain("no answer");
            } finally {
                admin.indices().delete(d -> d.index(index).ignoreUnavailable(true));
                admin.indices().deleteIndexTemplate(d -> d.name(prefix));
            }
        }
    }
}
