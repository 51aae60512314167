package com.researchpipeline.publish;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.indices.update_aliases.Action;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
