package com.researchpipeline.enrich.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.researchpipeline.contract.Entity;
import com.researchpipeline.contract.EntityType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EntityExtractorTest {

    private static EntityExtractor extractor;

    @BeforeAll
    static void loadOnce() {
        extractor = EntityExtractor.load();
    }

    private static List<String> texts(String body, EntityType type) {
        return extractor.extract(body).stream().filter(e -> e.type() == type).map(Entity::text).toList();
    }

    @Test
    void findsGazetteerNamesOfEveryType() {
        List<Entity> entities = extractor.extract(
                "The European Medicines Agency approved Kymriah for children with acute lymphoblastic leukaemia.");
        assertThat(entities).extracting(Entity::type, Entity::text, Entity::finder).containsExactly(
                tuple(EntityType.INSTITUTION, "European Medicines Agency", "dictionary"),
                tuple(EntityType.THERAPY, "Kymriah", "dictionary"),
                tuple(EntityType.DISEASE, "acute lymphoblastic leukaemia", "dictionary"));
    }

    @Test
    void aStatisticsShortFormIsNoDiseasesInitialsAndANameAfterATitleIsNoDisease() {
        List<Entity> entities = extractor.extract("Adults with cognitive impairment were followed. Dementia was "
                + "rarer (HR 0.93, 95% CI 0.81-1.07), said Dr. Chioma Okafor of the trial. Later, CI was defined.");
        assertThat(entities).extracting(Entity::text).containsExactly("cognitive impairment", "Dementia");
        assertThat(extractor.extract("Patients with Huntington disease (HD) were seen; HD progressed."))
                .extracting(Entity::text).containsExactly("Huntington disease", "HD", "HD");
    }

    @Test
    void noNameLeavesABracketOpenAndADefinedShortFormsPluralIsAMentionToo() {
        assertThat(extractor.extract("Background: Glucose-6-phosphate dehydrogenase deficiency (G6PD deficiency) is "
                + "common. Patients developed cutaneous squamous cell carcinoma (cSCC); 19 had 127 primary cSCCs."))
                .extracting(Entity::text).containsExactly("Glucose-6-phosphate dehydrogenase deficiency",
                        "G6PD deficiency", "cutaneous squamous cell carcinoma", "cSCC", "cSCCs");
    }

    @Test
    void textWithoutFullStopsIsTakenInSentencesOfBoundedLengthWithItsEntitiesAndOffsets() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 300; i++) { // 3,600 words in one line and no full stop: a list, a table, a hostile file
            body.append("patients with cancer at the University of Malaya received gene therapy and ");
        }
        body.append("doctors followed them\n");
        List<Entity> entities = extractor.extract(body.toString());
        int lastEnd = 0;
        for (Entity e : entities) {
            assertThat(body.substring(e.start(), e.end())).isEqualTo(e.text());
            assertThat(e.start()).isGreaterThanOrEqualTo(lastEnd);
            lastEnd = e.end();
        }
        assertThat(entities.stream().map(Entity::text).distinct())
                .contains("cancer", "University of Malaya", "gene therapy");
        assertThat(entities.stream().filter(e -> e.text().equals("University of Malaya")).count()).isGreaterThan(290);
        int sentences = entities.get(entities.size() - 1).sentence() + 1;
        assertThat(sentences).as("sentences of at most %d tokens", TextAnalyzer.MAX_SENTENCE_TOKENS)
                .isGreaterThanOrEqualTo(3_600 / TextAnalyzer.MAX_SENTENCE_TOKENS);
    }

    @Test
    void endlessGluedRunsOfDrugsOrClassesGiveBoundedNames() {
        String drugs = "aspirin/".repeat(20_000) + "aspirin";
        String classes = "Patients took " + "beta-inhibitors-".repeat(20_000) + "blockers.";
        for (String body : List.of(drugs, classes)) {
            List<Entity> entities = extractor.extract(body);
            assertThat(entities).isNotEmpty();
            assertThat(entities).allSatisfy(e -> assertThat(e.text().split("[/-]")).hasSizeLessThanOrEqualTo(10));
        }
    }

    @Test
    void offsetsPointIntoTheBodyAndEntitiesNeitherOverlapNorComeOutOfOrder() {
        String body = "# Heading about Cancer\n\nThe Royan Institute (RI) treats “Parkinson’s disease” and "
                + "beta-thalassaemia with CAR T-cell therapy; RI also runs trials.\n";
        List<Entity> entities = extractor.extract(body);
        assertThat(entities).isNotEmpty();
        int lastEnd = 0;
        for (Entity e : entities) {
            assertThat(body.substring(e.start(), e.end())).isEqualTo(e.text());
            assertThat(e.start()).isGreaterThanOrEqualTo(lastEnd);
            assertThat(e.confidence()).isBetween(0.0, 1.0);
            assertThat(e.finder()).isNotBlank();
            lastEnd = e.end();
        }
        assertThat(entities.get(0).sentence()).isZero();
        assertThat(entities.get(entities.size() - 1).sentence()).isGreaterThan(0);
    }

    @Test
    void findsInstitutionsNeverSeenBeforeAroundTriggerWords() {
        assertThat(texts("Researchers at the Al-Mansour University of Applied Biology and the Qasr Heart Hospital "
                + "said the Zayed Regenerative Society will fund them.", EntityType.INSTITUTION))
                .containsExactly("Al-Mansour University of Applied Biology", "Qasr Heart Hospital",
                        "Zayed Regenerative Society");
    }

    @Test
    void findsCompaniesByTheirLegalFormAndTheirShortNamesLater() {
        String body = "The kits are made by Halvor Serum Works Pvt. Ltd. and Velmora S.A. in Kerala. "
                + "Later, Velmora said it would build a plant in Halvor, and Halvor Serum Works Pvt. Ltd. agreed.";
        assertThat(texts(body, EntityType.INSTITUTION)).containsExactly(
                "Halvor Serum Works Pvt. Ltd.", "Velmora S.A.", "Velmora", "Halvor Serum Works Pvt. Ltd.");
    }

    @Test
    void findsTheTrustsAndBoardsOfTheNationalHealthServiceWhole() {
        assertThat(texts("Leeds Teaching Hospitals NHS Trust, the Newcastle upon Tyne Hospitals NHS Foundation Trust, "
                + "Velindre University NHS Trust and NHS Greater Glasgow and Clyde recruit; NHS England pays.",
                EntityType.INSTITUTION)).containsExactly("Leeds Teaching Hospitals NHS Trust",
                "Newcastle upon Tyne Hospitals NHS Foundation Trust", "Velindre University NHS Trust",
                "NHS Greater Glasgow and Clyde", "NHS England");
    }

    @Test
    void keepsListsAndHeadWordsInsideAnInstitutionsOfTail() {
        String body = "The Omani Agency of Medicines and Medical Devices (OAMMD) and the Ministry of Science, "
                + "Technology and Innovation backed the Sohar Research, Development and Innovation Council, the "
                + "Batinah Institute of Neurosciences & Hospital and the Nizwa Cancer Hospital and Research Centre. "
                + "Omani doctors trained at King's College Hospital; the first Omani hospital to join was small.";
        assertThat(texts(body, EntityType.INSTITUTION)).containsExactly(
                "Omani Agency of Medicines and Medical Devices", "OAMMD",
                "Ministry of Science, Technology and Innovation", "Sohar Research, Development and Innovation Council",
                "Batinah Institute of Neurosciences & Hospital", "Nizwa Cancer Hospital and Research Centre",
                "King's College Hospital");
        assertThat(texts("Patients go to Dr. Halim General Hospital; in Brunei the Directorate General of Drug "
                + "Control approves imports.", EntityType.INSTITUTION)).containsExactly("Dr. Halim General Hospital",
                "Directorate General of Drug Control");
    }

    @Test
    void anAcronymTheArticleDefinesMeansWhatItDefinesThere() {
        String body = "Spinal cord injury is studied at the Stem Cell and Cancer Institute (SCI) in Jakarta, whose "
                + "Sunda Cell Engineering Laboratory grows cells. SCI has a milder disease model.";
        List<Entity> entities = extractor.extract(body);
        assertThat(entities).extracting(Entity::type, Entity::text).containsExactly(
                tuple(EntityType.DISEASE, "Spinal cord injury"),
                tuple(EntityType.INSTITUTION, "Stem Cell and Cancer Institute"),
                tuple(EntityType.INSTITUTION, "SCI"),
                tuple(EntityType.INSTITUTION, "Sunda Cell Engineering Laboratory"),
                tuple(EntityType.INSTITUTION, "SCI"));
    }

    @Test
    void readsFrenchInstitutionNamesWhoseHeadComesFirst() {
        String body = "The Centre National de Thérapie Cellulaire (CNTC) in Oran works with the Caisse Nationale "
                + "d'Assurance Maladie, the Association Nour pour les Enfants Malades and the Hôpital Saint-Antoine "
                + "in Paris. The CNTC opened in 2019.";
        assertThat(texts(body, EntityType.INSTITUTION)).containsExactly("Centre National de Thérapie Cellulaire",
                "CNTC", "Caisse Nationale d'Assurance Maladie", "Association Nour pour les Enfants Malades",
                "Hôpital Saint-Antoine", "CNTC");
    }

    @Test
    void keepsTitlesAndInitialsInsideNamesAndLeavesCitiesAndDatesOut() {
        String body = "Nurses from St. Mary Children's Research Hospital and the Ahmad K. Haddad Cancer Institute "
                + "joined Hospital Ampang on Monday. Whether Nablus Hospital agrees is open. Partners: Tigris Cell "
                + "Sciences, Anatolia Vector Biologics (Izmir) and the former Soviet Union's labs.";
        assertThat(texts(body, EntityType.INSTITUTION)).containsExactly("St. Mary Children's Research Hospital",
                "Ahmad K. Haddad Cancer Institute", "Hospital Ampang", "Nablus Hospital", "Tigris Cell Sciences",
                "Anatolia Vector Biologics");
    }

    @Test
    void aGeneSymbolIsNoProductCode() {
        assertThat(texts("Patients treated with the product switch off a gene called BCL11A; KX-201 is dosed.",
                EntityType.THERAPY)).containsExactly("KX-201");
    }

    @Test
    void findsProductCodesShortCellNamesAndConjugates() {
        assertThat(texts("Patients treated with ARI-0001, NexCAR19 or the candidate KB-F9 received exa-cel, "
                + "brentuximab vedotin and factor replacement therapy; CAR-T cells were counted.", EntityType.THERAPY))
                .containsExactly("ARI-0001", "NexCAR19", "KB-F9", "exa-cel", "brentuximab vedotin",
                        "factor replacement therapy", "CAR-T");
    }

    @Test
    void splitsCoordinatedNamesWhenBothHaveAHead() {
        assertThat(texts("Bilkent University and the Middle East Technical University joined Stanford Medicine "
                + "and the Jordan Food and Drug Administration.", EntityType.INSTITUTION))
                .containsExactly("Bilkent University", "Middle East Technical University", "Stanford Medicine",
                        "Jordan Food and Drug Administration");
    }

    @Test
    void startsANewNameAtAnOwnersPossessive() {
        assertThat(texts("Saudi Arabia's Ministry of Health and Qatar's Sidra Children's Hospital agreed.",
                EntityType.INSTITUTION)).containsExactly("Ministry of Health", "Sidra Children's Hospital");
    }

    @Test
    void leavesCountryPossessivesAndGenericReferencesOutOfInstitutions() {
        assertThat(texts("Oman's Ministry of Health said the Institute would expand.", EntityType.INSTITUTION))
                .containsExactly("Ministry of Health");
    }

    @Test
    void doesNotTakeConferencesForInstitutions() {
        assertThat(texts("She spoke at the Gulf Regenerative Medicine Summit in Doha.", EntityType.INSTITUTION))
                .isEmpty();
    }

    @Test
    void aGeneNamedInBracketsAfterADiseaseIsNotTheDiseasesAbbreviation() {
        String body = "Children with aniridia (PAX6) were studied. Later PAX6 was sequenced. "
                + "Myotonic dystrophy (DM) is common; DM affects muscle.";
        assertThat(texts(body, EntityType.DISEASE)).containsExactly("aniridia", "Myotonic dystrophy", "DM", "DM");
    }

    @Test
    void linksAnAbbreviationDefinedInBracketsToLaterMentions() {
        List<Entity> entities = extractor.extract("The Levant Marrow Donor Network (LMDN) grew fast. "
                + "Today LMDN lists 40,000 donors.");
        assertThat(entities).extracting(Entity::text, Entity::type, Entity::finder).containsExactly(
                tuple("Levant Marrow Donor Network", EntityType.INSTITUTION, "institution-rule"),
                tuple("LMDN", EntityType.INSTITUTION, "abbreviation"),
                tuple("LMDN", EntityType.INSTITUTION, "abbreviation"));
        assertThat(entities.get(2).canonical()).isEqualTo(entities.get(0).canonical());
    }

    @Test
    void usesTheShortFormOfAnInstitutionNamedEarlier() {
        assertThat(texts("Kadhimi Biologics makes the cells. A spokesperson for Kadhimi said so.",
                EntityType.INSTITUTION)).containsExactly("Kadhimi Biologics", "Kadhimi");
    }

    @Test
    void findsTherapyModalitiesDrugStemsAndProductCodes() {
        assertThat(texts("Patients received haploidentical stem cell transplantation, then zolbetuximab and "
                + "the investigational product QX-CT21 at a dose of two million cells.", EntityType.THERAPY))
                .containsExactly("haploidentical stem cell transplantation", "zolbetuximab", "QX-CT21");
    }

    @Test
    void keepsTwoWordGeneTherapyNamesWhole() {
        assertThat(texts("It is sold as exagamglogene autotemcel.", EntityType.THERAPY))
                .containsExactly("exagamglogene autotemcel");
    }

    @Test
    void findsDiseasesByHeadWithClassifyingWordsButWithoutSeverity() {
        assertThat(texts("Children with severe congenital neutropenia, relapsed mantle cell lymphoma or "
                + "Wolman's disease were enrolled.", EntityType.DISEASE))
                .containsExactly("congenital neutropenia", "mantle cell lymphoma", "Wolman's disease");
        assertThat(texts("Funds for rare diseases; a rare autosomal recessive disorder.", EntityType.DISEASE))
                .containsExactly("rare diseases", "autosomal recessive disorder");
    }

    @Test
    void aListedDiseaseKeepsTheWordsThatNameItsKindButNotThoseThatDescribeTheCase() {
        assertThat(texts("Chronic insomnia, postoperative delirium, sporadic ALS and chronic cholestasis were seen.",
                EntityType.DISEASE))
                .containsExactly("Chronic insomnia", "postoperative delirium", "sporadic ALS", "chronic cholestasis");
        assertThat(texts("Inherited WAGR, childhood ALD and dose-dependent nephrotoxicity were seen.",
                EntityType.DISEASE)).containsExactly("WAGR", "ALD", "nephrotoxicity");
    }

    @Test
    void anAntibodyOrMicrobeMarkingADiseaseIsPartOfItButAGeneOrATimeIsNot() {
        assertThat(texts("Workers had systemic sclerosis and ANCA-associated vasculitis, radiation proctitis or "
                + "RPE65-associated inherited retinal dystrophy; long-term skin cancer surveillance is needed.",
                EntityType.DISEASE)).containsExactly("systemic sclerosis", "ANCA-associated vasculitis",
                "radiation proctitis", "inherited retinal dystrophy", "skin cancer");
    }

    @Test
    void findsNoDiseaseInsideATermOfPhysiologyOrAMoleculeButKeepsADepressionOfAFunctionWhole() {
        assertThat(texts("Stroke volume fell, ST-segment depression and long-term depression were seen, and tumor "
                + "necrosis factor rose.", EntityType.DISEASE)).isEmpty();
        assertThat(texts("Morphine caused respiratory depression; CNS depression and bone marrow depression were rare "
                + "in patients with depression.", EntityType.DISEASE))
                .containsExactly("respiratory depression", "CNS depression", "bone marrow depression", "depression");
        assertThat(texts("Urinary kidney injury molecule-1 rose before acute kidney injury.", EntityType.DISEASE))
                .containsExactly("acute kidney injury");
    }

    @Test
    void neverStartsADiseaseOnAPieceOfAGluedCompound() {
        assertThat(texts("Neuroscientists Take On Hard-to-Treat Brain Disorders.", EntityType.DISEASE))
                .containsExactly("Brain Disorders");
        assertThat(texts("Adults with HER2-mutant non-small cell lung cancer were enrolled.", EntityType.DISEASE))
                .containsExactly("non-small cell lung cancer");
    }

    @Test
    void endsEachCompanyJoinedByAndAtItsLegalForm() {
        assertThat(texts("It is made by Lupin Limited and Macleods Pharmaceuticals Ltd, by Menarini S.p.A. and "
                + "Macleods Holdings Ltd in India.", EntityType.INSTITUTION))
                .containsExactly("Lupin Limited", "Macleods Pharmaceuticals Ltd", "Menarini S.p.A.",
                        "Macleods Holdings Ltd");
    }

    @Test
    void doesNotNestADiseaseInsideAnInstitution() {
        List<Entity> entities = extractor.extract("The Integrated Cancer Centre studies cancer.");
        assertThat(entities).extracting(Entity::type, Entity::text).containsExactly(
                tuple(EntityType.INSTITUTION, "Integrated Cancer Centre"), tuple(EntityType.DISEASE, "cancer"));
    }

    @Test
    void givesHyphenAndSpellingVariantsOneCanonicalName() {
        List<Entity> entities = extractor.extract("CAR-T cell therapy, CAR T-cell therapy and multiple sclerosis "
                + "(MS); MS is not leukemia or leukaemia.");
        assertThat(entities).extracting(Entity::canonical).containsExactly("CAR-T cell therapy",
                "CAR-T cell therapy", "multiple sclerosis", "multiple sclerosis", "multiple sclerosis", "leukemia",
                "leukemia");
    }

    @Test
    void tellsTheAcronymALLFromTheWordAll() {
        assertThat(texts("All patients with ALL were treated, all of them.", EntityType.DISEASE))
                .containsExactly("ALL");
    }

    @Test
    void givesTheSameEntitiesFromManyThreadsAtOnce() throws Exception {
        String body = "King Hussein Cancer Center (KHCC) uses CAR-T cell therapy for B-cell lymphoma.";
        List<Entity> expected = extractor.extract(body);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Entity>>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                results.add(pool.submit(() -> extractor.extract(body)));
            }
            for (Future<List<Entity>> result : results) {
                assertThat(result.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void definesAbbreviationsByTheirLettersAndFindsTheLongForm() {
        List<Entity> entities = extractor.extract("Families with autoimmune lymphoproliferative syndrome (ALPS) "
                + "were studied. In ALPS the lymphocytes do not die.");
        assertThat(entities).extracting(Entity::text, Entity::canonical).containsExactly(
                tuple("autoimmune lymphoproliferative syndrome", "autoimmune lymphoproliferative syndrome"),
                tuple("ALPS", "autoimmune lymphoproliferative syndrome"),
                tuple("ALPS", "autoimmune lymphoproliferative syndrome"));
    }

    @Test
    void takesAShortFormInsideADiseaseNameAsThatDisease() {
        assertThat(extractor.extract("Carriers of von Hippel-Lindau (VHL) disease develop tumours; VHL is rare."))
                .extracting(Entity::text, Entity::finder).containsExactly(
                        tuple("von Hippel-Lindau (VHL) disease", "abbreviation-definition"),
                        tuple("tumours", "disease-rule"), tuple("VHL", "abbreviation"));
    }

    @Test
    void endsAnInstitutionInAHeadlineAfterItsFirstName() {
        assertThat(extractor.extract("# Gulf Cord Blood Bank Backs Regional Network for Gene Therapies"))
                .extracting(Entity::type, Entity::text).containsExactly(
                        tuple(EntityType.INSTITUTION, "Gulf Cord Blood Bank"),
                        tuple(EntityType.THERAPY, "Gene Therapies"));
    }

    @Test
    void findsWordNetDiseaseNamesAndEponyms() {
        assertThat(texts("Goitre, schistosomiasis and Kaposi sarcoma were seen, as was Nijmegen breakage syndrome.",
                EntityType.DISEASE)).containsExactly("Goitre", "schistosomiasis", "Kaposi sarcoma",
                "Nijmegen breakage syndrome");
    }

    @Test
    void takesGreekPrefixedConditionsButNotPlacesOrAnaesthesia() {
        assertThat(texts("In Andalusia, children with aniridia and hypodontia had anaesthesia.", EntityType.DISEASE))
                .containsExactly("aniridia", "hypodontia");
        assertThat(texts("Hepatosplenomegaly, retinoschisis and multiple osteomata were seen.", EntityType.DISEASE))
                .containsExactly("Hepatosplenomegaly", "retinoschisis", "multiple osteomata");
    }

    @Test
    void leavesOnsetLateralityAndUncertaintyWordsOutOfDiseases() {
        String body = "Women with early-onset breast cancer or bilateral retinoblastoma, and a putative disease gene.";
        assertThat(texts(body, EntityType.DISEASE)).containsExactly("breast cancer", "retinoblastoma");
    }

    @Test
    void findsDeficienciesNamedByTheirMoleculeWithSubtypes() {
        String body = "Type I C2 deficiency was described. Canavan disease is a deficiency of aspartoacylase (ASPA); "
                + "ASPA is a gene. G6PD deficient men and von Willebrand disease type B were seen.";
        assertThat(texts(body, EntityType.DISEASE)).containsExactly("Type I C2 deficiency", "Canavan disease",
                "deficiency of aspartoacylase", "G6PD deficient", "von Willebrand disease type B");
    }

    @Test
    void keepsTheSubtypeAndSiteOfADiseasesShortFormButNotItsAgeOfOnset() {
        String body = "Gaucher disease (GD) has forms; type II GD is acute. Adrenoleukodystrophy (ALD) in boys: "
                + "childhood cerebral ALD progresses fast.";
        assertThat(texts(body, EntityType.DISEASE)).containsExactly("Gaucher disease", "GD", "type II GD",
                "Adrenoleukodystrophy", "ALD", "cerebral ALD");
        assertThat(texts("Infantile Tay-Sachs disease differs from late-infantile metachromatic leukodystrophy.",
                EntityType.DISEASE))
                .containsExactly("Tay-Sachs disease", "late-infantile metachromatic leukodystrophy");
    }

    @Test
    void keepsIsolatedAsAClassifyingWordAndFindsEnzymeDeficiencies() {
        String body = "She had isolated thrombocytopenia, short stature and an enzyme deficiency.";
        assertThat(texts(body, EntityType.DISEASE)).containsExactly("isolated thrombocytopenia", "short stature",
                "enzyme deficiency");
    }

    @Test
    void aNumberedSymbolInBracketsNamesTheGeneUnlessTheDiseaseIsNumbered() {
        String body = "Children with retinoblastoma (RB1) were studied; RB1 is mutated. "
                + "Spinocerebellar ataxia type 3 (SCA3) differs, and SCA3 is common.";
        assertThat(texts(body, EntityType.DISEASE)).containsExactly("retinoblastoma",
                "Spinocerebellar ataxia type 3", "SCA3", "SCA3");
    }

    @Test
    void aDeficiencyKeepsItsBracketedEnzymeSymbolWithoutMakingTheSymbolADisease() {
        String body = "Men were screened for glucose-6-phosphate dehydrogenase (G6PD) deficiency. "
                + "The G6PD gene was sequenced.";
        assertThat(texts(body, EntityType.DISEASE))
                .containsExactly("glucose-6-phosphate dehydrogenase (G6PD) deficiency");
    }

    @Test
    void readsAShortFormThatOpensABracketOfSynonyms() {
        String body = "The Schwartz-Jampel syndrome (SJS; chondrodystrophic myotonia) is recessive. "
                + "Linkage between SJS and 1q36 was seen.";
        assertThat(texts(body, EntityType.DISEASE)).containsExactly("Schwartz-Jampel syndrome", "SJS",
                "chondrodystrophic myotonia", "SJS");
    }

    @Test
    void leavesPeoplesOutAndNeverJoinsTwoDiseasesThroughAnAbbreviation() {
        String body = "Korean familial adenomatous polyposis was studied. Van der Woude syndrome (vWS, MIM 119300) "
                + "is dominant; vWS affects the lip. Boys with Duchenne or Becker muscular dystrophy (DMD, BMD) too.";
        assertThat(texts(body, EntityType.DISEASE)).containsExactly("familial adenomatous polyposis",
                "Van der Woude syndrome", "vWS", "vWS", "Duchenne or Becker muscular dystrophy", "DMD", "BMD");
    }

    @Test
    void takesTheInitialsOfADiseaseNamedInTheArticleAsItsShortForm() {
        String body = "Cloning the Huntington disease region. The HD gene lies on 4p; ataxia-telangiectasia (AT) "
                + "differs, and A-T cells are sensitive. Becker muscular dystrophy is milder; BMD patients walk. "
                + "HIV was not studied.";
        List<Entity> diseases = extractor.extract(body).stream().filter(e -> e.type() == EntityType.DISEASE).toList();
        assertThat(diseases).extracting(Entity::text, Entity::canonical, Entity::finder).containsExactly(
                tuple("Huntington disease", "Huntington's disease", "dictionary"),
                tuple("HD", "Huntington's disease", "initials"),
                tuple("ataxia-telangiectasia", "ataxia-telangiectasia", "dictionary"),
                tuple("AT", "ataxia-telangiectasia", "abbreviation"),
                tuple("A-T", "ataxia-telangiectasia", "initials"),
                tuple("Becker muscular dystrophy", "Becker muscular dystrophy", "dictionary"),
                tuple("BMD", "Becker muscular dystrophy", "initials"),
                tuple("HIV", "HIV", "dictionary"));
    }

    @Test
    void readsOneShortFormForEachPartOfACoordinatedMention() {
        String body = "Boys with Duchenne and Becker muscular dystrophy (DMD/BMD) were seen. BMD is milder.";
        List<Entity> diseases = extractor.extract(body).stream().filter(e -> e.type() == EntityType.DISEASE).toList();
        assertThat(diseases).extracting(Entity::text, Entity::canonical).containsExactly(
                tuple("Duchenne and Becker muscular dystrophy",
                        "Duchenne muscular dystrophy and Becker muscular dystrophy"),
                tuple("DMD", "Duchenne muscular dystrophy"), tuple("BMD", "Becker muscular dystrophy"),
                tuple("BMD", "Becker muscular dystrophy"));
    }

    @Test
    void takesADiseasesEponymUsedAsAModifierAsThatDisease() {
        String body = "Type 2A von Willebrand disease is common. The von Willebrand factor gene was cloned, and "
                + "Wilson disease patients and Wilson patients were seen. Dr Wilson and Wilson, Smith and Jones wrote it.";
        List<Entity> diseases = extractor.extract(body).stream().filter(e -> e.type() == EntityType.DISEASE).toList();
        assertThat(diseases).extracting(Entity::text, Entity::finder).containsExactly(
                tuple("Type 2A von Willebrand disease", "disease-rule"), tuple("von Willebrand", "eponym"),
                tuple("Wilson disease", "dictionary"), tuple("Wilson", "eponym"));
    }

    @Test
    void takesDiseasesSharingTheirHeadAsOneMentionNamingEach() {
        String body = "Germ-line BRCA1 mutations cause familial breast and ovarian cancer, X-linked and sporadic "
                + "ovarian cancers, and colorectal, endometrial, and ovarian cancers. Breast/ovarian cancer "
                + "clusters; early-onset breast and/or ovarian cancer too. Lung cancer and breast cancer differ.";
        List<Entity> diseases = extractor.extract(body).stream().filter(e -> e.type() == EntityType.DISEASE).toList();
        assertThat(diseases.get(0).parts()).containsExactly("breast cancer", "ovarian cancer");
        assertThat(diseases.get(diseases.size() - 1).parts()).isEmpty();
        assertThat(diseases).extracting(Entity::text, Entity::canonical).containsExactly(
                tuple("familial breast and ovarian cancer", "breast cancer and ovarian cancer"),
                tuple("X-linked and sporadic ovarian cancers", "x linked ovarian cancers and sporadic ovarian cancers"),
                tuple("colorectal, endometrial, and ovarian cancers",
                        "colorectal cancer and endometrial cancer and ovarian cancer"),
                tuple("Breast/ovarian cancer", "breast cancer and ovarian cancer"),
                tuple("breast and/or ovarian cancer", "breast cancer and ovarian cancer"),
                tuple("Lung cancer", "lung cancer"), tuple("breast cancer", "breast cancer"));
    }

    @Test
    void findsAnUnknownEponymOpeningASentence() {
        assertThat(texts("Alstrom syndrome is a rare disorder. Another syndrome is not named.", EntityType.DISEASE))
                .containsExactly("Alstrom syndrome", "rare disorder");
    }

    @Test
    void keepsOnlyTheTumourOfATumourSuppressorAndNoMisdiagnosis() {
        assertThat(texts("The recessive tumour suppressor gene BRCA1 tumor suppressor; a misdiagnosis of "
                + "cell-cycle arrest.", EntityType.DISEASE)).containsExactly("tumour", "tumor");
    }

    @Test
    void findsSkeletalDysplasiasWithTheirTypes() {
        assertThat(texts("Atelosteogenesis type 2 (AO2) differs from achondrogenesis type 1B; AO2 is lethal.",
                EntityType.DISEASE)).containsExactly("Atelosteogenesis type 2", "AO2", "achondrogenesis type 1B",
                "AO2");
    }

    @Test
    void findsASyndromeWhoseUnknownNameTheTaggerMisreads() {
        assertThat(texts("Patients with Greig acrocallosodactyly syndrome were seen.", EntityType.DISEASE))
                .containsExactly("Greig acrocallosodactyly syndrome");
    }

    @Test
    void keepsItsInvariantsOnArbitraryText() {
        java.util.Random random = new java.util.Random(42);
        String[] pieces = {"a", "B", " ", "(", "-", ")", "’", "'", "s", ".", "\n", "ALL", " Cancer", " Institute",
            " of", " X", " disease", "–", "é", "#", " and", " Children's", " Hospital", " type", " II", ",",
            " KHCC's", " University", " syndrome", " the"};
        for (int round = 0; round < 2000; round++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(25);
            for (int i = 0; i < length; i++) {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            String body = sb.toString();
            int lastEnd = 0;
            for (Entity e : extractor.extract(body)) {
                assertThat(body.substring(e.start(), e.end())).isEqualTo(e.text());
                assertThat(e.start()).isGreaterThanOrEqualTo(lastEnd);
                lastEnd = e.end();
            }
        }
    }

    @Test
    void keepsTheFieldAfterResearchInButNotTheCity() {
        assertThat(texts("It was led by the National Institute for Research in Tuberculosis in Chennai and the "
                + "Centre for Research in Epidemiology and Population Health; a Swiss Institute for Research in "
                + "Paris joined.", EntityType.INSTITUTION))
                .containsExactly("National Institute for Research in Tuberculosis",
                        "Centre for Research in Epidemiology and Population Health", "Swiss Institute for Research");
    }

    @Test
    void keepsPossessivesInsideAUnitsTailAndNumberedUniversities() {
        assertThat(texts("She joined the Department of Women's and Children's Health at Karolinska Institutet and "
                + "the Université Toulouse III - Paul Sabatier.", EntityType.INSTITUTION))
                .containsExactly("Department of Women's and Children's Health", "Karolinska Institutet",
                        "Université Toulouse III - Paul Sabatier");
    }

    @Test
    void aCityIsAnInstitutionOnlyWithItsKind() {
        assertThat(texts("Results will be shown in Ho Chi Minh City and Mexico City by King Fahad Medical City, "
                + "the Vinmec Healthcare System and the Warsaw Stock Exchange; the immune system recovered.",
                EntityType.INSTITUTION))
                .containsExactly("King Fahad Medical City", "Vinmec Healthcare System", "Warsaw Stock Exchange");
    }

    @Test
    void aNameAfterACommaInAnAffiliationLineKeepsItsFirstWord() {
        assertThat(texts("Lupus nephritis trial\n\nJinling Hospital, Nanjing University School of Medicine, Nanjing, "
                + "China\n\nBackground: lupus nephritis is common.", EntityType.INSTITUTION))
                .containsExactly("Jinling Hospital", "Nanjing University School of Medicine");
    }

    @Test
    void aShortFormAfterTheNativeNameInTheBracketStandsForIt() {
        assertThat(texts("It is funded by the Medical Research Agency (Agencja Badań Medycznych, ABM), a state body.",
                EntityType.INSTITUTION))
                .containsExactly("Medical Research Agency", "Agencja Badań Medycznych", "ABM");
    }

    @Test
    void subtypesOfOneDiseaseJoinedByAndOrOrAreOneMention() {
        List<Entity> diseases = extractor.extract("Women with type 1 or type 2 diabetes and lower HCC risk were "
                + "included.").stream().filter(e -> e.type() == EntityType.DISEASE).toList();
        assertThat(diseases).extracting(Entity::text).containsExactly("type 1 or type 2 diabetes", "HCC");
        assertThat(diseases.get(0).parts()).containsExactly("type 1 diabetes", "type 2 diabetes");
    }

    @Test
    void aLegalFormAfterACommaEndsTheCompanysNameAndACodeRightAfterTestingIsAProduct() {
        assertThat(texts("The market is led by Grifols, S.A. and Moderna, Inc. in Europe.", EntityType.INSTITUTION))
                .containsExactly("Grifols, S.A.", "Moderna, Inc.");
        assertThat(texts("Beam Therapeutics is testing BEAM-302 in adults, while others are developing drugs against "
                + "TDP-43 aggregates.", EntityType.THERAPY)).containsExactly("BEAM-302");
    }

    @Test
    void aTherapyPhraseTakesAHyphenedCompoundWholeButNotWhoOwnsIt() {
        assertThat(texts("They compared autologous adipose-derived mesenchymal stem cell therapy with corticosteroid "
                + "injections and platinum-based chemotherapy; the state-owned vaccine maker will help.",
                EntityType.THERAPY)).containsExactly("autologous adipose-derived mesenchymal stem cell therapy",
                "corticosteroid injections", "platinum-based chemotherapy");
        assertThat(texts("Doctors pair it with intravenous iron sucrose.", EntityType.THERAPY))
                .containsExactly("iron sucrose");
    }

    @Test
    void anInstitutionsNativeNameOrShortNameInBracketsIsItsOwnMentionWhereverItRecurs() {
        assertThat(texts("The Indonesian Ulema Council (Majelis Ulama Indonesia, MUI) and the Ministry of Health of "
                + "the Republic of Indonesia (Kemenkes) agreed, as did Anadolu Vector Sciences (İzmir). MUI and Kemenkes "
                + "said so.", EntityType.INSTITUTION)).containsExactly("Indonesian Ulema Council",
                "Majelis Ulama Indonesia", "MUI", "Ministry of Health of the Republic of Indonesia", "Kemenkes",
                "Anadolu Vector Sciences", "MUI", "Kemenkes");
    }

    @Test
    void aFrenchNameByItsFieldWordsAndACityBeforeAnAppositiveAreNoTherapy() {
        assertThat(extractor.extract("A product made by a company in Bandung, the first cell therapy of its kind, is "
                + "used at the Centre Anfa de Médecine Régénérative.").stream()
                .map(e -> e.type() + " " + e.text()).toList())
                .containsExactly("therapy cell therapy", "institution Centre Anfa de Médecine Régénérative");
    }

    @Test
    void readsATherapeuticAbstractsTitleCombinationsAndProcedures() {
        String title = "Robotic versus laparoscopic total mesorectal excision for rectal cancer (ROLTA): a multicentre, "
                + "randomised, controlled trial. Azacitidine in acute myeloid leukaemia (AZAVEN-60): a phase 2 trial. "
                + "Patients on fluticasone furoate/umeclidinium/vilanterol had an ileostomy; measurable residual "
                + "disease (MRD) was low.";
        assertThat(extractor.extract(title).stream().map(e -> e.type() + " " + e.text()).toList()).containsExactly(
                "therapy laparoscopic total mesorectal excision", "disease rectal cancer",
                "therapy Azacitidine", "disease acute myeloid leukaemia",
                "therapy fluticasone furoate/umeclidinium/vilanterol", "therapy ileostomy");
    }

    @Test
    void aRatingInstrumentNamedLikeAnOrganisationIsNone() {
        assertThat(texts("Symptoms were rated with the Patient Health Questionnaire-9, the Hospital Anxiety and "
                + "Depression Scale and the Beck Depression Inventory at the Royal Melbourne Hospital.",
                EntityType.INSTITUTION)).containsExactly("Royal Melbourne Hospital");
    }

    @Test
    void readsAbstractsAffiliationLinesNameByName() {
        assertThat(texts("""
                Sacubitril/valsartan after valve implantation
                1 Cardiovascular Research Institute Maastricht (CARIM), Maastricht University Medical Centre, Maastricht, the Netherlands
                2 Department of Neurology, The First Affiliated Hospital of Zhengzhou University, Zhengzhou, China
                """, EntityType.INSTITUTION)).containsExactly("Cardiovascular Research Institute Maastricht", "CARIM",
                "Maastricht University Medical Centre", "Department of Neurology",
                "First Affiliated Hospital of Zhengzhou University");
    }

    @Test
    void aSideBeforeTheOrganItPlacesIsPartOfTheDiseaseButNotAVerbOrAComparison() {
        assertThat(texts("Left ventricular hypertrophy and right heart failure were common. The flood left liver "
                + "cancer patients without care, and lower HCC risk was seen.", EntityType.DISEASE))
                .containsExactly("Left ventricular hypertrophy", "right heart failure", "liver cancer", "HCC");
    }

    @Test
    void wordsTheTaggerMistakesStillNameTheirDiseaseAndLeftAfterAVerbIsASide() {
        assertThat(texts("Several patients developed serotonin syndrome during follow-up, two developed left ventricular "
                + "dysfunction, one developed gastrointestinal bleeding, and symptoms persisted beyond movement disorders.",
                EntityType.DISEASE)).containsExactly("serotonin syndrome", "left ventricular dysfunction",
                "gastrointestinal bleeding", "movement disorders");
    }

    @Test
    void aPossessiveAfterAWholeNameEndsItButAnOwnersStartsTheNextName() {
        assertThat(texts("Instituto Nacional de Cancerología's board met staff of the Hospital for Sick Children's "
                + "wards, the Ministry of Health's centre, Sidra Medicine and Qatar's Hamad Medical Corporation.",
                EntityType.INSTITUTION)).containsExactly("Instituto Nacional de Cancerología", "Hospital for Sick Children",
                "Ministry of Health", "Sidra Medicine", "Hamad Medical Corporation");
    }

    @Test
    void readsRomanceHeadsFirstSaintsPossessivesAndListsOfNamesOnALine() {
        assertThat(texts("""
                - Komfo Anokye Teaching Hospital and the Kwame Nkrumah University of Science and Technology in Kumasi;
                - the Corporación de Fomento de la Producción (CORFO) and the Universidad de los Andes;
                - St Olav's Hospital, Seoul St. Mary's Hospital and the Unité de Thérapie Cellulaire et Génique.

                FUNDING: Australian and New Zealand College of Anaesthetists (ANZCA) and CDP Venture Capital SGR. It is
                run by the Stem Cell and Tissue Engineering Research Center.
                """, EntityType.INSTITUTION)).containsExactly("Komfo Anokye Teaching Hospital",
                "Kwame Nkrumah University of Science and Technology", "Corporación de Fomento de la Producción", "CORFO",
                "Universidad de los Andes", "St Olav's Hospital", "Seoul St. Mary's Hospital",
                "Unité de Thérapie Cellulaire et Génique", "Australian and New Zealand College of Anaesthetists", "ANZCA",
                "CDP Venture Capital SGR", "Stem Cell and Tissue Engineering Research Center");
    }

    @Test
    void anAntiCompoundIsATherapyBeforeATherapysHeadButAnAutoantibodyIsNone() {
        assertThat(texts("Patients on anti-VEGF therapy or anti-PD-1 agents, and those given anti-CGRP monoclonal "
                + "antibodies, were tested for anti-dsDNA antibodies and anti-drug antibodies.", EntityType.THERAPY))
                .containsExactly("anti-VEGF therapy", "anti-PD-1 agents", "anti-CGRP monoclonal antibodies");
    }

    @Test
    void anAcronymBeforeAHeadIsPartOfTheNameAndALegalFormEndsIt() {
        assertThat(texts("The WHO Regional Office for Africa met staff of Rheinwerk Biologics GmbH of Heidelberg.",
                EntityType.INSTITUTION)).containsExactly("WHO Regional Office for Africa", "Rheinwerk Biologics GmbH");
    }

    @Test
    void aDrugClassBeforeTherapyNamesTheTherapy() {
        assertThat(texts("Corticosteroid therapy reduced proteinuria; standard immunosuppressive therapy (IST) and "
                + "miglustat (Zavesca) were given.", EntityType.THERAPY))
                .containsExactly("Corticosteroid therapy", "immunosuppressive therapy", "IST", "miglustat", "Zavesca");
    }

    @Test
    void aStructuredAbstractsLabelOpensASentence() {
        assertThat(texts("Purpose: Thiazide diuretics remain first-line. RESULTS: Clozapine was stopped in 4%.",
                EntityType.THERAPY)).containsExactly("Thiazide diuretics", "Clozapine");
    }

    @Test
    void anOrganAfterOfTheAndAPostCompoundClassifyTheDisease() {
        assertThat(texts("At one year 4% had post-stroke epilepsy; carcinoma of the rectum, angiosarcoma of the scalp "
                + "and rhabdomyosarcoma of the head and neck were rarer. Chemical burns of the eye healed.",
                EntityType.DISEASE))
                .containsExactly("post-stroke epilepsy", "carcinoma of the rectum", "angiosarcoma of the scalp",
                        "rhabdomyosarcoma", "Chemical burns");
    }

    @Test
    void organsJoinedInAUnitsNameAreOneFieldAndWhereATherapyIsGivenIsNoPartOfIt() {
        assertThat(texts("The hospital's Department of Head and Neck Medical Oncology runs one of the first "
                + "hospital-based proton therapy units.", EntityType.INSTITUTION))
                .containsExactly("Department of Head and Neck Medical Oncology");
        assertThat(texts("Japan opened its first hospital-based proton therapy unit.", EntityType.THERAPY))
                .containsExactly("proton therapy");
    }

    @Test
    void aPoisoningOrAnOverdoseIsADiseaseWithWhatCausedIt() {
        assertThat(extractor.extract("Paracetamol poisoning is common. She had severe lithium intoxication after a "
                + "massive opioid overdose."))
                .extracting(Entity::type, Entity::text).containsExactly(
                        tuple(EntityType.DISEASE, "Paracetamol poisoning"),
                        tuple(EntityType.DISEASE, "lithium intoxication"),
                        tuple(EntityType.DISEASE, "opioid overdose"));
    }

    @Test
    void antibioticsAreADrugClassWithTheWordsNamingTheirKindHyphenedOrNot() {
        assertThat(texts("Broad-spectrum antibiotics, macrolide antibiotics and thiazides were stopped; antibiotics "
                + "resumed.", EntityType.THERAPY))
                .containsExactly("Broad-spectrum antibiotics", "macrolide antibiotics", "thiazides", "antibiotics");
    }

    @Test
    void fieldsJoinedAndWhatABodyDoesBeforeItsHeadAreOneNameAndInitialsAfterASpacedDashStartWhatComesNext() {
        assertThat(texts("A grant went to the Mansoura University Urology and Nephrology Center. It is part of Hamad "
                + "Medical Corporation — NK cell therapy made from cord blood. The protocol was approved by the "
                + "Siriraj Institutional Review Board.", EntityType.INSTITUTION))
                .containsExactly("Mansoura University Urology and Nephrology Center", "Hamad Medical Corporation",
                        "Siriraj Institutional Review Board");
    }

    @Test
    void wordsBeforeABracketThatSpellTheShortFormOnlyWithAnArticleDefineNothing() {
        assertThat(texts("Carriers had a markedly higher risk of transthyretin cardiac amyloidosis (ATTR-CM; OR 11.8).",
                EntityType.DISEASE)).doesNotContain("markedly higher risk of transthyretin cardiac amyloidosis");
    }

    @Test
    void aCentreNamedAfterADoctorKeepsTheTitleAndAListedNameInAnOfTailIsAnInstitutionOfItsOwn() {
        assertThat(texts("VectoGen was spun out of the Dr. Panjwani Center for Molecular Medicine and Drug Research. "
                + "Doctors at Hôpital Pitié-Salpêtrière of Assistance Publique - Hôpitaux de Paris helped Sahara "
                + "Cryobank Co. Ltd in Riyadh.", EntityType.INSTITUTION))
                .contains("Dr. Panjwani Center for Molecular Medicine and Drug Research", "Hôpital Pitié-Salpêtrière",
                        "Assistance Publique - Hôpitaux de Paris", "Sahara Cryobank Co. Ltd")
                .doesNotContain("Hôpital Pitié-Salpêtrière of Assistance Publique");
    }

    @Test
    void aGradeOrAStageBeforeADiseaseIsNoPartOfItsName() {
        assertThat(texts("Grade III-IV intraventricular haemorrhage (IVH) was rarer; stage IVB classical Hodgkin "
                + "lymphoma was not. Patients with type II diabetes were excluded.", EntityType.DISEASE))
                .containsExactly("intraventricular haemorrhage", "IVH", "classical Hodgkin lymphoma", "type II diabetes");
    }

    @Test
    void anAcronymListedInCapitalsIsADiseaseOnlyInCapitalsAndACompoundStartsItsLongForm() {
        assertThat(texts("Children were fitted with hearing aids; people with AIDS were treated. Patients with "
                + "ST-segment elevation myocardial infarction (STEMI) had stent thrombosis.", EntityType.DISEASE))
                .containsExactly("AIDS", "ST-segment elevation myocardial infarction", "STEMI", "stent thrombosis");
    }

    @Test
    void aListedNameEndingAtAJoinEndsThePartThoughItStartedBeforeIt() {
        assertThat(texts("It was run at Charité - Universitätsmedizin Berlin and University Hospital Zurich.",
                EntityType.INSTITUTION)).containsExactly("Charité - Universitätsmedizin Berlin", "University Hospital Zurich");
    }

    @Test
    void aNumberAfterAJoinStartsNoNameAndAnEndpointsCodeIsNoProduct() {
        assertThat(extractor.extract("The study ran at Hôpital Cochin and 22 other centres under the Direction de la "
                + "Pharmacie et du Médicament (DPM); SVR12 was achieved in 98% and ASAS40 in 41%."))
                .extracting(Entity::type, Entity::text).containsExactly(
                        tuple(EntityType.INSTITUTION, "Hôpital Cochin"),
                        tuple(EntityType.INSTITUTION, "Direction de la Pharmacie et du Médicament"),
                        tuple(EntityType.INSTITUTION, "DPM"));
    }

    @Test
    void aTherapyForADiseaseDefinesATherapyAndTwoDrugsUnderOneShortFormStayTwo() {
        assertThat(extractor.extract("Patients received cognitive behavioural therapy for psychosis (CBTp), or "
                + "vancomycin plus cefepime (VC), then PARP inhibitor therapy and antituberculosis therapy."))
                .extracting(Entity::type, Entity::text).containsExactly(
                        tuple(EntityType.THERAPY, "cognitive behavioural therapy for psychosis"),
                        tuple(EntityType.THERAPY, "CBTp"),
                        tuple(EntityType.THERAPY, "vancomycin"),
                        tuple(EntityType.THERAPY, "cefepime"),
                        tuple(EntityType.THERAPY, "VC"),
                        tuple(EntityType.THERAPY, "PARP inhibitor therapy"),
                        tuple(EntityType.THERAPY, "antituberculosis therapy"));
    }

    @Test
    void aNameEndingOnItsHeadBeforeAndIsNotJoinedToACompanyAfterIt() {
        assertThat(texts("It was run by Newcastle University and Newcastle upon Tyne Hospitals NHS Foundation Trust, "
                + "and by Smith and Nephew plc.", EntityType.INSTITUTION)).containsExactly("Newcastle University",
                "Newcastle upon Tyne Hospitals NHS Foundation Trust", "Smith and Nephew plc");
    }

    @Test
    void reportsAModelVersionThatNamesTheGazetteers() {
        assertThat(extractor.modelVersion()).startsWith("extract-").hasSizeGreaterThan(20);
    }
}
