package com.researchpipeline.enrich;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EnrichApplicationTest {

    /** Before: "Exception in thread main java.lang.OutOfMemoryError: Java heap space" and its stack, exit 1. */
    @Test
    void aHeapTooSmallForTheModelsStopsTheStageSayingWhatToGiveIt() {
        assertThatThrownBy(() -> EnrichApplication.loadExtractor(() -> {
            throw new OutOfMemoryError("Java heap space");
        }, 128L << 20))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("heap of 128 MB")
                .hasMessageContaining("-Xmx512m")
                .hasMessageContaining("PIPELINE_JAVA_OPTS")
                .hasMessageContaining("JAVA_TOOL_OPTIONS");
    }
}
