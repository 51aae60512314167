package com.researchpipeline.enrich.extract;

import static com.researchpipeline.enrich.extract.PassFixture.LEXICONS;
import static com.researchpipeline.enrich.extract.PassFixture.VOCABULARY;
import static com.researchpipeline.enrich.extract.PassFixture.found;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Institutions named in their own language inside an English article, on sentences written for them. */
class InstitutionLanguagesTest {

    private final InstitutionRule rule = new InstitutionRule(LEXICONS, VOCABULARY);
    private final CompanyRule companies = new CompanyRule(LEXICONS, VOCABULARY);

    @Test
    void takesSwahiliNamesWhoseHeadComesFirstWithTheirNounClassConnectors() {
        assertThat(found(rule, "She was treated at the Hospitali ya Wilaya ya Kwale before the Mamlaka ya Dawa na "
                + "Vifaa Tiba approved the drug; the Baraza la Madaktari and the Chuo Kikuu cha Dodoma agreed."))
                .containsExactly("institution Hospitali ya Wilaya ya Kwale institution-rule",
                        "institution Mamlaka ya Dawa na Vifaa Tiba institution-rule",
                        "institution Baraza la Madaktari institution-rule",
                        "institution Chuo Kikuu cha Dodoma institution-rule");
    }

    @Test
    void endsANameAtAJoinWhereTheNextNameIsACompoundOrOpensWithItsHeadOrTheFirstIsANameAndAnAcronym() {
        assertThat(found(rule, "It ran at Oslo University Hospital and Rigshospitalet, at Vall d'Hebron and Hospital "
                + "12 de Octubre, and at Erasmus MC, Amsterdam UMC and Radboud University Medical Center."))
                .containsExactly("institution Oslo University Hospital institution-rule",
                        "institution Hospital 12 de Octubre institution-rule",
                        "institution Radboud University Medical Center institution-rule");
        assertThat(found(rule, "The US Food and Drug Administration and the National Heart and Lung Institute agreed."))
                .containsExactly("institution US Food and Drug Administration institution-rule",
                        "institution National Heart and Lung Institute institution-rule");
    }

    @Test
    void takesVietnameseAndIberianHeadsThatComeFirstAndAGenericNamesPlace() {
        assertThat(found(rule, "The Bộ Y tế, the Bảo hiểm Xã hội Việt Nam, the Câmara de Regulação do Mercado de "
                + "Medicamentos and the Programa de Estudio y Control de Enfermedades Tropicales met at the Federal "
                + "Medical Centre Owo."))
                .containsExactly("institution Bộ Y tế institution-rule",
                        "institution Bảo hiểm Xã hội Việt Nam institution-rule",
                        "institution Câmara de Regulação do Mercado de Medicamentos institution-rule",
                        "institution Programa de Estudio y Control de Enfermedades Tropicales institution-rule",
                        "institution Federal Medical Centre Owo institution-rule");
    }

    @Test
    void anOwnersAcronymBeforeAFieldStaysInTheNameAndACompanyKeepsItsTradeBeforeAHeadlinesVerb() {
        assertThat(found(rule, "The UBC Sleep and Circadian Research Lab agreed."))
                .containsExactly("institution UBC Sleep and Circadian Research Lab institution-rule");
        assertThat(found(rule, "# Lingyun Bio Wins Chinese Approval\n\nWarsaw Programme Offers Children Therapy"))
                .containsExactly("institution Lingyun Bio institution-rule");
    }

    @Test
    void fieldsJoinedInsideANamesTailStayInTheName() {
        assertThat(found(rule, "The authors are from the London School of Hygiene & Tropical Medicine and the UK "
                + "Kidney Association."))
                .containsExactly("institution London School of Hygiene & Tropical Medicine institution-rule",
                        "institution UK Kidney Association institution-rule");
    }

    @Test
    void aCompanyIsNamedByItsTradeAfterAProperNameButAWeakHeadBeforeAnotherWordModifiesIt() {
        assertThat(found(rule, "Cortexa Medical and Hanul Robotics sued; Solaris Farmacêutica agreed. The device "
                + "was approved under the EU Medical Device Regulation, and a Prescription Health Apps list grew."))
                .containsExactly("institution Cortexa Medical institution-rule",
                        "institution Hanul Robotics institution-rule",
                        "institution Solaris Farmacêutica institution-rule");
    }

