package com.researchpipeline.ingest;

import com.researchpipeline.contract.Printable;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renames, in place, files and folders of the inbox whose names' bytes are not valid in the file-name encoding
 * (a Latin-1 name from a Windows share or a zip, under a UTF-8 locale; any non-ASCII name under an ASCII one).
 * Java lists such a name lossily ({@code caf\uFFFD.txt}), a name no file has, so without this the file would
 * wait in the inbox forever. The new name is the bytes read as Windows-1252 ({@code café.txt}) when that reading
 * has a character for every byte and the file-name encoding can write it, else the name with each non-ASCII
 * byte written {@code %XX} ({@code a%81b.txt}); the extension is kept, the name fits 255 bytes, no file is
 * overwritten (a name taken already gets {@code (2)}, {@code (3)} ...). Hidden and temporary names
 * ({@link PickupPolicy#isIgnoredName}) are left alone: their writer still renames them. One WARN per rename.
 * Called by the Camel poller's single thread; safe for others.
 */
final class UndecodableNames {

    private static final Logger LOG = LoggerFactory.getLogger(UndecodableNames.class);
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    /** An extension longer than this is taken as part of the name (it would not survive shortening). */
    private static final int MAX_EXTENSION = 32;

    /** A rename done: the old name's bytes as {@code %XX} where not ASCII, and where the file is now. */
    record Renamed(String oldName, Path now) {
    }

    private final Charset fileNames;
    private final Set<String> warnedStuck = ConcurrentHashMap.newKeySet();

    UndecodableNames(Charset fileNames) {
        this.fileNames = fileNames;
    }

    /** With the file-name encoding this JVM uses ({@link LibC#FILE_NAMES}: {@code sun.jnu.encoding}, from the locale). */
    static UndecodableNames ofThisProcess() {
        return new UndecodableNames(LibC.FILE_NAMES);
    }

    /**
     * When the listed file's name may be the lossy form of a name that does not decode (it holds U+FFFD or '?'
     * and no file has that very name), renames the undecodable names of its folder and returns true: the caller
     * takes nothing under the listed name. False, at the cost of one string scan, for any other name.
     */
    boolean repairListed(File listed) {
        String name = listed.getName();
        if (name.indexOf('\uFFFD') < 0 && name.indexOf('?') < 0) {
            return false;
        }
        try {
            if (Files.exists(listed.toPath(), LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        } catch (InvalidPathException notAName) {
            // the encoding cannot write this string: no file has it
        }
        File folder = listed.getAbsoluteFile().getParentFile();
        if (folder != null && !scannedJustNow(folder.toPath())) {
            renameIn(folder.toPath());
            remember(folder.toPath());
        }
        return true;
    }

    /**
     * Camel's file component reads a backslash in a path as a folder separator (Windows'), so it can address no file
     * or folder whose name holds one (a name from a Windows share or a zip: {@code 2024\report.txt}), which then
     * waited in the inbox forever. Such a name is renamed, in place, with {@code %5C} for each backslash (no file
     * overwritten, the name fitted to 255 bytes), one WARN, and true: the caller takes nothing under the listed name.
     */
    boolean repairBackslash(File listed) {
        String name = listed.getName();
        if (name.indexOf('\\') < 0) {
            return false;
        }
        Path entry = listed.toPath();
        String newName = fitted(name.replace("\\", "%5C"));
        Path folder = entry.toAbsolutePath().getParent();
        try {
            Path now = rename(entry, folder.resolve(newName));
            LOG.warn("renamed {} in {} to {}: a backslash in a name reads as a folder separator to the file component "
                    + "ingest uses; name files without one to keep their names", Printable.of(name),
                    Printable.of(folder.toString()), Printable.of(now.getFileName().toString()));
        } catch (NoSuchFileException gone) {
            // renamed or taken by another process sharing the inbox meanwhile
        } catch (IOException | RuntimeException e) {
            if (warnedStuck.add(entry.toString())) {
                LOG.warn("cannot rename {} in {}, whose name holds a backslash ({}): it waits in the inbox; rename it "
                        + "without one, or move it out of the inbox", Printable.of(name), Printable.of(folder.toString()),
                        e.toString());
            }
        }
        return true;
    }

    /**
     * Camel calls the filter once for each lossy name of one listing, and the first call renamed them all: a folder
     * unchanged since a scan of the last few seconds is not scanned again (50,000 such names would cost 50,000
     * scans of 50,000 entries on the poller's thread).
     */
    private boolean scannedJustNow(Path folder) {
        Scan last = lastScan;
        return last != null && last.folder().equals(folder) && System.nanoTime() - last.nanos() < RESCAN_AFTER_NANOS
                && last.modified().equals(modified(folder));
    }

    private void remember(Path folder) {
        lastScan = new Scan(folder, System.nanoTime(), modified(folder));
    }

    private static String modified(Path folder) {
        try {
            return Files.getLastModifiedTime(folder).toString();
        } catch (IOException | RuntimeException e) {
            return "unknown: " + e;
        }
    }

    private record Scan(Path folder, long nanos, String modified) {
    }

    private static final long RESCAN_AFTER_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    private volatile Scan lastScan;

    /** Renames every entry of the folder whose name does not decode; returns what was renamed. */
    List<Renamed> renameIn(Path folder) {
        List<Renamed> renamed = new ArrayList<>();
        List<Path> undecodable = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                if (!PickupPolicy.isIgnoredName(entry.getFileName().toString()) && !decodes(rawName(entry))) {
                    undecodable.add(entry);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (warnedStuck.add(folder.toString())) {
                LOG.warn("cannot list {} to rename names that are not valid {} ({}); they wait in the inbox: rename "
                        + "them, or move them out of the inbox", Printable.of(folder.toString()), fileNames.name(),
                        e.toString());
            }
            return renamed;
        }
        for (Path entry : undecodable) {
            byte[] raw = rawName(entry);
            String oldName = percentEscaped(raw);
            try {
                Path now = rename(entry, folder.resolve(newName(raw)));
                warnedStuck.remove(folder + "/" + oldName);
                LOG.warn(message(folder, oldName, now.getFileName().toString()));
                renamed.add(new Renamed(oldName, now));
            } catch (NoSuchFileException gone) {
                // renamed or taken by another process sharing the inbox meanwhile
            } catch (IOException | RuntimeException e) {
                if (warnedStuck.add(folder + "/" + oldName)) {
                    LOG.warn("cannot rename {} in {}, whose name is not valid {} ({}): it waits in the inbox; give it a "
                            + "valid name, or move it out of the inbox", Printable.of(oldName),
                            Printable.of(folder.toString()), fileNames.name(), e.toString());
                }
            }
        }
        return renamed;
    }

    /** The WARN of one rename: both names, and what to do to keep names. */
    String message(Path folder, String oldName, String newName) {
        String keep = isUtf8()
                ? "give files UTF-8 names before they reach the inbox to keep them (e.g. unzip -O CP1252, "
                        + "convmv -f cp1252 -t utf8, or mount the share with iocharset=utf8)"
                : "run the stage with a UTF-8 locale, e.g. LANG=C.UTF-8";
        return "renamed " + Printable.of(oldName) + " (its name's bytes, those not ASCII as %XX) in "
                + Printable.of(folder.toString()) + " to " + Printable.of(newName) + ": files are renamed because "
                + "their names are not valid " + fileNames.name() + "; " + keep;
    }

    /** A name the file-name encoding writes, for a name whose bytes it cannot read. */
    String newName(byte[] raw) {
        String name = windows1252Reading(raw);
        if (name == null) {
            name = percentEscaped(raw);
        }
        return fitted(name);
    }

    /** The name within 255 bytes, its extension kept. */
    private static String fitted(String name) {
        int dot = name.lastIndexOf('.');
        if (dot > 0 && name.length() - dot <= MAX_EXTENSION) {
            return Inbox.fitName(name.substring(0, dot), "", name.substring(dot));
        }
        return Inbox.fitName(name, "", "");
    }

    private Path rename(Path entry, Path target) throws IOException {
        Path candidate = target;
        for (int n = 2; ; n++) {
            try {
                NoReplaceRename.move(entry, rawPath(entry), candidate);
                return candidate;
            } catch (FileAlreadyExistsException taken) {
                candidate = Inbox.numbered(target, n);
            }
        }
    }

    private String windows1252Reading(byte[] raw) {
        String reading = new String(raw, WINDOWS_1252); // bytes it has no character for become U+FFFD
        if (reading.indexOf('\uFFFD') >= 0 || reading.indexOf('/') >= 0 || reading.indexOf('\0') >= 0
                || !fileNames.newEncoder().canEncode(reading)) {
            return null;
        }
        return reading;
    }

    static String percentEscaped(byte[] raw) {
        StringBuilder out = new StringBuilder(raw.length + 16);
        for (byte b : raw) {
            if (b >= 0) {
                out.append((char) b);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /** True when the bytes decode strictly and encode back to themselves. */
    boolean decodes(byte[] raw) {
        return LibC.exactString(raw, fileNames) != null;
    }

    /**
     * The entry's name exactly as its bytes: a Unix path's URI escapes every byte outside the URI path
     * characters, so every byte >= 0x80, as %XX (JDK 17 sun.nio.fs.UnixUriUtils.toUri; a folder's ends in '/').
     */
    static byte[] rawName(Path entry) {
        String path = rawUriPath(entry);
        return percentDecoded(path.substring(path.lastIndexOf('/') + 1));
    }

    /** The entry's absolute path exactly as its bytes, ended by a NUL: what a C call takes. */
    static byte[] rawPath(Path entry) {
        byte[] path = percentDecoded(rawUriPath(entry));
        return Arrays.copyOf(path, path.length + 1);
    }

    private static String rawUriPath(Path entry) {
        String path = entry.toAbsolutePath().toUri().getRawPath();
        return path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    }

    private static byte[] percentDecoded(String name) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '%' && i + 2 < name.length()) {
                bytes.write(Integer.parseInt(name, i + 1, i + 3, 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toByteArray();
    }

    private boolean isUtf8() {
        return fileNames.equals(StandardCharsets.UTF_8);
    }
}
