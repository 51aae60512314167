package com.researchpipeline.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The publish stage's end-to-end histogram ({@code pipeline_end_to_end_seconds} on /metrics: ingest read the file to
 * document indexed) beside the benchmark's own measurement of the same articles: from the {@code ingestedAt} each
 * document carries to the search poll that first found it ({@code measured}). The histogram's counts are the
 * difference of two scrapes, so only these articles are in it. Searchable comes after indexed by up to {@code lag}
 * (the index's refresh interval and the search poll period), so each measured quantile must lie in the bucket the
 * histogram puts that quantile in, widened above by one bucket of slack for the histogram's resolution and by
 * {@code lag} on top (a bucket under a second is narrower than the refresh interval, and on a busy machine a refresh
 * comes late), and below by the poll period: measured below its bucket means the histogram reports too much. A search takes time
 * (seconds on a busy machine): the document became searchable between the search's sending ({@code asked}) and its
 * answer ({@code measured}), so the answered quantile must not be below the bucket and the asked one not above. Drop to
 * searchable ({@code dropped}) is printed beside: it adds the wait in the inbox before ingest reads the file, which
 * the histogram cannot see (on a busy machine, seconds).
 */
record EndToEndComparison(List<double[]> buckets, long count, double[] measured, double[] asked, double[] dropped,
                          double lag) {

    static final String METRIC = "pipeline_end_to_end_seconds";

    /** The difference of the cumulative buckets ({@code le}, count) between two scrapes of the same process. */
    static EndToEndComparison of(PrometheusText before, PrometheusText after, double[] measuredSeconds,
                                 double[] askedSeconds, double[] droppedSeconds) {
        return of(before, after, measuredSeconds, askedSeconds, droppedSeconds, searchLagSeconds());
    }

    static EndToEndComparison of(PrometheusText before, PrometheusText after, double[] measuredSeconds,
                                 double[] askedSeconds, double[] droppedSeconds, double lagSeconds) {
        List<double[]> buckets = new ArrayList<>();
        for (var sample : after.matching(METRIC + "_bucket")) {
            String le = sample.labels().get("le");
            buckets.add(new double[] {Double.parseDouble(le.replace("+Inf", "Infinity")),
                    sample.value() - before.value(METRIC + "_bucket", "le", le)});
        }
        if (buckets.isEmpty()) {
            throw new IllegalStateException("/metrics has no " + METRIC + "_bucket: is publish running in that process?");
        }
        buckets.sort((a, b) -> Double.compare(a[0], b[0]));
        long count = Math.round(after.value(METRIC + "_count") - before.value(METRIC + "_count"));
        double[] sorted = measuredSeconds.clone();
        java.util.Arrays.sort(sorted);
        double[] dropped = droppedSeconds.clone();
        java.util.Arrays.sort(dropped);
        double[] asked = askedSeconds.clone();
        java.util.Arrays.sort(asked);
        return new EndToEndComparison(buckets, count, sorted, asked, dropped, lagSeconds);
    }

    /** The bucket (lower, upper] the histogram puts quantile {@code q} in. */
    double[] bucketOf(double q) {
        long rank = Math.max(1, (long) Math.ceil(q * count));
        double lower = 0;
        for (double[] bucket : buckets) {
            if (bucket[1] >= rank) {
                return new double[] {lower, bucket[0]};
            }
            lower = bucket[0];
        }
        return new double[] {lower, Double.POSITIVE_INFINITY};
    }

    /** The most a measured {@code q} may be: the top of the bucket above plus the lag. */
    private double slackUpper(double q) {
        double upper = bucketOf(q)[1];
        for (double[] bucket : buckets) {
            if (bucket[0] > upper) {
                return bucket[0] + lag;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** The articles index's refresh interval (from publish's index template) and the search poll period. */
    static double searchLagSeconds() {
        String refresh;
        try {
            refresh = com.researchpipeline.contract.JsonSerde.mapper().readTree(
                    com.researchpipeline.publish.IndexTemplate.load("articles").json())
                    .at("/template/settings/index/refresh_interval").asText("1s");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read publish's index template", e);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9.]+)(ms|s)").matcher(refresh);
        if (!m.matches()) {
            throw new IllegalStateException("the index template's refresh_interval '" + refresh + "' is not like 1s");
        }
        double seconds = Double.parseDouble(m.group(1)) / (m.group(2).equals("ms") ? 1000 : 1);
        return seconds + SearchWatcher.POLL.toMillis() / 1e3;
    }

    double measuredQuantile(double q) {
        return SearchWatcher.percentile(measured, q * 100);
    }

    boolean agrees(double q) {
        double poll = SearchWatcher.POLL.toMillis() / 1e3;
        return count == measured.length && count == asked.length && count > 0
                && measuredQuantile(q) > bucketOf(q)[0] - poll
                && SearchWatcher.percentile(asked, q * 100) <= slackUpper(q);
    }

    boolean agrees() {
        return agrees(0.5) && agrees(0.99);
    }

    /** One line: both buckets, both measured quantiles, agree or DISAGREE with the reason. */
    String describe() {
        String line = String.format(Locale.ROOT, "end-to-end histogram: p50 in %s s, p99 in %s s; measured "
                + "(ingestedAt -> searchable) p50 %.2f s, p99 %.2f s (search sent at %.2f s, %.2f s): ",
                range(bucketOf(0.5)), range(bucketOf(0.99)), measuredQuantile(0.5), measuredQuantile(0.99),
                SearchWatcher.percentile(asked, 50), SearchWatcher.percentile(asked, 99));
        String outside = String.format(Locale.ROOT, "; drop -> searchable p50 %.2f s, p99 %.2f s adds the wait in the "
                + "inbox, which the histogram does not see", SearchWatcher.percentile(dropped, 50),
                SearchWatcher.percentile(dropped, 99));
        if (agrees()) {
            return line + String.format(Locale.ROOT, "agree (searchable follows indexed by up to the refresh interval "
                    + "and the poll, %.2f s: one bucket of slack and that)", lag) + outside;
        }
        if (count != measured.length) {
            return line + String.format(Locale.ROOT, "DISAGREE: the histogram counted %d articles between the scrapes, "
                    + "the measurement %d", count, measured.length);
        }
        return line + String.format(Locale.ROOT, "DISAGREE: a measured quantile lies outside its histogram bucket and "
                + "the one above it (p50 allowed %s s, p99 allowed %s s)", range(new double[] {bucketOf(0.5)[0],
                slackUpper(0.5)}), range(new double[] {bucketOf(0.99)[0], slackUpper(0.99)})) + outside;
    }

    private static String range(double[] bucket) {
        return "(" + number(bucket[0]) + ", " + number(bucket[1]) + "]";
    }

    private static String number(double value) {
        if (Double.isInfinite(value)) {
            return "+Inf";
        }
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