    @Test
    void takesRomanceAndPolishAndDutchNamesWhoseHeadComesFirst() {
        assertThat(found(rule, "The Agencia Española de Medicamentos y Productos Sanitarios, the Agenzia Regionale "
                + "per la Salute, the Szpital Wojewódzki w Poznaniu and the Universiteit Maastricht signed."))
                .containsExactly(
                        "institution Agencia Española de Medicamentos y Productos Sanitarios institution-rule",
                        "institution Agenzia Regionale per la Salute institution-rule",
                        "institution Szpital Wojewódzki w Poznaniu institution-rule",
                        "institution Universiteit Maastricht institution-rule");
    }

    @Test
    void takesNamedDivisionsAndSectionsAndTheirItalianAndGermanForms() {
        assertThat(found(rule, "Authors from the Division of Nephrology, the Section of Cardiology, the Dipartimento "
                + "di Anestesia e Rianimazione and the Abteilung für Kardiologie wrote it; the division agreed."))
                .containsExactly("institution Division of Nephrology institution-rule",
                        "institution Section of Cardiology institution-rule",
                        "institution Dipartimento di Anestesia e Rianimazione institution-rule",
                        "institution Abteilung für Kardiologie institution-rule");
    }

    @Test
    void takesTheLowerCaseWordsOfNamesWhoseHeadComesFirst() {
        assertThat(found(rule, "The Agence nationale de sécurité du médicament et des produits de santé, the "
                + "Institut national du cancer, the Hôpital Necker-Enfants malades and the Cliniques universitaires "
                + "Saint-Luc agreed; the Hospital questionnaire was sent."))
                .containsExactly(
                        "institution Agence nationale de sécurité du médicament et des produits de santé institution-rule",
                        "institution Institut national du cancer institution-rule",
                        "institution Hôpital Necker-Enfants malades institution-rule",
                        "institution Cliniques universitaires Saint-Luc institution-rule");
    }

    @Test
    void aNameWordBeforeAHeadFirstHeadKeepsTheWordsAfterIt() {
        assertThat(found(rule, "The Pontificia Universidad Católica de Chile and the American Cancer Society, the "
                + "IRCCS Ospedale San Raffaele and the Warszawski Uniwersytet Medyczny met at Tygerberg Hospital."))
                .containsExactly("institution Pontificia Universidad Católica de Chile institution-rule",
                        "institution American Cancer Society institution-rule",
                        "institution IRCCS Ospedale San Raffaele institution-rule",
                        "institution Warszawski Uniwersytet Medyczny institution-rule",
                        "institution Tygerberg Hospital institution-rule");
    }

    @Test
    void takesNordicHeadsWrittenInLowerCaseOrAsCompoundsAndPortugueseArticlesInsideANameWhole() {
        assertThat(found(rule, "Helsingin yliopisto, Oslo universitetssykehus and the Novo Nordisk Fonden joined the "
                + "Fundação para a Ciência e a Tecnologia and the Autoridade Nacional do Medicamento e Produtos de "
                + "Saúde; the Università degli Studi di Milano on a biobank agreed."))
                .containsExactly("institution Helsingin yliopisto institution-rule",
                        "institution Oslo universitetssykehus institution-rule",
                        "institution Novo Nordisk Fonden institution-rule",
                        "institution Fundação para a Ciência e a Tecnologia institution-rule",
                        "institution Autoridade Nacional do Medicamento e Produtos de Saúde institution-rule",
                        "institution Università degli Studi di Milano institution-rule");
    }

    @Test
    void keepsADoctorsTitleAfterAHeadFirstNamesAdjective() {
        assertThat(found(rule, "She works at the Hospital Regional Dr. Juan Noé Crevani in Arica."))
                .containsExactly("institution Hospital Regional Dr. Juan Noé Crevani institution-rule");
    }

