package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmark's comparison of the end-to-end histogram with its own measurement, on scrapes written here. */
class PipelineBenchmarkEndToEndTest {

    private static final double[] LE = {1, 2, 3, 5, 7.5, 10, Double.POSITIVE_INFINITY};

    /** A scrape of the histogram with these cumulative counts, and an unrelated histogram beside it. */
    private static PrometheusText scrape(long... cumulative) {
        StringBuilder text = new StringBuilder("# TYPE pipeline_end_to_end_seconds histogram\n");
        for (int i = 0; i < LE.length; i++) {
            String le = Double.isInfinite(LE[i]) ? "+Inf" : Double.toString(LE[i]);
            text.append("pipeline_end_to_end_seconds_bucket{stage=\"publish\",le=\"").append(le).append("\"} ")
                    .append(cumulative[i]).append('\n');
            text.append("pipeline_bulk_time_seconds_bucket{stage=\"publish\",le=\"").append(le).append("\"} 99\n");
        }
        text.append("pipeline_end_to_end_seconds_count{stage=\"publish\"} ").append(cumulative[LE.length - 1]).append('\n');
        return PrometheusText.parse(text.toString());
    }

    /** Ten articles before: 1 s each; this run: 5 in (3, 5], 4 in (5, 7.5], 1 in (7.5, 10]. */
    private static final PrometheusText BEFORE = scrape(10, 10, 10, 10, 10, 10, 10);
    private static final PrometheusText AFTER = scrape(10, 10, 10, 15, 19, 20, 20);

    @Test
    void takesTheBucketsOfTheArticlesBetweenTheScrapesOnly() {
        EndToEndComparison comparison = EndToEndComparison.of(BEFORE, AFTER, new double[10], new double[10], new double[10]);
        assertThat(comparison.count()).isEqualTo(10);
        assertThat(comparison.bucketOf(0.5)).containsExactly(3, 5);
        assertThat(comparison.bucketOf(0.99)).containsExactly(7.5, 10);
    }

    @Test
    void agreesInTheBucketOrTheOneAbove() {
        double[] measured = {3.5, 3.6, 3.7, 3.8, 6.2, 6.3, 6.4, 6.5, 6.6, 9.1};
        EndToEndComparison comparison = EndToEndComparison.of(BEFORE, AFTER, measured, measured, measured);
        assertThat(comparison.describe()).startsWith(
                "end-to-end histogram: p50 in (3, 5] s, p99 in (7.5, 10] s; measured (ingestedAt -> searchable) p50 6.20 s, "
                + "p99 9.10 s (search sent at 6.20 s, 9.10 s): agree");
        assertThat(comparison.agrees()).isTrue();
    }

    @Test
    void disagreesTwoBucketsAboveOrBelowTheBucket() {
        double[] late = {3.5, 3.6, 3.7, 3.8, 8.6, 8.7, 8.8, 8.9, 9.0, 9.1};
        assertThat(EndToEndComparison.of(BEFORE, AFTER, late, late, late).agrees(0.5)).isFalse();
        double[] early = {0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 9.1};
        EndToEndComparison comparison = EndToEndComparison.of(BEFORE, AFTER, early, early, early);
        assertThat(comparison.agrees()).isFalse();
        assertThat(comparison.describe()).contains("DISAGREE: a measured quantile lies outside its histogram bucket")
                .contains("p50 allowed (3, 8.55] s");
    }

    @Test
    void theRefreshIntervalAndThePollComeOnTopOfTheBucketAbove() {
        PrometheusText after = scrape(10, 20, 20, 20, 20, 20, 20);
        double lag = EndToEndComparison.searchLagSeconds();
        assertThat(lag).as("the template's 1s refresh and the 50 ms poll").isEqualTo(1.05);
        double[] measured = {1.5, 1.6, 1.7, 1.8, 4.02, 4.03, 4.03, 4.04, 4.04, 4.04};
        assertThat(EndToEndComparison.of(BEFORE, after, measured, measured, measured).agrees()).isTrue();
        double[] slower = {1.5, 1.6, 1.7, 1.8, 4.1, 4.1, 4.1, 4.1, 4.1, 4.1};
        assertThat(EndToEndComparison.of(BEFORE, after, slower, slower, slower).agrees(0.5)).isFalse();
    }

    @Test
    void aSlowSearchAgreesWhenTheDocumentMayHaveBeenSearchableWhenItWasSent() {
        double[] answered = {3.5, 3.6, 3.7, 3.8, 8.7, 8.8, 8.8, 8.9, 9.0, 9.1};
        double[] asked = {3.4, 3.5, 3.6, 3.7, 8.5, 8.6, 8.7, 8.8, 8.9, 9.0};
        assertThat(EndToEndComparison.of(BEFORE, AFTER, answered, answered, answered).agrees(0.5)).isFalse();
        assertThat(EndToEndComparison.of(BEFORE, AFTER, answered, asked, answered).agrees(0.5)).isTrue();
    }

    @Test
    void disagreesWhenTheHistogramCountedOtherArticles() {
        double[] measured = {3.5, 3.6, 3.7, 3.8, 6.2, 6.3, 6.4, 6.5, 6.6};
        EndToEndComparison comparison = EndToEndComparison.of(BEFORE, AFTER, measured, measured, measured);
        assertThat(comparison.agrees()).isFalse();
        assertThat(comparison.describe()).contains("DISAGREE: the histogram counted 10 articles between the scrapes, "
                + "the measurement 9");
    }
}
