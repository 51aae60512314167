package com.researchpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Names made of raw bytes by the shell, as a Windows share or a zip leaves them; Linux only. */
@EnabledOnOs(OS.LINUX)
class UndecodableNamesTest {

    @TempDir
    Path inbox;
    private final UndecodableNames utf8 = new UndecodableNames(StandardCharsets.UTF_8);

    @BeforeEach
    void needsUtf8FileNames() {
        org.junit.jupiter.api.Assumptions.assumeTrue("UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding")),
                "run with a UTF-8 locale (LANG=C.UTF-8)");
    }

    @Test
    void renamesALatin1NameToItsWindows1252ReadingKeepingTheContent() throws Exception {
        shell("printf 'an article' > \"$(printf 'caf\\351 cr\\350me.txt')\"");

        List<UndecodableNames.Renamed> renamed = utf8.renameIn(inbox);

        assertThat(renamed).extracting(UndecodableNames.Renamed::oldName).containsExactly("caf%E9 cr%E8me.txt");
        assertThat(names()).containsExactly("café crème.txt");
        assertThat(inbox.resolve("café crème.txt")).hasContent("an article");
    }

    @Test
    void writesBytesWithoutAWindows1252CharacterAsPercentEscapes() throws Exception {
        shell("printf x > \"$(printf 'a\\201b\\351.txt')\"; printf x > \"$(printf 'no-extension-\\215')\"");

        utf8.renameIn(inbox);

        assertThat(names()).containsExactlyInAnyOrder("a%81b%E9.txt", "no-extension-%8D");
    }

    @Test
    void numbersTheNewNameWhenItIsTakenAndOverwritesNothing() throws Exception {
        Files.writeString(inbox.resolve("café.txt"), "was here first");
        shell("printf 'newcomer' > \"$(printf 'caf\\351.txt')\"");

        utf8.renameIn(inbox);

        assertThat(names()).containsExactlyInAnyOrder("café.txt", "café (2).txt");
        assertThat(inbox.resolve("café.txt")).hasContent("was here first");
        assertThat(inbox.resolve("café (2).txt")).hasContent("newcomer");
    }

    @Test
    void leavesValidNamesWithQuestionMarksOrReplacementCharactersAlone() throws Exception {
        Path question = Files.writeString(inbox.resolve("why?.txt"), "a");
        Path replacement = Files.writeString(inbox.resolve("odd\uFFFD.txt"), "b");
        Path percent = Files.writeString(inbox.resolve("100%E9.txt"), "c");

        assertThat(utf8.repairListed(question.toFile())).isFalse();
        assertThat(utf8.repairListed(replacement.toFile())).isFalse();
        assertThat(utf8.renameIn(inbox)).isEmpty();
        assertThat(names()).containsExactlyInAnyOrder("why?.txt", "odd\uFFFD.txt", "100%E9.txt");
    }

    @Test
    void leavesAWritersHiddenOrTemporaryNameAlone() throws Exception {
        shell("printf x > \"$(printf '.caf\\351.txt.Xa81Q')\"; printf x > \"$(printf 'caf\\351.txt.part')\"");

        assertThat(utf8.renameIn(inbox)).isEmpty();
        assertThat(rawNames()).containsExactlyInAnyOrder(".caf%E9.txt.Xa81Q", "caf%E9.txt.part");
    }

    @Test
    void renamesAFolderWithABadNameAndKeepsItsFiles() throws Exception {
        shell("mkdir \"$(printf 'donn\\351es')\" && printf 'inside' > \"$(printf 'donn\\351es')/article.txt\"");

        utf8.renameIn(inbox);

        assertThat(names()).containsExactly("données");
        assertThat(inbox.resolve("données/article.txt")).hasContent("inside");
    }

    @Test
    void aNameListedLossilyByJavaIoFileRepairsItsFolder() throws Exception {
        shell("printf x > \"$(printf 'caf\\351.txt')\"; printf y > \"$(printf 'na\\357ve.md')\"");
        File[] listed = inbox.toFile().listFiles();

        assertThat(listed).extracting(File::getName).containsExactlyInAnyOrder("caf\uFFFD.txt", "na\uFFFDve.md");
        assertThat(utf8.repairListed(listed[0])).isTrue();
        assertThat(names()).containsExactlyInAnyOrder("café.txt", "naïve.md");
        assertThat(utf8.repairListed(listed[1])).as("gone under its lossy name: nothing left to rename").isTrue();
    }

    @Test
    void aFolderScannedOnceForAListingIsScannedAgainWhenANewNameArrives() throws Exception {
        shell("printf x > \"$(printf 'caf\\351.txt')\"; printf y > \"$(printf 'na\\357ve.md')\"");
        File[] listed = inbox.toFile().listFiles();
        assertThat(utf8.repairListed(listed[0])).isTrue();
        assertThat(names()).containsExactlyInAnyOrder("café.txt", "naïve.md");

        Thread.sleep(20); // the folder's modification time moves on (kept to a few milliseconds or finer)
        shell("printf z > \"$(printf 'se\\361or.txt')\"");
        assertThat(utf8.repairListed(listed[1])).isTrue();
        assertThat(names()).containsExactlyInAnyOrder("café.txt", "naïve.md", "señor.txt");
    }

    @Test
    void aLongNameStillFitsTheFileSystemAndKeepsItsExtension() throws Exception {
        shell("printf x > \"$(printf '" + "\\351".repeat(200) + ".txt')\"; printf x > \"$(printf '"
                + "\\201".repeat(200) + ".txt')\"");

        utf8.renameIn(inbox);

        assertThat(names()).hasSize(2).allSatisfy(name -> {
            assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(Inbox.MAX_NAME_BYTES);
            assertThat(name).endsWith(".txt");
        });
        assertThat(names()).anySatisfy(name -> assertThat(name).startsWith("ééé"))
                .anySatisfy(name -> assertThat(name).startsWith("%81%81%81"));
    }

    @Test
    void underAnAsciiEncodingEveryNonAsciiNameIsEscapedAndTheWarningSaysToUseAUtf8Locale() throws Exception {
        Files.writeString(inbox.resolve("café.txt"), "valid UTF-8, not valid ASCII");
        Files.writeString(inbox.resolve("plain.txt"), "ASCII");
        UndecodableNames ascii = new UndecodableNames(StandardCharsets.US_ASCII);

        List<UndecodableNames.Renamed> renamed = ascii.renameIn(inbox);

        assertThat(names()).containsExactlyInAnyOrder("caf%C3%A9.txt", "plain.txt");
        assertThat(ascii.message(inbox, renamed.get(0).oldName(), "caf%C3%A9.txt"))
                .contains("caf%C3%A9.txt", "not valid US-ASCII", "LANG=C.UTF-8");
        assertThat(utf8.message(inbox, "caf%E9.txt", "café.txt")).contains("caf%E9.txt", "café.txt", "not valid UTF-8")
                .doesNotContain("LANG=");
    }

    @Test
    void renamesANameWithABackslashWhichCamelReadsAsAFolderAndOverwritesNothing() throws Exception {
        Files.writeString(inbox.resolve("2024%5Creport.txt"), "was here first");
        Path listed = Files.writeString(inbox.resolve("2024\\report.txt"), "an article");

        assertThat(utf8.repairBackslash(listed.toFile())).as("nothing taken under the listed name").isTrue();
        assertThat(utf8.repairBackslash(inbox.resolve("2024%5Creport.txt").toFile())).isFalse();

        assertThat(names()).containsExactlyInAnyOrder("2024%5Creport.txt", "2024%5Creport (2).txt");
        assertThat(inbox.resolve("2024%5Creport (2).txt")).hasContent("an article");
        assertThat(org.apache.camel.util.FileUtil.normalizePath(listed.toString())).as("why")
                .isEqualTo(inbox.resolve("2024/report.txt").toString());
    }

    @Test
    void readsTheRawBytesOfANameThroughItsUri() throws Exception {
        shell("printf x > \"$(printf 'a %%25#?\\351\\303\\251')\"");
        try (Stream<Path> entries = Files.list(inbox)) {
            Path entry = entries.findFirst().orElseThrow();
            byte[] raw = UndecodableNames.rawName(entry);
            assertThat(raw).containsExactly('a', ' ', '%', '2', '5', '#', '?', 0xE9, 0xC3, 0xA9);
            byte[] path = UndecodableNames.rawPath(entry);
            byte[] folder = inbox.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8);
            assertThat(path).as("the folder, a slash, the name's bytes and a NUL for the C call")
                    .startsWith(folder).endsWith('/', 'a', ' ', '%', '2', '5', '#', '?', 0xE9, 0xC3, 0xA9, 0)
                    .hasSize(folder.length + 1 + raw.length + 1);
        }
    }

    private List<String> names() throws IOException {
        try (Stream<Path> entries = Files.list(inbox)) {
            return entries.map(p -> p.getFileName().toString()).toList();
        }
    }

    private List<String> rawNames() throws IOException {
        try (Stream<Path> entries = Files.list(inbox)) {
            return entries.map(p -> UndecodableNames.percentEscaped(UndecodableNames.rawName(p))).toList();
        }
    }

    private void shell(String script) throws Exception {
        Process process = new ProcessBuilder("sh", "-c", script).directory(inbox.toFile()).redirectErrorStream(true).start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
    }
}
