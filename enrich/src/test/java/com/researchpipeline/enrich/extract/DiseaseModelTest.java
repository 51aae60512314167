package com.researchpipeline.enrich.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.researchpipeline.contract.Entity;
import com.researchpipeline.contract.EntityType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import opennlp.tools.namefind.NameSample;
import opennlp.tools.util.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiseaseModelTest {

    @Test
    void theTrainedModelFindsADiseaseWithoutAHeadWordThatNoListHolds() {
        EntityExtractor extractor = EntityExtractor.load();
        List<Entity> diseases = extractor.extract("The child had ataxia, nystagmus and dysarthria.").stream()
                .filter(e -> e.type() == EntityType.DISEASE && e.text().equals("nystagmus")).toList();
        assertThat(diseases).extracting(Entity::finder).containsExactly(DiseaseModelFinder.FINDER);
        // calibrated: the share of held-out disease-model spans of its probability bin that were right
        Calibration calibration = Calibration.load();
        assertThat(diseases.get(0).confidence()).isIn(List.of(0.9, 0.95, 0.98, 0.995).stream()
                .map(p -> calibration.calibrate(EntityType.DISEASE, DiseaseModelFinder.FINDER, p)).toList());
    }

    @Test
    void plainDisordersWithoutAHeadWordAreDiseasesAsAbstractsNameThem() {
        EntityExtractor extractor = EntityExtractor.load();
        String abstractText = "Depression and anxiety are common in patients with heart failure. We studied 412 adults "
                + "with hypertension and obesity after a stroke. Thrombocytopenia developed in 12% of patients; sepsis, "
                + "delirium and hepatotoxicity were recorded. Infections were treated with antibiotics.";
        List<String> diseases = extractor.extract(abstractText).stream().filter(e -> e.type() == EntityType.DISEASE)
                .map(Entity::text).toList();
        assertThat(diseases).contains("Depression", "anxiety", "heart failure", "hypertension", "obesity", "stroke",
                "Thrombocytopenia", "sepsis", "delirium", "hepatotoxicity");
        // the project's annotated articles and the NCBI disease corpus leave "infection" alone unmarked
        assertThat(diseases).doesNotContain("Infections");
    }

    @Test
    void bleedingsImpairmentsArrhythmiasAndUseDisordersAreNamedWithTheWordsThatClassifyThem() {
        EntityExtractor extractor = EntityExtractor.load();
        String abstractText = "Subarachnoid haemorrhage, intracranial bleeding and renal impairment were rarer than "
                + "supraventricular arrhythmias. Cannabis dependence and drug abuse were exclusion criteria; "
                + "myelosuppression and neurotoxicity limited the dose. Bleeding stopped and the impairment was mild.";
        List<String> diseases = extractor.extract(abstractText).stream().filter(e -> e.type() == EntityType.DISEASE)
                .map(Entity::text).toList();
        assertThat(diseases).containsExactly("Subarachnoid haemorrhage", "intracranial bleeding", "renal impairment",
                "supraventricular arrhythmias", "Cannabis dependence", "drug abuse", "myelosuppression", "neurotoxicity");
        assertThat(extractor.extract("Women with ER-negative breast cancer or early-onset dementia were enrolled.").stream()
                .map(Entity::text).toList()).containsExactly("ER-negative breast cancer", "dementia");
    }

    @Test
    void theVocabulariesKnowDiseasesWithoutAHeadWordUnderTheirCanonicalNames() {
        EntityExtractor extractor = EntityExtractor.load();
        String abstractText = "Of 40 patients with isolated aniridia, three had myotonia levior and two hyperuricemia. "
                + "Boys with cryptorchidism, dextrocardia or gynecomastia were examined.";
        List<Entity> diseases = extractor.extract(abstractText).stream().filter(e -> e.type() == EntityType.DISEASE)
                .toList();
        // NCBI's vocabulary (diseases-ncbi.txt) and WordNet's malformations (diseases-wordnet.txt), under the curated
        // lists' canonical names where those hold the disease
        assertThat(diseases).extracting(Entity::text, Entity::canonical, Entity::finder).contains(
                tuple("isolated aniridia", "aniridia", "dictionary"),
                tuple("myotonia levior", "myotonia levior", "dictionary"),
                tuple("cryptorchidism", "cryptorchidism", "dictionary"),
                tuple("dextrocardia", "dextrocardia", "dictionary"),
                tuple("gynecomastia", "gynecomastia", "dictionary"));
    }

    @Test
    void theNcbiVocabularyIsNoFeatureOfTheModelTrainedOnTheSameMentionsAndHoldsNoSymbols() throws Exception {
        assertThat(DiseaseModelTrainer.diseaseGazetteers()).contains(Lexicons.ROOT + "en/disease/diseases-curated.txt")
                .doesNotContain(Lexicons.ROOT + "en/disease/diseases-ncbi.txt");
        List<String> names = new Lexicons("en").entries("disease/diseases-ncbi").stream()
                .flatMap(line -> java.util.Arrays.stream(line.split("\\s*\\|\\s*"))).toList();
        assertThat(names).hasSizeGreaterThan(100);
        // gene and disease symbols ("APC", "VHL", "DM1") mean other things elsewhere: the abbreviation linker finds them
        assertThat(names).noneMatch(n -> java.util.Arrays.stream(n.split("[\\s-]+")).anyMatch(
                w -> w.matches(".*[A-Z].*[A-Z].*|.*[A-Za-z].*\\d.*|.*\\d.*[A-Za-z].*") && !w.matches("[IVX]+")));
        assertThat(names).doesNotContain("pain", "inflammation", "tumor", "disease", "fever");
    }

    @Test
    void theDictionaryFeaturesMatchWhatOpenNlpsDictionaryFinderMatches() throws Exception {
        opennlp.tools.dictionary.Dictionary dictionary = DiseaseModelTrainer.dictionary();
        opennlp.tools.namefind.DictionaryNameFinder openNlp = new opennlp.tools.namefind.DictionaryNameFinder(dictionary);
        DictionarySpanFeatureGeneratorFactory.Matches fast = new DictionarySpanFeatureGeneratorFactory.Matches(dictionary);
        int matches = 0;
        for (NameSample sample : DiseaseModelTrainer.read(Path.of("src/main/training/ncbi/ncbi-devel.train"))) {
            String[] words = sample.getSentence();
            Span[] expected = openNlp.find(words);
            assertThat(fast.find(words)).extracting(Span::getStart, Span::getEnd)
                    .containsExactly(java.util.Arrays.stream(expected).map(s -> tuple(s.getStart(), s.getEnd()))
                            .toArray(org.assertj.core.groups.Tuple[]::new));
            matches += expected.length;
        }
        assertThat(matches).isGreaterThan(400);
    }

    @Test
    void calibrationMapsRawConfidenceThroughTheBinOfItsFinder() {
        Calibration calibration = Calibration.parse("""
                # type	finder	from	calibrated	n
                disease	disease-model	0.900	0.870	44
                disease	disease-model	0.950	0.953	84
                disease	disease-rule	0.000	0.729	57
                """);
        assertThat(calibration.calibrate(EntityType.DISEASE, "disease-model", 0.93)).isEqualTo(0.870);
        assertThat(calibration.calibrate(EntityType.DISEASE, "disease-model", 0.99)).isEqualTo(0.953);
        assertThat(calibration.calibrate(EntityType.DISEASE, "disease-rule", 0.7)).isEqualTo(0.729);
        assertThat(calibration.calibrate(EntityType.THERAPY, "therapy-rule", 0.85)).isEqualTo(0.85);
    }

    @Test
    void trainingKeepsOnlyDiseaseMentionsAndStartsADocumentAfterABlankLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a.train");
        Files.writeString(file, "<START:institution> KHCC <END> treats <START:disease> lymphoma <END> .\n\n"
                + "Nothing here .\n");
        List<NameSample> samples = DiseaseModelTrainer.read(file);
        assertThat(samples).hasSize(2);
        assertThat(samples.get(0).getNames()).containsExactly(new Span(2, 3, "disease"));
        assertThat(samples.get(1).isClearAdaptiveDataSet()).isTrue();
    }
}
