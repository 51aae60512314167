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

    @ParameterizedTest(name = "{0} in \"{2}\"")
    @CsvSource({
            "diseases.txt, DISEASE, 'Patients with %s were enrolled in the study.'",
            "diseases.txt, DISEASE, 'In this cohort, several patients developed %s during follow-up.'",
            "diseases.txt, DISEASE, '%s is a leading cause of death worldwide.'",
            "diseases.txt, DISEASE, 'The incidence of %s increased, according to the registry.'",
            "diseases.txt, DISEASE, 'We studied 120 children, 14 of whom had %s.'",
            "diseases.txt, DISEASE, 'Risk of %s was higher in smokers than in non-smokers.'",
            "diseases.txt, DISEASE, '## %s in 2025\n\nNew data were released on Monday.'",
            "diseases.txt, DISEASE, 'Common conditions included asthma, %s and eczema.'",
            "diseases.txt, DISEASE, 'Patients (including those with %s) were excluded.'",
            "diseases.txt, DISEASE, '“%s” was the most frequent diagnosis.'",
            "diseases.txt, DISEASE, 'The burden of %s, the registry said, is rising.'",
            "therapies.txt, THERAPY, 'Patients received %s in the study.'",
            "therapies.txt, THERAPY, '%s was approved by the regulator last year.'",
            "therapies.txt, THERAPY, 'Treatment with %s reduced the risk of relapse.'",
            "therapies.txt, THERAPY, 'The trial compared %s with placebo in adults.'",
            "therapies.txt, THERAPY, 'After surgery, %s was given to 40 patients.'",
            "therapies.txt, THERAPY, '## %s in 2025\n\nNew data were released on Monday.'",
            "therapies.txt, THERAPY, 'Options include surgery, %s and radiotherapy.'",
            "therapies.txt, THERAPY, 'Patients (most receiving %s) were followed up.'",
            "therapies.txt, THERAPY, '“%s” was the most prescribed option.'",
            "therapies.txt, THERAPY, 'Access to %s, the report said, is improving.'",
            "institutions.txt, INSTITUTION, 'Researchers at %s said on Monday that the results were promising.'",
            "institutions.txt, INSTITUTION, '%s announced a partnership with two hospitals.'",
            "institutions.txt, INSTITUTION, 'The study was funded by %s and the national science council.'",
            "institutions.txt, INSTITUTION, 'According to a spokesperson for %s, enrolment has finished.'",
            "institutions.txt, INSTITUTION, 'She trained at %s before moving to London.'",
            "institutions.txt, INSTITUTION, '## %s in 2025\n\nNew data were released on Monday.'",
            "institutions.txt, INSTITUTION, 'Partners include the World Health Organization, %s and several hospitals.'",
            "institutions.txt, INSTITUTION, 'Researchers (from %s) led the work.'",
            "institutions.txt, INSTITUTION, '“%s” was listed as the sponsor.'",
            "institutions.txt, INSTITUTION, 'Funding from %s, the report said, was renewed.'"})
    void everyNameOfTheListIsFoundWholeInASentenceOfItsOwn(String list, EntityType type, String sentence)
            throws IOException {
        List<String> names = names(list);
        List<String> missed = new ArrayList<>();
        for (String listed : names) {
            boolean first = sentence.substring(0, sentence.indexOf("%s")).codePoints().noneMatch(Character::isLetter);
            String name = first ? Character.toUpperCase(listed.charAt(0)) + listed.substring(1) : listed;
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
