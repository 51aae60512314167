package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/pipeline run} with its data folder inside the inbox took the broker's log segments and the node's index
 * files as articles and moved them to {@code .failed/} under the running broker; it now refuses to start.
 */
class FoldersApartTest {

    @TempDir
    Path folder;

    @Test
    void aDataFolderInsideTheInboxOrTheOtherWayRoundIsRefusedEvenThroughALink() throws Exception {
        Path inbox = folder.resolve("articles");
        assertThatThrownBy(() -> LocalPipeline.requireApart(inbox, inbox.resolve("data")))
                .hasMessageContaining("are one inside the other: ingest would take Kafka's and Elasticsearch's own files")
                .hasMessageContaining("--inbox ./inbox --data ./data");
        assertThatThrownBy(() -> LocalPipeline.requireApart(inbox.resolve("drop"), inbox)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> LocalPipeline.requireApart(inbox, inbox)).isInstanceOf(IllegalStateException.class);

        Files.createDirectories(inbox);
        Path link = Files.createSymbolicLink(folder.resolve("looks-elsewhere"), inbox);
        assertThatThrownBy(() -> LocalPipeline.requireApart(inbox, link.resolve("data"))).isInstanceOf(IllegalStateException.class);

        assertThatCode(() -> LocalPipeline.requireApart(inbox, folder.resolve("data"))).doesNotThrowAnyException();
        assertThatCode(() -> LocalPipeline.requireApart(folder.resolve("articles-2"), inbox)).as("a sibling with a common prefix")
                .doesNotThrowAnyException();
    }
}
