package com.researchpipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.consumer.RetryCause;
import com.researchpipeline.infra.SilentServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node that accepts connections and then never answers, as a frozen ({@code kill -STOP}), swapping or
 * hung Elasticsearch does: the kernel still completes the TCP handshake. Every request of publish must give up
 * after {@code ELASTICSEARCH_TIMEOUT} (the client's own default waits forever), so a bulk request becomes a
 * retry that readiness and logs report, never a publish loop stuck for good.
 */
class FrozenNodeTest {

    private SilentServer frozen;

    @BeforeEach
    void startANodeThatNeverAnswers() throws IOException {
        frozen = new SilentServer();
    }

    @AfterEach
    void stop() throws IOException {
        frozen.close();
    }

    private ElasticsearchConnection connection(String timeout) {
        return ElasticsearchConnection.from(new Settings(Map.of(
                ElasticsearchConnection.URL, "http://127.0.0.1:" + frozen.port(),
                ElasticsearchConnection.TIMEOUT, timeout)));
    }

    @Test
    void aRequestToAFrozenNodeFailsAfterTheTimeout() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (var client = connection("1s").open()) {
                long started = System.nanoTime();
                assertThatThrownBy(client::info).hasRootCauseInstanceOf(java.net.SocketTimeoutException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            }
        });
        assertThat(frozen.accepted()).as("the request reached the node").isNotEmpty();
    }

    @Test
    void aBulkRequestToAFrozenNodeIsRetriedNeverDeadLetteredNorStuck() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (var client = connection("1s").open()) {
                var publisher = new BulkPublisher<String>(client, "articles-v2", Duration.ofSeconds(1));
                var outcome = publisher.publish(List.of(new BulkPublisher.Item<>("a", "id-a", 1,
                        "{\"id\":\"id-a\"}".getBytes(StandardCharsets.UTF_8))));
                assertThat(outcome.stored()).isEmpty();
                assertThat(outcome.rejected()).isEmpty();
                assertThat(outcome.retry()).hasSize(1);
                assertThat(outcome.retryCause()).isEqualTo(RetryCause.STORE_UNAVAILABLE);
                assertThat(outcome.retryDetail()).contains("no answer").contains(ElasticsearchConnection.TIMEOUT);
            }
        });
    }

    @Test
    void theTimeoutIsASettingWithADefault() {
        assertThat(ElasticsearchConnection.from(new Settings(Map.of())).timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(connection("90s").timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(connection("90s").toString()).contains("timeout=PT1M30S");
        assertThatThrownBy(() -> connection("soon")).hasMessageContaining(ElasticsearchConnection.TIMEOUT);
    }
}
