package com.researchpipeline.enrich;

import com.researchpipeline.contract.Entity;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.StageRunner;
import com.researchpipeline.observability.Observability;
import com.researchpipeline.enrich.extract.EntityExtractor;
import java.util.List;
import java.util.function.Supplier;

/** Runs the enrich stage alone, configured from the environment (see {@link EnrichConfig}). */
public final class EnrichApplication {

    public static void main(String[] args) throws InterruptedException {
        StageRunner.runAsMain("enrich", () -> {
            Settings settings = Settings.fromEnvironment();
            try (Observability observability = Observability.from(settings, "ENRICH_METRICS_PORT", 9402)) {
                StageRunner.runUntilStopped(new EnrichService(EnrichConfig.from(settings), loadExtractor(),
                        observability));
            }
        });
    }

    /** Loads the models and gazetteers once; the result is shared by every enrich thread. */
    public static Extractor loadExtractor() {
        return loadExtractor(EntityExtractor::load, Runtime.getRuntime().maxMemory());
    }

    /**
     * A heap too small for the models (a container's memory limit of 512 MB gives the JVM 128 MB unless told)
     * stops the stage with what to give it, where the error would otherwise end it with a stack trace, and the
     * container be restarted on it for ever.
     */
    static Extractor loadExtractor(Supplier<EntityExtractor> load, long maxHeap) {
        EntityExtractor extractor;
        try {
            extractor = load.get();
        } catch (OutOfMemoryError e) {
            throw new IllegalStateException("enrich's models do not fit in its heap of " + (maxHeap >> 20) + " MB: "
                    + "give the JVM at least 512 MB (-Xmx512m: PIPELINE_JAVA_OPTS for bin/pipeline, JAVA_TOOL_OPTIONS "
                    + "for an image, whose JVM otherwise takes a quarter of the container's memory limit)", e);
        }
        return new Extractor() {
            @Override
            public List<Entity> extract(String text) {
                return extractor.extract(text);
            }

            @Override
            public String languageFor(String language) {
                return extractor.languageFor(language);
            }

            @Override
            public List<Entity> extract(String text, String language) {
                return extractor.extract(text, language);
            }

            @Override
            public String modelVersion() {
                return extractor.modelVersion();
            }
        };
    }

    private EnrichApplication() {
    }
}
