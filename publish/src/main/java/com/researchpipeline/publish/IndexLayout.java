package com.researchpipeline.publish;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.indices.IndexTemplateWithRollover;
import co.elastic.clients.elasticsearch.indices.update_aliases.Action;
import co.elastic.clients.json.JsonpUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.researchpipeline.contract.JsonSerde;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes Elasticsearch hold what the publisher writes to: the index template, the index
 * {@code <alias>-v<N>} and the alias pointing at it and at nothing else. Keeps what is already right: a
 * template of the same or a newer version is not rewritten, an existing index is not touched. When the
 * alias still points at an older version's index, it is left there ({@link Changes#aliasWaiting()}) so
 * searches keep seeing complete results while the new index fills; {@link #moveAlias()} then swaps it in
 * one request. An alias on a newer version's index is never taken back. Safe to run concurrently.
 */
public final class IndexLayout {

    private static final Logger LOG = LoggerFactory.getLogger(IndexLayout.class);

    /** What {@link #ensure} had to do; all false on a second start. */
    public record Changes(String index, boolean templatePut, boolean indexCreated, boolean aliasMoved,
                          boolean aliasWaiting) {
    }

    private final ElasticsearchClient client;
    private final IndexTemplate template;
    private volatile String indexUuid;
    private volatile String recreated;
    private volatile String lastWrongMapping;
    private volatile String lastMisdirected;

    public IndexLayout(ElasticsearchClient client, IndexTemplate template) {
        this.client = client;
        this.template = template;
    }

    /** @throws IOException when Elasticsearch cannot be reached: retriable */
    public Changes ensure() throws IOException {
        boolean templatePut = ensureTemplate();
        boolean indexCreated = ensureIndex();
        ensureFacets();
        Set<String> holders = aliasHolders();
        boolean aliasMoved = false;
        boolean aliasWaiting = false;
        if (holders.isEmpty()) {
            moveAlias(holders);
            aliasMoved = true;
        } else if (!holders.equals(Set.of(template.indexName()))) {
            aliasWaiting = holders.stream().allMatch(h -> template.versionOf(h) < template.version());
            if (!aliasWaiting) {
                LOG.warn("alias {} points at {}, made by a newer publisher; this one writes to {} but leaves the alias",
                        template.alias(), holders, template.indexName());
            }
        }
        Changes changes = new Changes(template.indexName(), templatePut, indexCreated, aliasMoved, aliasWaiting);
        LOG.info("index layout: template {} v{}{}, index {}{}, alias {}{}", template.name(), template.version(),
                templatePut ? " (put)" : " (kept)", template.indexName(), indexCreated ? " (created)" : " (kept)",
                template.alias(), aliasMoved ? " (created)" : aliasWaiting ? " (stays on " + holders
                        + " until " + template.indexName() + " has caught up)" : " (kept)");
        return changes;
    }

    /**
     * Checks, while publish runs, that what {@link #ensure} made is still there and still right, repairs what is
     * safe to repair and says what is not. A missing template or index is made again from the template (the
     * documents of a deleted index are gone: that is reported until publish restarts, with the command that
     * indexes them again); a missing alias is pointed at the index again, unless the index is wrong, and one pointed at
     * an index of none of its versions is reported. An index that does not have the
     * template's mapping (made by hand, or by auto-creation while the template was missing, with guessed
     * mappings) is never written to: {@link Verdict#holdWrites()} is true until it is fixed.
     *
     * @throws IOException when Elasticsearch cannot be reached
     */
    public Verdict verify() throws IOException {
        ensureTemplate();
        if (ensureIndex()) {
            LOG.warn("index {} was missing: made it again from template {} v{}", template.indexName(),
                    template.name(), template.version());
        }
        var state = client.indices().get(g -> g.index(template.indexName())).get(template.indexName());
        String uuid = state == null || state.settings() == null ? null
                : state.settings().uuid() != null ? state.settings().uuid()
                : state.settings().index() == null ? null : state.settings().index().uuid();
        if (uuid != null) {
            if (indexUuid == null) {
                indexUuid = uuid;
            } else if (!indexUuid.equals(uuid) && recreated == null) {
                recreated = "index " + template.indexName() + " was deleted and made again while publish ran (uuid "
                        + indexUuid + " is now " + uuid + "): the documents indexed before are gone. To index them "
                        + "again: stop publish, run bin/pipeline replay publish, start publish";
                LOG.warn(recreated);
            }
        }
        String mismatch = state == null || state.mappings() == null ? "it has no mapping"
                : mismatch(JsonpUtils.toJsonString(state.mappings(), client._jsonpMapper()));
        List<String> above = mismatch == null ? List.of() : templatesAbove();
        String wrong = mismatch == null ? null : "index " + template.indexName() + " does not have the mapping of "
                + "template " + template.name() + " v" + template.version() + " (" + mismatch + "): " + madeBy(above)
                + ". Publish writes nothing to it until it is fixed: " + fixFirst(above) + "DELETE "
                + template.indexName() + " (publish makes it again from the template within seconds and indexes the articles it holds); "
                + "for the articles indexed before: " + refill();
        if (wrong != null && !wrong.equals(lastWrongMapping)) {
            LOG.error(wrong);
        }
        lastWrongMapping = wrong;
        Set<String> holders = aliasHolders();
        if (wrong == null && holders.isEmpty()) {
            moveAlias(Set.of());
            LOG.warn("alias {} was missing (deleted?): pointed it at {} again", template.alias(), template.indexName());
        }
        String misdirected = misdirected(holders);
        if (misdirected != null && !misdirected.equals(lastMisdirected)) {
            LOG.error(misdirected);
        }
        lastMisdirected = misdirected;
        return new Verdict(wrong, recreated, misdirected);
    }

    /**
     * What is wrong when an operator pointed the alias at an index of none of its versions, instead of this one or
     * beside it; null when not. Left as it is, since that may be a deliberate change in progress.
     */
    private String misdirected(Set<String> holders) {
        List<String> foreign = holders.stream().filter(h -> template.versionOf(h) < 0).sorted().toList();
        if (foreign.isEmpty()) {
            return null;
        }
        boolean alsoHere = holders.contains(template.indexName());
        return "alias " + template.alias() + " points at " + foreign + (alsoHere ? " besides " : " instead of ")
                + template.indexName() + ", where publish writes the articles: searches and Kibana see "
                + (alsoHere ? "its documents mixed with the articles" : "its documents and none of the articles")
                + ". Point it back: POST _aliases with a remove of " + foreign + " from " + template.alias()
                + (alsoHere ? "" : " and an add of " + template.indexName());
    }

    /** How to write every article of the topic into the index again (idempotent: nothing is doubled). */
    /** How an index without the template's mapping came about, as far as {@link #templatesAbove} tell. */
    private String madeBy(List<String> above) {
        return above.isEmpty() ? "it was made by hand or by auto-creation while the template was missing"
                : "index template " + String.join(", ", above) + " matches " + template.indexName() + " too, with a "
                + "priority not below template " + template.name() + "'s, so Elasticsearch makes the index from it "
                + "(and would again after a DELETE)";
    }

    private String fixFirst(List<String> above) {
        return above.isEmpty() ? "" : "give that template index_patterns that leave out " + template.alias()
                + "-v* or a lower priority (PUT _index_template/NAME), then ";
    }

    /**
     * The other index templates whose patterns match the index with a priority at least this template's (another
     * product's template for {@code articles*}, say): the node makes the index from the highest of them alone.
     */
    private List<String> templatesAbove() throws IOException {
        var all = client.indices().getIndexTemplate().indexTemplates();
        long own = all.stream().filter(t -> t.name().equals(template.name())).findFirst()
                .map(t -> priorityOf(t.indexTemplate())).orElse(0L);
        List<String> above = new ArrayList<>();
        for (var other : all) {
            var patterns = other.indexTemplate().indexPatterns();
            if (!other.name().equals(template.name()) && priorityOf(other.indexTemplate()) >= own
                    && patterns.stream().anyMatch(p -> matches(p, template.indexName()))) {
                above.add(other.name() + " (index_patterns " + patterns + ", priority "
                        + priorityOf(other.indexTemplate()) + ")");
            }
        }
        return above;
    }

    private static long priorityOf(IndexTemplateWithRollover template) {
        return template.priority() == null ? 0 : template.priority();
    }

    /** Elasticsearch's index pattern: {@code *} stands for any characters, nothing else is special. */
    static boolean matches(String pattern, String index) {
        return index.matches(Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote)
                .collect(Collectors.joining(".*")));
    }

    private String refill() {
        return "stop publish, run bin/pipeline replay publish, start publish; or start publish once with "
                + "PUBLISH_GROUP_ID set to a new name (e.g. publish-" + template.indexName() + "-refill), which "
                + "reads the topic from its start (the way under bin/pipeline run, whose broker stops with it)";
    }

    /**
     * What {@link #verify} found: an index not to write to, an alias an operator pointed at another index, and
     * documents lost with a deleted index.
     */
    public record Verdict(String wrongMapping, String recreated, String misdirectedAlias) {

        public static final Verdict FINE = new Verdict(null, null, null);

        public boolean holdWrites() {
            return wrongMapping != null;
        }

        /** For readiness: null when all is well. */
        public String problem() {
            return wrongMapping != null ? wrongMapping : misdirectedAlias != null ? misdirectedAlias : recreated;
        }
    }

    /** How the mapping of an index (its JSON) differs from the template's, or null when it does not. */
    String mismatch(String liveMappingJson) {
        JsonNode live;
        JsonNode wanted;
        try {
            live = JsonSerde.mapper().readTree(liveMappingJson);
            wanted = JsonSerde.mapper().readTree(template.json()).path("template").path("mappings");
        } catch (IOException e) {
            return "its mapping cannot be read: " + e.getMessage();
        }
        List<String> differences = new ArrayList<>();
        String dynamic = wanted.path("dynamic").asText("true");
        if (!dynamic.equals(live.path("dynamic").asText("true"))) {
            differences.add("dynamic is " + live.path("dynamic").asText("true") + ", the template says " + dynamic);
        }
        Map<String, String> liveTypes = IndexTemplate.fieldTypesOfMapping(live);
        template.fieldTypes().forEach((field, type) -> {
            String actual = liveTypes.get(field);
            if (!type.equals(actual)) {
                differences.add(field + (actual == null ? " is not mapped" : " is " + actual)
                        + ", the template says " + type);
            }
        });
        return differences.isEmpty() ? null : IndexTemplate.summarised(differences);
    }

    /** Points the alias at this version's index only, in one request. */
    public void moveAlias() throws IOException {
        Set<String> holders = aliasHolders();
        if (!holders.equals(Set.of(template.indexName()))) {
            // what was acknowledged becomes searchable before searches switch over
            client.indices().refresh(r -> r.index(template.indexName()));
            moveAlias(holders);
            LOG.info("alias {} moved from {} to {}", template.alias(), holders, template.indexName());
        }
    }

    private boolean ensureTemplate() throws IOException {
        if (client.indices().existsIndexTemplate(t -> t.name(template.name())).value()) {
            var existing = client.indices().getIndexTemplate(t -> t.name(template.name())).indexTemplates();
            Long version = existing.isEmpty() ? null : existing.get(0).indexTemplate().version();
            if (version != null && version > template.version()) {
                return false;
            }
            if (version != null && version == template.version()) {
                var mappings = existing.get(0).indexTemplate().template() == null ? null
                        : existing.get(0).indexTemplate().template().mappings();
                if (mappings == null || mappings.properties().keySet().containsAll(template.facetFields())) {
                    return false;
                }
            }
        }
        client.indices().putIndexTemplate(t -> t.name(template.name()).withJson(new StringReader(template.json())));
        return true;
    }

    private boolean ensureIndex() throws IOException {
        if (client.indices().exists(e -> e.index(template.indexName())).value()) {
            return false;
        }
        try {
            client.indices().create(c -> c.index(template.indexName()));
            return true;
        } catch (ElasticsearchException e) {
            if ("resource_already_exists_exception".equals(e.error().type())) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Maps the facet field of an entity type added since the index was made (a deployment's ENTITY_TYPES) as a
     * keyword, in place: without it the strict mapping would reject every document that carries the field.
     */
    private void ensureFacets() throws IOException {
        var mapping = client.indices().getMapping(m -> m.index(template.indexName())).mappings();
        Set<String> mapped = mapping.values().stream().findFirst()
                .map(m -> m.mappings().properties().keySet()).orElse(Set.of());
        List<String> missing = template.facetFields().stream().filter(f -> !mapped.contains(f)).toList();
        if (!missing.isEmpty()) {
            client.indices().putMapping(m -> {
                m.index(template.indexName());
                missing.forEach(facet -> m.properties(facet, p -> p.keyword(k -> k)));
                return m;
            });
            LOG.info("index {}: mapped the facet field(s) {} of entity types added since it was made",
                    template.indexName(), missing);
        }
    }

    private void moveAlias(Set<String> holders) throws IOException {
        List<Action> actions = new ArrayList<>();
        for (String holder : holders) {
            if (!holder.equals(template.indexName())) {
                actions.add(Action.of(a -> a.remove(r -> r.index(holder).alias(template.alias()))));
            }
        }
        actions.add(Action.of(a -> a.add(r -> r.index(template.indexName()).alias(template.alias())
                .isWriteIndex(true))));
        // one request, so searches through the alias never see no index or two
        client.indices().updateAliases(u -> u.actions(actions));
    }

    private Set<String> aliasHolders() throws IOException {
        if (!client.indices().existsAlias(a -> a.name(template.alias())).value()) {
            return Set.of();
        }
        return client.indices().getAlias(a -> a.name(template.alias())).aliases().keySet();
    }
}
