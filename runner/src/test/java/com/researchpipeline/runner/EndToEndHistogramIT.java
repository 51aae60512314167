package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.infra.TestInfrastructure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end histogram publish serves on /metrics agrees with the benchmark's measurement from outside (the
 * document's ingestedAt to the search poll that found it), p50 and p99, within the histogram's buckets and one bucket
 * of slack for the refresh interval: the steady
 * part of {@code bin/pipeline benchmark-pipeline}'s whole-pipeline run, 30 articles at 3 per second, in a pipeline
 * JVM of its own against the shared broker and node.
 */
class EndToEndHistogramIT {

    @Test
    void theEndToEndHistogramAgreesWithTheMeasurementFromOutside() throws Exception {
        TestInfrastructure infra = TestInfrastructure.shared();
        long unique = System.nanoTime();
        // its own alias (the end-to-end test counts the documents of 'articles'), groups and status topic
        Map<String, String> settings = Map.of("PUBLISH_ALIAS", "articles-e2e-" + unique,
                "ENRICH_GROUP_ID", "enrich-e2e-" + unique, "STATUS_TOPIC", "articles.status.e2e" + unique,
                "INGEST_STABLE_FOR", "300ms", "INGEST_POLL_INTERVAL", "100ms");
        EndToEndComparison comparison = PipelineBenchmarkCommand.endToEnd(infra.kafkaBootstrapServers(),
                infra.elasticsearchUrl(), settings, List.of("--rate", "3", "--steady-seconds", "10"), System.err);
        System.out.println("---- " + comparison.describe());

        assertThat(comparison.measured()).as("articles measured from outside").hasSize(30);
        assertThat(comparison.dropped()).as("articles measured from their drop").hasSize(30);
        assertThat(comparison.count()).as("articles the histogram counted between the scrapes").isEqualTo(30);
        double[] p50 = comparison.bucketOf(0.5);
        double[] p99 = comparison.bucketOf(0.99);
        assertThat(p50[1]).as("the histogram's p50 bucket is a bounded one").isFinite();
        assertThat(p99[0]).as("p99 is not below p50").isGreaterThanOrEqualTo(p50[0]);
        assertThat(comparison.agrees()).as(comparison.describe()).isTrue();
        assertThat(comparison.describe()).matches("end-to-end histogram: p50 in \\(.+\\] s, p99 in \\(.+\\] s; "
                + "measured \\(ingestedAt -> searchable\\) p50 [0-9.]+ s, p99 [0-9.]+ s \\(search sent at [0-9.]+ s, [0-9.]+ s\\): agree .*");
    }
}
