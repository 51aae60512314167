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
}
