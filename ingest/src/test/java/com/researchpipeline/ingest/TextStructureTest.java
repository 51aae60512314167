package com.researchpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.Section;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TextStructureTest {

    /** CommonMark's ATX heading as a regular expression: what the hand reading must agree with. */
    private static final Pattern ATX = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");

    @Test
    void readsAtxHeadingsAsCommonMarksPatternDoesOnRandomLines() {
        Random random = new Random(42);
        char[] alphabet = {'#', '#', '#', ' ', ' ', '\t', 'a', 'b'};
        for (int n = 0; n < 200_000; n++) {
            StringBuilder line = new StringBuilder();
            for (int length = random.nextInt(12); length > 0; length--) {
                line.append(alphabet[random.nextInt(alphabet.length)]);
            }
            Matcher m = ATX.matcher(line);
            TextStructure.Atx atx = TextStructure.Atx.of(line.toString());
            assertThat(atx != null).as("'%s' is a heading", line).isEqualTo(m.matches());
            if (atx != null) {
                assertThat(atx.text()).as("the text of '%s'", line).isEqualTo(m.group(2));
            }
        }
    }

    @Test
    void aHeadingPaddedWithAMillionSpacesIsReadInOnePass() {
        String text = "# Results" + " ".repeat(1_000_000) + "x\n\nBody text.\n";

        TextStructure.Parsed parsed = TextStructure.parse(text, false);

        assertThat(parsed.sections()).extracting(Section::heading).containsExactly("Results" + " ".repeat(1_000_000) + "x");
        assertThat(TextStructure.hasAtxHeading(text)).isTrue();
    }

    @Test
    void aRuleQuoteOrTableRowOfHundredsOfThousandsOfMarksIsReadWithoutRecursion() {
        String[][] titles = {{"-".repeat(200_000), "Tamoxifen after surgery."},
            {"- ".repeat(100_000) + "-", "Tamoxifen after surgery."}, {">".repeat(200_000) + " Quoted", "Quoted"},
            {"---|".repeat(60_000) + ":-:", "Tamoxifen after surgery."}};
        for (String[] title : titles) {
            TextStructure.Parsed parsed = TextStructure.parse(title[0] + "\n\nTamoxifen after surgery.\n", true);

            assertThat(parsed.title()).isEqualTo(title[1]);
        }
    }
}
