package com.researchpipeline.ingest;

import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.StageRunner;

/** Runs the ingest stage alone, configured from the environment (see {@link IngestConfig}). */
public final class IngestApplication {

    public static void main(String[] args) throws InterruptedException {
        StageRunner.runUntilStopped(new IngestService(IngestConfig.from(Settings.fromEnvironment())));
    }

    private IngestApplication() {
    }
}
