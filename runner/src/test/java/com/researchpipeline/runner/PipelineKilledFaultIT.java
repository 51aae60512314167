package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the whole pipeline ({@code bin/pipeline run} with its own broker and Elasticsearch node) at a random
 * point of a backfill, then a restart on the same folders: every article is searchable exactly once, every file
 * is in {@code .done/} exactly once and never in the inbox as well, the killed run leaves no node behind, and
 * a third run started on the same folders stops at once, saying which run holds them, and leaves that run alone;
 * the second run, sent SIGTERM while its node is down and being restarted, stops within 10 s.
 */
class PipelineKilledFaultIT {

    @Test
    void killMinus9OfThePipelineMidBackfillLosesAndDoublesNothing() throws Exception {
        try (FaultRun run = new FaultRun("pipeline-killed")) {
            List<String> args = run.runArguments();
            boolean duringIngest = run.random.nextBoolean();
            int point = 1 + run.random.nextInt(FaultRun.ARTICLES * 9 / 10);
            String where;
            long dropped;
            try (PipelineProcess first = PipelineProcess.run(args, run.log("first"))) {
                String elasticsearch = first.awaitReady(Duration.ofMinutes(3));
                run.dropAll();
                dropped = System.nanoTime();
                if (duringIngest) {
                    FaultRun.await(point + " files in .done/", Duration.ofMinutes(3), () -> run.done() >= point);
                } else {
                    FaultRun.await(point + " articles searchable", Duration.ofMinutes(3),
                            () -> run.searchable(elasticsearch, "articles") >= point);
                }
                where = String.format("killed at %d in .done/, %d searchable", run.done(),
                        run.searchable(elasticsearch, "articles"));
                List<ProcessHandle> children = first.children();
                assertThat(children).as("the Elasticsearch node of the run").isNotEmpty();
                first.kill();
                FaultRun.await("the Elasticsearch node to die with the pipeline", Duration.ofSeconds(15),
                        () -> children.stream().noneMatch(ProcessHandle::isAlive));
            }
            System.out.printf("[%s] %s, %.1f s after the drop%n", run.name, where, (System.nanoTime() - dropped) / 1e9);

            try (PipelineProcess second = PipelineProcess.run(args, run.log("second"))) {
                String elasticsearch = second.awaitReady(Duration.ofMinutes(3));
                run.awaitAllProcessed(elasticsearch, "articles");
                double seconds = (System.nanoTime() - dropped) / 1e9;
                FaultRun.Figures figures = run.assertExactlyOnce(elasticsearch, "articles");
                List<ProcessHandle> children = second.children();
                // a second run on the same data folder (other ports) stops at once and leaves this one alone
                try (PipelineProcess intruder = PipelineProcess.run(run.runArguments(), run.log("intruder"))) {
                    assertThat(intruder.awaitExit(Duration.ofMinutes(1))).as("exit code of the second run").isEqualTo(1);
                    assertThat(intruder.output()).contains("could not start the pipeline: the data folder ")
                            .contains("is in use by another bin/pipeline run (pid " + second.pid() + ", started ")
                            .doesNotContain("stopping the Elasticsearch node left running");
                }
                assertThat(children).as("the first run's node").allMatch(ProcessHandle::isAlive);
                assertThat(run.searchable(elasticsearch, "articles")).isEqualTo(figures.searchable());
                // stopping mid-outage: the node just died and the runner is bringing it back
                long node = run.elasticsearchPid();
                ProcessHandle.of(node).orElseThrow().destroyForcibly();
                FaultRun.await("the runner to notice the dead node", Duration.ofSeconds(30),
                        () -> second.output().contains("restarting it on"));
                Duration stop = second.terminate();
                assertThat(second.exitValue()).as("exit code after SIGTERM").isIn(0, 143);
                assertThat(stop).as("time to stop on SIGTERM").isLessThan(Duration.ofSeconds(10));
                assertThat(children).noneMatch(ProcessHandle::isAlive);
                run.report("kill -9 of bin/pipeline run mid-backfill, then run again", figures, String.format(
                        "%s; all searchable %.1f s after the drop (both runs' start-up included); SIGTERM while "
                                + "its node was down and being restarted stopped it in %.1f s", where, seconds, stop.toMillis() / 1e3));
            }
        }
    }
}
