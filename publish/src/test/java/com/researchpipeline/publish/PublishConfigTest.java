package com.researchpipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.Settings.ConfigException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishConfigTest {

    @TempDir
    Path dir;

    private static PublishConfig from(Map<String, String> env) {
        return PublishConfig.from(new Settings(env));
    }

    @Test
    void defaultsToLocalKafkaAndElasticsearchAndTheArticlesAlias() {
        PublishConfig config = from(Map.of());
        assertThat(config.kafka().bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.topic()).isEqualTo("articles.enriched");
        assertThat(config.elasticsearch().hosts()).containsExactly(URI.create("http://localhost:9200"));
        assertThat(config.elasticsearch().authentication()).isEqualTo("none");
        assertThat(config.alias()).isEqualTo("articles");
        assertThat(config.groupId()).isEqualTo("publish-articles-v" + IndexTemplate.load("articles").version());
        assertThat(config.batch()).isEqualTo(new BatchLimits(500, 5L * 1024 * 1024, Duration.ofMillis(100)));
        assertThat(config.retryBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.retryBackoffMax()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void readsEveryVariable() {
        PublishConfig config = from(Map.ofEntries(
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", "kafka:29092"),
                Map.entry("PUBLISH_TOPIC", "other.enriched"),
                Map.entry("ELASTICSEARCH_URL", "https://es1:9200, https://es2:9200"),
                Map.entry("PUBLISH_ALIAS", "news"),
                Map.entry("PUBLISH_GROUP_ID", "publish-news"),
                Map.entry("PUBLISH_BATCH_DOCUMENTS", "100"),
                Map.entry("PUBLISH_BATCH_BYTES", "2mb"),
                Map.entry("PUBLISH_BATCH_WAIT", "250ms"),
                Map.entry("PUBLISH_RETRY_BACKOFF", "1s"),
                Map.entry("PUBLISH_RETRY_BACKOFF_MAX", "2m"),
                Map.entry("KAFKA_TOPIC_PARTITIONS", "6")));
        assertThat(config.kafka().bootstrapServers()).isEqualTo("kafka:29092");
        assertThat(config.topic()).isEqualTo("other.enriched");
        assertThat(config.elasticsearch().hosts())
                .containsExactly(URI.create("https://es1:9200"), URI.create("https://es2:9200"));
        assertThat(config.alias()).isEqualTo("news");
        assertThat(config.groupId()).isEqualTo("publish-news");
        assertThat(config.batch()).isEqualTo(new BatchLimits(100, 2L * 1024 * 1024, Duration.ofMillis(250)));
        assertThat(config.retryBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.retryBackoffMax()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.topicPartitions()).isEqualTo(6);
    }

    @Test
    void failsNamingTheVariableWhenAValueIsBad() {
        assertThatThrownBy(() -> from(Map.of("ELASTICSEARCH_URL", "localhost:9200")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ELASTICSEARCH_URL");
        assertThatThrownBy(() -> from(Map.of("KAFKA_TOPIC_PARTITIONS", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("KAFKA_TOPIC_PARTITIONS=0");
        assertThatThrownBy(() -> from(Map.of("PUBLISH_ALIAS", "Articles!")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("PUBLISH_ALIAS");
        assertThatThrownBy(() -> from(Map.of("PUBLISH_BATCH_DOCUMENTS", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("PUBLISH_BATCH_DOCUMENTS");
        assertThatThrownBy(() -> from(Map.of("PUBLISH_BATCH_WAIT", "soon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("PUBLISH_BATCH_WAIT");
        assertThatThrownBy(() -> from(Map.of("PUBLISH_RETRY_BACKOFF", "10s", "PUBLISH_RETRY_BACKOFF_MAX", "1s")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("PUBLISH_RETRY_BACKOFF_MAX");
        assertThatThrownBy(() -> from(Map.of("ELASTICSEARCH_CA_CERT", dir.resolve("missing.pem").toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ELASTICSEARCH_CA_CERT");
    }

    @Test
    void refusesElasticsearchUrlsTheClientCouldNotUseNamingTheVariable() {
        // before: port 65536 and nodes with different paths failed when the client was made, in words of its own;
        // port 0 was retried for ever; a query was dropped without a word
        for (String hostile : new String[] {"http://127.0.0.1:65536", "http://127.0.0.1:0", "http://a:9200/es,http://b:9200",
                "http://a:9200?pretty", "http://a:9200#x"}) {
            assertThatThrownBy(() -> from(Map.of("ELASTICSEARCH_URL", hostile)).elasticsearch().open().close())
                    .as(hostile).isInstanceOf(ConfigException.class).hasMessageContaining("ELASTICSEARCH_URL='" + hostile + "'");
        }
    }

    @Test
    void takesAUrlWithATrailingSlashAsTheSameNodeAndKeepsAProxysPath() {
        assertThat(from(Map.of("ELASTICSEARCH_URL", "http://a:9200/, http://b:9200")).elasticsearch().hosts())
                .containsExactly(URI.create("http://a:9200"), URI.create("http://b:9200"));
        assertThat(from(Map.of("ELASTICSEARCH_URL", "https://[::1]:9200/es/,https://c/es")).elasticsearch().hosts())
                .containsExactly(URI.create("https://[::1]:9200/es"), URI.create("https://c/es"));
    }

    @Test
    void refusesTwoWaysToAuthenticateOrHalfOfAUserAndPassword() {
        assertThatThrownBy(() -> from(Map.of("ELASTICSEARCH_API_KEY", "k", "ELASTICSEARCH_USERNAME", "u",
                "ELASTICSEARCH_PASSWORD", "p"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ELASTICSEARCH_API_KEY").hasMessageNotContaining("k,");
        assertThatThrownBy(() -> from(Map.of("ELASTICSEARCH_USERNAME", "elastic")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ELASTICSEARCH_PASSWORD");
        assertThatThrownBy(() -> from(Map.of("ELASTICSEARCH_PASSWORD", "s3cret")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ELASTICSEARCH_USERNAME")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void neverShowsTheApiKeyOrThePasswordInItsDescription() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "not checked until used");
        PublishConfig withKey = from(Map.of("ELASTICSEARCH_API_KEY", "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==",
                "ELASTICSEARCH_CA_CERT", ca.toString()));
        assertThat(withKey.toString()).doesNotContain("VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==")
                .contains("api key").contains(ca.toString());
        PublishConfig withPassword = from(Map.of("ELASTICSEARCH_USERNAME", "publisher", "ELASTICSEARCH_PASSWORD", "hunter2-xyz"));
        assertThat(withPassword.toString()).doesNotContain("hunter2-xyz").contains("user publisher");
        assertThat(withPassword.elasticsearch().authentication()).isEqualTo("user publisher");
    }
}
