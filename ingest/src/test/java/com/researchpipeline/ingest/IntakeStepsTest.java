package com.researchpipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.researchpipeline.observability.Observability;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steps of the inbox route for one file, between its read and its move: a file that changes while it is read
 * is not sent, and one replaced or written to after it was read (while Kafka acknowledged it) is not archived unread.
 */
class IntakeStepsTest {

    @TempDir
    Path root;
    CamelContext camel;
    IntakeSteps steps;
    Inbox inbox;
    ArticleIntake.FileReader reader = Files::readAllBytes;

    @BeforeEach
    void steps() {
        camel = new DefaultCamelContext();
        inbox = new Inbox(root);
        Clock clock = Clock.systemUTC();
        Observability observability = Observability.inMemory();
        ArticleIntake intake = new ArticleIntake(inbox, new ArticleCleaner(100_000), 1 << 20,
                EventSizeLimit.of(1 << 20, 1 << 20, "articles.raw"), file -> reader.read(file),
                new FileProcessingGuard(Duration.ofSeconds(10), 2), clock);
        steps = new IntakeSteps(intake, inbox, new BackfillProgress(0, Duration.ofMinutes(1), clock),
                new RetryBackoff(RetryBackoff.FIRST, Duration.ofSeconds(1), clock), clock, clock,
                new IngestObserver(observability.statusReporter("ingest"), observability.registry(), clock),
                new UnmovableFiles(clock, Duration.ofMinutes(1)));
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    @Test
    void aFileReplacedAfterItWasReadStaysInTheInboxForItsNewContent() throws Exception {
        Path file = Files.writeString(root.resolve("paper.txt"), "The first version of an article about leprosy.\n");
        Exchange exchange = exchangeOf(file);
        steps.prepare(exchange);
        assertThat(new String(exchange.getIn().getBody(byte[].class))).contains("first version");

        Path next = Files.writeString(root.resolve(".paper.txt.tmp"), "The second version, about tuberculosis.\n");
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        steps.archive(exchange); // Kafka acknowledged the first version meanwhile

        assertThat(file).as("left for its new content").hasContent("The second version, about tuberculosis.\n");
        assertThat(root.resolve(Inbox.DONE).resolve("paper.txt")).doesNotExist();

        Exchange again = exchangeOf(file);
        steps.prepare(again);
        assertThat(new String(again.getIn().getBody(byte[].class))).contains("second version");
        steps.archive(again);
        assertThat(root.resolve(Inbox.DONE).resolve("paper.txt")).hasContent("The second version, about tuberculosis.\n");
        assertThat(file).doesNotExist();
    }

    @Test
    void aFileAppendedToAfterItWasReadStaysInTheInbox() throws Exception {
        Path file = Files.writeString(root.resolve("notes.txt"), "An article first about cholera.\n");
        Exchange exchange = exchangeOf(file);
        steps.prepare(exchange);
        Files.writeString(file, "Then a paragraph about malaria.\n", StandardOpenOption.APPEND);
        steps.archive(exchange);

        assertThat(file).exists();
        assertThat(root.resolve(Inbox.DONE).resolve("notes.txt")).doesNotExist();
    }

    @Test
    void aFileAppendedToBetweenTheCheckAndItsMoveGoesBackIntoTheInboxForItsNewContent() throws Exception {
        Path file = Files.writeString(root.resolve("growing.txt"), "An article first about cholera.\n");
        Exchange exchange = exchangeOf(file);
        steps.prepare(exchange);
        Files.writeString(file, "Then a paragraph about malaria.\n", StandardOpenOption.APPEND);
        Path done = Files.createDirectories(root.resolve(Inbox.DONE)).resolve("growing.txt");
        Files.move(file, done); // the archive's rename, right after the check found the file unchanged

        assertThat(steps.keptInDone(exchange, done)).as("not kept in .done/").isNull();
        assertThat(file).as("back for its new content")
                .hasContent("An article first about cholera.\nThen a paragraph about malaria.\n");
        assertThat(done).doesNotExist();

        Path unchanged = Files.writeString(root.resolve("still.txt"), "An article about typhus.\n");
        Exchange other = exchangeOf(unchanged);
        steps.prepare(other);
        Path archived = root.resolve(Inbox.DONE).resolve("still.txt");
        Files.move(unchanged, archived);
        assertThat(steps.keptInDone(other, archived)).isEqualTo(archived);
    }

    @Test
    void aFileRewrittenInPlaceAfterItWasReadKeepingItsSizeAndTimeStaysInTheInboxForItsNewContent() throws Exception {
        Path file = Files.writeString(root.resolve("kept.txt"), "ORIGINAL an article about typhoid fever.\n");
        FileTime modified = Files.getLastModifiedTime(file);
        Exchange exchange = exchangeOf(file);
        steps.prepare(exchange);

        Thread.sleep(20); // past the coarse tick of the kernel's change time
        Files.writeString(file, "REPLACED an article about scarlet fever.\n", StandardOpenOption.WRITE);
        Files.setLastModifiedTime(file, modified); // as cp -p, rsync --inplace -t, tar -x and unzip -o do
        assertThat(Files.size(file)).isEqualTo(exchange.getProperty(IntakeSteps.STATE, InboxWatcher.FileState.class).size());
        steps.archive(exchange);

        assertThat(file).as("left for its new content").hasContent("REPLACED an article about scarlet fever.\n");
        assertThat(root.resolve(Inbox.DONE).resolve("kept.txt")).doesNotExist();
        Exchange again = exchangeOf(file);
        steps.prepare(again);
        assertThat(IntakeSteps.isSentAlready(again)).isFalse();
        assertThat(new String(again.getIn().getBody(byte[].class))).contains("REPLACED");
        steps.archive(again);
        assertThat(root.resolve(Inbox.DONE).resolve("kept.txt")).hasContent("REPLACED an article about scarlet fever.\n");
    }

    @Test
    void aFileWhoseModeOrLinksChangedAfterItWasReadIsArchived() throws Exception {
        Path file = Files.writeString(root.resolve("mode.txt"), "An article about measles.\n");
        Exchange exchange = exchangeOf(file);
        steps.prepare(exchange);

        Thread.sleep(20); // past the coarse tick of the kernel's change time
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r-----"));
        Path link = Files.createLink(root.resolve(".link"), file);
        Files.delete(link);
        steps.archive(exchange);

        assertThat(root.resolve(Inbox.DONE).resolve("mode.txt")).as("its content unchanged").exists();
        assertThat(file).doesNotExist();
    }

    @Test
    void aFileThatChangesWhileItIsReadIsNotSentButTriedAgain() throws Exception {
        Path file = Files.writeString(root.resolve("torn.txt"), "The first half of an article about gout.\n");
        reader = path -> {
            byte[] half = Files.readAllBytes(path);
            Files.writeString(path, "The second half, written while it was read.\n", StandardOpenOption.APPEND);
            return half;
        };
        Exchange exchange = exchangeOf(file);

        assertThatThrownBy(() -> steps.prepare(exchange)).isInstanceOf(IOException.class)
                .hasMessageContaining("changed while it was read");
        assertThat(steps.fileOf(exchange)).as("a failure of this file, paused alone").isEqualTo(file.toAbsolutePath());

        reader = Files::readAllBytes;
        Exchange again = exchangeOf(file);
        steps.prepare(again);
        assertThat(new String(again.getIn().getBody(byte[].class))).contains("first half").contains("second half");
    }

    @Test
    void aFileRenamedWhileItIsSentIsNotSentAgainUnderItsNewName() throws Exception {
        Path file = Files.writeString(root.resolve("before.txt"), "An article about rickets, renamed in flight.\n");
        Exchange first = exchangeOf(file);
        steps.prepare(first);
        Path renamed = Files.move(file, root.resolve("after.txt"));

        Exchange second = exchangeOf(renamed);
        assertThatThrownBy(() -> steps.prepare(second)).isInstanceOf(IOException.class)
                .hasMessageContaining("being sent under its earlier name");
        assertThat(steps.fileOf(second)).as("a failure of this file, paused alone").isEqualTo(renamed.toAbsolutePath());
        second.getExchangeExtension().handoverCompletions().forEach(done -> done.onComplete(second));

        assertThatThrownBy(() -> steps.archive(first)).as("Kafka acknowledged it; its move finds it gone")
                .isInstanceOf(IOException.class);
        first.getExchangeExtension().handoverCompletions().forEach(done -> done.onComplete(first));
        Exchange third = exchangeOf(renamed);
        steps.prepare(third);
        assertThat(IntakeSteps.isSentAlready(third)).as("known as sent, by its identity").isTrue();
        steps.archive(third);
        assertThat(root.resolve(Inbox.DONE).resolve("after.txt")).exists();
    }

    @Test
    void aRejectedFileWhoseMoveIsRefusedLeavesNoReasonBehindWhenItIsLaterReadAsAnArticle() throws Exception {
        Path elsewhere = Files.createTempDirectory(Path.of("/dev/shm"), "failed-");
        try {
            assumeTrue(!Files.getAttribute(elsewhere, "unix:dev").equals(Files.getAttribute(root, "unix:dev")),
                    "/dev/shm is on the file system of the temporary folder");
            Files.delete(root.resolve(Inbox.FAILED));
            Files.createSymbolicLink(root.resolve(Inbox.FAILED), elsewhere); // the move into it is refused
            Path file = Files.writeString(root.resolve("draft.txt"), " \n");
            Exchange rejected = exchangeOf(file);
            steps.prepare(rejected);
            assertThat(IntakeSteps.isAccepted(rejected)).isFalse();
            assertThatThrownBy(() -> steps.archive(rejected)).hasMessageContaining("different file systems");
            assertThat(file).exists();
            try (var reasons = Files.list(elsewhere)) {
                assertThat(reasons).as("no reason for a file not in .failed/").isEmpty();
            }

            Files.writeString(file, "The finished article about rubella.\n");
            Exchange fixed = exchangeOf(file);
            steps.prepare(fixed);
            steps.archive(fixed);

            assertThat(root.resolve(Inbox.DONE).resolve("draft.txt")).hasContent("The finished article about rubella.\n");
            try (var reasons = Files.list(elsewhere)) {
                assertThat(reasons).as("nothing says it was rejected").isEmpty();
            }
        } finally {
            try (var left = Files.list(elsewhere)) {
                for (Path path : left.toList()) {
                    Files.delete(path);
                }
            }
            Files.delete(elsewhere);
        }
    }

    @Test
    void anUnchangedFileIsArchived() throws Exception {
        Path file = Files.writeString(root.resolve("plain.txt"), "An article about asthma.\n");
        Exchange exchange = exchangeOf(file);
        steps.prepare(exchange);
        steps.archive(exchange);
        assertThat(root.resolve(Inbox.DONE).resolve("plain.txt")).exists();
        assertThat(file).doesNotExist();
    }

    @Test
    void aFileIngestHasNoDescriptorLeftToOpenIsReadAgainLaterNotRejected() throws Exception {
        Path file = Files.writeString(root.resolve("paper.txt"), "An article about leprosy.\n");
        reader = path -> {
            throw new java.nio.file.FileSystemException(path.toString(), null, "Too many open files");
        };

        assertThatThrownBy(() -> steps.prepare(exchangeOf(file))).isInstanceOf(FileProcessingGuard.Saturated.class)
                .hasMessageContaining("no file descriptor left").hasMessageContaining("ulimit -n");
        assertThat(file).exists();

        reader = Files::readAllBytes;
        Exchange again = exchangeOf(file);
        steps.prepare(again);
        assertThat(new String(again.getIn().getBody(byte[].class))).contains("leprosy");
    }

    private Exchange exchangeOf(Path path) throws IOException {
        GenericFile<File> file = new GenericFile<>();
        file.setFile(path.toFile());
        file.setAbsoluteFilePath(path.toAbsolutePath().toString());
        file.setFileName(path.getFileName().toString());
        file.setFileLength(Files.size(path));
        file.setLastModified(Files.getLastModifiedTime(path).toMillis());
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setBody(file);
        return exchange;
    }
}
