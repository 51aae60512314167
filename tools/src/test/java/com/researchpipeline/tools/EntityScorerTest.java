package com.researchpipeline.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.Entity;
import com.researchpipeline.contract.EntityType;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EntityScorerTest {

    @Test
    void normalisesAsTheGuidelinesSay() {
        assertThat(EntityScorer.normalise("The  Parkinson’s")).isEqualTo("parkinson");
        assertThat(EntityScorer.normalise("Department of Health – Abu Dhabi")).isEqualTo("department of health - abu dhabi");
        assertThat(EntityScorer.normalise("patientâ€™s")).isEqualTo("patient");
        assertThat(EntityScorer.normalise("ＣＡＲ-T")).isEqualTo("car-t");
    }

    @Test
    void countsDistinctMentionsPerArticleAndMicroAverages() {
        EntityScorer scorer = new EntityScorer();
        Set<EntityScorer.Mention> gold = Set.of(EntityScorer.mention("disease", "cancer"),
                EntityScorer.mention("therapy", "gene therapy"));
        scorer.add("a", gold, List.of(
                new Entity(EntityType.DISEASE, "Cancer", null, 0, 6, 0, 1, "test"),
                new Entity(EntityType.DISEASE, "cancer", null, 10, 16, 0, 1, "test"),
                new Entity(EntityType.INSTITUTION, "Cancer Institute", null, 20, 36, 0, 1, "test")));
        assertThat(scorer.score(EntityType.DISEASE)).isEqualTo(new EntityScorer.Score(1, 1, 1));
        assertThat(scorer.overall()).isEqualTo(new EntityScorer.Score(1, 2, 2));
        assertThat(scorer.overall().f1()).isEqualTo(0.5);
    }
}
