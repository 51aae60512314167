package com.researchpipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.core.FieldCapsResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class KibanaObjectsIT {

    @Test
    void everyFieldTheKibanaObjectsUseIsSearchableAndAggregatableAsNeededInTheRealIndex() throws Exception {
        try (PublishFixture fixture = new PublishFixture("kibana")) {
            new IndexLayout(fixture.es, IndexTemplate.load(fixture.alias())).ensure();
            var uses = KibanaObjects.load().fieldUses();
            List<String> fields = uses.stream().map(KibanaObjects.FieldUse::field).distinct().toList();
            FieldCapsResponse caps = fixture.es.fieldCaps(f -> f.index(fixture.alias()).fields(fields));

            for (var use : uses) {
                var byType = caps.fields().get(use.field());
                assertThat(byType).as(use + " is not a field of " + fixture.index()).isNotNull();
                assertThat(byType).as(use + " has one type").hasSize(1);
                var type = byType.keySet().iterator().next();
                var cap = byType.values().iterator().next();
                switch (use.use()) {
                    case TIME_FIELD, DATE_HISTOGRAM -> {
                        assertThat(type).as(use.toString()).isEqualTo("date");
                        assertThat(cap.aggregatable()).as(use.toString()).isTrue();
                    }
                    case TERMS, SORT, OTHER_AGGREGATION -> assertThat(cap.aggregatable()).as(use.toString()).isTrue();
                    case COLUMN -> assertThat(cap.searchable() || cap.aggregatable()).as(use.toString()).isTrue();
                }
            }
        }
    }
}
