package com.researchpipeline.ingest;

import com.researchpipeline.contract.Printable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims on the files of one inbox, shared by every ingest process that watches it, kept in the inbox
 * itself ({@code .claims/}): Camel's idempotent read lock asks {@link #add} before it reads a file, and only
 * the process whose claim file was created takes the file. Creating a file that must not exist yet is
 * atomic on local file systems and on NFS v3+ and SMB shares, so two processes, on one machine or on
 * several, never both win; nothing else (a database, a cache cluster) has to run for it.
 * <p>
 * A claim lives until the file left the inbox (moved to {@code .done/} or {@code .failed/}) or its processing
 * was rolled back. The claim of a process that died holding it is taken over at once when that process ran
 * on this machine (its pid is gone), otherwise once the claim is older than the lease; its file is then
 * processed by another (the same article id makes that second send harmless downstream).
 */
final class SharedInboxClaims extends ServiceSupport implements IdempotentRepository {

    static final String FOLDER = ".claims";
    /**
     * A claim is written the moment it is created; one still without a holder after this long was left by a process
     * killed in between, or by a crash of the machine before the file system wrote its content, and is taken over.
     */
    static final Duration UNWRITTEN_CLAIM_GRACE = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(SharedInboxClaims.class);

    private final Path folder;
    private final Duration lease;
    private final Clock clock;
    /** Why the last claim could not be written, or null once one was (or a probe claim could be). */
    private volatile String failure;
    /** {@code pid@host instance}: who holds a claim, and whether it can still be alive. */
    private final String owner = ManagementFactory.getRuntimeMXBean().getName() + " " + UUID.randomUUID();

