package com.researchpipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.core.FieldCapsResponse;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Pipeline dashboard's fields are searchable and aggregatable as it needs in a real status index. */
class PipelineDashboardIT {

    @Test
    void everyFieldThePipelineObjectsUseIsAggregatableAsNeededInTheRealStatusIndex() throws Exception {
        try (PublishFixture fixture = new PublishFixture("status")) {
            String index = StatusIndexer.INDEX + "-" + fixture.name;
            String template = PipelineDashboardTest.template().toString();
            fixture.es.indices().putIndexTemplate(t -> t.name(index).withJson(new StringReader(template
                    .replace("\"pipeline-status*\"", "\"" + index + "\"").replace("\"priority\":100", "\"priority\":200"))));
            fixture.es.indices().create(c -> c.index(index));
            var uses = KibanaObjects.load(KibanaObjects.PIPELINE_FILE).fieldUses();
            List<String> fields = uses.stream().map(KibanaObjects.FieldUse::field).distinct().toList();
            FieldCapsResponse caps = fixture.es.fieldCaps(f -> f.index(index).fields(fields));
            for (var use : uses) {
                var byType = caps.fields().get(use.field());
                assertThat(byType).as(use + " is not a field of " + index).isNotNull().hasSize(1);
                var cap = byType.values().iterator().next();
                switch (use.use()) {
                    case TIME_FIELD, DATE_HISTOGRAM -> assertThat(byType).containsKey("date");
                    case TERMS, SORT, OTHER_AGGREGATION -> assertThat(cap.aggregatable()).as(use.toString()).isTrue();
                    case COLUMN -> assertThat(cap.searchable() || cap.aggregatable()).as(use.toString()).isTrue();
                }
            }
        }
    }
}
