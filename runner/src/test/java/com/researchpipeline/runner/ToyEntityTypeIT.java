package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import com.fasterxml.jackson.databind.JsonNode;
import com.researchpipeline.contract.EnrichedArticle;
import com.researchpipeline.contract.Entity;
import com.researchpipeline.contract.EntityType;
import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.RawArticle;
import com.researchpipeline.contract.Section;
import com.researchpipeline.contract.SourceFile;
import com.researchpipeline.contract.Topics;
import com.researchpipeline.enrich.ArticleEnricher;
import com.researchpipeline.enrich.EnrichApplication;
import com.researchpipeline.infra.TestInfrastructure;
import com.researchpipeline.publish.ArticleDocument;
import com.researchpipeline.publish.BulkPublisher;
import com.researchpipeline.publish.ElasticsearchConnection;
import com.researchpipeline.publish.IndexLayout;
import com.researchpipeline.publish.IndexTemplate;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A fourth entity type from resources alone: the failsafe execution {@code toy-entity-type} sets ENTITY_TYPES to
 * {@code src/test/toy-entity-types/} (an {@code entity-types.txt} with "gene genes" and a gazetteer
 * {@code en/gene/genes.txt}), as a deployment would, and no code knows of genes. The extractor finds them with
 * their canonical names, the enriched event carries them and its schema accepts them, and Elasticsearch indexes
 * them as the keyword facet {@code genes} that a terms aggregation counts.
 */
class ToyEntityTypeIT {

    private static final String BODY = "Mutations in the cystic fibrosis transmembrane conductance regulator were"
            + " studied at the Mayo Clinic.\nLoss of p53 and TP53 mutations drive melanoma, and BRCA2 carriers were"
            + " treated with olaparib.";

    @Test
    void aGeneTypeAddedByResourcesIsExtractedAcceptedIndexedAndAggregated() throws Exception {
        // -Dit.test=ToyEntityTypeIT also selects it in the default execution, which has no ENTITY_TYPES
        assumeTrue(EntityType.addedFrom().isPresent(), "runs in the failsafe execution toy-entity-type only");
        EntityType gene = EntityType.fromLabel("gene");
        assertThat(gene.facet()).isEqualTo("genes");
        assertThat(gene.isShipped()).isFalse();
        assertThat(EntityType.values()).containsExactly(EntityType.INSTITUTION, EntityType.THERAPY,
                EntityType.DISEASE, gene);

        EnrichedArticle enriched = new ArticleEnricher(EnrichApplication.loadExtractor(), Clock.systemUTC())
                .enrich(raw("toy-gene", BODY));
        assertThat(enriched.entities()).filteredOn(e -> e.type() == gene)
                .extracting(Entity::text, Entity::canonical, Entity::finder).containsExactly(
                        tuple("cystic fibrosis transmembrane conductance regulator", "CFTR", "dictionary"),
                        tuple("p53", "TP53", "dictionary"),
                        tuple("TP53", "TP53", "dictionary"),
                        tuple("BRCA2", "BRCA2", "dictionary"));
        assertThat(enriched.entities()).extracting(Entity::type).contains(EntityType.INSTITUTION,
                EntityType.THERAPY, EntityType.DISEASE);
        for (Entity e : enriched.entities()) {
            assertThat(BODY.substring(e.start(), e.end())).isEqualTo(e.text());
        }

        JsonNode event = JsonSerde.mapper().readTree(JsonSerde.toBytes(enriched));
        JsonNode schema = Topics.ENRICHED.schema();
        List<String> accepted = new ArrayList<>();
        schema.at("/properties/entities/items/properties/type/enum").forEach(n -> accepted.add(n.asText()));
        Set<String> required = new HashSet<>();
        schema.at("/properties/entities/items/required").forEach(n -> required.add(n.asText()));
        assertThat(accepted).containsExactly("institution", "therapy", "disease", "gene");
        for (JsonNode entity : event.path("entities")) {
            assertThat(accepted).as("the schema accepts the type of " + entity).contains(entity.path("type").asText());
            required.forEach(field -> assertThat(entity.has(field)).as(field + " of " + entity).isTrue());
        }
        assertThat(JsonSerde.fromBytes(JsonSerde.toBytes(enriched), EnrichedArticle.class)).isEqualTo(enriched);

        try (ElasticsearchClient es = ElasticsearchConnection.to(TestInfrastructure.shared().elasticsearchUrl()).open()) {
            IndexTemplate fresh = IndexTemplate.load("toy-genes");
            assertThat(fresh.fieldTypes()).containsEntry("genes", "keyword");
            new IndexLayout(es, fresh).ensure();
            indexAndAggregate(es, fresh, enriched, gene);

            // a deployment that ran without the type: its template and index come from the file as shipped
            IndexTemplate upgraded = IndexTemplate.load("toy-upgraded");
            JsonNode shipped;
            try (var in = IndexTemplate.class.getClassLoader().getResourceAsStream(IndexTemplate.RESOURCE)) {
                shipped = JsonSerde.mapper().readTree(in);
            }
            ((com.fasterxml.jackson.databind.node.ObjectNode) shipped).putArray("index_patterns").add("toy-upgraded-v*");
            es.indices().putIndexTemplate(t -> t.name("toy-upgraded").withJson(new StringReader(shipped.toString())));
            es.indices().create(c -> c.index(upgraded.indexName()));
            assertThat(mapped(es, upgraded.indexName())).doesNotContain("genes");

            IndexLayout.Changes changes = new IndexLayout(es, upgraded).ensure();
            assertThat(changes.templatePut()).as("the template gains the facet, same version").isTrue();
            assertThat(changes.indexCreated()).as("the live index is kept").isFalse();
            assertThat(mapped(es, upgraded.indexName())).contains("genes");
            indexAndAggregate(es, upgraded, enriched, gene);
        }
    }

