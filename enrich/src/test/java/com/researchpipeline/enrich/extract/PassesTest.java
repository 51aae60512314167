package com.researchpipeline.enrich.extract;

import static com.researchpipeline.enrich.extract.PassFixture.LEXICONS;
import static com.researchpipeline.enrich.extract.PassFixture.VOCABULARY;
import static com.researchpipeline.enrich.extract.PassFixture.analyze;
import static com.researchpipeline.enrich.extract.PassFixture.candidate;
import static com.researchpipeline.enrich.extract.PassFixture.described;
import static com.researchpipeline.enrich.extract.PassFixture.found;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.researchpipeline.contract.EntityType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each pass of the extractor alone, on sentences written for it. */
class PassesTest {

    @Nested
    class GazetteerPass {
        private final Gazetteer gazetteer = EntityExtractor.gazetteer(LEXICONS);

        @Test
        void findsCuratedNamesOfEveryTypeWithTheirCanonicalName() {
            AnalyzedText text = analyze("Patients with leukaemia received CAR-T cell therapy at the Mayo Clinic.");
            List<Candidate> found = gazetteer.apply(text, new ArrayList<>());
            assertThat(described(text, found)).contains("disease leukaemia dictionary",
                    "institution Mayo Clinic dictionary");
            assertThat(found).allMatch(c -> c.canonical() != null);
        }

        @Test
        void anUpperCaseEntryNeedsUpperCaseInTheText() {
            assertThat(found(gazetteer, "We all went home.")).isEmpty();
        }
    }

    @Nested
    class CompanyRulePass {
        private final CompanyRule rule = new CompanyRule(LEXICONS, VOCABULARY);

        @Test
        void takesTheCapitalisedNameBeforeALegalFormWithItsDots() {
            assertThat(found(rule, "Kits come from Marlowe Diagnostics Sdn Bhd, Quillon Co., Ltd. and Tavern A.Ş. "
                    + "while Brisk Rivers (Private) Limited ships them."))
                    .containsExactly("institution Marlowe Diagnostics Sdn Bhd institution-rule",
                            "institution Quillon Co., Ltd. institution-rule", "institution Tavern A.Ş. institution-rule",
                            "institution Brisk Rivers (Private) Limited institution-rule");
        }

        @Test
        void takesTheNameAfterALegalFormWrittenFirst() {
            assertThat(found(rule, "The plant of PT Sinar Harapan Medika (Persero) Tbk opened."))
                    .containsExactly("institution PT Sinar Harapan Medika (Persero) Tbk institution-rule");
        }

        @Test
        void wantsAProperNameAndLeavesLowerCaseWordsOut() {
            assertThat(found(rule, "Supplies are limited. Costs stayed Limited. A unit of the Research Ltd. In "
                    + "March Pellucid Bio LLC and the new Corvane Inc said so.")).containsExactly(
                    "institution Pellucid Bio LLC institution-rule", "institution Corvane Inc institution-rule");
        }
    }

    @Nested
    class InstitutionRulePass {
        private final InstitutionRule rule = new InstitutionRule(LEXICONS, VOCABULARY);

        @Test
        void findsANameNeverSeenAroundAHeadWordWithItsOfTail() {
            assertThat(found(rule, "She moved to the Zarqawi Institute of Regenerative Biology last year."))
                    .containsExactly("institution Zarqawi Institute of Regenerative Biology institution-rule");
        }

        @Test
        void aWeakHeadIsANameAfterTheWordsThatSayItsKind() {
            assertThat(found(rule, "Data came from the Children's Oncology Group and the Gulf Working Group on Rare "
                    + "Anaemias. The Working Group met in May.")).containsExactly(
                    "institution Children's Oncology Group institution-rule",
                    "institution Gulf Working Group on Rare Anaemias institution-rule");
            // a weak head first in the text has no word before it to say its kind
            assertThatCode(() -> found(rule, "Group Health Cooperative and Partners met.")).doesNotThrowAnyException();
        }

        @Test
        void splitsTwoNamesJoinedByAnd() {
            assertThat(found(rule, "Work at Qundara University and Belmore Hospital began."))
                    .containsExactly("institution Qundara University institution-rule",
                            "institution Belmore Hospital institution-rule");
        }

        @Test
        void readsHeadsOfOtherLanguagesFirstOrLast() {
            assertThat(found(rule, "Badan Riset Nasional dan Inovasi approved it; Karadeniz Tıp Fakültesi and the "
                    + "Jamiat Al-Noor, then Fundación Ríos del Sur, agreed."))
                    .containsExactly("institution Badan Riset Nasional dan Inovasi institution-rule",
                            "institution Karadeniz Tıp Fakültesi institution-rule",
                            "institution Jamiat Al-Noor institution-rule",
                            "institution Fundación Ríos del Sur institution-rule");
        }

