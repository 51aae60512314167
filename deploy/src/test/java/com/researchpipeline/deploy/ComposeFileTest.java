package com.researchpipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchpipeline.infra.TestInfrastructure;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docker-compose.yml read as compose reads it (with .env), checked for what a new user relies on. */
class ComposeFileTest {

    private static final List<String> STAGES = List.of("ingest", "enrich", "publish");

    private final Map<String, Object> compose = Repository.compose(Repository.dotEnv());

    @Test
    void everyPublishedPortListensOnLoopbackByDefault() {
        Map<String, String> withoutBindAddress = new HashMap<>(Repository.dotEnv());
        withoutBindAddress.remove("PIPELINE_BIND_ADDRESS");
        for (var file : List.of(compose, Repository.compose(withoutBindAddress))) {
            int published = 0;
            for (var service : services(file).entrySet()) {
                for (Object port : list(map(service.getValue()).get("ports"))) {
                    published++;
                    String hostIp = port instanceof Map<?, ?> m ? String.valueOf(m.get("host_ip"))
                            : String.valueOf(port).split(":")[0];
                    assertThat(hostIp).as("host address of %s's port %s", service.getKey(), port)
                            .isEqualTo("127.0.0.1");
                }
            }
            assertThat(published).isGreaterThanOrEqualTo(3);
        }
        assertThat(Repository.dotEnv()).containsEntry("PIPELINE_BIND_ADDRESS", "127.0.0.1");
    }

    @Test
    void kafkasLogAndElasticsearchsDataLiveInNamedVolumesThatDownKeeps() {
        Map<String, Object> kafka = service("kafka");
        String logDirs = String.valueOf(map(kafka.get("environment")).get("KAFKA_LOG_DIRS"));
        assertThat(logDirs).as("KAFKA_LOG_DIRS").isNotBlank().doesNotStartWith("/tmp");
        assertThat(namedVolumeAt(kafka, logDirs)).as("named volume at Kafka's log dir " + logDirs).isNotNull();
        assertThat(namedVolumeAt(service("elasticsearch"), "/usr/share/elasticsearch/data"))
                .as("named volume at Elasticsearch's data path").isNotNull();
        // a fixed cluster id: a recreated container formats nothing and finds its log
        assertThat(map(kafka.get("environment"))).containsKey("CLUSTER_ID");
    }

    @Test
    void theInboxIsTheCheckoutsFolderAndTheStageRunsAsItsOwnerNotAsRoot() {
        Map<String, Object> ingest = service("ingest");
        String inbox = String.valueOf(map(ingest.get("environment")).get("INGEST_INBOX"));
        assertThat(list(ingest.get("volumes"))).as("PIPELINE_INBOX unset: the checkout's inbox")
                .contains("./inbox:" + inbox);
        assertThat(Repository.file("inbox/.gitkeep")).as("inbox/ in a fresh clone, owned by its user").exists();
        for (var service : services(compose).entrySet()) {
            Object user = map(service.getValue()).get("user");
            assertThat(user == null ? "" : String.valueOf(user)).as("user of " + service.getKey())
                    .doesNotStartWith("root").doesNotStartWith("0");
        }
        assertThat(ingest).doesNotContainKey("user");
    }

    @Test
    void stagesStartOnHealthyKafkaAndElasticsearchWhateverKibanaDoes() {
        for (String stage : STAGES) {
            Map<String, Object> dependsOn = map(service(stage).get("depends_on"));
            assertThat(condition(dependsOn, "kafka")).as(stage + " waits for").isEqualTo("service_healthy");
            assertThat(dependenciesOf(stage)).as("what %s waits for, directly or not", stage)
                    .doesNotContain("kibana", importService());
        }
        assertThat(condition(map(service("publish").get("depends_on")), "elasticsearch")).isEqualTo("service_healthy");
    }