    private static void indexAndAggregate(ElasticsearchClient es, IndexTemplate template, EnrichedArticle enriched,
                                          EntityType gene) throws Exception {
        ArticleDocument document = ArticleDocument.of(enriched);
        assertThat(document.facet(gene)).containsExactly("CFTR", "TP53", "BRCA2");
        var outcome = new BulkPublisher<String>(es, template.indexName(), Duration.ofSeconds(60)).publish(List.of(new BulkPublisher.Item<>(
                enriched.article().id(), enriched.article().id(), ArticleDocument.versionOf(enriched),
                JsonSerde.toBytes(document))));
        assertThat(outcome.rejected()).as("the strict mapping of " + template.indexName() + " takes genes").isEmpty();
        assertThat(outcome.stored()).hasSize(1);

        String alias = template.alias();
        es.indices().refresh(r -> r.index(alias));
        var response = es.search(s -> s.index(alias).size(0)
                .aggregations("genes", a -> a.terms(t -> t.field("genes"))), Void.class);
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        for (StringTermsBucket bucket : response.aggregations().get("genes").sterms().buckets().array()) {
            counts.put(bucket.key().stringValue(), bucket.docCount());
        }
        assertThat(counts).containsOnly(Map.entry("BRCA2", 1L), Map.entry("CFTR", 1L), Map.entry("TP53", 1L));
        assertThat(es.search(s -> s.index(alias).query(q -> q.term(t -> t.field("genes").value("TP53"))), Void.class)
                .hits().total().value()).isEqualTo(1);
    }

    private static Set<String> mapped(ElasticsearchClient es, String index) throws Exception {
        return es.indices().getMapping(m -> m.index(index)).get(index).mappings().properties().keySet();
    }

    private static RawArticle raw(String id, String body) {
        return new RawArticle(RawArticle.SCHEMA_VERSION, id, "Toy genes", body,
                List.of(new Section("", List.of(body.split("\n")))), "eng", body.split("\\s+").length,
                new SourceFile("toy.txt", "in/toy.txt", body.length(), "text/plain", Instant.now(), id),
                Instant.now(), "test");
    }
}
