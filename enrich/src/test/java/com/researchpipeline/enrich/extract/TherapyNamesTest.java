package com.researchpipeline.enrich.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.Entity;
import com.researchpipeline.contract.EntityType;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The general therapy rules on sentences written for them (no article's sentence): drugs by INN stem and generic
 * name with their dosage forms and combinations, brands in apposition, drug classes, vaccines and regimens named
 * by a symbol, therapy phrases with the words that name their kind, one-word procedures.
 */
class TherapyNamesTest {

    private static EntityExtractor extractor;

    @BeforeAll
    static void loadOnce() {
        extractor = EntityExtractor.load();
    }

    private static List<String> therapies(String body) {
        return extractor.extract(body).stream().filter(e -> e.type() == EntityType.THERAPY).map(Entity::text).toList();
    }

    @Test
    void findsDrugsByStemsOfEveryFamilyAndByGenericName() {
        assertThat(therapies("Her regimen held telmisartan, rosuvastatin, empagliflozin, ceftazidime-free days, "
                + "apixaban, valaciclovir, olaparib, ondansetron and paracetamol."))
                .containsExactly("telmisartan", "rosuvastatin", "empagliflozin", "ceftazidime", "apixaban", "valaciclovir",
                        "olaparib", "ondansetron", "paracetamol");
    }

    @Test
    void findsCommonGenericNamesWithoutAStemAndTheNewerStems() {
        assertThat(therapies("The clinic prescribed gabapentin, donepezil, venetoclax, lenalidomide, ivacaftor and "
                + "a gastric bypass; others had a caesarean section or laparoscopic surgery."))
                .containsExactly("gabapentin", "donepezil", "venetoclax", "lenalidomide", "ivacaftor", "gastric bypass",
                        "caesarean section", "laparoscopic surgery");
    }

    @Test
    void anOperationKeepsTheWordsThatSayWhichItIsButNotWhenOrHowOften() {
        assertThat(therapies("She had a laparoscopic right hemicolectomy after a previous colectomy; he underwent "
                + "intracapsular tonsillectomy and a fifth mechanical thrombectomy."))
                .containsExactly("laparoscopic right hemicolectomy", "colectomy", "intracapsular tonsillectomy",
                        "mechanical thrombectomy");
    }

    @Test
    void aClassNamedByHowItActsIsADrugBeforeItsKindOrAloneButNotAsAnAdjective() {
        assertThat(therapies("She stopped anticholinergic medicines and antiplatelet agents and took an "
                + "antihypertensive; the antihypertensive effect and anticholinergic burden were small."))
                .containsExactly("anticholinergic medicines", "antiplatelet agents", "antihypertensive");
    }

    @Test
    void aTherapyNamedByANounKeepsThePhrasesOwnWordBeforeIt() {
        assertThat(therapies("She chose sleep restriction therapy, which worked better than mirror therapy."))
                .containsExactly("sleep restriction therapy", "mirror therapy");
    }

    @Test
    void aBrandIsNamedInAppositionAfterItsKindOrAfterBrandName() {
        assertThat(therapies("Anvisa approved Ixchiq, a single-dose chikungunya vaccine from Valneva, and the "
                + "agency asked about AUR-0577, proposed brand name Memivra. Protection was weak with the first "
                + "dengue vaccine, Dengvaxia")).contains("Ixchiq", "Memivra", "Dengvaxia");
    }

    @Test
    void aDrugThatAGermResistsIsNoTherapyThere() {
        assertThat(therapies("Methicillin-resistant Staphylococcus aureus and carbapenem-resistant strains spread; "
                + "rifampicin-susceptible cases got rifampicin."))
                .containsExactly("rifampicin");
    }

    @Test
    void aHormoneGivenIsATherapyButTheBodysOwnIsNot() {
        assertThat(therapies("Insulin resistance, insulin-producing cells, beta cells that produce insulin, serum "
                + "testosterone and the hormone erythropoietin were measured; patients then received insulin, "
                + "human insulin or noradrenaline."))
                .containsExactly("insulin", "human insulin", "noradrenaline");
    }

    @Test
    void anEnglishWordWithAStemsEndingIsNoDrug() {
        assertThat(therapies("Symptoms worsen at eventide; cholesterol and the magazine's dichotomy were "
                + "discussed by Professor Larsen and Hans Christian Andersen.")).isEmpty();
    }

    @Test
    void keepsDosageFormsFormulationsAndFixedCombinationsButNotRoutes() {
        assertThat(therapies("Nurses gave intravenous meropenem, then gentamicin injections, penicillin prophylaxis "
                + "and artesunate-amodiaquine; a rifampicin-resistant strain grew."))
                .containsExactly("meropenem", "gentamicin injections", "penicillin prophylaxis",
                        "artesunate-amodiaquine");
        assertThat(therapies("She took oral morphine, sublingual buprenorphine and subcutaneous denosumab, then "
                + "oral substrate reduction therapy, esketamine nasal spray and pegylated interferon."))
                .containsExactly("morphine", "buprenorphine", "denosumab", "substrate reduction therapy",
                        "esketamine nasal spray", "pegylated interferon");
        assertThat(therapies("Gemcitabine plus nab-paclitaxel, then escitalopram oxalate. Nab-paclitaxel was stopped."))
                .containsExactly("Gemcitabine", "nab-paclitaxel", "escitalopram oxalate", "Nab-paclitaxel");
        assertThat(therapies("The combination was ceftazidime plus avibactam, or liposomal amphotericin B."))
                .containsExactly("ceftazidime", "avibactam", "liposomal amphotericin B");
        assertThat(therapies("Children got sulfadoxine-pyrimethamine plus amodiaquine (SPAQ) each month."))
                .containsExactly("sulfadoxine-pyrimethamine plus amodiaquine", "SPAQ");
    }

    @Test
    void aBrandInAppositionWithADrugIsATherapyEverywhereInTheArticle() {
        assertThat(therapies("Semaglutide (Wegovy) cut weight. Ozempic (semaglutide) came first. Tirzepatide, sold "
                + "by Lilly as Mounjaro, followed. Later, Wegovy and Mounjaro ran short."))
                .containsExactly("Semaglutide", "Wegovy", "Ozempic", "semaglutide", "Tirzepatide", "Mounjaro",
                        "Wegovy", "Mounjaro");
    }

    @Test
    void aNameBeforeAnAppositiveVaccineOrCandidateIsATherapy() {
        assertThat(therapies("Regulators cleared Vaxelis 6, a combination vaccine against six diseases, and the "
                + "vaccine Ixchiq for travellers."))
                .contains("Vaxelis 6", "Ixchiq");
    }

    @Test
    void findsDrugClassesNamedAfterTheirTargetInWords() {
        assertThat(therapies("Trials compared noradrenaline reuptake inhibitors, histamine antagonists, a thrombin "
                + "inhibitor, cholinergic agonists and acetylcholinesterase inhibitors."))
                .containsExactly("noradrenaline reuptake inhibitors", "histamine antagonists", "thrombin inhibitor",
                        "cholinergic agonists", "acetylcholinesterase inhibitors");
        assertThat(therapies("Selective estrogen receptor modulators and a sodium-potassium pump blocker were tested, "
                + "as was a tyrosine hydroxylase-2 inhibitor."))
                .containsExactly("Selective estrogen receptor modulators", "sodium-potassium pump blocker",
                        "tyrosine hydroxylase-2 inhibitor");
        assertThat(therapies("A growth inhibitor, the disease inhibitors and selective inhibitors were no classes.")).isEmpty();
    }

    @Test
    void findsOneWordDrugClassesWithTheWordsOfTheirKind() {
        assertThat(therapies("She stopped thiazide diuretics and benzodiazepines; anticonvulsants and topical "
                + "corticosteroids continued."))
                .containsExactly("thiazide diuretics", "benzodiazepines", "anticonvulsants", "topical corticosteroids");
    }

    @Test
    void keepsSaltFormsAndTwoWordDosageForms() {
        assertThat(therapies("He took emtricitabine, metformin hydrochloride, sumatriptan nasal spray and rivastigmine "
                + "transdermal patch."))
                .containsExactly("emtricitabine", "metformin hydrochloride", "sumatriptan nasal spray",
                        "rivastigmine transdermal patch");
    }

    @Test
    void keepsChiralPrefixesSlashCombinationsAndWholeProductCodesOfVaccines() {
        assertThat(therapies("Children got D-cycloserine; adults took lopinavir/ritonavir and the PfSPZ,B/AS02 vaccine."))
                .containsExactly("D-cycloserine", "lopinavir/ritonavir", "PfSPZ,B/AS02 vaccine");
    }

    @Test
    void aBrandNamedInTheLastWordsOfTheTextIsFoundToo() {
        assertThat(therapies("Regulators cleared the vaccine Ixchiq")).containsExactly("Ixchiq");
        assertThat(therapies("Tirzepatide, also known as Mounjaro")).containsExactly("Tirzepatide", "Mounjaro");
    }

    @Test
    void findsDrugClassesNamedAfterTheirTarget() {
        assertThat(therapies("Patients on SGLT2 inhibitors, a GLP-1 receptor agonist, PD-L1 inhibitors, "
                + "proton pump inhibitors or beta-blockers were excluded."))
                .containsExactly("SGLT2 inhibitors", "GLP-1 receptor agonist", "PD-L1 inhibitors",
                        "proton pump inhibitors", "beta-blockers");
        assertThat(therapies("A protein inhibitor of growth and the Director of the programme were named.")).isEmpty();
    }

    @Test
    void findsVaccinesAndRegimensNamedByADiseaseOrSymbol() {
        assertThat(therapies("Children got the measles vaccine and the HPV vaccine; adults took the BPaL regimen."))
                .containsExactly("measles vaccine", "HPV vaccine", "BPaL regimen");
    }

    @Test
    void keepsTheWordsThatNameATherapysKindButNotItsDoseOrWorth() {
        assertThat(therapies("She had stereotactic body radiotherapy, then image-guided brachytherapy and "
                + "high-dose chemotherapy; later vagus nerve stimulation and catheter ablation."))
                .containsExactly("stereotactic body radiotherapy", "image-guided brachytherapy", "chemotherapy",
                        "vagus nerve stimulation", "catheter ablation");
        assertThat(therapies("Patients in the adult transplant unit and donor transplants were counted.")).isEmpty();
    }

    @Test
    void findsOneWordProceduresWithTheirNamingWords() {
        assertThat(therapies("She chose laparoscopic cholecystectomy over a tracheostomy and a drug-eluting stent."))
                .containsExactly("laparoscopic cholecystectomy", "tracheostomy", "drug-eluting stent");
    }

    @Test
    void aLongFormEndingInATherapyHeadAndDefinedByItsShortFormIsATherapy() {
        assertThat(therapies("She had constraint-induced movement therapy (CIMT), then volumetric modulated arc therapy "
                + "(VMAT); CIMT helped. New-onset diabetes after transplantation (NODAT) and standard treatment (ST) "
                + "are no therapies."))
                .containsExactly("constraint-induced movement therapy", "CIMT", "volumetric modulated arc therapy",
                        "VMAT", "CIMT");
    }

    @Test
    void takesWhereAResectionIsMadeAndTheClassesAndTherapiesOfSleepAndSpeech() {
        assertThat(therapies("After distal pancreatectomy she was weaned off hypnotics and sedatives, then began "
                + "speech and language therapy."))
                .containsExactly("distal pancreatectomy", "hypnotics", "sedatives", "speech and language therapy");
        assertThat(extractor.extract("Immunosuppression was lowered; tinnitus and vertigo followed.")).extracting(
                e -> e.type() + " " + e.text()).containsExactly("therapy Immunosuppression");
    }
}
