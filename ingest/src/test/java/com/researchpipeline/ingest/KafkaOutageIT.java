package com.researchpipeline.ingest;

import static com.researchpipeline.ingest.IngestHarness.awaitTrue;
import static com.researchpipeline.ingest.IngestHarness.filesBelow;
import static com.researchpipeline.ingest.IngestHarness.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.infra.EmbeddedKafka;
import com.researchpipeline.infra.FreePort;
import com.researchpipeline.observability.Observability;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker that goes away is a retriable failure: the file stays in the inbox, never goes to .failed, and
 * is published once the broker is back. Uses a broker of its own (a real one, on a fixed port and data
 * folder) so that stopping it disturbs no other test.
 */
class KafkaOutageIT {

    @TempDir
    Path inbox;
    @TempDir
    Path brokerData;
    EmbeddedKafka broker;
    IngestHarness harness;

    @AfterEach
    void stopAll() {
        if (harness != null) {
            harness.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void keepsTheFileInTheInboxWhileKafkaIsDownAndPublishesItWhenKafkaIsBack() {
        int port = freePortPair();
        broker = EmbeddedKafka.start(brokerData, port);
        harness = new IngestHarness(inbox, Map.of("INGEST_SEND_TIMEOUT", "2s", "INGEST_RETRY_BACKOFF_MAX", "1s"),
                broker.bootstrapServers());
        harness.start();
        write(inbox.resolve("before.txt"), "Published while the broker is up.\n".getBytes(StandardCharsets.UTF_8));
        awaitTrue("the first file is in .done", Duration.ofSeconds(20),
                () -> filesBelow(inbox.resolve(".done")).size() == 1);

        broker.close();
        write(inbox.resolve("during.txt"), "An article that must not be lost while Kafka is away.\n"
                .getBytes(StandardCharsets.UTF_8));
        sleep(Duration.ofSeconds(8)); // several sends time out meanwhile

        assertThat(harness.waiting()).containsExactly("during.txt");
        assertThat(filesBelow(inbox.resolve(".failed"))).isEmpty();

        broker = EmbeddedKafka.start(brokerData, port);
        awaitTrue("the second file is in .done", Duration.ofSeconds(60),
                () -> filesBelow(inbox.resolve(".done")).size() == 2);
        assertThat(harness.waiting()).isEmpty();
        assertThat(filesBelow(inbox.resolve(".failed"))).isEmpty();
        assertThat(harness.rawRecords(r -> r.size() >= 2)).hasSizeGreaterThanOrEqualTo(2);
        assertThat(harness.dlqRecordsAfter(Duration.ofMillis(500))).isEmpty();
    }

    /**
     * This host's clock two hours ahead of the broker's (here the real broker's clock set back; Kafka 4 takes records
     * at most an hour ahead by default): the broker refuses every event for its time. The file stays in the inbox,
     * nothing goes to .failed, and readiness says to set the clocks right. Before, it said "Kafka did not acknowledge",
     * as if the broker were away.
     */
    @Test
    void aBrokerRefusingTheEventsTimeIsToldAsClocksThatDisagree() {
        broker = EmbeddedKafka.withClockBehind(brokerData, Duration.ofHours(2));
        Observability observability = Observability.inMemory();
        harness = new IngestHarness(inbox, Map.of("INGEST_SEND_TIMEOUT", "5s", "INGEST_RETRY_BACKOFF_MAX", "1s"),
                broker.bootstrapServers());
        try (IngestService service = new IngestService(harness.config, null, Clock.systemUTC(), observability)) {
            service.start();
            write(inbox.resolve("ahead.txt"), "An article sent by a host whose clock is ahead.\n"
                    .getBytes(StandardCharsets.UTF_8));
            awaitTrue("readiness says why the inbox is paused", Duration.ofSeconds(20),
                    () -> retries(observability) != null);
            assertThat(retries(observability))
                    .contains("Kafka refused the time of the event (InvalidTimestampException: Timestamp")
                    .contains("clocks of this host and of the broker").contains("message.timestamp.after.max.ms")
                    .doesNotContain("did not acknowledge");
            assertThat(harness.waiting()).containsExactly("ahead.txt");
            assertThat(filesBelow(inbox.resolve(".failed"))).isEmpty();
        }
    }

    private static String retries(Observability observability) {
        return observability.health().ready().stream()
                .filter(r -> r.stage().equals("ingest") && r.check().equals("retries"))
                .findFirst().orElseThrow(() -> new AssertionError("no check ingest/retries")).problem();
    }

    /** A free port whose next port is free too: a broker on a fixed port puts its controller there. */
    private static int freePortPair() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = FreePort.find();
            try (ServerSocket next = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no two free neighbouring ports found");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
