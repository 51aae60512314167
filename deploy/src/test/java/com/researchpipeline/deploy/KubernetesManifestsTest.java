package com.researchpipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes validated statically: every object against the Kubernetes schema subset in
 * kubernetes-schema.yaml (kinds, apiVersions, fields, types, required fields), then what the pipeline needs:
 * one Deployment per stage with health probes on the metrics port, enrich and publish scaled to the
 * partitions, Kafka and Elasticsearch as external services, references that resolve.
 */
class KubernetesManifestsTest {

    private static final Path FOLDER = Repository.file("deploy/kubernetes");
    private static final java.util.regex.Pattern DNS_LABEL = java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final java.util.regex.Pattern QUANTITY =
            java.util.regex.Pattern.compile("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?");

    private final Map<String, Object> schema = loadSchema();
    private final List<Map<String, Object>> objects = loadObjects();

    @Test
    void everyObjectMatchesTheKubernetesSchema() {
        List<String> errors = new ArrayList<>();
        Map<String, Object> kinds = ComposeFileTest.map(schema.get("kinds"));
        for (var object : objects) {
            String kind = String.valueOf(object.get("kind"));
            String where = kind + " " + name(object);
            if (!kinds.containsKey(kind)) {
                errors.add(where + ": unknown kind");
                continue;
            }
            if (!kinds.get(kind).equals(object.get("apiVersion"))) {
                errors.add(where + ": apiVersion " + object.get("apiVersion") + ", expected " + kinds.get(kind));
            }
            validate(object, kind, where, errors);
            if (!kind.equals("Kustomization") && !DNS_LABEL.matcher(name(object)).matches()) {
                errors.add(where + ": name is not a DNS label");
            }
        }
        assertThat(errors).isEmpty();
    }

