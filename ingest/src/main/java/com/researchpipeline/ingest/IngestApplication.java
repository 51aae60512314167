package com.researchpipeline.ingest;

import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.StageRunner;
import com.researchpipeline.observability.Observability;

/** Runs the ingest stage alone, configured from the environment (see {@link IngestConfig}). */
public final class IngestApplication {

    public static void main(String[] args) throws InterruptedException {
        StageRunner.runAsMain("ingest", () -> {
            Settings settings = Settings.fromEnvironment();
            try (Observability observability = Observability.from(settings, "INGEST_METRICS_PORT", 9401)) {
                StageRunner.runUntilStopped(new IngestService(IngestConfig.from(settings), observability));
            }
        });
    }

    private IngestApplication() {
    }
}
