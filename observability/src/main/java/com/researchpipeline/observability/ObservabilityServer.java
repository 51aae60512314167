package com.researchpipeline.observability;

import com.researchpipeline.contract.JsonSerde;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoints of one process: {@code /metrics} (Prometheus text), {@code /health/live} and
 * {@code /health/ready} (200 or 503, with a JSON body listing every check and its problem).
 */
final class ObservabilityServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ObservabilityServer.class);

    private final HttpServer server;

    ObservabilityServer(String host, int port, PrometheusMeterRegistry registry, Health health) {
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve metrics and health on " + host + ":" + port + " ("
                    + e.getMessage() + "): choose another port with the stage's *_METRICS_PORT, or 'off'", e);
        }
        server.setExecutor(Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "observability-http");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/metrics", exchange -> respond(exchange, 200,
                "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        server.createContext("/health/live", exchange -> health(exchange, health.live()));
        server.createContext("/health/ready", exchange -> health(exchange, health.ready()));
        server.start();
        LOG.info("metrics on http://{}:{}/metrics, health on /health/live and /health/ready", host, port());
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void health(HttpExchange exchange, List<Health.Result> results) throws IOException {
        boolean ok = Health.allOk(results);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ok ? "UP" : "DOWN");
        Map<String, Object> checks = new LinkedHashMap<>();
        for (Health.Result result : results) {
            checks.put(result.stage() + "/" + result.check(), result.ok() ? "UP" : result.problem());
        }
        body.put("checks", checks);
        respond(exchange, ok ? 200 : 503, "application/json", JsonSerde.toJson(body));
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
