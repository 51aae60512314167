package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Elasticsearch node of {@code bin/pipeline run} killed (SIGKILL, as the OOM killer would) and later stopped
 * (SIGTERM from outside the pipeline) while articles flow in: the runner says so, restarts it on the same data,
 * publish waits meanwhile, and every article ends up searchable exactly once with nobody restarting anything.
 * When the node dies once more than {@code PIPELINE_ELASTICSEARCH_RESTARTS} allows, the pipeline stops, says
 * why, and exits non-zero.
 */
class ElasticsearchDiesFaultIT {

    private static final Pattern BACK = Pattern.compile("Elasticsearch is back on \\S+, (\\d+) s after it died");

    @Test
    void theRunnerRestartsADeadNodeAndNothingIsLostOrDoubled() throws Exception {
        try (FaultRun run = new FaultRun("elasticsearch-dies")) {
            try (PipelineProcess pipeline = PipelineProcess.run(run.runArguments(), Map.of("PIPELINE_ELASTICSEARCH_RESTARTS", "2"),
                    run.log("run"))) {
                String elasticsearch = pipeline.awaitReady(Duration.ofMinutes(3));
                long started = System.nanoTime();
                Thread trickle = run.trickle(Duration.ofSeconds(Math.max(10, FaultRun.ARTICLES / 25)));

                int killAt = 1 + run.random.nextInt(FaultRun.ARTICLES / 3);
                FaultRun.await(killAt + " files in .done/", Duration.ofMinutes(3), () -> run.done() >= killAt);
                long killed = run.elasticsearchPid();
                ProcessHandle.of(killed).orElseThrow().destroyForcibly();
                String first = String.format("SIGKILL at %d dropped, %d in .done/", run.dropped(), run.done());
                awaitBack(pipeline, 1);

                int stopAt = Math.min(FaultRun.ARTICLES, run.done() + 1 + run.random.nextInt(FaultRun.ARTICLES / 3));
                FaultRun.await(stopAt + " files in .done/", Duration.ofMinutes(3), () -> run.done() >= stopAt);
                long stopped = run.elasticsearchPid();
                assertThat(stopped).as("the restarted node's pid").isNotEqualTo(killed);
                ProcessHandle.of(stopped).orElseThrow().destroy();
                String second = String.format("SIGTERM at %d dropped, %d in .done/", run.dropped(), run.done());
                String outages = awaitBack(pipeline, 2);

                trickle.join();
                run.awaitAllProcessed(elasticsearch, "articles");
                double seconds = (System.nanoTime() - started) / 1e9;
                FaultRun.Figures figures = run.assertExactlyOnce(elasticsearch, "articles");
                assertThat(pipeline.isAlive()).as("the pipeline after two deaths of its node").isTrue();
                assertThat(pipeline.output()).contains("died with exit code").contains("restarting it on");

                List<ProcessHandle> children = pipeline.children();
                long killedAgain = System.nanoTime();
                ProcessHandle.of(run.elasticsearchPid()).orElseThrow().destroyForcibly();
                int code = pipeline.awaitExit(Duration.ofSeconds(20));
                Duration stop = Duration.ofNanos(System.nanoTime() - killedAgain);
                assertThat(code).as("exit code once the node cannot be kept up").isEqualTo(1);
                assertThat(pipeline.output()).contains("stopping the pipeline: Elasticsearch (pid")
                        .contains("2 restarts in a row did not bring it back");
                assertThat(stop).as("time to stop once the node cannot be kept up").isLessThan(Duration.ofSeconds(10));
                FaultRun.await("the node's processes to end", Duration.ofSeconds(10),
                        () -> children.stream().noneMatch(ProcessHandle::isAlive));
                run.report("Elasticsearch node killed (SIGKILL), later stopped (SIGTERM), mid-stream", figures,
                        String.format("%s; %s; back after %s s; all searchable %.1f s after the first drop; a third "
                                + "death beyond PIPELINE_ELASTICSEARCH_RESTARTS=2 stopped the pipeline (exit 1) in "
                                + "%.1f s", first, second, outages, seconds, stop.toMillis() / 1e3));
            }
        }
    }

    /** Waits for the runner's n-th "is back" line; returns the outage lengths it reported. */
    private static String awaitBack(PipelineProcess pipeline, int times) throws InterruptedException {
        FaultRun.await("the runner to restart Elasticsearch (" + times + ")", Duration.ofMinutes(4),
                () -> BACK.matcher(pipeline.output()).results().count() >= times);
        StringBuilder outages = new StringBuilder();
        Matcher back = BACK.matcher(pipeline.output());
        while (back.find()) {
            outages.append(outages.isEmpty() ? "" : " and ").append(back.group(1));
        }
        return outages.toString();
    }
}
