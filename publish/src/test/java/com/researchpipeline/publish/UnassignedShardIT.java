package com.researchpipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.researchpipeline.contract.consumer.RetryCause;
import com.researchpipeline.infra.TestInfrastructure;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The index's primary shard is not assigned (red: a lost disk, an allocation filter naming no node). The real
 * node waits for it as long as the bulk request's {@code timeout} says (a minute unless it says) and then answers
 * 503 {@code unavailable_shards_exception} per document. Before, that wait was as long as the client's
 * ELASTICSEARCH_TIMEOUT, so publish gave up first and said the node was frozen, hung or swamped.
 */
class UnassignedShardIT {

    @Test
    void theRetrySaysWhichShardIsMissingInsteadOfBlamingTheNode() throws Exception {
        String url = TestInfrastructure.shared().elasticsearchUrl();
        String index = "it-unassigned-" + UUID.randomUUID().toString().substring(0, 8);
        ElasticsearchConnection connection = ElasticsearchConnection.to(url).withTimeout(Duration.ofSeconds(2));
        try (var admin = ElasticsearchConnection.to(url).open()) {
            // red from birth: its one primary may only live on a node that does not exist
            admin.indices().create(c -> c.withJson(new StringReader("{\"settings\":{\"number_of_shards\":1,"
                            + "\"number_of_replicas\":0,\"index.routing.allocation.require._name\":\"no-such-node\"}}"))
                    .index(index).waitForActiveShards(w -> w.count(0)));
            try {
                var outcome = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                    try (var client = connection.open()) {
                        return new BulkPublisher<String>(client, index, connection.timeout()).publish(List.of(
                                new BulkPublisher.Item<>("a", "id-a", 1,
                                        "{\"id\":\"id-a\"}".getBytes(StandardCharsets.UTF_8))));
                    }
                });
                assertThat(outcome.retry()).hasSize(1);
                assertThat(outcome.rejected()).isEmpty();
                assertThat(outcome.retryCause()).isEqualTo(RetryCause.STORE_UNAVAILABLE);
                assertThat(outcome.retryDetail()).contains("503 unavailable_shards_exception")
                        .contains("primary shard is not active").doesNotContain("no answer");
            } finally {
                admin.indices().delete(d -> d.index(index));
            }
        }
    }
}
