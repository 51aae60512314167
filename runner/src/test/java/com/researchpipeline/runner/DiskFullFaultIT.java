package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.infra.SmallDisk;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The disk where {@code bin/pipeline run}'s broker keeps its log fills up at a random point of a backfill (a file
 * system of its own, filled to the last byte). Kafka gives up on its only log folder and halts the JVM, which
 * ended the whole pipeline without a word: now the run stops with the reason (a full disk, where) and exit code
 * 1, stops its node; a run started while the disk is full says so at once; and, once there is room again, the next
 * run on the same folders loses and doubles nothing.
 * Needs to mount a tmpfs (root); skipped where it cannot. With 1,000 articles in {@code -Pfaults} only: the default
 * suite runs {@code BrokerDiskFullIT} (the broker's side) and {@code LocalPipelineDiskFullTest} (a run on a full disk).
 */
class DiskFullFaultIT {

    @Test
    void aFullDiskStopsTheRunSayingWhyAndTheNextRunLosesAndDoublesNothing() throws Exception {
        try (FaultRun run = new FaultRun("disk-full")) {
            Optional<SmallDisk> mounted = SmallDisk.mount(run.data.resolve("kafka"), "256m");
            Assumptions.assumeTrue(mounted.isPresent(), "mounting a tmpfs for the broker's log needs root");
            try (SmallDisk kafkaDisk = mounted.get()) {
                List<String> args = run.runArguments();
                // the backfill itself fills the disk, at a random point of it (its compressed events take about 4.5 KB
                // an article)
                long room = 8 * 1024 + run.random.nextInt(FaultRun.ARTICLES * 4 * 1024);
                String where;
                long dropped;
                try (PipelineProcess first = PipelineProcess.run(args, run.log("first"))) {
                    first.awaitReady(Duration.ofMinutes(3));
                    kafkaDisk.fill(room);
                    run.dropAll();
                    dropped = System.nanoTime();
                    List<ProcessHandle> children = first.children();
                    FaultRun.await("the disk to fill up", Duration.ofMinutes(2),
                            () -> !first.isAlive() || run.done() == FaultRun.ARTICLES);
                    where = String.format("%d KB left free before the drop; %d in .done/ %s", room / 1024, run.done(),
                            first.isAlive() ? "when the rest was filled" : "when the run stopped");
                    kafkaDisk.fill(0);

                    assertThat(first.awaitExit(Duration.ofMinutes(2))).as("exit code of the run").isEqualTo(1);
                    assertThat(first.output())
                            .contains("stopping the pipeline: the Kafka broker stopped: ")
                            .contains("the disk is full: ")
                            .contains("Nothing is lost")
                            .doesNotContain("Exception in thread");
                    FaultRun.await("the Elasticsearch node to stop with the run", Duration.ofSeconds(30),
                            () -> children.stream().noneMatch(ProcessHandle::isAlive));
                }
                System.out.printf("[%s] %s%n", run.name, where);
                try (PipelineProcess whileFull = PipelineProcess.run(args, run.log("while-full"))) {
                    assertThat(whileFull.awaitExit(Duration.ofMinutes(1))).as("exit code of a run on a full disk").isEqualTo(1);
                    assertThat(whileFull.output()).contains("could not start the pipeline: no room for Kafka and "
                            + "Elasticsearch in the data folder (the disk is full: ").contains("free space there");
                }

                kafkaDisk.makeRoom();
                try (PipelineProcess second = PipelineProcess.run(args, run.log("second"))) {
                    String elasticsearch = second.awaitReady(Duration.ofMinutes(3));
                    run.awaitAllProcessed(elasticsearch, "articles");
                    double seconds = (System.nanoTime() - dropped) / 1e9;
                    FaultRun.Figures figures = run.assertExactlyOnce(elasticsearch, "articles");
                    run.report("the broker's disk full mid-backfill, then room made and run again", figures,
                            String.format("%s; the run stopped with the reason and exit 1; all searchable %.1f s after "
                                    + "the drop (both runs' start-up included)", where, seconds));
                }
            }
        }
    }
}
