package com.researchpipeline.ingest;

import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.PipelineVersion;
import com.researchpipeline.contract.Printable;
import com.researchpipeline.contract.RawArticle;
import com.researchpipeline.contract.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;

/**
 * Reads one file of the inbox and turns it into the event to publish: a {@link RawArticle} whose id is the
 * SHA-256 of its cleaned body, or a rejection that says what is wrong and what to do. Never throws for bad
 * input; every problem of the file itself (too large, vanished, unreadable, a link out of the inbox, a FIFO,
 * socket or device, not an article, too costly to read, too large for Kafka) is a {@link Intake.Rejected}.
 * The file's type and size are checked without opening it; reading and cleaning run under the
 * {@link FileProcessingGuard}. Thread-safe.
 */
final class ArticleIntake {

    /** How the bytes of a file are read; tests replace it to make a file vanish at the worst moment. */
    @FunctionalInterface
    interface FileReader {
        byte[] read(Path file) throws IOException;
    }

    /** What became of one file. */
    sealed interface Intake {
        Path file();

        String path();

        /** SHA-256 of the bytes read, null when they were not read. */
        String sha256();

        /** The article, ready to publish under its id, and its value as the JSON that goes to Kafka. */
        record Accepted(Path file, String path, RawArticle article, byte[] json) implements Intake {
            @Override
            public String sha256() {
                return article.source().sha256();
            }

            @Override
            public Intake at(Path newFile, String newPath) {
                return new Accepted(newFile, newPath, article, json);
            }
        }

        /** The file cannot become an article; size -1 and sha256 null when it could not be read. */
        record Rejected(Path file, String path, long size, String sha256, RejectedInputException reason)
                implements Intake {
            @Override
            public Intake at(Path newFile, String newPath) {
                return new Rejected(newFile, newPath, size, sha256, reason);
            }
        }

        /** The same outcome for the same file found under another name (renamed after its event was sent). */
        Intake at(Path newFile, String newPath);
    }

    private final Inbox inbox;
    private final ArticleCleaner cleaner;
    private final long maxFileSize;
    private final EventSizeLimit eventLimit;
    private final FileReader reader;
    private final FileProcessingGuard guard;
    private final Clock clock;

    ArticleIntake(Inbox inbox, ArticleCleaner cleaner, long maxFileSize, EventSizeLimit eventLimit, FileReader reader,
                  FileProcessingGuard guard, Clock clock) {
        this.inbox = inbox;
        this.cleaner = cleaner;
        this.maxFileSize = maxFileSize;
        this.eventLimit = eventLimit;
        this.reader = reader;
        this.guard = guard;
        this.clock = clock;
    }

    /**
     * Never throws for anything the file is or does; only {@link FileProcessingGuard.Saturated} and
     * {@link FileProcessingGuard.Stopping}, which are no fault of the file, leave it in the inbox.
     */
    Intake read(Path file) {
        java.time.Instant readAt = clock.instant();
        String path = inbox.relative(file);
        try {
            return readChecked(file, path, readAt);
        } catch (FileProcessingGuard.Saturated | FileProcessingGuard.Stopping notTheFilesFault) {
            throw notTheFilesFault;
        } catch (RejectedInputException e) {
            return new Intake.Rejected(file, path, -1, null, e);
        } catch (Throwable e) { // checking a file's type and size must not be able to fail the route either
            return new Intake.Rejected(file, path, -1, null, new RejectedInputException(
                    "the file could not be examined: " + e, "check that it is a regular, readable file and drop it again", e));
        }
    }

