package com.researchpipeline.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {

    private static final RawArticle ARTICLE = new RawArticle(RawArticle.SCHEMA_VERSION, "ab".repeat(32), "Title",
            "# Title\n\nBody about cancer.", List.of(new Section("Title", List.of("Body about cancer."))), "eng", 5,
            new SourceFile("a.md", "sub/a.md", 28, "text/markdown", Instant.parse("2026-01-02T03:04:05Z"), "cd".repeat(32)),
            Instant.parse("2026-01-02T03:04:06Z"), "0.1.0");

    @Test
    void enrichedArticleSurvivesTheTopicSerdeUnchanged() {
        var entity = new Entity(EntityType.DISEASE, "cancer", "cancer", 20, 26, 1, 0.9, "dictionary");
        var enriched = new EnrichedArticle(EnrichedArticle.SCHEMA_VERSION, ARTICLE, List.of(entity),
                Instant.parse("2026-01-02T03:04:07Z"), "model-1");

        byte[] bytes = Topics.ENRICHED.valueSerializer().serialize(Topics.ENRICHED.name(), enriched);

        assertThat(Topics.ENRICHED.valueDeserializer().deserialize(Topics.ENRICHED.name(), bytes)).isEqualTo(enriched);
        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .contains("\"type\":\"disease\"", "\"ingestedAt\":\"2026-01-02T03:04:06Z\"");
    }

    @Test
    void aCoordinatedMentionKeepsItsPartsAndAnOlderEntityWithoutPartsReadsAsOneEntity() {
        var composite = new Entity(EntityType.DISEASE, "breast and ovarian cancer", "breast cancer and ovarian cancer",
                0, 25, 0, 0.9, "coordination", List.of("breast cancer", "ovarian cancer"));
        byte[] bytes = JsonSerde.toBytes(composite);
        assertThat(JsonSerde.fromBytes(bytes, Entity.class)).isEqualTo(composite);

        String older = "{\"type\":\"disease\",\"text\":\"MS\",\"canonical\":\"multiple sclerosis\",\"start\":0,"
                + "\"end\":2,\"sentence\":0,\"confidence\":0.9,\"finder\":\"abbreviation\"}";
        Entity read = JsonSerde.fromBytes(older.getBytes(StandardCharsets.UTF_8), Entity.class);
        assertThat(read.parts()).isEmpty();
        assertThat(read.names()).containsExactly("multiple sclerosis");
    }

    @Test
    void ignoresFieldsAddedByANewerWriter() {
        String json = JsonSerde.toJson(ARTICLE).replaceFirst("\\{", "{\"addedLater\":42,");
        assertThat(JsonSerde.fromBytes(json.getBytes(StandardCharsets.UTF_8), RawArticle.class)).isEqualTo(ARTICLE);
    }

    @Test
    void rejectsBytesThatAreNotAnArticleWithReason() {
        assertThatThrownBy(() -> JsonSerde.fromBytes("not json".getBytes(StandardCharsets.UTF_8), RawArticle.class))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not a valid RawArticle");
    }

    @Test
    void rejectsUnknownEntityTypeNamingIt() {
        assertThatThrownBy(() -> EntityType.fromLabel("gene")).hasMessageContaining("'gene'");
    }
}
