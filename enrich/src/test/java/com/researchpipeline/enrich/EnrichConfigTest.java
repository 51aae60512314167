package com.researchpipeline.enrich;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchpipeline.contract.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnrichConfigTest {

    @Test
    void topicSettingsStopTheStartNamingTheVariable() {
        // before: accepted, and refused by the broker only when enrich came to create a missing topic
        assertThatThrownBy(() -> EnrichConfig.from(new Settings(Map.of("KAFKA_TOPIC_PARTITIONS", "0"))))
                .isInstanceOf(Settings.ConfigException.class).hasMessageContaining("KAFKA_TOPIC_PARTITIONS=0");
    }

    @Test
    void aBatchSizeOrBackoffNoConsumerCouldUseStopsTheStartNamingTheVariable() {
        // before: ENRICH_MAX_POLL_RECORDS=0 ended enrich with Kafka's ConfigException as a stack trace once connected;
        // ENRICH_RETRY_BACKOFF_MAX=0s was taken as the first wait, 500 ms, without a word
        for (String[] hostile : new String[][] {{"ENRICH_MAX_POLL_RECORDS", "0"}, {"ENRICH_MAX_POLL_RECORDS", "-1"},
                {"ENRICH_RETRY_BACKOFF_MAX", "0s"}, {"ENRICH_RETRY_BACKOFF_MAX", "100ms"}}) {
            assertThatThrownBy(() -> EnrichConfig.from(new Settings(Map.of(hostile[0], hostile[1]))))
                    .as(hostile[0] + "=" + hostile[1])
                    .isInstanceOf(Settings.ConfigException.class).hasMessageContaining(hostile[0]);
        }
    }
}
