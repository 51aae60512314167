package com.researchpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenedPathTest {

    @TempDir
    Path dir;

    /**
     * A folder listed in the inbox, then replaced by a link to another place holding a file of the same name (what a
     * writer of the inbox can do between the listing and the read or the move, thousands of times a second).
     */
    @Test
    void aFolderReplacedByALinkLeadsNeitherTheReadNorTheMoveOutOfTheInbox() throws Exception {
        assumeTrue(System.getProperty("os.name").contains("Linux"), "the open file's own path is read from /proc");
        Path inboxFolder = Files.createDirectories(dir.resolve("inbox"));
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("report.txt"), "the root password is hunter2");
        Inbox inbox = new Inbox(inboxFolder);
        Path listed = inboxFolder.resolve("drafts/report.txt");
        Files.createDirectories(listed.getParent());
        Files.writeString(listed, "an article");
        assertThat(ArticleIntake.readBounded(listed, inboxFolder, 1000)).asString(StandardCharsets.UTF_8)
                .isEqualTo("an article");

        Files.move(listed.getParent(), dir.resolve("drafts-elsewhere"));
        Files.createSymbolicLink(inboxFolder.resolve("drafts"), secrets);

        assertThatThrownBy(() -> ArticleIntake.readBounded(listed, inboxFolder, 1000))
                .isInstanceOf(FileSystemException.class).hasMessageContaining("leads out of");
        assertThatThrownBy(() -> inbox.move(listed, inbox.doneTarget(listed)))
                .isInstanceOf(FileSystemException.class).hasMessageContaining("leads out of");
        assertThat(secrets.resolve("report.txt")).hasContent("the root password is hunter2");
        assertThat(inboxFolder.resolve(".done/drafts/report.txt")).doesNotExist();
    }

    @Test
    void aLinkThatStaysInTheInboxIsReadAndMovedAsBefore() throws Exception {
        Path inboxFolder = Files.createDirectories(dir.resolve("inbox"));
        Inbox inbox = new Inbox(inboxFolder);
        Files.createDirectories(inboxFolder.resolve("2026"));
        Path file = Files.writeString(inboxFolder.resolve("2026/report.txt"), "an article");
        Files.createSymbolicLink(inboxFolder.resolve("latest"), inboxFolder.resolve("2026"));

        assertThat(ArticleIntake.readBounded(inboxFolder.resolve("latest/report.txt"), inboxFolder, 1000))
                .asString(StandardCharsets.UTF_8).isEqualTo("an article");
        assertThat(inbox.move(file, inbox.doneTarget(file))).hasContent("an article");
    }
}
