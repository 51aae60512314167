package com.researchpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchpipeline.contract.Section;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ArticleCleanerTest {

    private final ArticleCleaner cleaner = new ArticleCleaner();

    static byte[] resource(String name) {
        try (InputStream in = ArticleCleanerTest.class.getResourceAsStream("/articles/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void keepsCleanUtf8TextCharacterForCharacterUpToOneFinalLineEnd() {
        for (String name : new String[] {"seed-000.txt", "seed-002.txt", "d09.txt", "d11.txt"}) {
            String original = new String(resource(name), StandardCharsets.UTF_8);
            CleanedArticle article = cleaner.clean(resource(name), name);
            assertThat(article.body()).as(name).isEqualTo(original.stripTrailing() + "\n");
        }
    }

    @Test
    void repairsUtf8ThatWasOnceDecodedAsWindows1252() {
        CleanedArticle article = cleaner.clean(resource("seed-001.txt"), "seed-001.txt");

        assertThat(article.body()).contains("a patient’s").doesNotContain("â€");
        String original = new String(resource("seed-001.txt"), StandardCharsets.UTF_8);
        assertThat(article.body()).isEqualTo(original.replace("patientâ€™s", "patient’s").stripTrailing() + "\n");
    }

    @Test
    void leavesGenuineAccentsAndQuotesAlone() {
        String text = "Türkiye, TÜBİTAK and Acıbadem; naïve café; Parkinson’s; β-thalassemia; "
                + "Department of Health – Abu Dhabi; „GROß“ and CAFÉ’s menu.\n";
        assertThat(cleaner.clean(text.getBytes(StandardCharsets.UTF_8), "a.txt").body()).isEqualTo(text);
    }

    @Test
    void repairsMojibakeOfAccentsAndDoubleEncodedQuotes() {
        String broken = "The cafÃ© in TÃ¼rkiye said â€œyesâ€\u009D and it Ã¢â‚¬â„¢s fine, AcÄ±badem too.";
        assertThat(cleaner.clean(broken.getBytes(StandardCharsets.UTF_8), "a.txt").body())
                .isEqualTo("The café in Türkiye said “yes” and it ’s fine, Acıbadem too.\n");
    }

    @Test
    void leavesCleanTextWhoseCharactersHappenToSpellUtf8InWindows1252Alone() {
        String text = "The buried surface is 850 Å² and the cavity 300 Å³, resolution 1.5 Å–2.0 Å. "
                + "Il titolo “PERCHÈ” ed anche ‘È’ sono comuni. « Le traitement a été… » puis «Il a été…» et "
                + "«¿Dónde está…» enfin ‘le café’” fin.\n";
        assertThat(cleaner.clean(text.getBytes(StandardCharsets.UTF_8), "a.txt").body()).isEqualTo(text);
    }

    @Test
    void repairsMojibakeOfEuropeanLettersInsideWordsAndOfCjk() {
        String text = "Łódź, știință, déjà vu, Ελλάδα, Москва, 中文, β-blockers and 5 µm.";
        assertThat(cleaner.clean(ArticleIdentityTest.mojibake(text).getBytes(StandardCharsets.UTF_8), "a.txt").body())
                .isEqualTo(text + "\n");
    }

    @Test
    void readsTheSameTextFromEveryEncodingAndLineEnding() {
        String text = "# Café therapy\n\nA patient’s “first” dose – naïve cells.\n";
        String expected = cleaner.clean(text.getBytes(StandardCharsets.UTF_8), "a.md").body();
        String crlf = text.replace("\n", "\r\n");

        assertThat(bodyOf(bom(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, crlf.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(expected);
        assertThat(bodyOf(bom(new byte[] {(byte) 0xFE, (byte) 0xFF}, text.getBytes(StandardCharsets.UTF_16BE))))
                .isEqualTo(expected);
        assertThat(bodyOf(bom(new byte[] {(byte) 0xFF, (byte) 0xFE}, crlf.getBytes(StandardCharsets.UTF_16LE))))
                .isEqualTo(expected);
        assertThat(bodyOf(crlf.getBytes(Charset.forName("windows-1252")))).isEqualTo(expected);
        assertThat(bodyOf(text.replace('’', '\'').replace('“', '"').replace('”', '"').replace('–', '-')
                .getBytes(StandardCharsets.ISO_8859_1)))
                .isEqualTo(expected.replace('’', '\'').replace('“', '"').replace('”', '"').replace('–', '-'));
        assertThat(bodyOf(text.replace("\n", "\r").getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
    }

    @Test
    void unicodeLineAndParagraphSeparatorsEndLinesAndParagraphsAsLineEndsDo() {
        String text = "Tamoxifen in breast cancer\nA cohort of 400 women.\nThey lived longer.\n\nMethods were standard.\n";
        CleanedArticle expected = cleaner.clean(text.getBytes(StandardCharsets.UTF_8), "a.txt");
        String separated = "Tamoxifen in breast cancer\u2028A cohort of 400 women.\u0085They lived longer.\u2029"
                + "Methods were standard.\u2029";

        CleanedArticle article = cleaner.clean(separated.getBytes(StandardCharsets.UTF_8), "a.txt");

        assertThat(article.title()).isEqualTo("Tamoxifen in breast cancer");
        assertThat(article.body()).isEqualTo(expected.body());
        assertThat(article.sections()).isEqualTo(expected.sections());
        String nelLines = "A line of text about breast cancer.\u0085".repeat(50);
        assertThat(bodyOf(nelLines.getBytes(StandardCharsets.UTF_8))).as("NEL ends lines, it is no binary data")
                .isEqualTo("A line of text about breast cancer.\n".repeat(50));
    }

    @Test
    void normalisesToNfc() {
        String decomposed = "Cafe\u0301 and Tu\u0308rkiye\n";
        assertThat(bodyOf(decomposed.getBytes(StandardCharsets.UTF_8))).isEqualTo("Café and Türkiye\n");
    }

    @Test
    void dropsSoftHyphensAndADosEndOfFileMark() {
        assertThat(bodyOf("Pharma\u00ADcology of tamox\u00ADifen.\r\n\u001A".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("Pharmacology of tamoxifen.\n");
        assertThat(cleaner.clean("<html><body><p>Pharma&shy;cology of tamox&shy;ifen.</p></body></html>".getBytes(
                StandardCharsets.UTF_8), "a.html").body()).isEqualTo("Pharmacology of tamoxifen.\n");
    }

    @Test
    void dropsZeroWidthSpacesAndWordJoinersInsideWordsButKeepsTheJoinersThatShapeAScript() {
        assertThat(bodyOf("Tuber\u200Bculosis and breast can\u2060cer.\n".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("Tuberculosis and breast cancer.\n");
        assertThat(cleaner.clean("<html><body><p>Tuber&#8203;culosis</p></body></html>".getBytes(StandardCharsets.UTF_8),
                "a.html").body()).isEqualTo("Tuberculosis\n");
        String persian = "\u0645\u06CC\u200C\u0634\u0648\u062F and \uD83D\uDC69\u200D\uD83D\uDD2C\n";
        assertThat(bodyOf(persian.getBytes(StandardCharsets.UTF_8))).isEqualTo(persian);
    }

    @Test
    void dropsByteOrderMarksInsideTheTextAndSpellsOutTypesetLigatures() {
        String joined = "Tamoxifen trial\n\uFEFFBreast cancer: the \uFB01rst \uFB02ow was signi\uFB01cant.\n";
        CleanedArticle article = cleaner.clean(joined.getBytes(StandardCharsets.UTF_8), "joined.txt");

        assertThat(article.body()).isEqualTo("Tamoxifen trial\nBreast cancer: the first flow was significant.\n");
        assertThat(article.sections().get(0).paragraphs().get(0)).doesNotContain("\uFEFF");
    }

    @Test
    void aNulOrHalfASurrogatePairBecomesTheReplacementCharacterAsHtmlSays() {
        String html = "<html><body><h1>Tamoxifen&#0;trial</h1><p>Breast &#xD800;cancer &#xDFFF;&#xD800; care "
                + "\uD83D\uDE00.</p></body></html>";
        CleanedArticle article = cleaner.clean(html.getBytes(StandardCharsets.UTF_8), "page.html");

        assertThat(article.title()).isEqualTo("Tamoxifen\uFFFDtrial");
        assertThat(article.body()).isEqualTo("Tamoxifen\uFFFDtrial\n\nBreast \uFFFDcancer \uFFFD\uFFFD care \uD83D\uDE00.\n");
    }

    @Test
    void findsTitleSectionsWordsAndLanguageOfMarkdown() {
        CleanedArticle article = cleaner.clean(resource("seed-000.txt"), "seed-000.txt");

        assertThat(article.contentType()).isEqualTo("text/markdown");
        assertThat(article.title()).isEqualTo("Stem Cell Research Institutions in Islamic Nation");
        assertThat(article.language()).isEqualTo("eng");
        assertThat(article.wordCount()).isBetween(280, 360);
        assertThat(article.sections()).extracting(Section::heading).first()
                .isEqualTo("Stem Cell Research Institutions in Islamic Nation");
        assertThat(article.sections().get(0).paragraphs()).isNotEmpty()
                .allSatisfy(p -> assertThat(article.body()).contains(p));
    }

    @Test
    void anXhtmlPageIsReadInTheEncodingItsXmlDeclarationNames() {
        String page = "<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0"
                + " Strict//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\n<html><head><title>Лечение"
                + "</title></head><body><p>Пациенты с раком молочной железы получали тамоксифен.</p></body></html>";
        CleanedArticle article = cleaner.clean(page.getBytes(java.nio.charset.Charset.forName("windows-1251")), "a.xhtml");
        assertThat(article.title()).isEqualTo("Лечение");
        assertThat(article.body()).contains("Пациенты с раком молочной железы получали тамоксифен.");
    }

    @Test
    void aReferenceMarkIsKeptApartFromItsWordButAPowerStaysOnItsUnit() {
        String html = "<html><body><p>Women with breast cancer<sup>1,2</sup> and ovarian cancer<sup>[3]</sup> had a BMI "
                + "of 31 kg/m<sup>2</sup>, 10<sup>6</sup> cells and H<sub>2</sub>O.</p></body></html>";
        assertThat(cleaner.clean(html.getBytes(StandardCharsets.UTF_8), "a.html").body()).isEqualTo("Women with breast "
                + "cancer 1,2 and ovarian cancer [3] had a BMI of 31 kg/m2, 106 cells and H2O.\n");
    }

    @Test
    void markdownFrontMatterGivesTheTitleAndIsNoPartOfTheText() {
        String md = "---\ntitle: \"Tamoxifen in breast cancer\"\nauthor: A. Writer\ntags:\n  - oncology\n---\n\n"
                + "## Methods\n\nWe treated 40 patients.\n";
        CleanedArticle article = cleaner.clean(md.getBytes(StandardCharsets.UTF_8), "paper.md");

        assertThat(article.title()).isEqualTo("Tamoxifen in breast cancer");
        assertThat(article.body()).isEqualTo("## Methods\n\nWe treated 40 patients.\n");
        String rule = "---\nNot front matter, a rule and a line.\n---\n\n## Results\n";
        assertThat(cleaner.clean(rule.getBytes(StandardCharsets.UTF_8), "notes.md").body()).isEqualTo(rule);
        String unclosed = "---\n" + "key: value\n".repeat(50_000) + "## End\n";
        assertThat(cleaner.clean(unclosed.getBytes(StandardCharsets.UTF_8), "long.md").body()).startsWith("---\nkey");
    }

    @Test
    void aYamlTitleWrittenOverSeveralLinesIsTheWholeTitle() {
        for (String title : new String[] {"|\n  Tamoxifen in breast cancer", ">-\n  Tamoxifen in\n  breast cancer",
                "Tamoxifen in\n  breast cancer", "\"Tamoxifen in\n  breast cancer\""}) {
            String md = "---\ntitle: " + title + "\nauthor: A. Writer\n---\n\nWe treated 40 patients.\n";
            CleanedArticle article = cleaner.clean(md.getBytes(StandardCharsets.UTF_8), "paper.md");
            assertThat(article.title()).as(title).isEqualTo("Tamoxifen in breast cancer");
        }
    }

    @Test
    void tomlFrontMatterAsHugoWritesItGivesTheTitleAndIsNoPartOfTheText() {
        String md = "+++\ntitle = \"Tamoxifen in breast cancer\"\ndate = 2024-05-01\n# draft until review\n"
                + "tags = [\n  \"oncology\",\n]\n\n[params]\nauthor = 'A. Writer'\n+++\n\nWe treated 40 patients.\n";
        CleanedArticle article = cleaner.clean(md.getBytes(StandardCharsets.UTF_8), "paper.md");

        assertThat(article.title()).isEqualTo("Tamoxifen in breast cancer");
        assertThat(article.body()).isEqualTo("We treated 40 patients.\n");
    }

    @Test
    void aMarkdownTitleIsItsTextWithoutInlineMarkup() {
        String md = "# A *new* therapy for **breast cancer**: `TAM-1` in [Oman](https://x.org/oman) ![logo](l.png)\n\n"
                + "The snake_case name and 2*3*4 stay.\n";
        CleanedArticle article = cleaner.clean(md.getBytes(StandardCharsets.UTF_8), "paper.md");

        assertThat(article.title()).isEqualTo("A new therapy for breast cancer: TAM-1 in Oman logo");
        assertThat(article.body()).isEqualTo(md);
        String setext = "Tamoxifen and __survival__ in gene_x carriers, 2*3*4\n===\n\nText.\n";
        assertThat(cleaner.clean(setext.getBytes(StandardCharsets.UTF_8), "b.md").title())
                .isEqualTo("Tamoxifen and survival in gene_x carriers, 2*3*4");
    }

    @Test
    void aMarkdownTitleIsItsTextWithoutReferenceLinksFootnotesHtmlEntitiesOrEscapes() {
        String[][] titles = {
            {"# [Tamoxifen after surgery][1]\n", "Tamoxifen after surgery"},
            {"# Tamoxifen after surgery[^note]\n", "Tamoxifen after surgery"},
            {"# Tamoxifen <em>after</em> surgery in breast cancer<sup>1,2</sup>\n",
                "Tamoxifen after surgery in breast cancer 1,2"},
            {"# Tamoxifen &amp; surgery &mdash; a review\n", "Tamoxifen & surgery — a review"},
            {"# Tamoxifen ~~before~~ after surgery, see <https://x.org/t>\n",
                "Tamoxifen before after surgery, see https://x.org/t"},
            {"# Tamoxifen \\*after\\* surgery\n", "Tamoxifen *after* surgery"},
            {"> # Tamoxifen after surgery\n", "Tamoxifen after surgery"},
            {"    # an indented code block\n\nTamoxifen after surgery\n", "Tamoxifen after surgery"},
        };
        for (String[] title : titles) {
            String md = title[0] + "\nWe treated 40 patients.\n\n[1]: https://x.org\n[^note]: A note.\n";
            assertThat(cleaner.clean(md.getBytes(StandardCharsets.UTF_8), "paper.md").title()).as(title[0])
                    .isEqualTo(title[1]);
        }
    }

    @Test
    void splitsMarkdownIntoSectionsUnderEachHeading() {
        String md = "Intro line\n\n## Methods\nWe used cells.\n\nMore text.\n\nResults\n=======\n\nIt worked.\n\n"
                + "```\n# not a heading\n```\n";
        CleanedArticle article = cleaner.clean(md.getBytes(StandardCharsets.UTF_8), "paper.md");

        assertThat(article.body()).isEqualTo(md);
        assertThat(article.title()).isEqualTo("Methods");
        assertThat(article.sections()).extracting(Section::heading).containsExactly("", "Methods", "Results");
        assertThat(article.sections().get(1).paragraphs()).containsExactly("We used cells.", "More text.");
        assertThat(article.sections().get(2).paragraphs()).containsExactly("It worked.", "```\n# not a heading\n```");
    }

    @Test
    void aCodeBlockEndsOnlyAtAFenceOfItsOwnKindAndLength() {
        String md = "## Methods\n\n````markdown\n```\n# not a heading\n```\n````\n\n~~~\n```\n~~~\n\n"
                + "```sh\necho done ``` \n# still code\n```\n\n## Results\n\nIt worked.\n";
        CleanedArticle article = cleaner.clean(md.getBytes(StandardCharsets.UTF_8), "paper.md");

        assertThat(article.body()).isEqualTo(md);
        assertThat(article.sections()).extracting(Section::heading).containsExactly("Methods", "Results");
        assertThat(article.sections().get(0).paragraphs()).containsExactly("````markdown\n```\n# not a heading\n```\n````",
                "~~~\n```\n~~~", "```sh\necho done ``` \n# still code\n```");
    }

    @Test
    void aMarkdownFileOpeningWithCodeHtmlATableOrARuleIsTitledByItsFirstProse() {
        String prose = "Tamoxifen after surgery for breast cancer.\n";
        for (String opening : new String[] {"```python\nimport x\n```\n", "~~~\ncode\n~~~\n",
                "<div align=\"center\">\n<img src=\"logo.png\">\n</div>\n", "<!-- draft 3 -->\n",
                "| a | b |\n|---|:-:|\n| 1 | 2 |\n", "---\n", "* * *\n"}) {
            String md = opening + "\n" + prose;
            CleanedArticle article = cleaner.clean(md.getBytes(StandardCharsets.UTF_8), "paper.md");

            assertThat(article.title()).as(opening).isEqualTo(prose.strip());
            assertThat(article.body()).isEqualTo(md);
        }
        String inline = "<b>Tamoxifen</b> after surgery for breast cancer.\n\nText.\n";
        assertThat(cleaner.clean(inline.getBytes(StandardCharsets.UTF_8), "paper.md").title())
                .as("a paragraph opening with inline HTML is prose").isEqualTo("Tamoxifen after surgery for breast cancer.");
    }

    @Test
    void aHeadingInAMarkdownHtmlCommentIsHiddenAndAnHtmlHeadingIsAHeading() {
        String md = "<!--\n# Old title\n\n## Old part\n-->\n\n# Tamoxifen after surgery\n\nText.\n";
        CleanedArticle article = cleaner.clean(md.getBytes(StandardCharsets.UTF_8), "paper.md");

        assertThat(article.title()).isEqualTo("Tamoxifen after surgery");
        assertThat(article.sections()).extracting(Section::heading).containsExactly("", "Tamoxifen after surgery");
        String html = "<h1 align=\"center\">Tamoxifen <em>after</em> surgery</h1>\n\nText.\n\n<h2>Methods</h2>\n\nMore.\n";
        CleanedArticle headed = cleaner.clean(html.getBytes(StandardCharsets.UTF_8), "readme.md");
        assertThat(headed.title()).isEqualTo("Tamoxifen after surgery");
        assertThat(headed.sections()).extracting(Section::heading).containsExactly("Tamoxifen after surgery", "Methods");
        assertThat(headed.body()).isEqualTo(html);
    }

    @Test
    void usesFirstLineAsTitleOfPlainText() {
        CleanedArticle article = cleaner.clean("Stem cells in Jordan\nA new centre opened.\n".getBytes(), "x.txt");
        assertThat(article.contentType()).isEqualTo("text/plain");
        assertThat(article.title()).isEqualTo("Stem cells in Jordan");
        assertThat(article.wordCount()).isEqualTo(8);
    }

    @Test
    void guessesLanguageOfOtherLanguagesAndSaysUndeterminedForTooLittleText() {
        String german = "Die Stammzelltherapie wird in vielen Ländern erforscht, und die Ergebnisse der klinischen "
                + "Studien sind vielversprechend für Patienten mit Blutkrankheiten.";
        assertThat(cleaner.clean(german.getBytes(StandardCharsets.UTF_8), "de.txt").language()).isEqualTo("deu");
        assertThat(cleaner.clean("OK 42".getBytes(), "short.txt").language()).isEqualTo("und");
    }

    @Test
    void extractsVisibleTextTitleAndSectionsFromHtml() {
        String html = "<!DOCTYPE html><html><head><title>Cell therapy news</title><style>p{color:red}</style>"
                + "<script>var x = 'hidden';</script></head><body><nav hidden>Menu</nav>"
                + "<h1>Stem cells &amp; Jordan</h1><p>The <b>University of Jordan</b> opened a\n   centre.</p>"
                + "<div style=\"display:none\">secret</div><h2>Therapies</h2><ul><li>CAR-T</li><li>Gene therapy</li></ul>"
                + "<p>Line one<br>line two</p></body></html>";
        CleanedArticle article = cleaner.clean(html.getBytes(StandardCharsets.UTF_8), "page.txt");

        assertThat(article.contentType()).isEqualTo("text/html");
        assertThat(article.title()).isEqualTo("Cell therapy news");
        assertThat(article.body()).isEqualTo("Stem cells & Jordan\n\nThe University of Jordan opened a centre.\n\n"
                + "Therapies\n\nCAR-T\n\nGene therapy\n\nLine one\nline two\n");
        assertThat(article.sections()).extracting(Section::heading).containsExactly("Stem cells & Jordan", "Therapies");
        assertThat(article.sections().get(1).paragraphs()).containsExactly("CAR-T", "Gene therapy", "Line one\nline two");
    }

    @Test
    void givesTheSameTextAsPlainTextAndAsHtmlTheSameBodySoTheSameId() {
        String line = "The patient received treatment at the Mayo Clinic and was given tamoxifen daily.";
        String asText = cleaner.clean((line + "\n").getBytes(StandardCharsets.UTF_8), "same.txt").body();
        String asHtml = cleaner.clean(("<html><body><p>" + line + "</p></body></html>").getBytes(StandardCharsets.UTF_8),
                "same.html").body();
        assertThat(asHtml).isEqualTo(asText).isEqualTo(line + "\n");
    }

    @Test
    void anHtmlParagraphOfNoBreakSpacesAloneIsNoParagraph() {
        String line = "The patient received treatment at the Mayo Clinic and was given tamoxifen daily.";
        String word = "<html><body><p class=MsoNormal>&nbsp;</p><p class=MsoNormal>" + line + "</p>"
                + "<p class=MsoNormal>&nbsp; &#8239;&#8199;</p><div>\u00a0</div></body></html>";
        CleanedArticle article = cleaner.clean(word.getBytes(StandardCharsets.UTF_8), "saved-from-word.htm");

        assertThat(article.body()).isEqualTo(line + "\n");
        assertThat(article.sections().get(0).paragraphs()).containsExactly(line);
        assertThat(article.wordCount()).isEqualTo(13);
    }

    @Test
    void rejectsAnHtmlPageThatOnlyRedirectsSayingWhereTo() {
        String redirect = "<html><head><title>Redirecting</title><meta http-equiv=\"Refresh\" content=\"0; "
                + "URL='https://doi.org/10.1000/xyz'\"></head><body><p>Redirecting to the article... "
                + "<a href=\"https://doi.org/10.1000/xyz\">click here</a> if nothing happens.</p></body></html>";
        assertThatThrownBy(() -> cleaner.clean(redirect.getBytes(StandardCharsets.UTF_8), "article.html"))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("only redirects")
                .hasMessageContaining("https://doi.org/10.1000/xyz")
                .satisfies(e -> assertThat(((RejectedInputException) e).action()).contains("save that page"));
        String article = "<html><head><meta http-equiv=\"refresh\" content=\"300\"></head><body><p>"
                + "Tamoxifen in breast cancer.</p></body></html>";
        assertThat(cleaner.clean(article.getBytes(StandardCharsets.UTF_8), "news.html").body())
                .isEqualTo("Tamoxifen in breast cancer.\n");
    }

    @Test
    void takesHtmlTitleFromFirstH1WhenThereIsNoTitleElement() {
        String html = "<html><body><h1>Royan Institute</h1><p>News from Tehran about stem cells.</p></body></html>";
        assertThat(cleaner.clean(html.getBytes(StandardCharsets.UTF_8), "a.htm").title()).isEqualTo("Royan Institute");
    }

    @Test
    void takesTheFirstH1WhereTheTitleElementAddsTheSitesNameToItOrIsAPlaceholder() {
        for (String title : new String[] {"Royan  institute | Stem Cell News", "Stem Cell News - Royan Institute",
                "Untitled Document", "Untitled", "Document1", "index.html", "Home"}) {
            String html = "<html><head><title>" + title + "</title></head><body><h1>Royan Institute</h1>"
                    + "<p>News from Tehran about stem cells.</p></body></html>";
            assertThat(cleaner.clean(html.getBytes(StandardCharsets.UTF_8), "a.htm").title()).as(title)
                    .isEqualTo("Royan Institute");
        }
        String own = "<html><head><title>Stem cell therapy in Iran</title></head><body><h1>News</h1><p>From Tehran."
                + "</p></body></html>";
        assertThat(cleaner.clean(own.getBytes(StandardCharsets.UTF_8), "b.htm").title()).isEqualTo("Stem cell therapy in Iran");
    }

    @Test
    void anElementOfAriasHeadingRoleIsAHeadingAsH1ToH6Are() {
        String html = "<html><head><title>Royan Institute | Stem Cell News</title></head><body>"
                + "<div role=\"heading\" aria-level=\"1\">Royan Institute</div><div>News from Tehran.</div>"
                + "<span role=heading aria-level=2>Methods</span><div>Cells were grown.</div></body></html>";
        CleanedArticle article = cleaner.clean(html.getBytes(StandardCharsets.UTF_8), "app.html");

        assertThat(article.title()).isEqualTo("Royan Institute");
        assertThat(article.sections()).extracting(Section::heading).containsExactly("Royan Institute", "Methods");
        assertThat(article.body()).isEqualTo("Royan Institute\n\nNews from Tehran.\n\nMethods\n\nCells were grown.\n");
    }

    @Test
    void anH1TakenAsTitleReadsAsItDoesInTheBodyWithItsReferenceMarkApart() {
        String html = "<html><body><h1>Tamoxifen in breast cancer<sup>1,2</sup> after<br>surgery</h1><p>Text.</p>"
                + "</body></html>";
        CleanedArticle article = cleaner.clean(html.getBytes(StandardCharsets.UTF_8), "a.html");

        assertThat(article.title()).isEqualTo("Tamoxifen in breast cancer 1,2 after surgery");
        assertThat(article.body()).startsWith("Tamoxifen in breast cancer 1,2 after surgery\n");
    }

    @Test
    void takesHtmlTitleFromTheFirstH1AReaderSeesNotAHiddenOne() {
        for (String hidden : new String[] {"<template><h1>Template heading</h1></template>",
                "<noscript><h1>Please enable JavaScript</h1></noscript>", "<h1 hidden>Search keywords</h1>",
                "<div style=\"display: none\"><h1>Old title</h1></div>"}) {
            String html = "<html><body>" + hidden + "<h1>Royan Institute</h1><p>News from Tehran about stem cells.</p>"
                    + "</body></html>";
            assertThat(cleaner.clean(html.getBytes(StandardCharsets.UTF_8), "a.htm").title()).as(hidden)
                    .isEqualTo("Royan Institute");
        }
    }

    @Test
    void leavesOutHtmlTextHiddenByVisibilityAsByDisplay() {
        String html = "<html><body><p style=\"color:#fff; VISIBILITY: hidden\">cancer cancer cancer keywords</p>"
                + "<p>News from Tehran about stem cells.</p><p style=\"visibility:visible\">Seen.</p></body></html>";
        CleanedArticle article = cleaner.clean(html.getBytes(StandardCharsets.UTF_8), "stuffed.html");
        assertThat(article.body()).isEqualTo("News from Tehran about stem cells.\n\nSeen.\n");
        assertThat(article.title()).isEqualTo("News from Tehran about stem cells.");
    }

    @Test
    void readsHtmlAsABrowserDrawsItNeitherGluingWordsNorAddingWhatItDoesNotDraw() {
        String html = "<html><body><h1>Screening</h1><p>Mammography<center>Figure 1</center>reduces mortality.</p>"
                + "<fieldset><legend>Trial</legend>Randomised</fieldset><menu><li>Methods</li></menu>"
                + "<p>Search<input type=search><button>Go</button>now. Language <select><option>English"
                + "<option>Deutsch</select></p>"
                + "<p>The energy is <math><semantics><mrow><mi>E</mi><mo>=</mo><mi>m</mi><msup><mi>c</mi><mn>2</mn>"
                + "</msup></mrow><annotation encoding=\"application/x-tex\">E=mc^{2}</annotation></semantics></math>.</p>"
                + "<dialog><p>We use cookies. Accept all?</p></dialog><dialog open><p>Opened.</p></dialog>"
                + "<p><![CDATA[ keywords cancer cancer ]]></p></body></html>";
        CleanedArticle article = cleaner.clean(html.getBytes(StandardCharsets.UTF_8), "a.html");
        assertThat(article.body()).isEqualTo("Screening\n\nMammography\n\nFigure 1\n\nreduces mortality.\n\nTrial\n\n"
                + "Randomised\n\nMethods\n\nSearch Go now. Language\n\nThe energy is E=mc2.\n\nOpened.\n");
    }

    @Test
    void leavesOutTheSitesMenusHeaderAndFooterAroundAnHtmlArticle() {
        String article = "<p>Mammography reduces mortality.</p>";
        String[] pages = {
            "<nav><ul><li>Home</li><li>Journals</li></ul></nav><header><div>Journal of Tests</div>"
                    + "<form role=search>Search<input></form></header><main><h1>Screening</h1>" + article
                    + "<nav>Contents: Screening</nav></main><aside>Most read: Ten tips</aside>"
                    + "<footer>Copyright 2024 Publisher. Privacy policy.</footer>",
            "<header><h1>Blog of Tests</h1></header><article><header><h1>Screening</h1></header>" + article
                    + "</article><div role=contentinfo>Contact us</div>",
            "<div role=navigation>Home | About</div><div role=main><h1>Screening</h1>" + article + "</div>",
            "<header><h1>Screening</h1></header>" + article + "<footer>Copyright 2024 Publisher.</footer>",
        };
        for (String page : pages) {
            CleanedArticle cleaned = cleaner.clean(("<html><body>" + page + "</body></html>")
                    .getBytes(StandardCharsets.UTF_8), "a.html");
            assertThat(cleaned.body()).as(page).isEqualTo("Screening\n\nMammography reduces mortality.\n");
            assertThat(cleaned.title()).as(page).isEqualTo("Screening");
        }
        String allInAMenu = "<html><body><nav><p>Mammography reduces mortality.</p></nav></body></html>";
        assertThat(cleaner.clean(allInAMenu.getBytes(StandardCharsets.UTF_8), "a.html").body())
                .isEqualTo("Mammography reduces mortality.\n");
    }

    @Test
    void rejectsTextThatHoldsNoProseEncodedDataANumberTableOrMinifiedCode() {
        java.util.Random random = new java.util.Random(5);
        byte[] data = new byte[3000];
        random.nextBytes(data);
        String base64 = java.util.Base64.getMimeEncoder().encodeToString(data);
        StringBuilder hexDump = new StringBuilder();
        for (int row = 0; row < 100; row++) {
            hexDump.append(String.format("%08x ", row * 16));
            for (int i = 0; i < 16; i++) {
                hexDump.append(String.format(" %02x", data[row * 16 + i] & 0xFF));
            }
            hexDump.append('\n');
        }
        StringBuilder numbers = new StringBuilder();
        for (int row = 0; row < 100; row++) {
            numbers.append(row).append('\t').append(row * 0.37).append('\t').append(row * row).append('\n');
        }
        String css = ".nav{display:flex;margin:0 auto}.nav>li{padding:2px 4px;color:#333}@media(max-width:600px){.x{display:none}}"
                .repeat(20);
        for (String text : new String[] {base64, base64.replace("\r\n", ""), hexDump.toString(), numbers.toString(), css}) {
            assertThatThrownBy(() -> cleaner.clean(text.getBytes(StandardCharsets.UTF_8), "notes.txt"))
                    .as(text.substring(0, 40)).isInstanceOf(RejectedInputException.class)
                    .hasMessageContaining("holds no prose");
        }
        String[] prose = {
            "乳腺癌筛查可以降低死亡率，研究表明，在五十岁至六十九岁的女性中，定期乳腺X线摄影检查使死亡率下降了约百分之二十。".repeat(8),
            "\\section{Results}\nScreening with mammography reduces mortality \\cite{smith2019} among women aged 50--69, "
                    + "$\\mathrm{HR} = 0.8$ (95\\% CI 0.7--0.9), \\begin{equation}R = \\frac{\\sum_{i=1}^{n} x_i}{n}\\end{equation}\n",
            ">".repeat(5_000) + " Stem cell therapy trials at the Royan Institute report progress against type 1 diabetes "
                    + "and Parkinson's disease, with regenerative treatments moving into clinical use in Tehran.\n",
            "# Vaccination coverage by district\n\nThe Ministry of Health published coverage figures for every district "
                    + "of the country this week.\n\nCoverage of the measles vaccine rose in most districts, but it fell in "
                    + "three of them.\n\n| District | 2023 | 2024 |\n|---|---|---|\n" + "| D7 | 91.5 | 88.2 |\n".repeat(300),
            "References\n" + "1. Smith J, Doe A. Tamoxifen after surgery. J Clin Oncol. 2019;37(12):1021-1030. "
                    + "doi:10.1200/JCO.18.01234\n".repeat(6),
        };
        for (String text : prose) {
            assertThat(cleaner.clean(text.getBytes(StandardCharsets.UTF_8), "a.md").body()).as(text.substring(0, 20))
                    .isNotEmpty();
        }
    }

    @Test
    void countsAPagesVisibleTextTowardsTheTextLimitNotItsScriptsStylesAndEmbeddedImages() {
        ArticleCleaner limited = new ArticleCleaner(10_000);
        String image = "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(new byte[9_000]);
        String saved = "<!DOCTYPE html><html><head><title>Tamoxifen after surgery</title><script>var state = \""
                + "x".repeat(12_000) + "\";</script><style>" + ".a{color:red}".repeat(1_000) + "</style></head><body>"
                + "<img src=\"" + image + "\"><p>Women treated with tamoxifen lived longer.</p></body></html>";
        assertThat(limited.clean(saved.getBytes(StandardCharsets.UTF_8), "saved.html").body())
                .isEqualTo("Women treated with tamoxifen lived longer.\n");
        String longPage = "<html><body><p>" + "Women treated with tamoxifen lived longer. ".repeat(300) + "</p></body></html>";
        assertThatThrownBy(() -> limited.clean(longPage.getBytes(StandardCharsets.UTF_8), "long.html"))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("INGEST_MAX_TEXT");
    }

    @Test
    void readsHtmlInItsDeclaredLegacyCharset() {
        String html = "<html><head><meta charset=\"windows-1252\"><title>Café</title></head>"
                + "<body><p>A patient’s “cure”</p></body></html>";
        CleanedArticle article = cleaner.clean(html.getBytes(Charset.forName("windows-1252")), "a.html");
        assertThat(article.body()).isEqualTo("A patient’s “cure”\n");
        assertThat(article.title()).isEqualTo("Café");
    }

    @Test
    void readsIso88591AndAsciiLabelsAsWindows1252AsBrowsersDo() {
        String text = "The patient’s “remission” was confirmed — café. ".repeat(5).strip();
        for (String meta : new String[] {"<meta charset=\"ISO-8859-1\">", "<meta charset=us-ascii>",
                "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=latin1\">"}) {
            String html = "<html><head>" + meta + "<title>Quotes</title></head><body><p>" + text + "</p></body></html>";
            assertThat(cleaner.clean(html.getBytes(TextDecoder.WINDOWS_1252), "a.html").body()).as(meta).startsWith(text);
        }
    }

    @Test
    void takesAPageDeclaringUtf16AsUtf8AndIgnoresADeclarationInAComment() {
        for (String meta : new String[] {"<meta charset=\"utf-16\">", "<meta charset=\"UTF-16LE\">", "<meta charset=utf-16be>",
                "<!-- old: <meta charset=\"windows-1251\"> -->"}) {
            String html = "<html><head>" + meta + "<title>Café study</title></head><body><p>Café study of a patient.</p></body></html>\n";
            byte[] latin1 = html.getBytes(StandardCharsets.ISO_8859_1);
            CleanedArticle article = cleaner.clean(latin1.length % 2 == 0 ? latin1 : bom(latin1, new byte[] {'\n'}), "a.html");
            assertThat(article.title()).as(meta).isEqualTo("Café study");
            assertThat(article.body()).as(meta).startsWith("Café study of a patient.");
        }
    }

    @Test
    void rejectsEmptyAndWhitespaceOnlyFilesWithReason() {
        assertThatThrownBy(() -> cleaner.clean(new byte[0], "a.txt"))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> cleaner.clean(" \n\t\r\n ".getBytes(), "a.txt"))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("white space");
        assertThatThrownBy(() -> cleaner.clean("<html><body><script>x()</script></body></html>".getBytes(), "a.html"))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("no visible text");
    }

    @Test
    void rejectsBinaryFileWithTextExtension() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        assertThatThrownBy(() -> cleaner.clean(png, "photo.txt"))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("PNG image")
                .satisfies(e -> assertThat(((RejectedInputException) e).action()).contains("convert"));
        byte[] random = new byte[4096];
        new java.util.Random(7).nextBytes(random);
        assertThatThrownBy(() -> cleaner.clean(random, "notes.md"))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("binary");
    }

    @Test
    void readsUtf16AndUtf32WithoutAByteOrderMarkByWhereTheirZeroBytesStand() {
        String text = "Tamoxifen reduced the recurrence of breast cancer in Tehran (café, naïve, 12 µg).\n";
        for (String encoding : new String[] {"UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"}) {
            assertThat(bodyOf(text.getBytes(Charset.forName(encoding)))).as(encoding).isEqualTo(text);
        }
        String russian = "Исследования стволовых клеток в институте Рояна. ".repeat(3);
        assertThatThrownBy(() -> cleaner.clean(russian.getBytes(StandardCharsets.UTF_16LE), "a.txt"))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("UTF-16 text without a byte-order mark");
    }

    @Test
    void readsUtf8WithAStrayWindows1252BytePastedIn() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        bytes.writeBytes("Complete “remission” was seen at the caf".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xE9); // é in Windows-1252: not UTF-8, while ” (E2 80 9D) holds a byte Windows-1252 lacks
        bytes.writeBytes(" near the clinic.\n".getBytes(StandardCharsets.UTF_8));
        assertThat(cleaner.clean(bytes.toByteArray(), "a.txt").body())
                .isEqualTo("Complete “remission” was seen at the café near the clinic.\n");
    }

    @Test
    void readsUtf8WhoseSurrogatePairsAreEncodedHalfByHalfAsJavaWritesThem() throws IOException {
        String text = "\uD835\uDEFD-blockers after myocardial infarction\nCarvedilol (\uD835\uDEFD\u2081 and \uD835\uDEFD\u2082) "
                + "lowered mortality, café.\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new java.io.DataOutputStream(out).writeUTF(text); // modified UTF-8: each half of a pair on its own
        byte[] cesu = java.util.Arrays.copyOfRange(out.toByteArray(), 2, out.size());

        CleanedArticle article = cleaner.clean(cesu, "export.txt");

        assertThat(article.body()).isEqualTo(text);
        assertThat(article.title()).isEqualTo("\uD835\uDEFD-blockers after myocardial infarction");
    }

    @Test
    void rejectsBytesInvalidInEveryEncoding() {
        byte[] bytes = "Stem cell therapy \u0081\u008D\u0090 report".getBytes(StandardCharsets.ISO_8859_1);
        bytes[18] = (byte) 0xC3; // a UTF-8 lead byte followed by 0x81 0x8D: not UTF-8; 0x81 is undefined in Windows-1252
        assertThatThrownBy(() -> cleaner.clean(bytes, "a.txt"))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("not text in any encoding");
        byte[] badUtf16 = bom(new byte[] {(byte) 0xFE, (byte) 0xFF}, new byte[] {0, 'a', (byte) 0xD8, 0, 0, 'b'});
        assertThatThrownBy(() -> cleaner.clean(badUtf16, "a.txt"))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("UTF-16BE");
    }

    private String bodyOf(byte[] bytes) {
        return cleaner.clean(bytes, "a.md").body();
    }

    static byte[] bom(byte[] mark, byte[] rest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(mark);
        out.writeBytes(rest);
        return out.toByteArray();
    }

    @Test
    void rejectsMarkdownWithoutTextInsteadOfMakingAnEmptyArticle() {
        assertThatThrownBy(() -> cleaner.clean("# \n\n---\n\n- \n> \n***\n".getBytes(StandardCharsets.UTF_8), "a.md"))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("no text");
    }

    @Test
    void rejectsTextOverTheLimitSayingWhichSettingRaisesIt() {
        String text = "word ".repeat(1_000);
        assertThatThrownBy(() -> new ArticleCleaner(1_000).clean(text.getBytes(StandardCharsets.UTF_8), "a.txt"))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("INGEST_MAX_TEXT");
        assertThatThrownBy(() -> new ArticleCleaner(1_000).clean(("<html><body><p>" + text + "</p></body></html>")
                .getBytes(StandardCharsets.UTF_8), "a.html"))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("INGEST_MAX_TEXT");
    }

    @Test
    void sniffsTheSameFormatWhateverTheLineEnds() {
        String markdown = "# Gene therapy\n\nA first paragraph.\n\n## Results\n\nA second one.\n";
        for (String variant : new String[] {markdown, markdown.replace("\n", "\r\n"), markdown.replace("\n", "\r")}) {
            assertThat(cleaner.clean(variant.getBytes(StandardCharsets.UTF_8), "article").contentType())
                    .isEqualTo("text/markdown");
        }
    }

    @Test
    void westernEuropeanTextInALegacyEncodingIsReadAndOtherScriptsInOneAreRefused() {
        String portuguese = "A terapia com células-tronco na Instituição Royan: pacientes com diabetes tipo 1 e "
                + "doença de Parkinson mostram melhora após três anos de tratamento à base de células. ";
        String french = "Les essais cliniques à l'Institut Royan ont démontré une amélioration chez des patients "
                + "atteints de diabète, même après l'arrêt du traitement régénératif. ";
        for (String text : new String[] {portuguese.repeat(5), french.repeat(5)}) {
            assertThat(cleaner.clean(text.getBytes(StandardCharsets.ISO_8859_1), "a.txt").body()).isEqualTo(text.strip() + "\n");
            assertThat(cleaner.clean(text.getBytes(TextDecoder.WINDOWS_1252), "a.txt").body()).isEqualTo(text.strip() + "\n");
        }
        String greek = "Οι κλινικές δοκιμές στο Ινστιτούτο Ρογιάν δείχνουν πρόοδο στη θεραπεία του διαβήτη. ".repeat(3);
        String korean = "로얀 연구소의 줄기세포 치료 임상시험은 당뇨병 치료의 진전을 보고했다. ".repeat(3);
        assertThatThrownBy(() -> cleaner.clean(greek.getBytes(Charset.forName("windows-1253")), "g.txt"))
                .hasMessageContaining("legacy encoding of another script");
        assertThatThrownBy(() -> cleaner.clean(korean.getBytes(Charset.forName("EUC-KR")), "k.txt"))
                .hasMessageContaining("legacy encoding of another script");
        assertThat(cleaner.clean(("<html><head><meta charset=\"windows-1253\"></head><body><p>" + greek + "</p></body></html>")
                .getBytes(Charset.forName("windows-1253")), "g.html").body()).contains("Ινστιτούτο Ρογιάν");
    }

    @Test
    void leavesOutHtmlTextNoReaderSeesHowEverItsInlineStyleHidesIt() {
        String visible = "<p>Tamoxifen reduced the recurrence of breast cancer in Tehran.</p>";
        for (String hidden : new String[] {"<p style=\"font-size:0\">hidden words</p>",
                "<div style=\"font-size: 0px\"><p><span>hidden words</span></p></div>",
                "<p style=\"opacity: 0\">hidden words</p>", "<p style=\"position:absolute; left:-9999px\">hidden words</p>",
                "<p style=\"text-indent:-10000px\">hidden words</p>",
                "<p style=\"position:absolute;clip:rect(0 0 0 0)\">hidden words</p>",
                "<p style=\"clip-path: inset(50%)\">hidden words</p>", "<p style=\"transform:scale(0)\">hidden words</p>",
                "<div style=\"height:0;overflow:hidden\"><p>hidden words</p></div>",
                "<span style=\"width:1px;height:1px;overflow:hidden;position:absolute\">hidden words</span>",
                "<p style=\"DISPLAY:NONE !important\">hidden words</p>",
                "<span class=\"sr-only\">hidden words</span>", "<a class=\"visually-hidden-focusable\">hidden words</a>",
                "<span class=\"nav screen-reader-text\">hidden words</span>",
                "<p style=\"color:#fff\">hidden words</p>", "<p><font color=\"white\">hidden words</font></p>",
                "<div style=\"color:rgb(255, 255, 255)\"><p>hidden words</p></div>",
                "<p style=\"color:transparent\">hidden words</p>",
                "<div style=\"background:#003366\"><p style=\"color:#036\">hidden words</p></div>",
                "<p><i class=\"icon\" aria-hidden=\"true\">hidden words</i></p>"}) {
            String html = "<html><body><article><h1>Tamoxifen trial</h1>" + visible + hidden + visible
                    + "</article></body></html>";
            CleanedArticle article = cleaner.clean(html.getBytes(StandardCharsets.UTF_8), "hidden.html");
            assertThat(article.body()).as(hidden).doesNotContain("hidden").contains("Tamoxifen reduced");
        }
    }

    @Test
    void keepsHtmlTextAReaderSeesThoughStylesAroundItHideOtherThings() {
        for (String shown : new String[] {
                "<div style=\"font-size:0\"><span style=\"font-size:16px\">shown words</span></div>",
                "<div style=\"background:#003366\"><p style=\"color:#fff\">shown words</p></div>",
                "<p style=\"position:absolute; left:10px; opacity:0.9\">shown words</p>",
                "<p style=\"height:0;overflow:visible\">shown words</p>",
                "<p style=\"text-indent:-1.5em; padding-left:1.5em\">shown words</p>",
                "<p class=\"d-none d-md-block\">shown words</p>",
                "<div aria-hidden=\"true\"><p>shown words</p></div>",
                "<table bgcolor=\"navy\"><tr><td><font color=\"white\">shown words</font></td></tr></table>",
                "<div style=\"color:white\"><p style=\"color:navy\">shown words</p></div>",
                "<div style=\"background:#fff url(dark.png)\"><p style=\"color:#fff\">shown words</p></div>",
                "<div style=\"background-image:linear-gradient(#000, #333)\"><p style=\"color:#fff\">shown words</p></div>",
                "<div style=\"background:#000\"><p style=\"background:transparent;color:#fff\">shown words</p></div>"}) {
            String html = "<html><body><h1>Tamoxifen trial</h1><p>Tamoxifen reduced recurrence.</p>" + shown
                    + "</body></html>";
            assertThat(cleaner.clean(html.getBytes(StandardCharsets.UTF_8), "shown.html").body()).as(shown)
                    .contains("shown words");
        }
        String styled = "<html><head><style>body{background:#111;color:#fff}</style></head><body><h1>Tamoxifen trial</h1>"
                + "<p style=\"color:white\">Shown words on a dark page.</p></body></html>";
        assertThat(cleaner.clean(styled.getBytes(StandardCharsets.UTF_8), "dark.html").body())
                .as("a style sheet may set a dark background, so white text is not taken for hidden")
                .contains("Shown words");
    }

    @Test
    void readsAPageSavedBehindACookieDialogAndLeavesTheDialogOut() {
        String html = "<html><head><title>Tamoxifen trial | Health News</title></head><body>"
                + "<div id=\"wrapper\" aria-hidden=\"true\"><article><h1>Tamoxifen trial</h1>"
                + "<p>Tamoxifen reduced the recurrence of breast cancer in Tehran.</p></article></div>"
                + "<div role=\"dialog\" aria-modal=\"true\"><h2>We value your privacy</h2><p>We use cookies. Accept all?"
                + "</p></div></body></html>";
        CleanedArticle article = cleaner.clean(html.getBytes(StandardCharsets.UTF_8), "saved.html");
        assertThat(article.body()).isEqualTo("Tamoxifen trial\n\nTamoxifen reduced the recurrence of breast cancer in Tehran.\n");
        assertThat(article.title()).isEqualTo("Tamoxifen trial");
        String opened = "<html><body><ul><li>Older story</li></ul><div role=\"dialog\"><article><h1>Tamoxifen trial</h1>"
                + "<p>Tamoxifen reduced recurrence.</p></article></div></body></html>";
        assertThat(cleaner.clean(opened.getBytes(StandardCharsets.UTF_8), "opened.html").body())
                .as("an article opened in a dialog over a list of them").contains("Tamoxifen reduced recurrence.");
    }

    @Test
    void aLineBreakInsideAnHtmlHeadingIsASpace() {
        String html = "<html><body><h1>Tamoxifen<br>after surgery</h1><p>Women took it for five years.<br>Then less.</p>"
                + "<h2>Methods <br/> and results</h2><p>Randomised.</p></body></html>";
        CleanedArticle article = cleaner.clean(html.getBytes(StandardCharsets.UTF_8), "br.html");
        assertThat(article.title()).isEqualTo("Tamoxifen after surgery");
        assertThat(article.sections()).extracting(Section::heading).containsExactly("Tamoxifen after surgery", "Methods and results");
        assertThat(article.body()).isEqualTo("Tamoxifen after surgery\n\nWomen took it for five years.\nThen less.\n\n"
                + "Methods and results\n\nRandomised.\n");
    }

    @Test
    void readsAnEmailMessageSavedAsTextAsItsSubjectAndTheTextItShows() {
        String html = "<html><body><h1>Tamoxifen trial</h1><p>Tamoxifen reduced recurrence in Tehran.</p></body></html>";
        String multipart = "Return-Path: <press@example.org>\r\nReceived: from mail.example.org\r\n\tby mx.example; "
                + "Tue, 3 Mar 2026 09:12:44 +0000\r\nFrom: \"Press Office\" <press@example.org>\r\nTo: desk@example.org\r\n"
                + "Subject: =?UTF-8?Q?Embargoed:_Tamoxifen_trial_=E2=80=93?=\r\n =?UTF-8?B?IHJlc3VsdHM=?=\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/alternative;\r\n boundary=\"b1\"\r\n\r\n"
                + "This is a multi-part message in MIME format.\r\n\r\n--b1\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "Tamoxifen reduced the recurrence of breast cancer in women treated in Tehran, the trial=E2=80=99s inv=\r\n"
                + "estigators reported.\r\n\r\n--b1\r\nContent-Type: text/html; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + java.util.Base64.getMimeEncoder().encodeToString(html.getBytes(StandardCharsets.UTF_8)) + "\r\n--b1--\r\n";
        CleanedArticle article = cleaner.clean(multipart.getBytes(StandardCharsets.US_ASCII), "press.txt");
        assertThat(article.title()).isEqualTo("Embargoed: Tamoxifen trial – results");
        assertThat(article.body()).isEqualTo("Tamoxifen reduced the recurrence of breast cancer in women treated in Tehran, "
                + "the trial’s investigators reported.\n");
        assertThat(article.contentType()).isEqualTo("text/plain");

        String htmlOnly = "From nobody Tue Mar  3 09:12:40 2026\nFrom: press@example.org\nSubject: Tamoxifen news\n"
                + "Content-Type: text/html; charset=\"utf-8\"\nContent-Transfer-Encoding: base64\n\n"
                + java.util.Base64.getMimeEncoder().encodeToString(html.getBytes(StandardCharsets.UTF_8)) + "\n";
        article = cleaner.clean(htmlOnly.getBytes(StandardCharsets.US_ASCII), "press.eml");
        assertThat(article.body()).isEqualTo("Tamoxifen trial\n\nTamoxifen reduced recurrence in Tehran.\n");
        assertThat(article.title()).isEqualTo("Tamoxifen news");

        String plain = "From: Jane Doe <jane@example.org>\nTo: desk@example.org\nSubject: Tamoxifen trial results\n"
                + "Date: Tue, 3 Mar 2026 09:12:40 +0000\n\nTamoxifen reduced recurrence in Tehran.\n";
        assertThat(cleaner.clean(plain.getBytes(StandardCharsets.UTF_8), "mail.txt").body())
                .isEqualTo(cleaner.clean("Tamoxifen reduced recurrence in Tehran.\n".getBytes(StandardCharsets.UTF_8),
                        "text.txt").body());

        String forwarded = "From: desk@example.org\nTo: me@example.org\nSubject: Fwd: Tamoxifen trial results\n"
                + "Content-Type: multipart/mixed; boundary=\"f\"\n\n--f\nContent-Type: text/plain\n\n\n--f\n"
                + "Content-Type: message/rfc822\n\n" + plain + "--f--\n";
        article = cleaner.clean(forwarded.getBytes(StandardCharsets.UTF_8), "fwd.eml");
        assertThat(article.body()).as("a message forwarded whole").isEqualTo("Tamoxifen reduced recurrence in Tehran.\n");
        assertThat(article.title()).isEqualTo("Fwd: Tamoxifen trial results");

        String notAMessage = "Title: Tamoxifen trial\nDate: 2026-03-03\nAuthor: Jane Doe\n\nTamoxifen reduced recurrence.\n";
        assertThat(cleaner.clean(notAMessage.getBytes(StandardCharsets.UTF_8), "a.txt").body())
                .isEqualTo(notAMessage);
    }

    @Test
    void rejectsAnEmailMessageOfOnlyAttachedFilesOrAMailboxOfSeveralSayingWhatToDrop() {
        String attached = "From: a@example.org\nTo: b@example.org\nSubject: Report\n"
                + "Content-Type: multipart/mixed; boundary=XX\n\n--XX\nContent-Type: application/pdf; name=\"trial.pdf\"\n"
                + "Content-Disposition: attachment; filename=\"trial.pdf\"\nContent-Transfer-Encoding: base64\n\n"
                + "JVBERi0xLjQK\n--XX--\n";
        assertThatThrownBy(() -> cleaner.clean(attached.getBytes(StandardCharsets.UTF_8), "report.txt"))
                .hasMessageContaining("e-mail message without text of its own").hasMessageContaining("trial.pdf")
                .extracting(e -> ((RejectedInputException) e).action()).asString().contains("attached");
        String message = "From: a@example.org\nTo: b@example.org\nSubject: News\n\nTamoxifen reduced recurrence.\n\n";
        String mailbox = "From a@example.org Tue Mar  3 09:12:40 2026\n" + message
                + "From a@example.org Wed Mar  4 10:00:00 2026\n" + message;
        assertThatThrownBy(() -> cleaner.clean(mailbox.getBytes(StandardCharsets.UTF_8), "inbox.txt"))
                .hasMessageContaining("mailbox of 2 e-mail messages");
    }

    @Test
    void rejectsMinifiedCodeThatKeepsASpaceAfterItsKeywordsAndKeepsAnArticleWithCodeInIt() {
        assertThatThrownBy(() -> cleaner.clean(HostileFiles.minifiedJavaScript().getBytes(StandardCharsets.UTF_8), "app.txt"))
                .hasMessageContaining("holds no prose").hasMessageContaining("for every 100 letters");
        String tutorial = "# Counting reads per gene\n\nWe counted the reads that fall on each gene of the samples with "
                + "a short script in the R language.\n\n```r\ncounts <- table(reads$gene); keep = counts[counts > 10];\n"
                + "for (g in names(keep)) { plot(density(log(keep[[g]]))); }\n```\n\nGenes with fewer than ten reads "
                + "were left out of the analysis, as the protocol prescribes for such samples.\n";
        assertThat(cleaner.clean(tutorial.getBytes(StandardCharsets.UTF_8), "tutorial.md").body()).isEqualTo(tutorial);
    }

    @Test
    void rejectsMarkdownThatShowsNothingButLinkDefinitionsAndTakesNoTitleFromOne() {
        String definitions = "[1]: https://pubmed.ncbi.nlm.nih.gov/12345678/ \"Tamoxifen for breast cancer\"\n"
                + "[nejm]: https://www.nejm.org/doi/full/10.1056/NEJMoa123456\n  [who]: <https://www.who.int/a b> (WHO)\n"
                + "<!-- draft: breast cancer trial -->\n";
        assertThatThrownBy(() -> cleaner.clean(definitions.getBytes(StandardCharsets.UTF_8), "links.md"))
                .hasMessageContaining("link definitions and comments show nothing");
        String article = "[1]: https://pubmed.ncbi.nlm.nih.gov/12345678/\n\nTamoxifen reduced recurrence [in a trial][1].\n\n"
                + "[^1]: Smith J. N Engl J Med. 2026.\n";
        CleanedArticle read = cleaner.clean(article.getBytes(StandardCharsets.UTF_8), "a.md");
        assertThat(read.title()).isEqualTo("Tamoxifen reduced recurrence in a trial.");
        assertThat(read.body()).isEqualTo(article);
        assertThat(cleaner.clean("[^1]: Smith J. N Engl J Med. 2026.\n".getBytes(StandardCharsets.UTF_8), "note.md").body())
                .as("a footnote is shown").contains("Smith");
    }
}
