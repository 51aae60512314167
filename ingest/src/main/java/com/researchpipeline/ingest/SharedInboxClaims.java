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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
 * was rolled back. A claim is named by the file's path below the inbox, so processes that reach one inbox by
 * different paths (a link, another mount point) claim each file once. The claim of a process that died holding it
 * is taken over at once when that process ran on this machine, in this process namespace (its pid is gone, or
 * now names a process started after the claim), and never while it runs; the claim of a process elsewhere once it
 * is older than the lease, measured by the file system's own clock (a probe file's modification time), so that
 * machines whose clocks disagree, or a clock set forward, take no live claim. Its file is then processed by
 * another (the same article id makes that second send harmless downstream).
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
    /** {@code pid@host instance namespace}: who holds a claim, and whether it can still be alive. */
    private final String owner = ManagementFactory.getRuntimeMXBean().getName() + " " + UUID.randomUUID() + " "
            + PID_NAMESPACE;
    /** This process's pid namespace ({@code pid:[4026531836]} on Linux), "-" where there is none to read. */
    static final String PID_NAMESPACE = pidNamespace();
    /** How long one reading of the file system's clock is used (advanced by this process's monotonic clock). */
    private static final long FILE_SYSTEM_CLOCK_MILLIS = 10_000;
    /** The file system's time at the last probe, and this process's nanoTime then. */
    private volatile long[] fileSystemClock;
    /**
     * Keys whose claim this process released but could not delete (its holder could not be read: no descriptor left,
     * an I/O error). This process holds no such file any more, yet its claim names a live holder, which no taker takes
     * over: it is taken back at the file's next claim.
     */
    private final Set<String> unreleased = ConcurrentHashMap.newKeySet();

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

    /** Claims the file named by {@code key} (its absolute path below the inbox); false when another process holds it. */
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
                if (!takeBackUnreleased(key, claim) && !takeOverIfStale(claim)) {
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
            writeProbe();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Writes a probe file in the claims folder and deletes it again; keeps its modification time as the file
     * system's clock reading ({@link #fileSystemNow}) and returns it.
     */
    private long[] writeProbe() throws IOException {
        Path probe = folder.resolve(".probe-" + UUID.randomUUID());
        try {
            createWritten(probe, owner);
            long[] reading = {Files.getLastModifiedTime(probe).toMillis(), System.nanoTime()};
            fileSystemClock = reading;
            return reading;
        } finally {
            delete(probe);
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
            String holder = holderOf(claim);
            if (!holder.equals(owner)) {
                LOG.warn("not releasing the claim {} of {}: another process took it over ({})", claim.getFileName(),
                        key, holder);
                return false;
            }
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException e) {
            unreleased.add(key);
            LOG.warn("cannot read the claim {} of {} ({}); it is taken back when the file is next claimed",
                    claim.getFileName(), key, e.getMessage());
            return false;
        }
        if (delete(claim)) {
            return true;
        }
        unreleased.add(key);
        return false;
    }

    /** The first line of a claim: the process that holds it. */
    private static String holderOf(Path claim) throws IOException {
        return Files.readString(claim, StandardCharsets.UTF_8).lines().findFirst().orElse("");
    }

    /** True when the claim is one of this process's {@link #unreleased} and is deleted now, so the file can be claimed. */
    private boolean takeBackUnreleased(String key, Path claim) {
        if (!unreleased.contains(key)) {
            return false;
        }
        try {
            String holder = holderOf(claim);
            unreleased.remove(key);
            return holder.equals(owner) && delete(claim);
        } catch (NoSuchFileException gone) {
            unreleased.remove(key);
            return true;
        } catch (IOException stillUnreadable) {
            return false;
        }
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
     * A claim whose holder ran here and is gone, or whose holder ran elsewhere and is older than the lease (or empty
     * past {@link #UNWRITTEN_CLAIM_GRACE}), belongs to a process that died: move it away atomically, so that one
     * taker wins.
     */
    private boolean takeOverIfStale(Path claim) {
        try {
            Instant claimed = Files.getLastModifiedTime(claim).toInstant();
            String[] lines = Files.readString(claim, StandardCharsets.UTF_8).split("\n", -1);
            String holder = lines[0];
            Instant written = lines.length > 2 ? parseInstant(lines[2]) : null;
            Duration age = Duration.between(claimed, fileSystemNow());
            boolean orphaned = holder.isBlank() ? age.compareTo(UNWRITTEN_CLAIM_GRACE) > 0
                    : ranHere(holder) ? holderDiedHere(holder, written == null ? claimed : written)
                    : age.compareTo(lease) >= 0;
            if (!orphaned) {
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

    private static Instant parseInstant(String text) {
        try {
            return Instant.parse(text.strip());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The file system's time now, as a probe file written in the claims folder was stamped (read again every few
     * seconds, advanced by this process's monotonic clock in between); this process's clock when no probe can be
     * written.
     */
    private Instant fileSystemNow() {
        long[] reading = fileSystemClock;
        long nanos = System.nanoTime();
        if (reading == null || nanos - reading[1] > FILE_SYSTEM_CLOCK_MILLIS * 1_000_000) {
            try {
                reading = writeProbe();
            } catch (IOException e) {
                return Instant.now(clock);
            }
        }
        return Instant.ofEpochMilli(reading[0] + (nanos - reading[1]) / 1_000_000);
    }

    /**
     * True when the holder ({@code pid@host instance namespace}) ran on this machine and in this process's pid
     * namespace, where whether it still runs can be known. A holder of another namespace (another container on this
     * host, sharing its name) or a claim that names none counts as elsewhere.
     */
    private static boolean ranHere(String holder) {
        String[] parts = holder.split(" ");
        String self = ManagementFactory.getRuntimeMXBean().getName();
        int at = parts[0].indexOf('@');
        return at > 0 && parts[0].substring(at).equals(self.substring(self.indexOf('@'))) && parts.length >= 3
                && parts[2].equals(PID_NAMESPACE) && !"-".equals(PID_NAMESPACE);
    }

    /**
     * True when the holder, which ran here, no longer runs: its pid is gone, or names a process started after the
     * claim was written (the pid given again, after a restart of the machine or of a container whose ingest was pid 1).
     */
    private static boolean holderDiedHere(String holder, Instant written) {
        try {
            long pid = Long.parseLong(holder.substring(0, holder.indexOf('@')));
            return ProcessHandle.of(pid).map(p -> !p.isAlive() || p.info().startInstant()
                    .map(started -> started.isAfter(written.plusSeconds(1))).orElse(false)).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String pidNamespace() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString().replace(' ', '_');
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return "-";
        }
    }

    /** The claim of the file named by {@code key}, by its path below the inbox (one name however the inbox is reached). */
    private Path claimOf(String key) {
        Path file = Path.of(key);
        Path inbox = folder.getParent();
        String name = file.isAbsolute() && file.startsWith(inbox) ? inbox.relativize(file).toString() : key;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
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