        @Test
        void keepsFieldsListedBeforeTheOfOfTheParentInOneName() {
            assertThat(found(rule, "Staff of the School of Dentistry, Oral Surgery and Hygiene of Marlow University "
                    + "and Pender Hospital met."))
                    .containsExactly("institution School of Dentistry, Oral Surgery and Hygiene of Marlow University "
                            + "institution-rule", "institution Pender Hospital institution-rule");
        }

        @Test
        void keepsInitialsEponymousDiseasesAndBodiesWithCommonHeads() {
            assertThat(found(rule, "The Lindqvist R.J. Moreau School of Nursing, the Dunmore Huntington's Disease "
                    + "Society and the Polar Vaccine Partnership met."))
                    .containsExactly("institution Lindqvist R.J. Moreau School of Nursing institution-rule",
                            "institution Dunmore Huntington's Disease Society institution-rule",
                            "institution Polar Vaccine Partnership institution-rule");
        }

        @Test
        void goesOnAfterASpacedDashACityAndTheOfTailsPossessive() {
            assertThat(found(rule, "Staff of the Orlen Foundation – Marrow Care and Research, of Verity Hospital "
                    + "Dhaka and of the Ministry of Welfare's clinic met."))
                    .containsExactly("institution Orlen Foundation – Marrow Care and Research institution-rule",
                            "institution Verity Hospital Dhaka institution-rule",
                            "institution Ministry of Welfare institution-rule");
        }

        @Test
        void takesTheHeadsInARowOfAHeadlineAndNotItsVerb() {
            assertThat(found(rule, "# Harrow University Hospital Opens Velden Marrow Transplant Unit in Its New Wing"))
                    .containsExactly("institution Harrow University Hospital institution-rule",
                            "institution Velden Marrow Transplant Unit institution-rule");
        }

        @Test
        void endsAHeadlineNameAtAnAuxiliaryOrPreposition() {
            assertThat(found(rule, "# Oman Should Start Its Own Marrow Programme at Home Under Gulf Partnership"))
                    .isEmpty();
        }

        @Test
        void takesNoEventForAnOrganisation() {
            assertThat(found(rule, "The Qundara Stem Cell Summit opened on Monday.")).isEmpty();
        }
    }

    @Nested
    class TherapyRulePass {
        private final TherapyRule rule = new TherapyRule(LEXICONS, VOCABULARY);

        @Test
        void findsModalityPhrasesAndDrugStems() {
            assertThat(found(rule, "They tried limbal stem cell transplantation and then zorbatinib."))
                    .contains("therapy limbal stem cell transplantation therapy-rule",
                            "therapy zorbatinib drug-name-rule");
        }

        @Test
        void aGeneSymbolIsNoProductCode() {
            assertThat(found(rule, "The gene BX-201 was silenced in patients.")).isEmpty();
            assertThat(found(rule, "Patients were dosed with QX-201 in the trial."))
                    .containsExactly("therapy QX-201 product-code-rule");
            assertThat(found(rule, "Patients treated with hydroxyurea were genotyped for QX11A rs1427407 and the "
                    + "XmnI-HBG2 polymorphism.")).doesNotContain("therapy QX11A product-code-rule",
                    "therapy XmnI-HBG2 product-code-rule");
        }

        @Test
        void aProcedureKeepsItsHyphenedFirstPieceAndWhatItIsDoneWith() {
            assertThat(found(rule, "She chose bilateral salpingo-oophorectomy, then a lobectomy, and later "
                    + "MDMA-assisted therapy; a Selangor-based cell therapy was not offered."))
                    .contains("therapy bilateral salpingo-oophorectomy therapy-rule", "therapy lobectomy therapy-rule",
                            "therapy MDMA-assisted therapy therapy-rule", "therapy cell therapy therapy-rule")
                    .doesNotContain("therapy Selangor-based cell therapy therapy-rule");
        }
    }

    @Nested
    class DiseaseRulePass {
        private final DiseaseRule rule = new DiseaseRule(LEXICONS, VOCABULARY);

        @Test
        void takesTheClassifyingWordsBeforeAHeadAndLeavesSeverityOut() {
            assertThat(found(rule, "Children with severe inherited retinal dystrophy were treated."))
                    .contains("disease inherited retinal dystrophy disease-rule");
        }

        @Test
        void aPrefixedParticipleSaysHowTheDiseaseCameNotWhichItIs() {
            assertThat(found(rule, "Those with co-inherited alpha-thalassaemia or pre-existing arthropathy fared "
                    + "better than those with X-linked myopathy.")).contains("disease arthropathy disease-rule",
                    "disease X-linked myopathy disease-rule").noneMatch(d -> d.contains("co-inherited")
                    || d.contains("pre-existing"));
        }

