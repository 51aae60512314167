package com.researchpipeline.publish;

import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.StageRunner;
import com.researchpipeline.observability.Observability;

/** Runs the publish stage as its own process, configured from the environment (see {@link PublishConfig}). */
public final class PublishApplication {

    public static void main(String[] args) throws InterruptedException {
        StageRunner.runAsMain("publish", () -> {
            Settings settings = Settings.fromEnvironment();
            try (Observability observability = Observability.from(settings, "PUBLISH_METRICS_PORT", 9403)) {
                StageRunner.runUntilStopped(new PublishService(PublishConfig.from(settings), observability));
            }
        });
    }

    private PublishApplication() {
    }
}
