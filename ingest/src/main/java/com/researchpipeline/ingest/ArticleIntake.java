package com.researchpipeline.ingest;

import com.researchpipeline.contract.PipelineVersion;
import com.researchpipeline.contract.RawArticle;
import com.researchpipeline.contract.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
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
 * input; every problem of the file itself (too large, vanished, unreadable, a link out of the inbox, not an
 * article) is a {@link Intake.Rejected}. Thread-safe.
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

        /** The article, ready to publish under its id. */
        record Accepted(Path file, String path, RawArticle article) implements Intake {
        }

        /** The file cannot become an article; size -1 and sha256 null when it could not be read. */
        record Rejected(Path file, String path, long size, String sha256, RejectedInputException reason)
                implements Intake {
        }
    }

    private final Inbox inbox;
    private final ArticleCleaner cleaner;
    private final long maxFileSize;
    private final FileReader reader;
    private final Clock clock;

    ArticleIntake(Inbox inbox, ArticleCleaner cleaner, long maxFileSize, FileReader reader, Clock clock) {
        this.inbox = inbox;
        this.cleaner = cleaner;
        this.maxFileSize = maxFileSize;
        this.reader = reader;
        this.clock = clock;
    }

    Intake read(Path file) {
        String path = inbox.relative(file);
        if (inbox.isSymbolicLink(file) && inbox.leadsOutside(file)) {
            return new Intake.Rejected(file, path, -1, null, new RejectedInputException(
                    "the file is a symbolic link to a place outside the inbox, which ingest does not follow",
                    "copy the file itself into the inbox"));
        }
        BasicFileAttributes attributes;
        byte[] bytes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (attributes.size() > maxFileSize) {
                return new Intake.Rejected(file, path, attributes.size(), null, new RejectedInputException(
                        "the file is " + attributes.size() + " bytes, over the limit of " + maxFileSize + " bytes",
                        "split the file, or raise INGEST_MAX_FILE_SIZE if articles this large are expected, and drop it again"));
            }
            bytes = reader.read(file);
        } catch (NoSuchFileException e) {
            return new Intake.Rejected(file, path, -1, null, new RejectedInputException(
                    "the file disappeared between being listed and being read",
                    "if it was moved away on purpose there is nothing to do; otherwise drop it into the inbox again", e));
        } catch (AccessDeniedException e) {
            return new Intake.Rejected(file, path, -1, null, new RejectedInputException(
                    "the file cannot be read: permission denied",
                    "make it readable for the ingest process (chmod a+r) and drop it again", e));
        } catch (IOException e) {
            return new Intake.Rejected(file, path, -1, null, new RejectedInputException(
                    "the file cannot be read: " + e.getMessage(),
                    "check that it is a regular, readable file and drop it again", e));
        }
        String sha256 = sha256(bytes);
        try {
            CleanedArticle cleaned = cleaner.clean(bytes, file.getFileName().toString());
            SourceFile source = new SourceFile(file.getFileName().toString(), path, bytes.length,
                    cleaned.contentType(), attributes.lastModifiedTime().toInstant(), sha256);
            RawArticle article = new RawArticle(RawArticle.SCHEMA_VERSION,
                    sha256(cleaned.body().getBytes(StandardCharsets.UTF_8)), cleaned.title(), cleaned.body(),
                    cleaned.sections(), cleaned.language(), cleaned.wordCount(), source, clock.instant(),
                    PipelineVersion.get());
            return new Intake.Accepted(file, path, article);
        } catch (RejectedInputException e) {
            return new Intake.Rejected(file, path, bytes.length, sha256, e);
        } catch (RuntimeException e) {
            // the same bytes would fail the same way again: a permanent failure, kept for a bug report
            return new Intake.Rejected(file, path, bytes.length, sha256, new RejectedInputException(
                    "the file could not be cleaned: " + e, "report this with the file attached; it is kept in .failed", e));
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
