package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.researchpipeline.contract.Settings;
import com.researchpipeline.infra.SilentServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * status and trace while the broker is down and the Elasticsearch node is frozen (it accepts connections and
 * never answers, as under kill -STOP): each answers within a bounded time, says which service does not answer and
 * what to check, and exits 1. Before, status waited forever for the frozen node and trace ended in an exception.
 */
class StatusWhenUnreachableTest {

    @TempDir
    Path inbox;
    private SilentServer frozenNode;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void freezeANode() throws IOException {
        frozenNode = new SilentServer();
    }

    @AfterEach
    void thaw() throws IOException {
        frozenNode.close();
    }

    @Test
    void statusSaysWhichServiceDoesNotAnswerWithinABoundedTime() {
        Settings env = env();
        int code = assertTimeoutPreemptively(Duration.ofSeconds(40),
                () -> StatusCommand.run(List.of(), env, print(out), print(err)));
        assertThat(code).isEqualTo(1);
        assertThat(out.toString())
                .contains("no broker at " + env.string("KAFKA_BOOTSTRAP_SERVERS", "") + " (KAFKA_BOOTSTRAP_SERVERS)")
                .contains("no answer from Elasticsearch at [http://127.0.0.1:" + frozenNode.port() + "]")
                .contains("=> NOT healthy: Kafka does not answer");
        assertThat(out.toString()).contains("Elasticsearch").doesNotContain("=> healthy");
        assertThat(frozenNode.accepted()).as("the frozen node was asked").isNotEmpty();
    }

    @Test
    void traceSaysTheBrokerDoesNotAnswerInsteadOfFailingWithAnException() {
        Settings env = env();
        int code = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> TraceCommand.run(List.of("drop/a.txt"), env, print(out), print(err)));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("cannot trace 'drop/a.txt': no broker at "
                + env.string("KAFKA_BOOTSTRAP_SERVERS", ""));
    }

    private Settings env() {
        int nobody;
        try (ServerSocket socket = new ServerSocket(0)) {
            nobody = socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Settings(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + nobody,
                "ELASTICSEARCH_URL", "http://127.0.0.1:" + frozenNode.port(),
                "PIPELINE_HEALTH_URLS", "http://127.0.0.1:" + nobody,
                "INGEST_INBOX", inbox.toString()));
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