    @Test
    void theSchemaCheckCatchesAMisspeltFieldAWrongTypeAndAMissingRequiredField() {
        List<String> errors = new ArrayList<>();
        Map<String, Object> broken = Repository.yaml().load("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  replicas: "3"
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: x
                          readinessprobe: {httpGet: {path: /, port: 1}}
                """);
        validate(broken, "Deployment", "broken", errors);
        assertThat(errors).anyMatch(e -> e.contains("readinessprobe")).anyMatch(e -> e.contains("replicas"))
                .anyMatch(e -> e.contains("image"));
    }

    @Test
    void kustomizationListsEveryManifest() throws IOException {
        var kustomization = only("Kustomization");
        Set<String> files = new TreeSet<>();
        try (Stream<Path> list = Files.list(FOLDER)) {
            list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                    .forEach(files::add);
        }
        assertThat(new TreeSet<>(strings(kustomization.get("resources")))).isEqualTo(files);
    }

    @Test
    void eachStageIsADeploymentWithReadinessAndLivenessOnTheMetricsPort() {
        Map<String, Object> settings = configMap();
        for (String stage : List.of("ingest", "enrich", "publish")) {
            var deployment = deployment(stage);
            var spec = ComposeFileTest.map(deployment.get("spec"));
            var template = ComposeFileTest.map(spec.get("template"));
            var labels = ComposeFileTest.map(ComposeFileTest.map(template.get("metadata")).get("labels"));
            assertThat(labels).as(stage + ": selector matches the pods")
                    .containsAllEntriesOf(ComposeFileTest.map(ComposeFileTest.map(spec.get("selector")).get("matchLabels")));
            var container = container(deployment);
            assertThat(String.valueOf(container.get("image"))).isEqualTo("research-pipeline/" + stage);
            Map<String, Integer> ports = new HashMap<>();
            for (Object port : ComposeFileTest.list(container.get("ports"))) {
                var p = ComposeFileTest.map(port);
                ports.put(String.valueOf(p.get("name")), (Integer) p.get("containerPort"));
            }
            for (var probe : Map.of("readinessProbe", "/health/ready", "livenessProbe", "/health/live").entrySet()) {
                var httpGet = ComposeFileTest.map(ComposeFileTest.map(container.get(probe.getKey())).get("httpGet"));
                assertThat(httpGet.get("path")).as(stage + " " + probe.getKey()).isEqualTo(probe.getValue());
                Object port = httpGet.get("port");
                int number = port instanceof Integer i ? i : ports.getOrDefault(String.valueOf(port), -1);
                assertThat(number).as(stage + " " + probe.getKey() + " port is METRICS_PORT")
                        .isEqualTo(Integer.parseInt(String.valueOf(settings.get("METRICS_PORT"))));
            }
            var resources = ComposeFileTest.map(container.get("resources"));
            assertThat(ComposeFileTest.map(resources.get("requests"))).containsKeys("cpu", "memory");
            assertThat(ComposeFileTest.map(resources.get("limits"))).containsKey("memory");
            var envFrom = ComposeFileTest.list(container.get("envFrom"));
            assertThat(envFrom).as(stage + " reads the settings").anyMatch(e -> "pipeline-settings".equals(
                    ComposeFileTest.map(ComposeFileTest.map(e).get("configMapRef")).get("name")));
        }
    }

    @Test
    void enrichAndPublishReplicasShareThePartitionsEvenlyAndIngestRunsExactlyOne() {
        int partitions = Integer.parseInt(String.valueOf(configMap().get("KAFKA_TOPIC_PARTITIONS")));
        for (String stage : List.of("enrich", "publish")) {
            int replicas = (Integer) ComposeFileTest.map(deployment(stage).get("spec")).get("replicas");
            assertThat(replicas).as(stage + " replicas, none idle").isBetween(1, partitions);
            assertThat(partitions % replicas).as(stage + ": each replica gets as many partitions").isZero();
        }
        var ingest = ComposeFileTest.map(deployment("ingest").get("spec"));
        assertThat(ingest.get("replicas")).isEqualTo(1);
        assertThat(ComposeFileTest.map(ingest.get("strategy")).get("type")).isEqualTo("Recreate");
    }

    @Test
    void kafkaAndElasticsearchAreExternalServices() {
        Map<String, Object> settings = configMap();
        for (String variable : List.of("KAFKA_BOOTSTRAP_SERVERS", "ELASTICSEARCH_URL")) {
            String value = String.valueOf(settings.get(variable));
            String host = value.contains("://") ? URI.create(value).getHost() : value.split(":")[0];
            var service = objects.stream().filter(o -> "Service".equals(o.get("kind")) && host.equals(name(o)))
                    .findFirst().orElseThrow(() -> new AssertionError(variable + ": no Service " + host));
            assertThat(ComposeFileTest.map(service.get("spec")).get("type")).isEqualTo("ExternalName");
        }
    }

    @Test
    void everyReferenceResolvesAndEverySettingIsDocumented() {
        Set<String> claims = new HashSet<>();
        objects.stream().filter(o -> "PersistentVolumeClaim".equals(o.get("kind"))).forEach(o -> claims.add(name(o)));
        String readme = Repository.read("README.md");
        List<String> variables = new ArrayList<>(configMap().keySet());
        for (var deployment : objects.stream().filter(o -> "Deployment".equals(o.get("kind"))).toList()) {
            var podSpec = ComposeFileTest.map(ComposeFileTest.map(ComposeFileTest.map(deployment.get("spec"))
                    .get("template")).get("spec"));
            Set<String> volumes = new HashSet<>();
            for (Object volume : ComposeFileTest.list(podSpec.get("volumes"))) {
                var v = ComposeFileTest.map(volume);
                volumes.add(String.valueOf(v.get("name")));
                var claim = ComposeFileTest.map(v.get("persistentVolumeClaim"));
                if (!claim.isEmpty()) {
                    assertThat(claims).contains(String.valueOf(claim.get("claimName")));
                }
            }
            var container = container(deployment);
            for (Object mount : ComposeFileTest.list(container.get("volumeMounts"))) {
                assertThat(volumes).contains(String.valueOf(ComposeFileTest.map(mount).get("name")));
            }
            for (Object env : ComposeFileTest.list(container.get("env"))) {
                variables.add(String.valueOf(ComposeFileTest.map(env).get("name")));
            }
        }
        for (String variable : variables) {
            assertThat(readme).as(variable + " is documented in README.md").contains("`" + variable + "`");
        }
    }

    // ---- schema validation

    private void validate(Object value, String type, String where, List<String> errors) {
        if (type.startsWith("list<")) {
            if (!(value instanceof List<?> list)) {
                errors.add(where + ": expected a list");
                return;
            }
            String element = type.substring(5, type.length() - 1);
            for (int i = 0; i < list.size(); i++) {
                validate(list.get(i), element, where + "[" + i + "]", errors);
            }
            return;
        }
        if (type.startsWith("map<")) {
            if (!(value instanceof Map<?, ?> map)) {
                errors.add(where + ": expected a map");
                return;
            }
            String element = type.substring(4, type.length() - 1);
            map.forEach((k, v) -> validate(v, element, where + "." + k, errors));
            return;
        }
        if (type.startsWith("enum[")) {
            List<String> allowed = List.of(type.substring(5, type.length() - 1).split(","));
            if (!allowed.contains(String.valueOf(value))) {
                errors.add(where + ": " + value + " is not one of " + allowed);
            }
            return;
        }
        switch (type) {
            case "string" -> check(value instanceof String, where, "a string", value, errors);
            case "integer" -> check(value instanceof Integer, where, "an integer", value, errors);
            case "boolean" -> check(value instanceof Boolean, where, "a boolean", value, errors);
            case "intOrString" -> check(value instanceof Integer || value instanceof String, where, "int or string",
                    value, errors);
            case "quantity" -> check(value instanceof Integer || value instanceof String s && QUANTITY.matcher(s).matches(),
                    where, "a quantity", value, errors);
            default -> {
                Map<String, Object> fields = ComposeFileTest.map(ComposeFileTest.map(schema.get("types")).get(type));
                if (fields.isEmpty()) {
                    throw new IllegalStateException("schema has no type " + type);
                }
                if (!(value instanceof Map<?, ?> map)) {
                    errors.add(where + ": expected an object " + type);
                    return;
                }
                Map<String, String> known = new HashMap<>();
                fields.forEach((field, fieldType) -> known.put(field.replace("!", ""), String.valueOf(fieldType)));
                for (var field : fields.keySet()) {
                    if (field.endsWith("!") && !map.containsKey(field.substring(0, field.length() - 1))) {
                        errors.add(where + ": missing required field " + field.substring(0, field.length() - 1));
                    }
                }
                for (var entry : map.entrySet()) {
                    String field = String.valueOf(entry.getKey());
                    if (!known.containsKey(field)) {
                        errors.add(where + ": unknown field " + field + " in " + type);
                    } else {
                        validate(entry.getValue(), known.get(field), where + "." + field, errors);
                    }
                }
            }
        }
    }

    private static void check(boolean ok, String where, String expected, Object value, List<String> errors) {
        if (!ok) {
            errors.add(where + ": expected " + expected + ", found " + value);
        }
    }

    // ---- helpers

    private Map<String, Object> configMap() {
        return ComposeFileTest.map(only("ConfigMap").get("data"));
    }

    private Map<String, Object> only(String kind) {
        var matching = objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
        assertThat(matching).as(kind).hasSize(1);
        return matching.get(0);
    }

    private Map<String, Object> deployment(String name) {
        return objects.stream().filter(o -> "Deployment".equals(o.get("kind")) && name.equals(name(o))).findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment " + name));
    }

    private static Map<String, Object> container(Map<String, Object> deployment) {
        var podSpec = ComposeFileTest.map(ComposeFileTest.map(ComposeFileTest.map(deployment.get("spec"))
                .get("template")).get("spec"));
        var containers = ComposeFileTest.list(podSpec.get("containers"));
        assertThat(containers).hasSize(1);
        return ComposeFileTest.map(containers.get(0));
    }

    private static String name(Map<String, Object> object) {
        return String.valueOf(ComposeFileTest.map(object.get("metadata")).get("name"));
    }

    private static List<String> strings(Object list) {
        return ComposeFileTest.list(list).stream().map(String::valueOf).toList();
    }

    private static Map<String, Object> loadSchema() {
        try (InputStream in = KubernetesManifestsTest.class.getResourceAsStream("/kubernetes-schema.yaml")) {
            return Repository.yaml().load(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> loadObjects() {
        List<Map<String, Object>> objects = new ArrayList<>();
        try (Stream<Path> files = Files.list(FOLDER)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object document : Repository.yaml().loadAll(Files.readString(file))) {
                    if (document != null) {
                        objects.add((Map<String, Object>) document);
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(objects).isNotEmpty();
        return objects;
    }
}
