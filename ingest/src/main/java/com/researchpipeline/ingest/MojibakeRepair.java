package com.researchpipeline.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Undoes the commonest text corruption on the web: UTF-8 bytes once decoded as Windows-1252 ({@code â€™} for
 * {@code ’}, {@code Ã©} for {@code é}). Only runs of characters that Windows-1252 maps to single high bytes
 * are examined, and only byte sequences that form valid UTF-8 are replaced, so text that is not mojibake
 * (Türkiye, naïve, Parkinson’s, β-thalassemia) is left as it is. Stateless and thread-safe.
 */
final class MojibakeRepair {

    /** For each char, the Windows-1252 byte it came from (0 when it is not a high byte). */
    private static final byte[] BYTE_OF = new byte[0x10000];

    static {
        for (int b = 0x80; b <= 0xFF; b++) {
            String decoded = new String(new byte[] {(byte) b}, TextDecoder.WINDOWS_1252);
            char c = decoded.charAt(0);
            // the five bytes Windows-1252 leaves undefined come back as C1 controls from lenient decoders
            BYTE_OF[c == '\uFFFD' ? b : c] = (byte) b;
        }
    }

    private static final int MAX_PASSES = 3;

    /** The text with every mojibake sequence decoded; the same instance when there was none. */
    String repair(String text) {
        String current = text;
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            String repaired = repairOnce(current);
            if (repaired.equals(current)) {
                return current;
            }
            current = repaired; // double-encoded text needs a second pass
        }
        return current;
    }

    private static String repairOnce(String text) {
        StringBuilder out = null;
        int i = 0;
        int copiedUpTo = 0;
        while (i < text.length()) {
            if (BYTE_OF[text.charAt(i)] == 0) {
                i++;
                continue;
            }
            int runEnd = i;
            while (runEnd < text.length() && BYTE_OF[text.charAt(runEnd)] != 0) {
                runEnd++;
            }
            String fixed = repairRun(text, i, runEnd);
            if (fixed != null) {
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                out.append(text, copiedUpTo, i).append(fixed);
                copiedUpTo = runEnd;
            }
            i = runEnd;
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copiedUpTo, text.length()).toString();
    }

    /** The run with its UTF-8 sequences decoded, or null when it holds none. */
    private static String repairRun(String text, int start, int end) {
        byte[] bytes = new byte[end - start];
        for (int k = 0; k < bytes.length; k++) {
            bytes[k] = BYTE_OF[text.charAt(start + k)];
        }
        StringBuilder out = new StringBuilder(bytes.length);
        boolean changed = false;
        int k = 0;
        while (k < bytes.length) {
            int length = sequenceLength(bytes[k]);
            String decoded = length > 1 && k + length <= bytes.length ? decode(bytes, k, length) : null;
            if (decoded != null) {
                out.append(decoded);
                k += length;
                changed = true;
            } else {
                out.append(text.charAt(start + k));
                k++;
            }
        }
        return changed ? out.toString() : null;
    }

    private static int sequenceLength(byte lead) {
        int v = lead & 0xFF;
        if (v >= 0xC2 && v <= 0xDF) {
            return 2;
        }
        if (v >= 0xE0 && v <= 0xEF) {
            return 3;
        }
        if (v >= 0xF0 && v <= 0xF4) {
            return 4;
        }
        return 0;
    }

    private static String decode(byte[] bytes, int offset, int length) {
        try {
            String decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length)).toString();
            return length == 2 && !plausibleTwoByte(decoded.codePointAt(0)) ? null : decoded;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * Two-byte sequences are the ones real text produces by accident (an accented capital before a curly
     * quote: "É’", "ß“"); accept only the scripts mojibake of European text actually yields.
     */
    private static boolean plausibleTwoByte(int codePoint) {
        return codePoint >= 0x80 && codePoint <= 0x24F      // Latin-1 supplement, Latin Extended-A and -B
                || codePoint >= 0x370 && codePoint <= 0x4FF;  // Greek, Cyrillic
    }
}
