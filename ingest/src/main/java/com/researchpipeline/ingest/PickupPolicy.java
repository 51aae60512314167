package com.researchpipeline.ingest;

import com.researchpipeline.contract.Printable;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, on each listing of the inbox, which files are ready to be read; the one place where readiness is
 * decided:
 * <ul>
 *   <li>hidden and temporary names ({@code .*}, {@code ~*}, {@code *~}, {@code *.tmp}, {@code *.part},
 *       {@code *.swp}, {@code *.crdownload}, {@code *.filepart}, {@code #*#} ...: temporary-names.txt) are never
 *       taken, so writers may use them before renaming;</li>
 *   <li>a file the {@link InboxWatcher} reports settled is ready at once if its size, modification time and
 *       identity are still what they were at that report (a file written again, replaced or touched since is not,
 *       and no report at all is the same as none). A file renamed into the inbox is settled at once; one closed
 *       in place only once it stayed unchanged for a quarter of {@code stableFor} after its close (none when
 *       {@code stableFor} is 0), as its writer may reopen it to append. A writer that appends in several
 *       open/close sessions with longer pauses should write under a temporary name ({@code *.part},
 *       {@code .*}) and rename, or run with {@code INGEST_INSTANT_PICKUP=false};</li>
 *   <li>any other file is taken only once its size and modification time have stayed the same, as seen by
 *       successive listings, for {@code stableFor}, and its modification time is that old too (or in the future, where
 *       it cannot age): a file still being written or copied is left alone without blocking the others, and a
 *       writer whose clock is off (a network share) or that sets an old modification time cannot fool the check. An empty file always
 *       waits five times as long, report or not, as it is more often a placeholder about to be filled;</li>
 *   <li>a file or folder whose name's bytes are not valid in the file-name encoding, or whose name holds a backslash
 *       (which Camel reads as a folder separator), is renamed in place to one that is fine ({@link UndecodableNames})
 *       and taken under that name by a later listing;</li>
 *   <li>a linked folder is not entered (a link may lead out of the inbox or back into it); a folder this process
 *       may not list is reported (one WARN, and {@link #problem()} for the readiness check) until it can be;</li>
 *   <li>nothing is taken while {@link RetryBackoff} pauses the inbox (Kafka did not acknowledge, or too many
 *       abandoned workers still run), and a file is not taken while it is paused itself (it could not be moved).</li>
 * </ul>
 * Called by the Camel file consumer's single polling thread; its memory is safe for other readers.
 */
final class PickupPolicy implements GenericFileFilter<File> {

    private static final Logger LOG = LoggerFactory.getLogger(PickupPolicy.class);
    /** Writers' names for a file not finished yet (temporary-names.txt), as one pattern. */
    static final Pattern IGNORED = temporaryNames();
    private static final Duration FORGET_AFTER = Duration.ofHours(1);
    /** An empty file is more often a placeholder about to be filled than an article: wait this many times longer. */
    static final int EMPTY_FILE_PATIENCE = 5;

    private record Seen(long size, long modified, long firstSeenMillis, long lastSeenMillis) {
    }

    private final Duration stableFor;
    private final RetryBackoff backoff;
    private final Clock clock;
    private final Clock waits;
    private final InboxWatcher watcher;
    private final Map<Path, Seen> seen = new ConcurrentHashMap<>();
    private final Set<Path> warnedLinks = ConcurrentHashMap.newKeySet();
    /** Folders met that this process may not list, until they can be or are gone. */
    private final Set<Path> unlistable = ConcurrentHashMap.newKeySet();
    private final Set<String> warnedUnreadable = ConcurrentHashMap.newKeySet();
    private final UndecodableNames undecodableNames = UndecodableNames.ofThisProcess();
    private long lastForget;

    /** {@code clock} is compared with modification times; {@code waits} measures how long a file was seen unchanged. */
    PickupPolicy(Duration stableFor, RetryBackoff backoff, Clock clock, Clock waits, InboxWatcher watcher) {
        this.stableFor = stableFor;
        this.backoff = backoff;
        this.clock = clock;
        this.waits = waits;
        this.watcher = watcher;
    }

    private static Pattern temporaryNames() {
        StringBuilder names = new StringBuilder();
        for (String line : DataLines.of("temporary-names.txt")) {
            String glob = line.substring(line.indexOf('\t') + 1).strip();
            names.append(names.isEmpty() ? "" : "|");
            for (char c : glob.toCharArray()) {
                names.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile("^(?:" + names + ")$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }

    static boolean isIgnoredName(String name) {
        return IGNORED.matcher(name).matches();
    }

    /**
     * Only a hidden folder ({@code .done}, {@code .failed}, a tool's own) is passed over: the temporary names are a
     * writer's names for a file, and a folder called {@code drafts.tmp} or {@code old~} holds finished articles.
     */
    static boolean isIgnoredFolderName(String name) {
        return name.startsWith(".");
    }

    /** Never throws: an exception here would reach Camel's poller and end the poll for every file. */
    @Override
    public boolean accept(GenericFile<File> file) {
        try {
            return decide(file);
        } catch (Throwable e) {
            String name = Printable.of(String.valueOf(file.getAbsoluteFilePath()));
            if (warnedUnreadable.add(name)) {
                LOG.warn("cannot tell whether {} is ready ({}); it is left where it is and looked at again on each "
                        + "listing: rename it, or move it out of the inbox", name, e.toString());
            }
            return false;
        }
    }

    private boolean decide(GenericFile<File> file) {
        // before the listed name becomes a Path: a lossy one may not be a path at all in an ASCII encoding
        String name = file.getFile().getName();
        boolean folder = file.isDirectory();
        if ((folder ? isIgnoredFolderName(name) : isIgnoredName(name)) || undecodableNames.repairListed(file.getFile())
                || undecodableNames.repairBackslash(file.getFile())) {
            return false;
        }
        Path path = file.getFile().toPath();
        if (folder) {
            return acceptFolder(path);
        }
        if (backoff.isPausing() || backoff.isPausing(path) || !isReady(path)) {
            return false;
        }
        // Camel reads these lazily: read now, they are what was judged ready, for the read lock to compare again
        file.getFileLength();
        file.getLastModified();
        return true;
    }

    private boolean acceptFolder(Path folder) {
        if (Files.isSymbolicLink(folder)) {
            if (warnedLinks.add(folder)) {
                LOG.warn("not following linked folder {}: move the files themselves into the inbox",
                        Printable.of(folder.toString()));
            }
            return false;
        }
        if (!Files.isReadable(folder) || !Files.isExecutable(folder)) {
            if (unlistable.add(folder)) {
                LOG.warn("cannot list the folder {} (no permission): its files are not taken. What to do: let the "
                        + "user ingest runs as read and enter it (chmod, chown), or move its files into the inbox",
                        Printable.of(folder.toString()));
            }
            return false;
        }
        if (unlistable.remove(folder)) {
            LOG.info("the folder {} can be listed now: its files are taken", Printable.of(folder.toString()));
        }
        return true;
    }

    /** Null while every folder of the inbox can be listed; else which cannot, and what to do. */
    String problem() {
        unlistable.removeIf(folder -> !Files.isDirectory(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                || Files.isReadable(folder) && Files.isExecutable(folder));
        if (unlistable.isEmpty()) {
            return null;
        }
        return unlistable.size() + " folder(s) of the inbox cannot be listed, so their files are not taken (first: "
                + Printable.of(unlistable.iterator().next().toString()) + "). What to do: let the user ingest runs as "
                + "read and enter them, or move their files into the inbox";
    }

    /**
     * Ready when reported settled and unchanged since, or else seen unchanged for stableFor and not modified for
     * that long either.
     */
    boolean isReady(Path path) {
        long now = waits.millis();
        forgetOldEntries(now);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException | RuntimeException e) {
            // a dangling link or a file gone since the listing: let the route report what it finds
            return Files.isSymbolicLink(path);
        }
        if (attributes.size() > 0 && attributes.isRegularFile()
                && InboxWatcher.FileState.of(attributes).equals(watcher.settled(path.toAbsolutePath().normalize()))) {
            seen.remove(path);
            return true;
        }
        if (watcher.isBeingWritten(path.toAbsolutePath().normalize())) {
            seen.remove(path); // a writer paused, its file still open: read only after its close
            return false;
        }
        long modified = attributes.lastModifiedTime().toMillis();
        Seen before = seen.get(path);
        if (before == null || before.size() != attributes.size() || before.modified() != modified) {
            seen.put(path, new Seen(attributes.size(), modified, now, now));
            return false;
        }
        seen.put(path, new Seen(before.size(), modified, before.firstSeenMillis(), now));
        long required = attributes.size() == 0 ? stableFor.toMillis() * EMPTY_FILE_PATIENCE : stableFor.toMillis();
        long wall = clock.millis();
        // a modification time in the future (a writer's clock ahead, a touch -d) cannot age: unchanged is enough then
        boolean aged = modified > wall || wall - modified >= required;
        boolean quiet = aged && now - before.firstSeenMillis() >= required;
        if (quiet) {
            seen.remove(path);
        }
        return quiet;
    }

    private void forgetOldEntries(long now) {
        if (now - lastForget < FORGET_AFTER.toMillis() / 4) {
            return;
        }
        lastForget = now;
        seen.values().removeIf(s -> now - s.lastSeenMillis() > FORGET_AFTER.toMillis());
    }
}
