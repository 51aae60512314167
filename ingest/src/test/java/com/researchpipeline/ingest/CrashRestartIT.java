package com.researchpipeline.ingest;

import static com.researchpipeline.ingest.IngestHarness.awaitTrue;
import static com.researchpipeline.ingest.IngestHarness.filesBelow;
import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.RawArticle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the ingest process at random moments of a backfill, then a restart: every file ends in
 * {@code .done/} exactly once under its own name, no file is ever in the inbox and {@code .done/} at once,
 * and every article reaches the raw topic (a file whose event was acknowledged but not yet moved is sent
 * again on restart: the same id, so downstream keeps one document).
 */
class CrashRestartIT {

    private static final int FILES = Integer.getInteger("crash.files", 60);
    private static final int KILLS = Integer.getInteger("crash.kills", 2);
    /** Files in flight together; a kill may catch each of them between acknowledgement and move. */
    private static final int CONCURRENCY = 4;

    @TempDir
    Path inbox;
    @TempDir
    Path work;
    private Process process;
    private IngestHarness harness;

    @AfterEach
    void stop() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void killNineAtAnyMomentThenRestartLeavesEveryFileInDoneExactlyOnce() throws Exception {
        harness = new IngestHarness(inbox);
        Map<String, String> markerOf = new HashMap<>();
        for (int i = 0; i < FILES; i++) {
            HostileFiles.Made good = HostileFiles.goodArticle(inbox, "batch-" + (i % 3), i);
            markerOf.put(good.path(), good.marker());
        }
        Random random = new Random(Long.getLong("crash.seed", 7));
        List<Integer> doneAtKill = new ArrayList<>();
        for (int kill = 0; kill < KILLS; kill++) {
            int doneBefore = filesBelow(inbox.resolve(Inbox.DONE)).size();
            process = start(kill);
            // kill once this run has moved a few files more, at a random moment after that
            awaitTrue("the run moves files", Duration.ofSeconds(60),
                    () -> filesBelow(inbox.resolve(Inbox.DONE)).size() > doneBefore + 3 || harness.waiting().isEmpty());
            Thread.sleep(random.nextInt(400));
            process.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            List<String> done = filesBelow(inbox.resolve(Inbox.DONE));
            doneAtKill.add(done.size());
            assertThat(Set.copyOf(harness.waiting())).as("after kill %d, nothing is both waiting and done", kill)
                    .doesNotContainAnyElementsOf(done);
            assertThat(done.size() + harness.waiting().size()).as("after kill %d, every file is somewhere once", kill)
                    .isEqualTo(FILES);
        }
        process = start(KILLS);
        awaitTrue("the backfill is finished", Duration.ofSeconds(120), () -> harness.waiting().isEmpty());
        long stopping = System.nanoTime();
        process.destroy();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("SIGTERM stops it within 10 s").isTrue();
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping);

        assertThat(filesBelow(inbox.resolve(Inbox.DONE))).as("each file in .done once, under its own name")
                .containsExactlyInAnyOrderElementsOf(markerOf.keySet());
        assertThat(filesBelow(inbox.resolve(Inbox.FAILED))).isEmpty();
        Map<String, Long> sent = harness.rawRecords(r -> r.stream().map(x -> new String(x.key())).distinct().count() >= FILES)
                .stream().map(r -> HostileFiles.markersIn(JsonSerde.fromBytes(r.value(), RawArticle.class).body()).get(0))
                .collect(Collectors.groupingBy(m -> m, Collectors.counting()));
        assertThat(sent.keySet()).as("every article reached the raw topic").containsAll(markerOf.values());
        long resent = sent.values().stream().mapToLong(n -> n - 1).sum();
        assertThat(resent).as("only files caught between acknowledgement and move (at most the %d in flight) are sent "
                + "again", CONCURRENCY).isLessThanOrEqualTo((long) KILLS * CONCURRENCY);
        System.out.printf("crash run: %d files, %d kill -9 (done at each kill: %s), %d re-sent, stopped in %d ms%n",
                FILES, KILLS, doneAtKill, resent, stopMillis);
    }

    private Process start(int run) throws Exception {
        Path log = work.resolve("ingest-" + run + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), IngestApplication.class.getName())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", harness.bootstrapServers());
        builder.environment().put("INGEST_INBOX", inbox.toString());
        builder.environment().put("INGEST_RAW_TOPIC", harness.rawTopic);
        builder.environment().put("INGEST_DLQ_TOPIC", harness.dlqTopic);
        builder.environment().put("INGEST_STABLE_FOR", "0s");
        builder.environment().put("INGEST_POLL_INTERVAL", "50ms");
        builder.environment().put("INGEST_CONCURRENCY", Integer.toString(CONCURRENCY));
        builder.environment().put("KAFKA_TOPIC_PARTITIONS", "1");
        Process started = builder.start();
        awaitTrue("the stage says it is ready", Duration.ofSeconds(60), () -> {
            try {
                return Files.exists(log) && Files.readString(log).contains("ingest ready");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        return started;
    }
}
