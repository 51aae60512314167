package com.researchpipeline.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchpipeline.contract.JsonSerde;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The saved objects shipped in {@code kibana/articles.ndjson} (a data view, a saved search, Lens visualizations and
 * a dashboard), and every index field they use, with how.
 */
final class KibanaObjects {

    enum Use { TIME_FIELD, COLUMN, SORT, TERMS, DATE_HISTOGRAM, OTHER_AGGREGATION }

    record FieldUse(String objectId, String field, Use use) {
    }

    static final Path FILE = Path.of(System.getProperty("user.dir")).getParent().resolve("kibana/articles.ndjson");
    static final Path PIPELINE_FILE = FILE.resolveSibling("pipeline.ndjson");

    final List<JsonNode> objects;

    KibanaObjects(List<JsonNode> objects) {
        this.objects = objects;
    }

    static KibanaObjects load() throws IOException {
        return load(FILE);
    }

    static KibanaObjects load(Path file) throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                objects.add(JsonSerde.mapper().readTree(line));
            }
        }
        return new KibanaObjects(objects);
    }

    List<JsonNode> ofType(String type) {
        return objects.stream().filter(o -> type.equals(o.path("type").asText())).toList();
    }

    List<FieldUse> fieldUses() throws IOException {
        List<FieldUse> uses = new ArrayList<>();
        for (JsonNode dataView : ofType("index-pattern")) {
            uses.add(new FieldUse(id(dataView), dataView.path("attributes").path("timeFieldName").asText(), Use.TIME_FIELD));
        }
        for (JsonNode search : ofType("search")) {
            search.path("attributes").path("columns").forEach(c -> uses.add(new FieldUse(id(search), c.asText(), Use.COLUMN)));
            search.path("attributes").path("sort").forEach(s -> uses.add(new FieldUse(id(search), s.get(0).asText(), Use.SORT)));
        }
        for (JsonNode lens : ofType("lens")) {
            for (JsonNode column : columns(lens)) {
                String field = column.path("sourceField").asText(null);
                if (field != null && !field.equals(RECORDS)) {
                    Use use = switch (column.path("operationType").asText()) {
                        case "terms" -> Use.TERMS;
                        case "date_histogram" -> Use.DATE_HISTOGRAM;
                        default -> Use.OTHER_AGGREGATION;
                    };
                    uses.add(new FieldUse(id(lens), field, use));
                }
            }
        }
        return uses;
    }

    /** Lens's source field of a count of documents. */
    static final String RECORDS = "___records___";

    /** The form-based (data view) layers of a Lens visualization, by layer id. */
    static JsonNode layers(JsonNode lens) {
        return lens.path("attributes").path("state").path("datasourceStates").path("formBased").path("layers");
    }

    static List<JsonNode> columns(JsonNode lens) {
        List<JsonNode> columns = new ArrayList<>();
        layers(lens).forEach(layer -> layer.path("columns").forEach(columns::add));
        return columns;
    }

    static String id(JsonNode object) {
        return object.path("id").asText();
    }
}
