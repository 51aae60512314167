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

    @Test
    void refusesDurationsThatAreNegativeOrOverflowWhereTheyAreUsed() {
        for (String hostile : new String[] {"-1s", "PT-5S", "99999999999d", "999999999999d", "3651d"}) {
            var settings = new Settings(Map.of("INGEST_POLL_INTERVAL", hostile));
            assertThatThrownBy(() -> settings.duration("INGEST_POLL_INTERVAL", Duration.ofMillis(500)))
                    .as(hostile)
                    .isInstanceOf(Settings.ConfigException.class)
                    .hasMessageContaining("INGEST_POLL_INTERVAL='" + hostile + "'")
                    .hasMessageContaining("from 0 to 3650d");
        }
        assertThat(new Settings(Map.of("A", "3650d")).duration("A", Duration.ZERO)).isEqualTo(Duration.ofDays(3650));
        assertThat(new Settings(Map.of("A", "0s")).duration("A", Duration.ZERO)).isZero();
    }

    @Test
    void refusesASizeThatOverflowsRatherThanWrappingToAnother() {
        // 17179869185gb is 2^64 + 2^30 bytes: multiplied without a check it wrapped to 1gb and was accepted
        var settings = new Settings(Map.of("INGEST_MAX_FILE_SIZE", "17179869185gb"));
        assertThatThrownBy(() -> settings.bytes("INGEST_MAX_FILE_SIZE", 1))
                .isInstanceOf(Settings.ConfigException.class)
                .hasMessageContaining("INGEST_MAX_FILE_SIZE='17179869185gb' is not a size");
    }

    @Test
    void readsOnlyAsciiDigits() {
        for (String[] hostile : new String[][] {{"INGEST_POLL_INTERVAL", "\u0661\u0660s"}, {"INGEST_MAX_FILE_SIZE", "\uff12\uff10mb"},
                {"INGEST_CONCURRENCY", "\u0664"}}) {
            var settings = new Settings(Map.of(hostile[0], hostile[1]));
            assertThatThrownBy(() -> {
                settings.duration("INGEST_POLL_INTERVAL", Duration.ZERO);
                settings.bytes("INGEST_MAX_FILE_SIZE", 1);
                settings.integer("INGEST_CONCURRENCY", 1);
            }).as(hostile[1]).isInstanceOf(Settings.ConfigException.class).hasMessageContaining(hostile[0] + "='");
        }
    }
}
