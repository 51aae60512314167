package com.researchpipeline.enrich.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.Entity;
import com.researchpipeline.contract.EntityType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Whole classes of names, each put alone into a plain sentence: every one must come out whole, with its type. The
 * lists under {@code probes/} were written to probe the vocabularies and rules, not taken from the articles they
 * were written from; a name that falls out of them is a regression a user would meet.
 */
class ProbeSentencesTest {

    private static EntityExtractor extractor;

    @BeforeAll
    static void loadOnce() {
        extractor = EntityExtractor.load();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "diseases.txt, DISEASE, 'Patients with %s were enrolled in the study.'",
            "therapies.txt, THERAPY, 'Patients received %s in the study.'",
            "institutions.txt, INSTITUTION, 'Researchers at %s said on Monday that the results were promising.'"})
    void everyNameOfTheListIsFoundWholeInASentenceOfItsOwn(String list, EntityType type, String sentence)
            throws IOException {
        List<String> names = names(list);
        List<String> missed = new ArrayList<>();
        for (String name : names) {
            List<String> found = extractor.extract(sentence.formatted(name)).stream()
                    .filter(e -> e.type() == type).map(Entity::text).toList();
            if (!found.contains(name)) {
                missed.add(name + " (found " + found + ")");
            }
        }
        assertThat(names).hasSizeGreaterThan(80);
        assertThat(missed).as("names of " + list + " not found whole").isEmpty();
    }

    private static List<String> names(String list) throws IOException {
        try (InputStream in = ProbeSentencesTest.class.getResourceAsStream("probes/" + list)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        }
    }
}
