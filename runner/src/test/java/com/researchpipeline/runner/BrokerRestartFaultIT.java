package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.infra.KafkaProcess;
import com.researchpipeline.infra.TestInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Kafka broker, a process of its own, killed (SIGKILL) while articles flow and started again on the same log
 * a few seconds later: the three stages carry on by themselves and every article is searchable exactly once.
 */
class BrokerRestartFaultIT {

    @Test
    void aBrokerKilledAndRestartedMidStreamLosesAndDoublesNothing() throws Exception {
        try (FaultRun run = new FaultRun("broker-restart");
             KafkaProcess broker = KafkaProcess.start(run.folder.resolve("kafka"))) {
            String elasticsearch = TestInfrastructure.shared().elasticsearchUrl();
            String alias = "faults-" + run.name + "-" + Long.toHexString(System.nanoTime());
            Settings env = new Settings(Map.of(KafkaSettings.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                    "ELASTICSEARCH_URL", elasticsearch, "PUBLISH_ALIAS", alias));
            try (LocalPipeline pipeline = new LocalPipeline()) {
                pipeline.start(LocalOptions.parse(List.of("--inbox", run.inbox.toString()), env), env);
                long started = System.nanoTime();
                Thread trickle = run.trickle(Duration.ofSeconds(Math.max(10, FaultRun.ARTICLES / 25)));

                int killAt = FaultRun.ARTICLES / 10 + run.random.nextInt(FaultRun.ARTICLES / 2);
                FaultRun.await(killAt + " files in .done/", Duration.ofMinutes(3), () -> run.done() >= killAt);
                broker.kill();
                String where = String.format("killed at %d dropped, %d in .done/, %d searchable", run.dropped(),
                        run.done(), run.searchable(elasticsearch, alias));
                Duration down = Duration.ofMillis(3000 + run.random.nextInt(5000));
                Thread.sleep(down.toMillis());
                broker.start();

                trickle.join();
                run.awaitAllProcessed(elasticsearch, alias);
                double seconds = (System.nanoTime() - started) / 1e9;
                FaultRun.Figures figures = run.assertExactlyOnce(elasticsearch, alias);
                long closing = System.nanoTime();
                pipeline.close();
                Duration stop = Duration.ofNanos(System.nanoTime() - closing);
                assertThat(stop).as("time to stop the stages").isLessThan(Duration.ofSeconds(10));
                run.report("Kafka broker killed (SIGKILL) mid-stream, restarted on the same log", figures,
                        String.format("%s; down %.1f s; all searchable %.1f s after the first drop; stages stopped "
                                + "in %.1f s", where, down.toMillis() / 1e3, seconds, stop.toMillis() / 1e3));
            }
        }
    }
}