    @Test
    void kibanaObjectsAreImportedByTheirOwnOneShotServiceOnceKibanaIsHealthy() {
        Map<String, Object> importer = service(importService());
        assertThat(String.valueOf(importer.get("restart"))).isEqualTo("no");
        assertThat(condition(map(importer.get("depends_on")), "kibana")).isEqualTo("service_healthy");
        assertThat(list(importer.get("volumes"))).anyMatch(v -> String.valueOf(v).startsWith("./kibana:"));
        assertThat(map(importer.get("environment"))).containsKey("PUBLISH_ALIAS");
        assertThat(map(service("kibana").get("healthcheck"))).containsKey("test");
        assertThat(Repository.read("docker/import-kibana-objects.sh")).doesNotContain("overwrite=true");
    }

    @Test
    void everyLongRunningServiceHasAHealthcheck() {
        for (var service : services(compose).entrySet()) {
            Map<String, Object> s = map(service.getValue());
            if ("no".equals(String.valueOf(s.get("restart")))) {
                continue;
            }
            assertThat(map(s.get("healthcheck"))).as("healthcheck of " + service.getKey()).containsKey("test");
        }
        for (String stage : STAGES) {
            assertThat(String.valueOf(map(service(stage).get("healthcheck")).get("test")))
                    .contains("stage-healthcheck.sh");
        }
    }

    @Test
    void imageVersionsComeFromDotEnvWhichMatchesThePomAndTheTestFixture() {
        String raw = Repository.read("docker-compose.yml");
        assertThat(raw).doesNotContainPattern("image: apache/kafka:[0-9]")
                .doesNotContainPattern("image: docker\\.elastic\\.co/[a-z/]+:[0-9]");
        Map<String, String> env = Repository.dotEnv();
        assertThat(env.get("KAFKA_VERSION")).isEqualTo(Repository.pomProperty("kafka.version"));
        assertThat(env.get("ELASTIC_VERSION")).isEqualTo(Repository.pomProperty("elasticsearch.version"));
        assertThat(service("kafka").get("image")).isEqualTo(TestInfrastructure.kafkaImage());
        assertThat(service("elasticsearch").get("image")).isEqualTo(TestInfrastructure.elasticsearchImage());
        assertThat(String.valueOf(service("kibana").get("image")))
                .isEqualTo("docker.elastic.co/kibana/kibana:" + env.get("ELASTIC_VERSION"));
        Map<String, String> noEnv = new HashMap<>(env);
        noEnv.remove("KAFKA_VERSION");
        assertThatThrownBy(() -> Repository.compose(noEnv)).hasMessageContaining("KAFKA_VERSION");
    }

    @Test
    void kafkaCreatesNoTopicOfItsOwn() {
        assertThat(String.valueOf(map(service("kafka").get("environment")).get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")))
                .isEqualTo("false");
    }

    private String importService() {
        return services(compose).entrySet().stream()
                .filter(e -> String.valueOf(map(e.getValue()).get("entrypoint")).contains("import-kibana-objects.sh"))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no Kibana import service"));
    }

    private Set<String> dependenciesOf(String name) {
        Set<String> seen = new HashSet<>();
        var queue = new ArrayDeque<String>(List.of(name));
        while (!queue.isEmpty()) {
            Object dependsOn = service(queue.poll()).get("depends_on");
            var names = dependsOn instanceof Map<?, ?> m ? m.keySet() : list(dependsOn);
            for (Object dependency : names) {
                if (seen.add(String.valueOf(dependency))) {
                    queue.add(String.valueOf(dependency));
                }
            }
        }
        return seen;
    }

    private static String condition(Map<String, Object> dependsOn, String service) {
        assertThat(dependsOn).as("depends_on").containsKey(service);
        return String.valueOf(map(dependsOn.get(service)).get("condition"));
    }

    private String namedVolumeAt(Map<String, Object> service, String containerPath) {
        Set<String> named = map(compose.get("volumes")).keySet();
        for (Object volume : list(service.get("volumes"))) {
            String[] parts = String.valueOf(volume).split(":");
            if (parts.length >= 2 && parts[1].equals(containerPath) && named.contains(parts[0])) {
                return parts[0];
            }
        }
        return null;
    }

    private Map<String, Object> service(String name) {
        Map<String, Object> service = map(services(compose).get(name));
        assertThat(service).as("service " + name).isNotEmpty();
        return service;
    }

    private static Map<String, Object> services(Map<String, Object> compose) {
        return map(compose.get("services"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }
}
