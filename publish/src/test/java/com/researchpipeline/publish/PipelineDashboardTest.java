package com.researchpipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.StatusEvent;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** kibana/pipeline.ndjson against the pipeline-status template, as KibanaObjectsTest checks the articles' objects. */
class PipelineDashboardTest {

    private static final Pattern KUERY_FIELD = Pattern.compile("([A-Za-z_.]+)\\s*:");

    static JsonNode template() throws Exception {
        try (InputStream in = PipelineDashboardTest.class.getClassLoader().getResourceAsStream(StatusIndexer.TEMPLATE)) {
            return JsonSerde.mapper().readTree(in);
        }
    }

    @Test
    void shipsTheDataViewOnStatusEventsAndThePipelineDashboardWithItsFourChartsAndTheEvents() throws Exception {
        KibanaObjects kibana = KibanaObjects.load(KibanaObjects.PIPELINE_FILE);
        assertThat(kibana.ofType("index-pattern")).singleElement()
                .satisfies(dv -> assertThat(dv.path("attributes").path("title").asText()).isEqualTo(StatusIndexer.INDEX));
        assertThat(kibana.ofType("visualization")).extracting(v -> v.path("attributes").path("title").asText())
                .containsExactlyInAnyOrder("Files by state over time", "Rejections by reason", "Dead letters by stage",
                        "Time from drop to searchable");
        JsonNode dashboard = kibana.ofType("dashboard").get(0);
        assertThat(dashboard.path("attributes").path("title").asText()).isEqualTo("Pipeline");
        assertThat(JsonSerde.mapper().readTree(dashboard.path("attributes").path("panelsJSON").asText())).hasSize(5);
    }

    @Test
    void everyFieldTheObjectsUseOrFilterOnIsMappedWithAFittingType() throws Exception {
        Map<String, String> mapping = IndexTemplate.fieldTypesOf(template());
        KibanaObjects kibana = KibanaObjects.load(KibanaObjects.PIPELINE_FILE);
        for (var use : kibana.fieldUses()) {
            String type = mapping.get(use.field());
            assertThat(type).as(use + " is not in the mapping").isNotNull();
            switch (use.use()) {
                case TIME_FIELD, DATE_HISTOGRAM -> assertThat(type).as(use.toString()).isEqualTo("date");
                case TERMS, SORT -> assertThat(type).as(use + ": needs doc values").isIn("keyword", "date", "integer", "long");
                case COLUMN -> assertThat(type).as(use.toString()).isNotIn("object", "nested");
                case OTHER_AGGREGATION -> assertThat(type).as(use + ": percentiles need a number").isIn("long", "integer");
            }
        }
        for (JsonNode object : kibana.objects) {
            String source = object.path("attributes").path("kibanaSavedObjectMeta").path("searchSourceJSON").asText("{}");
            String query = JsonSerde.mapper().readTree(source).path("query").path("query").asText("");
            Matcher field = KUERY_FIELD.matcher(query);
            while (field.find()) {
                assertThat(mapping.get(field.group(1))).as(KibanaObjects.id(object) + " filters on " + field.group(1))
                        .isEqualTo("keyword");
            }
        }
    }

    @Test
    void theFiltersNameKindsThatExist() throws Exception {
        Set<String> kinds = new HashSet<>();
        Arrays.stream(StatusEvent.Kind.values()).forEach(k -> kinds.add(k.name()));
        for (JsonNode object : KibanaObjects.load(KibanaObjects.PIPELINE_FILE).objects) {
            String source = object.path("attributes").path("kibanaSavedObjectMeta").path("searchSourceJSON").asText("{}");
            Matcher kind = Pattern.compile("kind : \"([A-Z_]+)\"").matcher(source.replace("\\\"", "\""));
            while (kind.find()) {
                assertThat(kinds).contains(kind.group(1));
            }
        }
    }

    @Test
    void theTemplateMapsEveryFieldOfAStatusEvent() throws Exception {
        Map<String, String> mapping = IndexTemplate.fieldTypesOf(template());
        for (RecordComponent component : StatusEvent.class.getRecordComponents()) {
            assertThat(mapping).as(component.getName()).containsKey(component.getName());
        }
    }

    @Test
    void everyReferenceResolves() throws Exception {
        KibanaObjects kibana = KibanaObjects.load(KibanaObjects.PIPELINE_FILE);
        Set<String> known = new HashSet<>();
        kibana.objects.forEach(o -> known.add(o.path("type").asText() + "/" + KibanaObjects.id(o)));
        for (JsonNode object : kibana.objects) {
            for (JsonNode reference : object.path("references")) {
                assertThat(known).contains(reference.path("type").asText() + "/" + reference.path("id").asText());
            }
        }
    }
}
