package com.researchpipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch._types.ErrorCause;
import org.junit.jupiter.api.Test;

class BulkPublisherTest {

    private static ErrorCause error(String type) {
        return ErrorCause.of(e -> e.type(type).reason("because"));
    }

    @Test
    void retriesWhenTheNodeIsBusyOrBrokenAndDeadLettersWhatTheDocumentCausedItself() {
        assertThat(BulkPublisher.isRetriable(429, error("es_rejected_execution_exception"))).isTrue();
        assertThat(BulkPublisher.isRetriable(503, error("unavailable_shards_exception"))).isTrue();
        assertThat(BulkPublisher.isRetriable(500, error("exception"))).isTrue();
        assertThat(BulkPublisher.isRetriable(404, error("index_not_found_exception"))).isTrue();
        assertThat(BulkPublisher.isRetriable(403, error("cluster_block_exception"))).isTrue();
        assertThat(BulkPublisher.isRetriable(400, error("document_parsing_exception"))).isFalse();
        assertThat(BulkPublisher.isRetriable(400, error("illegal_argument_exception"))).isFalse();
    }

    @Test
    void shortensTheQuotedValueInAReasonSoLogsAndHeadersStaySmall() {
        String reason = "failed to parse field [x]. Preview of field's value: '" + "a".repeat(50_000) + "'";
        assertThat(BulkPublisher.shortened(reason)).hasSize(301).startsWith("failed to parse field [x]").endsWith("…");
        assertThat(BulkPublisher.shortened("short")).isEqualTo("short");
    }
}
