package com.researchpipeline.enrich.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import opennlp.tools.namefind.NameFinderME;
import opennlp.tools.namefind.NameSample;
import opennlp.tools.namefind.TokenNameFinderModel;
import opennlp.tools.util.Span;
import org.junit.jupiter.api.Test;

class NameModelTrainerTest {

    @Test
    void trainsANameFinderThatFindsTheTypesOfItsSentences() throws Exception {
        List<NameSample> samples = new ArrayList<>();
        String[] names = {"Zarqa", "Irbid", "Salt", "Madaba", "Karak", "Tafila", "Maan", "Jerash"};
        for (String name : names) {
            samples.add(NameSample.parse("Doctors at <START:institution> " + name + " Hope Clinic <END> treat "
                    + "<START:disease> lupus <END> with <START:therapy> photopheresis <END> .", false));
            samples.add(NameSample.parse("The " + name + " office said nothing new .", false));
        }
        TokenNameFinderModel model = NameModelTrainer.train(samples);
        Span[] spans = new NameFinderME(model).find(
                "Doctors at Ajloun Hope Clinic treat lupus with photopheresis .".split(" "));
        assertThat(spans).extracting(Span::getType).containsExactly("institution", "disease", "therapy");
        assertThat(spans[0].getStart()).isEqualTo(2);
        assertThat(spans[0].getEnd()).isEqualTo(5);
    }
}