    @Test
    void takesPortugueseNamesWithAccentsAndSystemsOfCare() {
        assertThat(found(rule, "Patients of the Sistema Estadual de Transplantes were referred by the Secretaria "
                + "Municipal de Saúde in Recife."))
                .containsExactly("institution Sistema Estadual de Transplantes institution-rule",
                        "institution Secretaria Municipal de Saúde institution-rule");
    }

    @Test
    void takesGermanCompoundHeadsWithTheAdjectiveBeforeAndTheTailOrPlaceAfter() {
        assertThat(found(rule, "Samples went to the Bundesinstitut für Impfstoffe und Seren, the Bayerisches "
                + "Landesamt für Gesundheit, the Techniker Krankenkasse, the Westfälisches Herzzentrum Münster, the "
                + "Uniklinik Köln and the Kantonsspital Luzern."))
                .containsExactly("institution Bundesinstitut für Impfstoffe und Seren institution-rule",
                        "institution Bayerisches Landesamt für Gesundheit institution-rule",
                        "institution Techniker Krankenkasse institution-rule",
                        "institution Westfälisches Herzzentrum Münster institution-rule",
                        "institution Uniklinik Köln institution-rule",
                        "institution Kantonsspital Luzern institution-rule");
    }

    @Test
    void keepsAGermanHeadsListOfFieldsJoinedByUnd() {
        assertThat(found(rule, "She leads the Klinik für Neurologie, Psychiatrie und Schmerzmedizin at the site."))
                .containsExactly("institution Klinik für Neurologie, Psychiatrie und Schmerzmedizin institution-rule");
    }

    @Test
    void takesRomanisedAsianNamesWhoseHeadComesLast() {
        assertThat(found(rule, "Doctors at Tōhoku Daigaku Byōin and the Nihon Iryō Kenkyū Kaihatsu Kikō, with "
                + "Seoul Daehakgyo Byeongwon and the Hanami iPS Kenkyū Sentā, ran it."))
                .containsExactly("institution Tōhoku Daigaku Byōin institution-rule",
                        "institution Nihon Iryō Kenkyū Kaihatsu Kikō institution-rule",
                        "institution Seoul Daehakgyo Byeongwon institution-rule",
                        "institution Hanami iPS Kenkyū Sentā institution-rule");
    }

    @Test
    void takesFrenchFilipinoAndGermanHeadsOfPublicBodies() {
        assertThat(found(rule, "The Haute Autorité de Santé, the Kagawaran ng Kalusugan and the Deutsche "
                + "Gesellschaft für Innere Medizin agreed, as did the Organización Andina de Salud."))
                .containsExactly("institution Haute Autorité de Santé institution-rule",
                        "institution Kagawaran ng Kalusugan institution-rule",
                        "institution Deutsche Gesellschaft für Innere Medizin institution-rule",
                        "institution Organización Andina de Salud institution-rule");
    }

    @Test
    void takesVietnameseHeadsWrittenAsTwoSyllables() {
        assertThat(found(rule, "The trial ran at Bệnh viện Chợ Rẫy with the Viện Pasteur."))
                .containsExactly("institution Bệnh viện Chợ Rẫy institution-rule",
                        "institution Viện Pasteur institution-rule");
    }

    @Test
    void aCompoundHeadNeedsFourLettersBeforeItsHead() {
        assertThat(VOCABULARY.compoundHead("universitätsklinikum")).isEqualTo("klinikum");
        assertThat(VOCABULARY.compoundHead("forschungsgemeinschaft")).isEqualTo("gemeinschaft");
        assertThat(VOCABULARY.compoundHead("uniklinik")).isEqualTo("klinik");
        assertThat(VOCABULARY.compoundHead("landesamt")).isEqualTo("amt");
        assertThat(VOCABULARY.compoundHead("klinikum")).isNull();
        assertThat(VOCABULARY.compoundHead("dreamt")).isNull();
        assertThat(found(rule, "She said Nordic Dreamt was a song the mRNA team liked.")).isEmpty();
    }

    @Test
    void takesAPartnersCompanyBeforeAnAmpersandAndCo() {
        assertThat(found(companies, "Halvorsen & Co. sells the tea, and Merck & Co has a trial."))
                .containsExactly("institution Halvorsen & Co. institution-rule",
                        "institution Merck & Co institution-rule");
    }
}
