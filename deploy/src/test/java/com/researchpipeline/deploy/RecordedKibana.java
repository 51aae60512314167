package com.researchpipeline.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kibana's saved-objects import API as Kibana 8.x/9.x implements it (core's saved-objects server routes
 * {@code import.ts} and {@code importSavedObjectsFromStream}), recorded here so the import script is checked
 * against it without a Kibana:
 * <ul>
 * <li>{@code POST /api/saved_objects/_import}, query {@code overwrite}, {@code createNewCopies} (not both: 400),
 * {@code compatibilityMode}; the {@code kbn-xsrf} header is required (400 "Request must contain a kbn-xsrf
 * header.");</li>
 * <li>body {@code multipart/form-data} with the part {@code file}, whose file name must end in {@code .ndjson}
 * (400 "Invalid file extension .x"); one saved object (type, id, attributes, references) per line;</li>
 * <li>answer 200 {@code {success, successCount, successResults?, errors?}}: an object whose type/id exists
 * and overwrite is false is not written and reported as {@code error.type "conflict"}; a reference to an
 * object neither in the file nor in Kibana is {@code "missing_references"}; an unknown type
 * {@code "unsupported_type"}; the other objects are written.</li>
 * </ul>
 * It keeps the objects it stores and every request it received.
 */
final class RecordedKibana implements AutoCloseable {

    static final Set<String> TYPES = Set.of("index-pattern", "search", "visualization", "lens", "dashboard",
            "config", "tag", "map");
    private static final ObjectMapper JSON = new ObjectMapper();

    record ImportRequest(Map<String, String> query, String xsrf, String fileName, List<JsonNode> objects) {
    }

    private final HttpServer server;
    final Map<String, ObjectNode> objects = new LinkedHashMap<>();
    final List<ImportRequest> imports = new ArrayList<>();
    final AtomicInteger unavailableAnswers = new AtomicInteger();

    RecordedKibana() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/status", exchange -> answer(exchange, 200,
                "{\"status\":{\"overall\":{\"level\":\"available\"}}}"));
        server.createContext("/api/saved_objects/_import", this::importObjects);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static String key(String type, String id) {
        return type + "/" + id;
    }

    private synchronized void importObjects(HttpExchange exchange) throws IOException {
        if (unavailableAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            answer(exchange, 503, "{\"statusCode\":503,\"error\":\"Service Unavailable\",\"message\":\"Kibana is not ready\"}");
            return;
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            answer(exchange, 404, "{\"statusCode\":404,\"error\":\"Not Found\"}");
            return;
        }
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String xsrf = exchange.getRequestHeaders().getFirst("kbn-xsrf");
        if (xsrf == null) {
            badRequest(exchange, "Request must contain a kbn-xsrf header.");
            return;
        }
        boolean overwrite = "true".equals(query.get("overwrite"));
        if (overwrite && "true".equals(query.get("createNewCopies"))) {
            badRequest(exchange, "cannot use [overwrite] with [createNewCopies]");
            return;
        }
        String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
        Matcher boundary = Pattern.compile("multipart/form-data;\\s*boundary=(\\S+)").matcher(contentType);
        if (!boundary.find()) {
            answer(exchange, 415, "{\"statusCode\":415,\"error\":\"Unsupported Media Type\"}");
            return;
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Matcher part = Pattern.compile("Content-Disposition: form-data; name=\"file\"; filename=\"([^\"]*)\"\r\n"
                + "(?:[^\r\n]+\r\n)*\r\n(.*?)\r\n--" + Pattern.quote(boundary.group(1)), Pattern.DOTALL).matcher(body);
        if (!part.find()) {
            badRequest(exchange, "[request body.file]: expected value of type [Stream] but got [undefined]");
            return;
        }
        String fileName = part.group(1);
        if (!fileName.endsWith(".ndjson")) {
            badRequest(exchange, "Invalid file extension " + fileName.substring(Math.max(0, fileName.lastIndexOf('.'))));
            return;
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : part.group(2).split("\n")) {
            if (!line.isBlank()) {
                try {
                    lines.add(JSON.readTree(line));
                } catch (IOException e) {
                    badRequest(exchange, "Unexpected token in JSON: " + e.getMessage());
                    return;
                }
            }
        }
        imports.add(new ImportRequest(query, xsrf, fileName, lines));

        Map<String, ObjectNode> inFile = new HashMap<>();
        lines.forEach(o -> inFile.put(key(o.path("type").asText(), o.path("id").asText()), (ObjectNode) o));
        ArrayNode errors = JSON.createArrayNode();
        ArrayNode successResults = JSON.createArrayNode();
        for (JsonNode object : lines) {
            String type = object.path("type").asText();
            String id = object.path("id").asText();
            String title = object.path("attributes").path("title").asText();
            String error = null;
            if (!TYPES.contains(type)) {
                error = "unsupported_type";
            } else if (!object.path("attributes").isObject() || id.isEmpty()) {
                error = "unknown";
            } else {
                for (JsonNode reference : object.path("references")) {
                    String target = key(reference.path("type").asText(), reference.path("id").asText());
                    if (!inFile.containsKey(target) && !objects.containsKey(target)) {
                        error = "missing_references";
                    }
                }
                if (error == null && objects.containsKey(key(type, id)) && !overwrite) {
                    error = "conflict";
                }
            }
            if (error != null) {
                ObjectNode e = errors.addObject().put("id", id).put("type", type).put("title", title);
                e.putObject("meta").put("title", title);
                e.putObject("error").put("type", error);
            } else {
                objects.put(key(type, id), ((ObjectNode) object).deepCopy());
                successResults.addObject().put("type", type).put("id", id).putObject("meta").put("title", title);
            }
        }
        ObjectNode result = JSON.createObjectNode();
        result.put("successCount", successResults.size());
        result.put("success", errors.isEmpty());
        result.putArray("warnings");
        if (!successResults.isEmpty()) {
            result.set("successResults", successResults);
        }
        if (!errors.isEmpty()) {
            result.set("errors", errors);
        }
        answer(exchange, 200, JSON.writeValueAsString(result));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return query;
    }

    private static void badRequest(HttpExchange exchange, String message) throws IOException {
        answer(exchange, 400, JSON.writeValueAsString(Map.of("statusCode", 400, "error", "Bad Request",
                "message", message)));
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
