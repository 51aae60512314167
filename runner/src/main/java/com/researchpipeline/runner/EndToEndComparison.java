package com.researchpipeline.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The publish stage's end-to-end histogram ({@code pipeline_end_to_end_seconds} on /metrics: file discovered to
 * document indexed) beside the benchmark's own measurement from outside (file dropped to document searchable) of the
 * same articles. The histogram's counts are the difference of two scrapes, so only these articles are in it. The
 * outside time of every article is at least its histogram time (the drop comes before the discovery, searchable
 * after indexed), so each measured quantile must lie in the bucket the histogram puts that quantile in, or, for the
 * wait before discovery and the refresh interval, in the bucket just above it: one bucket of slack.
 */
record EndToEndComparison(List<double[]> buckets, long count, double[] measured) {

    static final String METRIC = "pipeline_end_to_end_seconds";

    /** The difference of the cumulative buckets ({@code le}, count) between two scrapes of the same process. */
    static EndToEndComparison of(PrometheusText before, PrometheusText after, double[] measuredSeconds) {
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
        return new EndToEndComparison(buckets, count, sorted);
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

    /** The upper bound of the bucket above the one holding {@code q}: the one bucket of slack. */
    private double slackUpper(double q) {
        double upper = bucketOf(q)[1];
        for (double[] bucket : buckets) {
            if (bucket[0] > upper) {
                return bucket[0];
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    double measuredQuantile(double q) {
        return SearchWatcher.percentile(measured, q * 100);
    }

    boolean agrees(double q) {
        double value = measuredQuantile(q);
        return count == measured.length && count > 0 && value > bucketOf(q)[0] && value <= slackUpper(q);
    }

    boolean agrees() {
        return agrees(0.5) && agrees(0.99);
    }

    /** One line: both buckets, both measured quantiles, agree or DISAGREE with the reason. */
    String describe() {
        String line = String.format(Locale.ROOT, "end-to-end histogram: p50 in %s s, p99 in %s s; measured p50 %.2f s, "
                + "p99 %.2f s: ", range(bucketOf(0.5)), range(bucketOf(0.99)), measuredQuantile(0.5),
                measuredQuantile(0.99));
        if (agrees()) {
            return line + "agree (the histogram counts discovered -> indexed, the measurement dropped -> searchable: "
                    + "the ingest wait and the refresh interval may put it one bucket higher)";
        }
        if (count != measured.length) {
            return line + String.format(Locale.ROOT, "DISAGREE: the histogram counted %d articles between the scrapes, "
                    + "the measurement %d", count, measured.length);
        }
        return line + String.format(Locale.ROOT, "DISAGREE: a measured quantile lies outside its histogram bucket and "
                + "the one above it (p50 allowed %s s, p99 allowed %s s)", range(new double[] {bucketOf(0.5)[0],
                slackUpper(0.5)}), range(new double[] {bucketOf(0.99)[0], slackUpper(0.99)}));
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
