package com.researchpipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.consumer.RetryCause;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BulkPublisherTest {

    /** The refusals Elasticsearch 9.5.3 gives, as seen, with who is at fault and what follows. */
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            // the document's fault: dead-lettered
            "400, document_parsing_exception,          DEAD_LETTER",
            "400, mapper_parsing_exception,            DEAD_LETTER",
            "400, strict_dynamic_mapping_exception,    DEAD_LETTER",
            "400, x_content_parse_exception,           DEAD_LETTER",
            "400, action_request_validation_exception, DEAD_LETTER",
            "413, ,                                    DEAD_LETTER",
            // the index, alias, cluster or access: retried until fixed, each with its cause
            "400, index_closed_exception,              STORE_REFUSED",
            "400, illegal_argument_exception,          STORE_REFUSED",
            "403, cluster_block_exception,             STORE_REFUSED",
            "429, cluster_block_exception,             STORE_REFUSED",
            "401, security_exception,                  STORE_REFUSED",
            "403, security_exception,                  STORE_REFUSED",
            "400, invalid_index_name_exception,        STORE_REFUSED",
            "400, routing_missing_exception,           STORE_REFUSED",
            "404, shard_not_found_exception,           STORE_REFUSED",
            "400, a_type_nobody_listed_exception,      STORE_REFUSED",
            "404, index_not_found_exception,           STORE_LAYOUT_MISSING",
            "429, es_rejected_execution_exception,     STORE_BUSY",
            "429, circuit_breaking_exception,          STORE_BUSY",
            "503, unavailable_shards_exception,        STORE_UNAVAILABLE",
            "503, no_shard_available_action_exception, STORE_UNAVAILABLE",
            "500, exception,                           STORE_UNAVAILABLE",
            "-1,  ,                                    STORE_UNAVAILABLE",
    })
    void onlyARefusalOfTheDocumentItselfIsDeadLetteredAndEveryOtherIsRetriedWithItsCause(int status, String type,
                                                                                         String expected) {
        String decision = DocumentFaults.isDocumentsFault(status, type) ? "DEAD_LETTER"
                : DocumentFaults.retryCauseOf(status, type).name();
        assertThat(decision).isEqualTo(expected);
    }

    /** A refusal of a type nobody listed is this document's own when the same request stored others. */
    @ParameterizedTest(name = "{0} {1} beside {2} stored -> {3}")
    @CsvSource({
            "400, a_type_nobody_listed_exception, 3, true",
            "400, a_type_nobody_listed_exception, 0, false",
            "404, shard_not_found_exception,      2, true",
            "400, index_closed_exception,         5, false",
            "403, cluster_block_exception,        5, false",
            "401, security_exception,             1, false",
            "400, illegal_argument_exception,     1, false",
            "429, es_rejected_execution_exception, 4, false",
            "503, a_type_nobody_listed_exception, 4, false",
    })
    void anUnlistedRefusalBesideStoredDocumentsIsTheDocumentsOwn(int status, String type, int storedBeside,
                                                                  boolean documentsFault) {
        assertThat(DocumentFaults.isDocumentsFaultBeside(status, type, storedBeside)).isEqualTo(documentsFault);
    }

    @Test
    void theDocumentsFaultsAreReadFromTheirDataFile() {
        assertThat(DocumentFaults.types()).contains("document_parsing_exception", "strict_dynamic_mapping_exception")
                .doesNotContain("illegal_argument_exception", "index_closed_exception", "security_exception",
                        "cluster_block_exception", "version_conflict_engine_exception")
                .allSatisfy(type -> assertThat(type).matches("[a-z_]+_exception"));
    }

    @Test
    void everyRetryCauseSaysWhatToDo() {
        for (RetryCause cause : RetryCause.values()) {
            assertThat(cause.action()).as(cause.name()).isNotBlank();
        }
        assertThat(RetryCause.STORE_REFUSED.action()).contains("_open").contains("write index").contains("credentials");
    }

    @Test
    void shortensTheQuotedValueInAReasonSoLogsAndHeadersStaySmall() {
        String reason = "failed to parse field [x]. Preview of field's value: '" + "a".repeat(50_000) + "'";
        assertThat(BulkPublisher.shortened(reason)).hasSize(301).startsWith("failed to parse field [x]").endsWith("…");
        assertThat(BulkPublisher.shortened("short")).isEqualTo("short");
    }
}
