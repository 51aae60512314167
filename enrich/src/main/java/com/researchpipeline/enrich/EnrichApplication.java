package com.researchpipeline.enrich;

import com.researchpipeline.contract.Entity;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.StageRunner;
import com.researchpipeline.observability.Observability;
import com.researchpipeline.enrich.extract.EntityExtractor;
import java.util.List;

/** Runs the enrich stage alone, configured from the environment (see {@link EnrichConfig}). */
public final class EnrichApplication {

    public static void main(String[] args) throws InterruptedException {
        Settings settings = Settings.fromEnvironment();
        try (Observability observability = Observability.from(settings, "ENRICH_METRICS_PORT", 9402)) {
            StageRunner.runUntilStopped(new EnrichService(EnrichConfig.from(settings), loadExtractor(), observability));
        }
    }

    /** Loads the models and gazetteers once; the result is shared by every enrich thread. */
    public static Extractor loadExtractor() {
        EntityExtractor extractor = EntityExtractor.load();
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
