package com.researchpipeline.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void readsTypedValuesWithUnits() {
        var settings = new Settings(Map.of("A", "20mb", "B", "500ms", "C", "yes", "D", "7"));
        assertThat(settings.bytes("A", 0)).isEqualTo(20L * 1024 * 1024);
        assertThat(settings.duration("B", Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.bool("C", false)).isTrue();
        assertThat(settings.integer("D", 0)).isEqualTo(7);
        assertThat(settings.integer("MISSING", 3)).isEqualTo(3);
    }

    @Test
    void failsNamingTheBadVariable() {
        var settings = new Settings(Map.of("INGEST_MAX_FILE_SIZE", "lots"));
        assertThatThrownBy(() -> settings.bytes("INGEST_MAX_FILE_SIZE", 1))
                .isInstanceOf(Settings.ConfigException.class)
                .hasMessageContaining("INGEST_MAX_FILE_SIZE='lots'");
    }
}
