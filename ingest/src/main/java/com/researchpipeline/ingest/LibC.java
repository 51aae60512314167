package com.researchpipeline.ingest;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The C library calls of ingest (Linux only, through JNA), in one binding loaded once: the no-replace rename of
 * {@link NoReplaceRename}, the open of {@link OpenedPath} and the inotify calls of {@link InotifyInboxWatcher}. A path passes to C as the exact
 * bytes of its name in the file-name encoding Java itself uses ({@code sun.jnu.encoding}); a name that encoding
 * does not give back exactly (bytes invalid in it, say) has no such bytes here, and its caller falls back to what
 * it does without C. Thread-safe.
 */
final class LibC {

    /** The functions used; JNA looks each up at its first call (see {@link #has}). */
    interface Calls extends Library {
        int renameat2(int oldDirFd, byte[] oldPath, int newDirFd, byte[] newPath, int flags);

        int open(byte[] path, int flags);

        int inotify_init1(int flags);

        int inotify_add_watch(int fd, byte[] path, int mask);

        int inotify_rm_watch(int fd, int wd);

        NativeLong read(int fd, byte[] buffer, NativeLong count);

        int poll(byte[] fds, NativeLong count, int timeoutMillis);

        int close(int fd);
    }

    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EMFILE = 24;
    static final int ENOSPC = 28;

    private static final java.util.Map<Integer, String> ERRNO_NAMES = loadErrnoNames();

    /** {@code errno 1 (EPERM: operation not permitted ...)}, from {@code errno-names.txt}; the number alone if unknown. */
    static String describeErrno(int errno) {
        String name = ERRNO_NAMES.get(errno);
        return "errno " + errno + (name == null ? "" : " (" + name + ")");
    }

    private static java.util.Map<Integer, String> loadErrnoNames() {
        java.util.Map<Integer, String> names = new java.util.HashMap<>();
        for (String line : DataLines.of("errno-names.txt")) {
            String[] parts = line.split("\t");
            names.put(Integer.parseInt(parts[0].trim()), parts[1].trim() + ": " + parts[2].trim());
        }
        return java.util.Map.copyOf(names);
    }

    static final Charset FILE_NAMES = Charset.forName(System.getProperty("sun.jnu.encoding",
            Charset.defaultCharset().name()));

    private static final Calls CALLS;
    private static final String UNAVAILABLE_BECAUSE;

    static {
        Calls calls = null;
        String because = null;
        if (!Platform.isLinux()) {
            because = "inotify and renameat2 exist on Linux only";
        } else {
            try {
                calls = Native.load("c", Calls.class);
            } catch (Throwable e) { // UnsatisfiedLinkError, a JNA that cannot unpack its library ...
                because = "JNA cannot load the C library (" + e + ")";
            }
        }
        CALLS = calls;
        UNAVAILABLE_BECAUSE = because;
    }

    private LibC() {
    }

    /** True on Linux, where the calls exist (the C library may still fail to load). */
    static boolean onLinux() {
        return Platform.isLinux();
    }

    /** The C library, or null when it cannot be called here ({@link #unavailableBecause} says why). */
    static Calls calls() {
        return CALLS;
    }

    /** Why {@link #calls} is null, or null when it is not. */
    static String unavailableBecause() {
        return UNAVAILABLE_BECAUSE;
    }

    /** True when the C library has the function (an old one may lack {@code renameat2}, say). */
    static boolean has(String function) {
        if (CALLS == null) {
            return false;
        }
        try {
            NativeLibrary.getInstance("c").getFunction(function);
            return true;
        } catch (Throwable e) { // UnsatisfiedLinkError: no such function
            return false;
        }
    }

    /** The C {@code errno} of this thread's last call. */
    static int lastError() {
        return Native.getLastError();
    }

    /**
     * The path's bytes for a C call, ending with the zero byte C expects, or null when its string does not give back
     * exactly the name it stands for (then no C call may be made with it: it would name another file, or none).
     */
    static byte[] nativePath(Path path) {
        String name = path.toString();
        try {
            if (!path.getFileSystem().getPath(name).equals(path)) { // a Unix path compares its bytes
                return null;
            }
        } catch (InvalidPathException unmappable) {
            return null;
        }
        byte[] encoded = name.getBytes(FILE_NAMES);
        if (!new String(encoded, FILE_NAMES).equals(name)) {
            return null;
        }
        return Arrays.copyOf(encoded, encoded.length + 1);
    }

    /**
     * The name C gave as bytes (up to the first zero byte), or null when the file-name encoding cannot give it back
     * exactly: a path made of that string would name another file, or none.
     */
    static String exactName(byte[] raw) {
        int end = 0;
        while (end < raw.length && raw[end] != 0) {
            end++;
        }
        return exactString(Arrays.copyOf(raw, end), FILE_NAMES);
    }

    /**
     * The bytes read in {@code encoding}, or null unless they are valid in it and the string it reads encodes back
     * to the same bytes.
     */
    static String exactString(byte[] bytes, Charset encoding) {
        try {
            String text = encoding.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return Arrays.equals(text.getBytes(encoding), bytes) ? text : null;
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
