package com.researchpipeline.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Undoes the commonest text corruption on the web: UTF-8 bytes once decoded as Windows-1252 ({@code â€™} for
 * {@code ’}, {@code Ã©} for {@code é}). Only runs of characters that Windows-1252 maps to single high bytes
 * are examined, and only byte sequences that form valid UTF-8 are candidates. Clean text also holds such
 * sequences by accident ({@code Å²} is Ų, {@code “PERCHÈ”} ends in Ȕ, {@code été…»} ends in 酻), so a candidate
 * is replaced only when its character looks like what mojibake leaves:
 * <ul>
 * <li>punctuation, a symbol, a space or a format mark ({@code ’ – € ™ ° ½}, no control character): UTF-8 spells
 * these as a lead letter followed by Windows-1252 punctuation, which real text does not write;</li>
 * <li>a letter from two bytes: only one of the European blocks mojibake of European text yields (Latin-1,
 * Latin Extended-A, Romanian ș ț, Greek, Cyrillic), and only inside a word, next to a letter
 * ({@code cafÃ©}, {@code Å‚ódź}, {@code È™tiinÈ›Äƒ}); {@code 850 Å²} stands alone and is left as it is. Greek
 * letters need no neighbour: science writes them alone as symbols ({@code Î²-thalassemia});</li>
 * <li>a letter from three or four bytes (CJK, Hangul ...): only next to a letter of its own script, as in a
 * mojibake run of that script ({@code ä¸­æ–‡}); a Latin word before it ({@code ét酻}) does not count.</li>
 * </ul>
 * A neighbour counts as it is written and as it reads once repaired, so double-encoded text
 * ({@code Ã¢â‚¬â„¢}) is undone in two passes. A word of one mojibake letter alone ({@code Ã } for {@code à})
 * is not repaired. Text that is not mojibake (Türkiye, naïve, Parkinson’s, CAFÉ’s, β-thalassemia) is left as
 * it is. Stateless and thread-safe.
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

    /** General categories of the non-letters a UTF-8 sequence may be repaired into: punctuation, symbols, spaces, format marks. */
    private static final Set<Integer> MARK_TYPES = Set.of((int) Character.CONNECTOR_PUNCTUATION,
            (int) Character.DASH_PUNCTUATION, (int) Character.START_PUNCTUATION, (int) Character.END_PUNCTUATION,
            (int) Character.INITIAL_QUOTE_PUNCTUATION, (int) Character.FINAL_QUOTE_PUNCTUATION,
            (int) Character.OTHER_PUNCTUATION, (int) Character.MATH_SYMBOL, (int) Character.CURRENCY_SYMBOL,
            (int) Character.MODIFIER_SYMBOL, (int) Character.OTHER_SYMBOL, (int) Character.OTHER_NUMBER,
            (int) Character.SPACE_SEPARATOR, (int) Character.FORMAT);
    /** The blocks whose letters mojibake of European text yields from two bytes. */
    private static final Set<Character.UnicodeBlock> TWO_BYTE_LETTER_BLOCKS = Set.of(Character.UnicodeBlock.LATIN_1_SUPPLEMENT,
            Character.UnicodeBlock.LATIN_EXTENDED_A, Character.UnicodeBlock.GREEK, Character.UnicodeBlock.CYRILLIC);
    /** Greek letters stand alone as symbols in science (β-thalassemia, α = 0.05), so they need no neighbour. */
    private static final Character.UnicodeBlock LETTERS_USED_AS_SYMBOLS = Character.UnicodeBlock.GREEK;
    /** The letters of Latin Extended-B a living language writes often: Romanian's Ș ș Ț ț. */
    private static final String ROMANIAN_COMMA_BELOW = "\u0218\u0219\u021A\u021B";

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

    /** A candidate UTF-8 sequence in a run (its text from {@code from} to {@code to}), or one char that is none. */
    private record Piece(int from, int to, int decoded) {
        static final int NONE = -1;

        boolean isCandidate() {
            return decoded != NONE;
        }
    }

    /** The run with its mojibake sequences decoded, or null when it holds none. */
    private static String repairRun(String text, int start, int end) {
        List<Piece> pieces = split(text, start, end);
        StringBuilder out = new StringBuilder(end - start);
        boolean changed = false;
        for (int p = 0; p < pieces.size(); p++) {
            Piece piece = pieces.get(p);
            if (piece.isCandidate() && looksLikeMojibake(piece, neighbours(text, pieces, p, start, end))) {
                out.appendCodePoint(piece.decoded());
                changed = true;
            } else {
                out.append(text, piece.from(), piece.to());
            }
        }
        return changed ? out.toString() : null;
    }

    private static List<Piece> split(String text, int start, int end) {
        byte[] bytes = new byte[end - start];
        for (int k = 0; k < bytes.length; k++) {
            bytes[k] = BYTE_OF[text.charAt(start + k)];
        }
        List<Piece> pieces = new ArrayList<>();
        int k = 0;
        while (k < bytes.length) {
            int length = sequenceLength(bytes[k]);
            int decoded = length > 1 && k + length <= bytes.length ? decode(bytes, k, length) : Piece.NONE;
            int taken = decoded == Piece.NONE ? 1 : length;
            pieces.add(new Piece(start + k, start + k + taken, decoded));
            k += taken;
        }
        return pieces;
    }

    /** The characters beside piece p: as written, and as repaired when the neighbour is a candidate itself. */
    private static List<Integer> neighbours(String text, List<Piece> pieces, int p, int start, int end) {
        List<Integer> around = new ArrayList<>(4);
        if (p > 0) {
            Piece before = pieces.get(p - 1);
            around.add(text.codePointBefore(before.to()));
            if (before.isCandidate()) {
                around.add(before.decoded());
            }
        } else if (start > 0) {
            around.add(text.codePointBefore(start));
        }
        if (p + 1 < pieces.size()) {
            Piece after = pieces.get(p + 1);
            around.add(text.codePointAt(after.from()));
            if (after.isCandidate()) {
                around.add(after.decoded());
            }
        } else if (end < text.length()) {
            around.add(text.codePointAt(end));
        }
        return around;
    }

    /** The rules of the class comment. */
    private static boolean looksLikeMojibake(Piece piece, List<Integer> neighbours) {
        int c = piece.decoded();
        if (!Character.isLetter(c)) {
            return MARK_TYPES.contains(Character.getType(c));
        }
        if (piece.to() - piece.from() == 2) {
            Character.UnicodeBlock block = Character.UnicodeBlock.of(c);
            return block == LETTERS_USED_AS_SYMBOLS || (TWO_BYTE_LETTER_BLOCKS.contains(block)
                    || ROMANIAN_COMMA_BELOW.indexOf(c) >= 0) && neighbours.stream().anyMatch(Character::isLetter);
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(c);
        return neighbours.stream().anyMatch(n -> Character.isLetter(n) && Character.UnicodeScript.of(n) == script);
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

    /** The code point the bytes spell in UTF-8, or {@link Piece#NONE} when they are not valid UTF-8. */
    private static int decode(byte[] bytes, int offset, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length)).toString().codePointAt(0);
        } catch (CharacterCodingException e) {
            return Piece.NONE;
        }
    }
}
