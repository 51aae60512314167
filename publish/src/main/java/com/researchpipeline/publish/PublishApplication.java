package com.researchpipeline.publish;

import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.StageRunner;

/** Runs the publish stage as its own process, configured from the environment (see {@link PublishConfig}). */
public final class PublishApplication {

    public static void main(String[] args) throws InterruptedException {
        StageRunner.runUntilStopped(new PublishService(PublishConfig.from(Settings.fromEnvironment())));
    }

    private PublishApplication() {
    }
}