        @Test
        void findsEponymsAndDiseaseWords() {
            assertThat(found(rule, "Parkinson's disease and nephritis are common."))
                    .contains("disease Parkinson's disease disease-rule", "disease nephritis disease-rule");
        }

        @Test
        void aWordWithADiseaseEndingListedAsNoDiseaseIsNone() {
            assertThat(found(rule, "The diagnosis came with a diploma.")).isEmpty();
        }
    }

    @Nested
    class AbbreviationDefinitionsPass {
        private final AbbreviationDefinitions pass = new AbbreviationDefinitions(LEXICONS, VOCABULARY);

        @Test
        void givesTheShortFormTheTypeOfTheCandidateItsLongFormEndsIn() {
            AnalyzedText text = analyze("Adrenoleukodystrophy disease (ALD) is rare.");
            List<Candidate> candidates = new ArrayList<>(List.of(
                    candidate(text, "Adrenoleukodystrophy disease", EntityType.DISEASE, "disease-rule")));
            assertThat(described(text, pass.apply(text, candidates))).contains("disease ALD abbreviation");
        }

        @Test
        void aBracketWithoutACandidateBeforeItGivesNothing() {
            assertThat(found(pass, "The weather report (WR) came late.")).isEmpty();
        }
    }

    @Nested
    class ModelFinderPass {
        private final ModelFinder pass = new ModelFinder(EntityExtractor.nameModel(LEXICONS), LEXICONS);

        @Test
        void neverProposesASpanAnotherFinderCovers() {
            AnalyzedText text = analyze("Researchers at Qundara Belmore Institute said so.");
            List<Candidate> before = new ArrayList<>(List.of(
                    candidate(text, "Qundara Belmore Institute", EntityType.INSTITUTION, "institution-rule")));
            List<Candidate> after = pass.apply(text, new ArrayList<>(before));
            assertThat(after).hasSize(1).containsExactlyElementsOf(before);
        }
    }

    @Nested
    class ResolverPass {
        @Test
        void theLongestSpanWinsAndNothingNests() {
            AnalyzedText text = analyze("Diffuse large B-cell lymphoma was treated.");
            List<Candidate> candidates = new ArrayList<>(List.of(
                    candidate(text, "lymphoma", EntityType.DISEASE, "dictionary"),
                    candidate(text, "Diffuse large B-cell lymphoma", EntityType.DISEASE, "disease-rule")));
            assertThat(described(text, new Resolver().apply(text, candidates)))
                    .containsExactly("disease Diffuse large B-cell lymphoma disease-rule");
        }
    }

    @Nested
    class CoordinationPass {
        private final Coordination pass = new Coordination(LEXICONS, VOCABULARY);

        @Test
        void joinsDiseasesThatShareTheirHeadAndNamesEachPart() {
            AnalyzedText text = analyze("Women with hereditary breast and ovarian cancer were seen.");
            List<Candidate> joined = pass.apply(text, new ArrayList<>(List.of(
                    candidate(text, "ovarian cancer", EntityType.DISEASE, "dictionary"))));
            assertThat(described(text, joined)).containsExactly(
                    "disease hereditary breast and ovarian cancer coordination");
            assertThat(joined.get(0).parts()).containsExactly("breast cancer", "ovarian cancer");
        }
    }

    @Nested
    class AbbreviationLinkerPass {
        private final AbbreviationLinker pass = new AbbreviationLinker(LEXICONS, VOCABULARY);

        @Test
        void linksLaterShortFormsAndShortNamesToTheNameTheyStandFor() {
            AnalyzedText text = analyze("The Qundara Institute (QI) met. Later QI and Qundara spoke.");
            List<Candidate> linked = pass.apply(text, new ArrayList<>(List.of(
                    candidate(text, "Qundara Institute", EntityType.INSTITUTION, "institution-rule"))));
            assertThat(described(text, linked)).containsExactly(
                    "institution Qundara Institute institution-rule", "institution QI abbreviation",
                    "institution QI abbreviation", "institution Qundara short-name");
        }

        @Test
        void anAcronymDefinedInOneNumberIsLinkedInTheOther() {
            AnalyzedText text = analyze("Aromatic antiepileptic drugs (AEDs) were suspects. One AED was stopped. "
                    + "Colorectal cancer (CRC) was found; most CRCs were early.");
            List<Candidate> linked = pass.apply(text, new ArrayList<>(List.of(
                    candidate(text, "antiepileptic drugs", EntityType.THERAPY, "drug-class-rule"),
                    candidate(text, "Colorectal cancer", EntityType.DISEASE, "dictionary"))));
            assertThat(described(text, linked)).contains("therapy AEDs abbreviation", "therapy AED abbreviation",
                    "disease CRC abbreviation", "disease CRCs abbreviation");
        }
    }
}
