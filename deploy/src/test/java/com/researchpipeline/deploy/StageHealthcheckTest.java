package com.researchpipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** docker/stage-healthcheck.sh against a stage's health endpoint (GET /health/ready on METRICS_PORT). */
class StageHealthcheckTest {

    @Test
    void healthyWhenReadyAnswers200AndUnhealthyOtherwise() throws IOException {
        AtomicInteger status = new AtomicInteger(200);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health/ready", exchange -> {
            byte[] body = "{}".getBytes();
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try {
            String port = Integer.toString(server.getAddress().getPort());
            assertThat(check(port).exitCode()).isZero();
            status.set(503);
            var notReady = check(port);
            assertThat(notReady.exitCode()).isEqualTo(1);
            assertThat(notReady.output()).contains("503");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void unhealthyWhenNothingListens() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        assertThat(check(Integer.toString(port)).exitCode()).isNotZero();
    }

    private static Processes.Result check(String port) {
        return Processes.run(Repository.ROOT, Map.of("METRICS_PORT", port),
                List.of("bash", Repository.file("docker/stage-healthcheck.sh").toString()), 30);
    }
}