    private Intake readChecked(Path file, String path, java.time.Instant readAt) {
        Path real = file;
        if (inbox.isSymbolicLink(file)) {
            if (inbox.leadsOutside(file)) {
                return new Intake.Rejected(file, path, -1, null, new RejectedInputException(
                        "the file is a symbolic link to a place outside the inbox, which ingest does not follow",
                        "copy the file itself into the inbox"));
            }
            try {
                real = file.toRealPath();
            } catch (IOException e) {
                return new Intake.Rejected(file, path, -1, null, new RejectedInputException(
                        "the file is a symbolic link that leads nowhere (its target does not exist, or links lead "
                                + "round in a loop): " + e.getClass().getSimpleName(),
                        "copy the file itself into the inbox", e));
            }
            String ownFile = inbox.inOwnFolder(real);
            if (ownFile != null) {
                return new Intake.Rejected(file, path, -1, null, new RejectedInputException(
                        "the file is a symbolic link to " + Printable.of(ownFile) + ", in ingest's own folders (.done/, "
                                + ".failed/, .claims/): an archived copy, a reason file or a claim, not a new article",
                        "to send an archived article again, move the file itself back into the inbox"));
            }
        }
        BasicFileAttributes attributes;
        try {
            // the type first, without following links and without opening: opening a FIFO blocks for good
            attributes = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return cannotRead(file, path, e);
        }
        if (!attributes.isRegularFile()) {
            return new Intake.Rejected(file, path, -1, null, new RejectedInputException(
                    "it is " + SpecialFiles.describe(real, attributes) + ", not a regular file; ingest never opens those",
                    "drop the article as a regular file (copy its content into one)"));
        }
        if (attributes.size() > maxFileSize) {
            return new Intake.Rejected(file, path, attributes.size(), null, tooLarge(attributes.size()));
        }
        Path source = real;
        try {
            return guard.run(path, () -> readAndClean(file, source, path, attributes, readAt),
                    () -> SpecialFiles.releaseReaderOf(source));
        } catch (RejectedInputException e) {
            return new Intake.Rejected(file, path, attributes.size(), null, e);
        }
    }

    private Intake readAndClean(Path file, Path source, String path, BasicFileAttributes attributes,
                                java.time.Instant readAt) {
        byte[] bytes;
        try {
            bytes = reader.read(source);
        } catch (IOException e) {
            return cannotRead(file, path, e);
        }
        if (bytes.length > maxFileSize) {
            return new Intake.Rejected(file, path, bytes.length, null, tooLarge(bytes.length));
        }
        String sha256 = sha256(bytes);
        try {
            CleanedArticle cleaned = cleaner.clean(bytes, file.getFileName().toString());
            SourceFile sourceFile = new SourceFile(file.getFileName().toString(), path, bytes.length,
                    cleaned.contentType(), attributes.lastModifiedTime().toInstant(), sha256);
            RawArticle article = new RawArticle(RawArticle.SCHEMA_VERSION,
                    sha256(cleaned.body().getBytes(StandardCharsets.UTF_8)), cleaned.title(), cleaned.body(),
                    cleaned.sections(), cleaned.language(), cleaned.wordCount(), sourceFile, readAt,
                    PipelineVersion.get());
            byte[] json = JsonSerde.toBytes(article);
            eventLimit.check(json.length, cleaned.body().length());
            return new Intake.Accepted(file, path, article, json);
        } catch (RejectedInputException e) {
            return new Intake.Rejected(file, path, bytes.length, sha256, e);
        }
    }

    private RejectedInputException tooLarge(long size) {
        return new RejectedInputException("the file is " + size + " bytes, over the limit of " + maxFileSize + " bytes",
                "split the file, or raise INGEST_MAX_FILE_SIZE if articles this large are expected, and drop it again");
    }

    private static Intake.Rejected cannotRead(Path file, String path, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new Intake.Rejected(file, path, -1, null, new RejectedInputException(
                    "the file disappeared between being listed and being read",
                    "if it was moved away on purpose there is nothing to do; otherwise drop it into the inbox again", e));
        }
        if (String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("too many open files")) {
            // EMFILE, ENFILE: what the process lacks, not what the file is
            throw new FileProcessingGuard.Saturated("ingest has no file descriptor left to read " + Printable.of(path)
                    + " (" + e.getMessage() + "): it is read again once some are free; if this repeats, raise the limit "
                    + "of open files (ulimit -n, systemd's LimitNOFILE, the container's nofile ulimit)");
        }
        if (e instanceof AccessDeniedException) {
            return new Intake.Rejected(file, path, -1, null, new RejectedInputException(
                    "the file cannot be read: permission denied",
                    "make it readable for the ingest process (chmod a+r) and drop it again", e));
        }
        return new Intake.Rejected(file, path, -1, null, new RejectedInputException(
                "the file cannot be read: " + e,
                "check that it is a regular, readable file and drop it again", e));
    }

    /**
     * The file's bytes, never more than {@code limit + 1} of them, so a file that keeps growing cannot make the read
     * endless; read from what its path opened once it is seen to lie in {@code inbox}, so a folder on its way replaced
     * by a link since the listing cannot lead the read out of the inbox.
     */
    static byte[] readBounded(Path file, Path inbox, long limit) throws IOException {
        try (OpenedPath opened = OpenedPath.open(file, inbox);
             InputStream in = opened == null ? Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)
                     : Files.newInputStream(opened.proc())) {
            return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, limit + 1));
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
