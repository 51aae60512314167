package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.Settings;
import com.researchpipeline.infra.TestInfrastructure;
import com.researchpipeline.publish.ElasticsearchConnection;
import com.researchpipeline.publish.PublishConfig;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The real node answers, but the index behind the alias has no assigned shard (red: here an allocation filter
 * naming no node), so a count is refused with 503 at once. Before, status said Elasticsearch did not answer within
 * 10 s and advised checking that it runs or is not stopped.
 */
class StatusOfARedIndexIT {

    @Test
    void statusSaysTheNodeAnsweredAndThatTheIndexHasNoShardInsteadOfNoAnswer() throws Exception {
        String url = TestInfrastructure.shared().elasticsearchUrl();
        String alias = "it-red-" + UUID.randomUUID().toString().substring(0, 8);
        String index = alias + "-v1";
        try (var admin = ElasticsearchConnection.to(url).open()) {
            admin.indices().create(c -> c.withJson(new StringReader("{\"settings\":{\"number_of_shards\":1,"
                            + "\"number_of_replicas\":0,\"index.routing.allocation.require._name\":\"no-such-node\"},"
                            + "\"aliases\":{\"" + alias + "\":{}}}"))
                    .index(index).waitForActiveShards(w -> w.count(0)));
            try {
                PublishConfig publish = PublishConfig.from(new Settings(Map.of(
                        ElasticsearchConnection.URL, url, PublishConfig.ALIAS, alias)));
                List<String> problems = new ArrayList<>();
                String documents = StatusCommand.documents(publish, problems);
                assertThat(documents).contains("answered 503 no_shard_available_action_exception")
                        .contains("not assigned").contains("_cluster/allocation/explain")
                        .doesNotContain("no answer").doesNotContain("kill -CONT");
                assertThat(problems).containsExactly("Elasticsearch");
            } finally {
                admin.indices().delete(d -> d.index(index));
            }
        }
    }
}
