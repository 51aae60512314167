package com.researchpipeline.enrich;

import com.researchpipeline.contract.EnrichedArticle;
import com.researchpipeline.contract.RawArticle;
import java.time.Clock;

/** Turns a raw article into its enriched event. Thread-safe when the extractor is. */
public final class ArticleEnricher {

    private final Extractor extractor;
    private final Clock clock;
    private final java.util.function.BiConsumer<EnrichedArticle, java.time.Duration> onEnriched;

    public ArticleEnricher(Extractor extractor, Clock clock) {
        this(extractor, clock, (enriched, took) -> { });
    }

    /** {@code onEnriched} is told of each article enriched and how long it took (metrics, status events). */
    public ArticleEnricher(Extractor extractor, Clock clock,
                           java.util.function.BiConsumer<EnrichedArticle, java.time.Duration> onEnriched) {
        this.extractor = extractor;
        this.clock = clock;
        this.onEnriched = onEnriched;
    }

    public EnrichedArticle enrich(RawArticle article) {
        if (article.body() == null) {
            throw new IllegalArgumentException("article " + article.id() + " has no body");
        }
        long started = System.nanoTime();
        EnrichedArticle enriched = new EnrichedArticle(EnrichedArticle.SCHEMA_VERSION, article,
                extractor.extract(article.body(), article.language()), clock.instant(), extractor.modelVersion(),
                extractor.languageFor(article.language()));
        onEnriched.accept(enriched, java.time.Duration.ofNanos(System.nanoTime() - started));
        return enriched;
    }
}
