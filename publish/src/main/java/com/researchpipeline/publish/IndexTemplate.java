package com.researchpipeline.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.researchpipeline.contract.EntityType;
import com.researchpipeline.contract.JsonSerde;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The versioned index template of the articles index, from the resource
 * {@code elasticsearch/articles-template.json} (the docker-compose setup service puts the same file). The
 * template is named after the alias and matches {@code <alias>-v*}; its {@code version} is the {@code N}
 * of the index {@code <alias>-v<N>}, so a mapping change means a new index. Every registered entity type's facet
 * field ({@link EntityType#facet()}) is mapped as a keyword: the file maps the shipped ones, and a type a
 * deployment adds gets its field here when the template is loaded. Adding a keyword field is a change
 * Elasticsearch makes to a live index, so it keeps the version; {@link IndexLayout} adds it to the index.
 * Immutable, thread-safe.
 */
public final class IndexTemplate {

    public static final String RESOURCE = "elasticsearch/articles-template.json";

    /**
     * The nested objects one document may hold ({@code mapping.nested_objects.limit} in the template's settings):
     * every entity is one, and Elasticsearch refuses a document with more.
     */
    public static final int NESTED_OBJECTS_LIMIT = load("articles").nestedObjectsLimit();

    private final String alias;
    private final ObjectNode body;

    private IndexTemplate(String alias, ObjectNode body) {
        this.alias = alias;
        this.body = body;
    }

    public static IndexTemplate load(String alias) {
        try (InputStream in = IndexTemplate.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            ObjectNode body = (ObjectNode) JsonSerde.mapper().readTree(in);
            body.putArray("index_patterns").add(alias + "-v*");
            addFacets(body);
            return new IndexTemplate(alias, body);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    private static void addFacets(ObjectNode body) {
        ObjectNode properties = (ObjectNode) body.path("template").path("mappings").path("properties");
        for (EntityType type : EntityType.values()) {
            requireFreeFacet(type.label(), type.facet());
            JsonNode mapped = properties.get(type.facet());
            if (mapped == null) {
                properties.putObject(type.facet()).put("type", "keyword");
            } else if (!"keyword".equals(mapped.path("type").asText())) {
                throw new IllegalStateException("the facet field '" + type.facet() + "' of entity type '" + type.label()
                        + "' is mapped as " + mapped + " in " + RESOURCE + ", not as a keyword: give the type"
                        + " another facet field in " + EntityType.REGISTRY_FILE);
            }
        }
    }

    /** A facet named like a field of the document itself ({@code id}, {@code language} ...) would overwrite it. */
    static void requireFreeFacet(String label, String facet) {
        boolean taken = java.util.Arrays.stream(ArticleDocument.class.getRecordComponents())
                .map(java.lang.reflect.RecordComponent::getName)
                .anyMatch(field -> !field.equals("facets") && field.equals(facet));
        if (taken) {
            throw new IllegalStateException("the facet field '" + facet + "' of entity type '" + label
                    + "' is a field of every article document already: give the type another facet field in "
                    + EntityType.REGISTRY_FILE);
        }
    }

    /** The facet fields of the registered entity types, each a keyword field of this template. */
    public java.util.List<String> facetFields() {
        return EntityType.values().stream().map(EntityType::facet).toList();
    }

    /** The same template with another version: what a mapping change ships as. */
    IndexTemplate withVersion(long version) {
        ObjectNode copy = body.deepCopy();
        copy.put("version", version);
        return new IndexTemplate(alias, copy);
    }

    /** The version in an index name {@code <alias>-v<N>}, or -1 when the name is not of that form. */
    long versionOf(String index) {
        String prefix = alias + "-v";
        if (index.startsWith(prefix)) {
            try {
                return Long.parseLong(index.substring(prefix.length()));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    public String name() {
        return alias;
    }

    public String alias() {
        return alias;
    }

    public long version() {
        return body.path("version").asLong();
    }

    private int nestedObjectsLimit() {
        JsonNode limit = body.path("template").path("settings").path("index").path("mapping.nested_objects.limit");
        if (!limit.canConvertToInt() || limit.asInt() < 1) {
            throw new IllegalStateException(RESOURCE + " must set template.settings.index."
                    + "\"mapping.nested_objects.limit\" to a positive number, not " + limit);
        }
        return limit.asInt();
    }

    /** The concrete index this version writes to: {@code <alias>-v<version>}. */
    public String indexName() {
        return alias + "-v" + version();
    }

    /** The request body of {@code PUT _index_template/<name>}. */
    public String json() {
        return JsonSerde.toJson(body);
    }

    /**
     * Every mapped field by its dotted path, multi-fields included ({@code title.keyword}), with its type;
     * objects without a type are {@code object}. Nested fields are listed with the {@code nested} parent.
     */
    public Map<String, String> fieldTypes() {
        return fieldTypesOf(body);
    }

    /** {@link #fieldTypes()} of any index template's request body. */
    static Map<String, String> fieldTypesOf(JsonNode template) {
        return fieldTypesOfMapping(template.path("template").path("mappings"));
    }

    /** {@link #fieldTypes()} of an index's live mapping ({@code {"dynamic": ..., "properties": ...}}). */
    static Map<String, String> fieldTypesOfMapping(JsonNode mappings) {
        Map<String, String> types = new TreeMap<>();
        collect("", mappings.path("properties"), types);
        return types;
    }

    /** Differences between a mapping and a template, the first four of them and how many more. */
    static String summarised(List<String> differences) {
        return differences.size() <= 4 ? String.join("; ", differences)
                : String.join("; ", differences.subList(0, 4)) + "; and " + (differences.size() - 4) + " more";
    }

    private static void collect(String prefix, JsonNode properties, Map<String, String> into) {
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String path = prefix + field.getKey();
            JsonNode mapping = field.getValue();
            into.put(path, mapping.path("type").asText("object"));
            collect(path + ".", mapping.path("properties"), into);
            collect(path + ".", mapping.path("fields"), into);
        }
    }
}
