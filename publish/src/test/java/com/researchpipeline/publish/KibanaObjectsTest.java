package com.researchpipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchpipeline.contract.JsonSerde;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KibanaObjectsTest {

    private final Map<String, String> mapping = IndexTemplate.load("articles").fieldTypes();

    @Test
    void shipsADataViewOnTheAliasASavedSearchAndADashboardWithTheSixPanels() throws Exception {
        KibanaObjects kibana = KibanaObjects.load();
        assertThat(kibana.ofType("index-pattern")).singleElement()
                .satisfies(dv -> assertThat(dv.path("attributes").path("title").asText()).isEqualTo("articles"));
        assertThat(kibana.ofType("search")).hasSize(1);
        assertThat(kibana.ofType("lens")).extracting(v -> v.path("attributes").path("title").asText())
                .containsExactlyInAnyOrder("Articles over time", "Top institutions", "Top therapies", "Top diseases",
                        "Therapy × disease co-occurrence", "Articles per language");
        JsonNode dashboard = kibana.ofType("dashboard").get(0);
        assertThat(JsonSerde.mapper().readTree(dashboard.path("attributes").path("panelsJSON").asText())).hasSize(7);
    }

    @Test
    void everyFieldTheObjectsUseIsMappedWithAFittingType() throws Exception {
        for (var use : KibanaObjects.load().fieldUses()) {
            String type = mapping.get(use.field());
            assertThat(type).as(use + " is not in the mapping").isNotNull();
            switch (use.use()) {
                case TIME_FIELD, DATE_HISTOGRAM -> assertThat(type).as(use.toString()).isEqualTo("date");
                case TERMS, SORT -> assertThat(type).as(use + ": needs doc values, not analysed text")
                        .isIn("keyword", "date", "integer", "long", "float", "boolean");
                case COLUMN -> assertThat(type).as(use.toString()).isNotIn("object", "nested");
                case OTHER_AGGREGATION -> assertThat(type).as(use.toString()).isNotIn("text", "object", "nested");
            }
            assertThat(isInsideNested(use.field())).as(use + ": aggregations cannot reach nested fields").isFalse();
        }
    }

    @Test
    void everyReferenceResolvesToAnObjectInTheFile() throws Exception {
        KibanaObjects kibana = KibanaObjects.load();
        Set<String> known = new HashSet<>();
        kibana.objects.forEach(o -> known.add(o.path("type").asText() + "/" + KibanaObjects.id(o)));
        for (JsonNode object : kibana.objects) {
            for (JsonNode reference : object.path("references")) {
                assertThat(known).as("reference " + reference + " of " + KibanaObjects.id(object))
                        .contains(reference.path("type").asText() + "/" + reference.path("id").asText());
            }
        }
        JsonNode dashboard = kibana.ofType("dashboard").get(0);
        Set<String> refNames = new HashSet<>();
        dashboard.path("references").forEach(r -> refNames.add(r.path("name").asText()));
        for (JsonNode panel : JsonSerde.mapper().readTree(dashboard.path("attributes").path("panelsJSON").asText())) {
            assertThat(refNames).contains(panel.path("panelIndex").asText() + ":" + panel.path("panelRefName").asText());
        }
    }

    @Test
    void chartsUseLensNotTheAggregationBasedEditorsKibanaIsRemoving() throws Exception {
        KibanaObjects kibana = KibanaObjects.load();
        assertThat(kibana.ofType("visualization")).as("aggregation-based visualizations").isEmpty();
        JsonNode dashboard = kibana.ofType("dashboard").get(0);
        for (JsonNode panel : JsonSerde.mapper().readTree(dashboard.path("attributes").path("panelsJSON").asText())) {
            assertThat(panel.path("type").asText()).isIn("lens", "search");
        }
    }

    @Test
    void everyLensChartIsAConsistentFormBasedStateOnTheDataView() throws Exception {
        KibanaObjects kibana = KibanaObjects.load();
        String dataView = KibanaObjects.id(kibana.ofType("index-pattern").get(0));
        for (JsonNode lens : kibana.ofType("lens")) {
            String id = KibanaObjects.id(lens);
            JsonNode attributes = lens.path("attributes");
            assertThat(attributes.path("visualizationType").asText()).as(id)
                    .isIn("lnsXY", "lnsDatatable", "lnsPie", "lnsMetric", "lnsHeatmap");
            assertThat(lens.path("typeMigrationVersion").asText()).as(id).isNotEmpty();
            Set<String> references = new HashSet<>();
            lens.path("references").forEach(r -> references.add(r.path("name").asText() + "=" + r.path("id").asText()));
            Set<String> allColumns = new HashSet<>();
            var layers = KibanaObjects.layers(lens).fields();
            assertThat(layers.hasNext()).as(id + " has a layer").isTrue();
            while (layers.hasNext()) {
                var layer = layers.next();
                assertThat(references).as(id + ": layer " + layer.getKey() + " on the data view")
                        .contains("indexpattern-datasource-layer-" + layer.getKey() + "=" + dataView);
                Set<String> columns = new HashSet<>();
                layer.getValue().path("columns").fieldNames().forEachRemaining(columns::add);
                Set<String> order = new HashSet<>();
                layer.getValue().path("columnOrder").forEach(c -> order.add(c.asText()));
                assertThat(order).as(id + ": columnOrder").isEqualTo(columns);
                for (JsonNode column : layer.getValue().path("columns")) {
                    assertThat(column.path("isBucketed").isBoolean()).as(id + ": " + column).isTrue();
                    JsonNode orderBy = column.path("params").path("orderBy");
                    if (orderBy.path("type").asText().equals("column")) {
                        assertThat(columns).as(id + ": terms ordered by a column of its layer")
                                .contains(orderBy.path("columnId").asText());
                    }
                }
                allColumns.addAll(columns);
            }
            // every column the chart draws is a column of a layer
            List<String> accessors = new java.util.ArrayList<>();
            lens.path("attributes").path("state").path("visualization").findValues("xAccessor")
                    .forEach(a -> accessors.add(a.asText()));
            lens.path("attributes").path("state").path("visualization").findValues("columnId")
                    .forEach(a -> accessors.add(a.asText()));
            for (String list : List.of("accessors", "primaryGroups", "metrics")) {
                lens.path("attributes").path("state").path("visualization").findValues(list)
                        .forEach(values -> values.forEach(a -> accessors.add(a.asText())));
            }
            assertThat(accessors).as(id + " draws columns").isNotEmpty();
            assertThat(allColumns).as(id).containsAll(accessors);
        }
    }

    private boolean isInsideNested(String field) {
        for (int dot = field.indexOf('.'); dot > 0; dot = field.indexOf('.', dot + 1)) {
            if ("nested".equals(mapping.get(field.substring(0, dot)))) {
                return true;
            }
        }
        return false;
    }
}
