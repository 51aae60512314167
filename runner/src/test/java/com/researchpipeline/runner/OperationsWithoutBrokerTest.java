package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchpipeline.contract.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** replay and redrive when no broker answers: they end in time and say where they looked. */
class OperationsWithoutBrokerTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void replayEndsWithinTheTimeoutNamingTheBootstrapServers() throws Exception {
        Settings env = noBroker();
        long start = System.nanoTime();
        assertThat(OperationsCommand.replay(List.of("enrich"), env, print(out), print(err))).isEqualTo(1);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(15_000);
        assertThat(err.toString()).contains("did not answer within 2 s").contains(env.string("KAFKA_BOOTSTRAP_SERVERS", ""));
    }

    @Test
    void redriveEndsWithinTheTimeoutInsteadOfReportingNothingRedriven() throws Exception {
        Settings env = noBroker();
        long start = System.nanoTime();
        assertThat(OperationsCommand.redrive(List.of(), env, print(out), print(err))).isEqualTo(1);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(15_000);
        assertThat(err.toString()).contains("did not answer").contains(env.string("KAFKA_BOOTSTRAP_SERVERS", ""));
        assertThat(out.toString()).doesNotContain("redriven:");
    }

    @Test
    void anOperationTimeoutNoClientCanWaitStopsBeforeAskingNamingTheVariable() {
        // before: 30d overflowed Kafka's int milliseconds (a ConfigException stack trace); 0s and 1ms reported a
        // broker that answers as one that "did not answer within 0 s"
        for (String hostile : new String[] {"30d", "0s", "1ms"}) {
            Settings env = new Settings(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9", "KAFKA_OPERATION_TIMEOUT", hostile));
            assertThatThrownBy(() -> OperationsCommand.replay(List.of("enrich"), env, print(out), print(err)))
                    .as(hostile).isInstanceOf(Settings.ConfigException.class)
                    .hasMessageContaining("KAFKA_OPERATION_TIMEOUT='" + hostile + "'");
            assertThatThrownBy(() -> OperationsCommand.redrive(List.of(), env, print(out), print(err)))
                    .as(hostile).isInstanceOf(Settings.ConfigException.class)
                    .hasMessageContaining("KAFKA_OPERATION_TIMEOUT='" + hostile + "'");
        }
    }

    /** A loopback port nobody listens on. */
    private static Settings noBroker() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return new Settings(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + port, "KAFKA_OPERATION_TIMEOUT", "2s"));
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
