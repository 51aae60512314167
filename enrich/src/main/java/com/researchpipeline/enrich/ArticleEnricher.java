package com.researchpipeline.enrich;

import com.researchpipeline.contract.EnrichedArticle;
import com.researchpipeline.contract.RawArticle;
import java.time.Clock;

/** Turns a raw article into its enriched event. Thread-safe when the extractor is. */
public final class ArticleEnricher {

    private final Extractor extractor;
    private final Clock clock;

    public ArticleEnricher(Extractor extractor, Clock clock) {
        this.extractor = extractor;
        this.clock = clock;
    }

    public EnrichedArticle enrich(RawArticle article) {
        if (article.body() == null) {
            throw new IllegalArgumentException("article " + article.id() + " has no body");
        }
        return new EnrichedArticle(EnrichedArticle.SCHEMA_VERSION, article,
                extractor.extract(article.body(), article.language()), clock.instant(), extractor.modelVersion(),
                extractor.languageFor(article.language()));
    }
}
