package com.researchpipeline.ingest;

import com.researchpipeline.contract.DeadLetterHeaders;
import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.PipelineVersion;
import com.researchpipeline.contract.Printable;
import com.researchpipeline.contract.RawArticle;
import com.researchpipeline.contract.RejectedFile;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps the inbox route runs for one file. {@link #prepare} reads the file and puts the event on the
 * exchange; after Kafka acknowledged it, {@link #archiveDone} or {@link #archiveFailed} moves the file out of
 * the inbox. {@link IngestErrorPolicy} decides what a failure in between means.
 */
final class IntakeSteps {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeSteps.class);
    /** Exchange property holding the {@link ArticleIntake.Intake} of the file being processed. */
    static final String INTAKE = "ingest.intake";
    static final String FAILED_TARGET = "ingest.failedTarget";
    static final String MODIFIED = "ingest.modified";
    /** The file being processed, from the start of its read (a failure before the read ended is the file's). */
    static final String FILE = "ingest.file";
    static final String DISCOVERED = "ingest.discovered";
    /** When this attempt began, on the clock of waits (milliseconds): what the retry pauses are compared with. */
    static final String ATTEMPT_STARTED = "ingest.attemptStarted";
    /**
     * The file's state as it was read (unchanged during the read): the move after Kafka's acknowledgement compares it
     * with the file's state then, and a move that fails remembers it.
     */
    static final String STATE = "ingest.state";
    /** Set when Kafka acknowledged this file's event on an earlier attempt: only its move is left. */
    static final String SENT_ALREADY = "ingest.sentAlready";
    static final String STAGE = "ingest";

    private final ArticleIntake intake;
    private final Inbox inbox;
    private final BackfillProgress progress;
    private final RetryBackoff backoff;
    private final Clock clock;
    private final Clock waits;
    private final RecentArticles recent = new RecentArticles(10_000);
    /** The files this process is processing, by identity (device and inode): one renamed meanwhile waits. */
    private final Map<Object, Path> inFlight = new ConcurrentHashMap<>();
    private final IngestObserver observer;
    private final UnmovableFiles unmovable;

    IntakeSteps(ArticleIntake intake, Inbox inbox, BackfillProgress progress, RetryBackoff backoff, Clock clock,
                Clock waits, IngestObserver observer, UnmovableFiles unmovable) {
        this.observer = observer;
        this.unmovable = unmovable;
        this.intake = intake;
        this.inbox = inbox;
        this.progress = progress;
        this.backoff = backoff;
        this.clock = clock;
        this.waits = waits;
    }

    /** Reads the file; the body becomes the article (key: its id) or the rejection (key: the file's path). */
    void prepare(Exchange exchange) throws IOException {
        @SuppressWarnings("unchecked")
        GenericFile<File> file = exchange.getIn().getBody(GenericFile.class);
        Path path = file.getFile().toPath().toAbsolutePath().normalize();
        exchange.setProperty(FILE, path);
        exchange.setProperty(MODIFIED, file.getLastModified());
        Instant discovered = clock.instant();
        exchange.setProperty(DISCOVERED, discovered);
        exchange.setProperty(ATTEMPT_STARTED, waits.millis());
        observer.holding(exchange.getExchangeId());
        InboxWatcher.FileState state = UnmovableFiles.stateOf(path);
        exchange.setProperty(STATE, state);
        Object identity = state == null ? null : state.fileKey();
        Path earlier = identity == null ? null : inFlight.putIfAbsent(identity, path);
        exchange.getExchangeExtension().addOnCompletion(new org.apache.camel.support.SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                observer.released(done.getExchangeId());
                Path reserved = done.getProperty(FAILED_TARGET, Path.class);
                if (reserved != null) {
                    inbox.releaseReservation(reserved);
                }
                if (identity != null) {
                    inFlight.remove(identity, path);
                }
            }
        });
        if (earlier != null && !earlier.equals(path)) {
            throw new IOException("it is being sent under its earlier name " + Printable.of(inbox.relative(earlier))
                    + " (renamed meanwhile): it is taken under this name once that is done");
        }
        ArticleIntake.Intake sent = unmovable.sentAlready(path, state);
        if (sent != null) { // on Kafka already, the file unchanged since: it is not read nor sent again
            sent = sent.file().equals(path) ? sent : sent.at(path, inbox.relative(path));
            exchange.setProperty(SENT_ALREADY, true);
        } else {
            observer.discovered(inbox.relative(path), file.getFileLength(), discovered);
        }
        ArticleIntake.Intake result = sent != null ? sent : intake.read(path);
        exchange.setProperty(INTAKE, result);
        if (sent == null) {
            InboxWatcher.FileState afterRead = UnmovableFiles.stateOf(path);
            if (state != null && afterRead != null && !UnmovableFiles.holdsWhatWasRead(path, state, afterRead, result)
                    && isRegularFile(path)) {
                throw new IOException("it changed while it was read (its writer is not done, or it was replaced): "
                        + "it is read again once it stays unchanged");
            }
            if (afterRead != null) { // else gone since (its folder renamed, say): known by its state before the read
                exchange.setProperty(STATE, afterRead);
            }
        }
        if (result instanceof ArticleIntake.Intake.Accepted accepted) {
            RawArticle article = accepted.article();
            exchange.getIn().setHeader(KafkaConstants.KEY, article.id().getBytes(StandardCharsets.UTF_8));
            exchange.getIn().setBody(accepted.json());
        } else if (result instanceof ArticleIntake.Intake.Rejected rejected) {
            prepareDeadLetter(exchange, rejected);
        }
    }

    /**
     * Kafka refused the article as too large for the topic (a permanent answer for these bytes): the file
     * is dead-lettered like any other bad input.
     */
    void rejectTooLarge(Exchange exchange) {
        ArticleIntake.Intake.Accepted accepted = exchange.getProperty(INTAKE, ArticleIntake.Intake.Accepted.class);
        Exception refusal = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int jsonBytes = exchange.getIn().getBody(byte[].class).length;
        RawArticle article = accepted.article();
        ArticleIntake.Intake.Rejected rejected = new ArticleIntake.Intake.Rejected(accepted.file(), accepted.path(),
                article.source().sizeBytes(), article.source().sha256(), new RejectedInputException(
                        "the article is too large for Kafka (" + jsonBytes + " bytes as JSON): "
                                + DeadLetterHeaders.messageOf(refusal),
                        "split it into smaller files, or raise max.message.bytes of the topic, and drop it again",
                        refusal));
        exchange.setProperty(INTAKE, rejected);
        exchange.getIn().removeHeaders("*");
        prepareDeadLetter(exchange, rejected);
    }

    private void prepareDeadLetter(Exchange exchange, ArticleIntake.Intake.Rejected rejected) {
        Path earlier = exchange.getProperty(FAILED_TARGET, Path.class);
        if (earlier != null) {
            inbox.releaseReservation(earlier);
        }
        // the name the dead letter announces stays this file's until it was moved there or the exchange ended
        Path target = inbox.reserveFailedTarget(rejected.file());
        exchange.setProperty(FAILED_TARGET, target);
        RejectedFile record = new RejectedFile(RejectedFile.SCHEMA_VERSION, rejected.path(), rejected.size(),
                rejected.sha256(), rejected.reason().getMessage(), rejected.reason().action(),
                inbox.relative(target), Instant.now(clock));
        exchange.getIn().setHeader(KafkaConstants.KEY, rejected.path().getBytes(StandardCharsets.UTF_8));
        RecordHeaders headers = new RecordHeaders();
        DeadLetterHeaders.describe(headers, STAGE, rejected.reason());
        headers.add(DeadLetterHeaders.ORIGIN_FILE, rejected.path().getBytes(StandardCharsets.UTF_8));
        for (Header header : headers) {
            exchange.getIn().setHeader(header.key(), header.value());
        }
        exchange.getIn().setBody(JsonSerde.toBytes(record));
    }

    static boolean isAccepted(Exchange exchange) {
        return exchange.getProperty(INTAKE) instanceof ArticleIntake.Intake.Accepted;
    }

    /** Kafka acknowledged this file's event on an earlier attempt, and the file is unchanged since. */
    static boolean isSentAlready(Exchange exchange) {
        return exchange.getProperty(SENT_ALREADY, false, Boolean.class);
    }

    /** The file's event is on Kafka already: only the move to .done/ or .failed/ is left. */
    void archive(Exchange exchange) throws IOException {
        if (isAccepted(exchange)) {
            archiveDone(exchange);
        } else {
            archiveFailed(exchange);
        }
    }

    /** Kafka acknowledged the article: the file goes to .done/. */
    void archiveDone(Exchange exchange) throws IOException {
        ArticleIntake.Intake.Accepted accepted = exchange.getProperty(INTAKE, ArticleIntake.Intake.Accepted.class);
        Path moved = moveAfterAcknowledgement(exchange, accepted, () -> inbox.move(accepted.file(),
                inbox.doneTarget(accepted.file())));
        backoff.succeeded(accepted.file());
        RawArticle article = accepted.article();
        String earlier = recent.remember(article.id(), accepted.path());
        LOG.info("ingested {} from {} ({}, {} words, {}) -> {}{}", article.id(), Printable.of(accepted.path()),
                article.source().contentType(), article.wordCount(), article.language(),
                moved == null ? "left in the inbox" : Printable.of(inbox.relative(moved)), earlier == null ? ""
                        : "; same text as " + Printable.of(earlier) + ", so downstream keeps one document");
        observer.ingested(accepted.path(), article, earlier, clock.instant());
        progress.advance(exchange.getProperty(MODIFIED, 0L, Long.class));
    }

    /** Kafka acknowledged the dead letter: the file goes to .failed/ with its reason beside it. */
    void archiveFailed(Exchange exchange) throws IOException {
        ArticleIntake.Intake.Rejected rejected = exchange.getProperty(INTAKE, ArticleIntake.Intake.Rejected.class);
        Path target = exchange.getProperty(FAILED_TARGET, Path.class);
        // the reason first: a crash after it leaves the file in the inbox, to be rejected again on restart (and
        // the reason rewritten); a crash after the move cannot leave a failed file without its reason
        Path moved = moveAfterAcknowledgement(exchange, rejected, () -> inbox.moveWithReason(rejected.file(), target,
                at -> reasonText(rejected, at)));
        backoff.succeeded(rejected.file());
        LOG.warn("rejected {}: {} -> {} (what to do: {})", Printable.of(rejected.path()),
                rejected.reason().getMessage(), moved == null ? "left in the inbox" : Printable.of(inbox.relative(moved)),
                rejected.reason().action());
        observer.rejected(rejected, exchange.getProperty(DISCOVERED, Instant.class), clock.instant());
        progress.advance(exchange.getProperty(MODIFIED, 0L, Long.class));
    }

    @FunctionalInterface
    private interface Move {
        Path run() throws IOException;
    }

    /**
     * The move of a file whose event Kafka acknowledged; should it fail, the event is not sent again for it. A file
     * written to or replaced since it was read is not moved (null): its new content is read again as the next
     * listing finds it, and nothing of it is lost.
     */
    private Path moveAfterAcknowledgement(Exchange exchange, ArticleIntake.Intake sent, Move move) throws IOException {
        InboxWatcher.FileState read = exchange.getProperty(STATE, InboxWatcher.FileState.class);
        InboxWatcher.FileState now = UnmovableFiles.stateOf(sent.file());
        if (read != null && now != null && !UnmovableFiles.holdsWhatWasRead(sent.file(), read, now, sent)
                && isRegularFile(sent.file())) {
            LOG.warn("{} changed after it was read (written to, or replaced by another file of its name): what was "
                    + "read is sent, the file stays in the inbox and its new content is read as a file of its own",
                    Printable.of(sent.path()));
            return null;
        }
        try {
            Path moved = move.run();
            unmovable.moved(sent.file());
            return sent instanceof ArticleIntake.Intake.Accepted ? keptInDone(exchange, moved) : moved;
        } catch (IOException | RuntimeException e) {
            unmovable.remember(sent.file(), exchange.getProperty(STATE, InboxWatcher.FileState.class), sent,
                    IngestErrorPolicy.explain(e));
            throw e;
        }
    }

    /**
     * Where an accepted file moved to {@code .done/} stays, or null when it was written to between the check before
     * its move and the move (a writer appending by its name): what was added belongs to no event yet, so the file
     * goes back into the inbox (beside a new file of its name, "name (2).txt") to be read as a file of its own.
     */
    Path keptInDone(Exchange exchange, Path moved) throws IOException {
        ArticleIntake.Intake sent = exchange.getProperty(INTAKE, ArticleIntake.Intake.class);
        InboxWatcher.FileState read = exchange.getProperty(STATE, InboxWatcher.FileState.class);
        InboxWatcher.FileState archived = moved == null || read == null ? null : UnmovableFiles.stateOf(moved);
        if (archived == null || UnmovableFiles.holdsWhatWasRead(moved, read, archived, sent) || !isRegularFile(moved)) {
            return moved;
        }
        Path back = inbox.move(moved, sent.file());
        LOG.warn("{} was written to while it was archived: what was read is sent, the file is back in the inbox as {} "
                + "and its new content is read as a file of its own", Printable.of(sent.path()),
                Printable.of(inbox.relative(back)));
        return null;
    }

    private static boolean isRegularFile(Path path) {
        return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
    }

    private String reasonText(ArticleIntake.Intake.Rejected rejected, Path moved) {
        return "File:       " + rejected.path() + "\n"
                + "Now at:     " + inbox.relative(moved) + "\n"
                + "Rejected:   " + Instant.now(clock) + " by ingest " + PipelineVersion.get() + "\n"
                + "Size:       " + (rejected.size() < 0 ? "unknown" : rejected.size() + " bytes") + "\n"
                + "SHA-256:    " + (rejected.sha256() == null ? "unknown" : rejected.sha256()) + "\n"
                + "\n"
                + "What is wrong: " + rejected.reason().getMessage() + "\n"
                + "What to do:    " + rejected.reason().action() + "\n"
                + "\n"
                + "To try again, move the file back into the inbox (this reason file can be deleted).\n";
    }

    /** The file an exchange is about, or null when it is not known. */
    Path fileOf(Exchange exchange) {
        Object result = exchange.getProperty(INTAKE);
        return result instanceof ArticleIntake.Intake known ? known.file() : exchange.getProperty(FILE, Path.class);
    }

    /** True when the exchange's file could not be moved after Kafka acknowledged its event (it is not sent again). */
    boolean isOnKafka(Exchange exchange) {
        Path file = fileOf(exchange);
        return file != null && unmovable.isSent(file, exchange.getProperty(STATE, InboxWatcher.FileState.class));
    }

    /** Path of the file an exchange is about, for log lines. */
    String describe(Exchange exchange) {
        Object result = exchange.getProperty(INTAKE);
        if (result instanceof ArticleIntake.Intake known) {
            return Printable.of(known.path());
        }
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
        return name == null ? "?" : Printable.of(name);
    }
}