    SharedInboxClaims(Path inbox, Duration lease, Clock clock) {
        this.folder = inbox.resolve(FOLDER);
        this.lease = lease;
        this.clock = clock;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder + " for the claims of shared ingest", e);
        }
    }

    /** Claims the file named by {@code key} (its absolute path); false when another process holds it. */
    @Override
    public boolean add(String key) {
        Path claim = claimOf(key);
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                createWritten(claim, owner + "\n" + key + "\n" + Instant.now(clock) + "\n");
                // the holder before us may have finished between Camel's listing and our claim: its file is gone
                failure = null;
                if (!Files.exists(Path.of(key), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    delete(claim);
                    return false;
                }
                return true;
            } catch (FileAlreadyExistsException held) {
                if (!takeOverIfStale(claim)) {
                    return false;
                }
            } catch (NoSuchFileException folderGone) {
                if (!recreateFolder(folderGone)) {
                    return false;
                }
            } catch (IOException e) {
                failing(key, e);
                return false;
            }
        }
        return false;
    }

    /**
     * The claims folder was deleted while ingest runs (the claim's own name cannot be missing): it is made again and
     * the claim tried once more. False, with the failure kept for {@link #problem()}, when it cannot be.
     */
    private boolean recreateFolder(NoSuchFileException cause) {
        try {
            Files.createDirectories(folder);
            LOG.warn("{} was deleted while ingest ran; made it again (claims of files in flight were lost with it)",
                    Printable.of(folder.toString()));
            return true;
        } catch (IOException e) {
            failing(cause.getFile(), e);
            return false;
        }
    }

    /** One WARN when claiming starts to fail, and the failure for the readiness check until a claim succeeds. */
    private void failing(String key, IOException e) {
        String why = e instanceof FileAlreadyExistsException || Files.exists(folder) && !Files.isDirectory(folder)
                ? folder + " is not a folder (a file stands in its place): move that file away, ingest then makes the "
                + "folder again" : e.toString();
        if (failure == null || !failure.equals(why)) {
            LOG.warn("cannot claim {} in {} ({}); no file of the inbox is taken until claims can be written",
                    Printable.of(key), Printable.of(folder.toString()), why);
        }
        failure = why;
    }

    /**
     * Null while files can be claimed; else why none can be, and what to do. A failure is checked again here, so
     * the check recovers once the cause is gone even while no file waits to be claimed.
     */
    String problem() {
        if (failure != null && claimsCanBeWritten()) {
            failure = null;
        }
        String why = failure;
        return why == null ? null : "files of the inbox cannot be claimed, so none is taken: " + why
                + ". What to do: check that ingest may write " + Printable.of(folder.toString())
                + " (not full, not read-only, not immutable)";
    }

    /** Whether a claim could be written now: the folder is made again if missing, and a probe written and deleted. */
    private boolean claimsCanBeWritten() {
        try {
            Files.createDirectories(folder);
            Path probe = folder.resolve(".probe-" + UUID.randomUUID());
            createWritten(probe, owner);
            Files.delete(probe);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Creates {@code file}, which must not exist, holding {@code text}; when the text cannot be written (a full
     * disk, a quota) the file is deleted again, so that no empty claim is left that nobody holds.
     */
    private static void createWritten(Path file, String text) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            try {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            } catch (IOException e) {
                delete(file);
                throw e;
            }
        }
    }

    @Override
    public boolean contains(String key) {
        return Files.exists(claimOf(key));
    }

    /**
     * Releases the claim: the file left the inbox, or its processing was rolled back to be retried. Only a claim
     * this process still holds is deleted: one another process took over (ours had outlived the lease) is theirs.
     */
    @Override
    public boolean remove(String key) {
        Path claim = claimOf(key);
        try {
            String holder = Files.readString(claim, StandardCharsets.UTF_8).lines().findFirst().orElse("");
            if (!holder.equals(owner)) {
                LOG.warn("not releasing the claim {} of {}: another process took it over ({})", claim.getFileName(),
                        key, holder);
                return false;
            }
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException e) {
            LOG.warn("cannot read the claim {} of {} ({}); leaving it to expire", claim.getFileName(), key,
                    e.getMessage());
            return false;
        }
        return delete(claim);
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        // claims belong to every process sharing the inbox: none of them clears the others'
    }

    /**
     * A claim whose holder ran here and is gone, or older than the lease, belongs to a process that died: move
     * it away atomically, so that one taker wins.
     */
    private boolean takeOverIfStale(Path claim) {
        try {
            Instant claimed = Files.getLastModifiedTime(claim).toInstant();
            String holder = Files.readString(claim, StandardCharsets.UTF_8).lines().findFirst().orElse("");
            Duration age = Duration.between(claimed, Instant.now(clock));
            boolean unwritten = holder.isBlank() && age.compareTo(UNWRITTEN_CLAIM_GRACE) > 0;
            if (!unwritten && !holderDiedHere(holder) && age.compareTo(lease) < 0) {
                return false;
            }
            Path stale = claim.resolveSibling(claim.getFileName() + ".stale-" + UUID.randomUUID());
            Files.move(claim, stale, StandardCopyOption.ATOMIC_MOVE);
            LOG.warn("taking over the claim {} left since {} by a process that stopped: {}", claim.getFileName(),
                    claimed, Files.readString(stale, StandardCharsets.UTF_8).lines().findFirst().orElse("?"));
            delete(stale);
            return true;
        } catch (NoSuchFileException gone) {
            return true;
        } catch (AtomicMoveNotSupportedException e) {
            LOG.warn("{} cannot rename atomically; stale claims there are not taken over", folder);
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** True when the holder ({@code pid@host instance}) ran on this machine and its process no longer runs. */
    private boolean holderDiedHere(String holder) {
        String self = ManagementFactory.getRuntimeMXBean().getName();
        int at = holder.indexOf('@');
        int space = holder.indexOf(' ');
        if (at < 1 || space < at || !holder.substring(at, space).equals(self.substring(self.indexOf('@')))) {
            return false;
        }
        try {
            return ProcessHandle.of(Long.parseLong(holder.substring(0, at))).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private Path claimOf(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return folder.resolve(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean delete(Path claim) {
        try {
            return Files.deleteIfExists(claim);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    protected void doStart() {
    }

    @Override
    protected void doStop() {
    }
}
