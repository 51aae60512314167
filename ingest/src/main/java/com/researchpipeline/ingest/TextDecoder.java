package com.researchpipeline.ingest;

import com.researchpipeline.contract.Printable;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Finds how a text file's bytes were encoded and decodes them: a byte-order mark wins (UTF-8, UTF-16BE,
 * UTF-16LE, UTF-32); otherwise UTF-32 and Latin UTF-16 by where their zero bytes stand, strict UTF-8, then UTF-8 with surrogate pairs encoded half by half (CESU-8), then ISO-8859-1 when no byte lies in 0x80–0x9F, then Windows-1252, then UTF-8
 * with a few stray Windows-1252 bytes.
 * Bytes that none of these accept are rejected rather than replaced, so no text is silently changed.
 * Stateless and thread-safe.
 */
final class TextDecoder {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    /** The decoded characters (BOM removed) and the name of the encoding they were read with. */
    record Decoded(String text, String encoding) {
    }

    private static final String RESAVE = "save the file as UTF-8 and drop it again";
    /** Fewer characters of the upper half than this never make a text foreign: a name or two in a Western text. */
    private static final int MIN_FOREIGN = 20;
    /** Western European text has at most about one accented letter in ten; above this share it is not such text. */
    private static final double MAX_ACCENTED_SHARE = 0.3;

    Decoded decode(byte[] bytes) {
        if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
            return new Decoded(strict(surrogatePairsAsUtf8(bytes), 3, StandardCharsets.UTF_8,
                    "UTF-8 (it starts with a UTF-8 byte-order mark)"), "UTF-8 with BOM");
        }
        if (startsWith(bytes, 0xFF, 0xFE, 0x00, 0x00)) {
            return new Decoded(strict(bytes, 4, Charset.forName("UTF-32LE"), "UTF-32LE (it starts with that byte-order mark)"),
                    "UTF-32LE");
        }
        if (startsWith(bytes, 0x00, 0x00, 0xFE, 0xFF)) {
            return new Decoded(strict(bytes, 4, Charset.forName("UTF-32BE"), "UTF-32BE (it starts with that byte-order mark)"),
                    "UTF-32BE");
        }
        if (startsWith(bytes, 0xFE, 0xFF)) {
            return new Decoded(strict(bytes, 2, StandardCharsets.UTF_16BE, "UTF-16BE (it starts with that byte-order mark)"),
                    "UTF-16BE");
        }
        if (startsWith(bytes, 0xFF, 0xFE)) {
            return new Decoded(strict(bytes, 2, StandardCharsets.UTF_16LE, "UTF-16LE (it starts with that byte-order mark)"),
                    "UTF-16LE");
        }
        Decoded wide = wideWithoutBom(bytes);
        if (wide != null) {
            return wide;
        }
        rejectNulBytes(bytes);
        int invalidUtf8 = firstInvalid(bytes, 0, StandardCharsets.UTF_8);
        if (invalidUtf8 < 0) {
            return new Decoded(new String(bytes, StandardCharsets.UTF_8), "UTF-8");
        }
        byte[] cesu = surrogatePairsAsUtf8(bytes);
        if (cesu != bytes && firstInvalid(cesu, 0, StandardCharsets.UTF_8) < 0) {
            return new Decoded(new String(cesu, StandardCharsets.UTF_8), "CESU-8");
        }
        if (!hasC1Byte(bytes)) {
            return westernOnly(new Decoded(new String(bytes, StandardCharsets.ISO_8859_1), "ISO-8859-1"));
        }
        int invalid1252 = firstInvalid(bytes, 0, WINDOWS_1252);
        if (invalid1252 < 0) {
            return westernOnly(new Decoded(new String(bytes, WINDOWS_1252), "windows-1252"));
        }
        String mixed = utf8WithStrayBytes(bytes);
        if (mixed != null) {
            return new Decoded(mixed, "UTF-8 with stray Windows-1252 bytes");
        }
        throw new RejectedInputException(String.format(
                "the bytes are not text in any encoding tried (UTF-8 fails at byte %d, Windows-1252 and ISO-8859-1 at byte %d: 0x%02X)",
                invalidUtf8, invalid1252, bytes[invalid1252] & 0xFF), RESAVE);
    }

    /**
     * A legacy single-byte reading is taken only for Western European text, where accented letters are a few among
     * plain ones. Text in another legacy encoding (Cyrillic windows-1251 or KOI8-R, Greek, Chinese GB18030, Korean
     * EUC-KR ...) also decodes as Windows-1252 or ISO-8859-1, but into accented letters mostly: that is rejected
     * rather than published as gibberish.
     */
    private static Decoded westernOnly(Decoded decoded) {
        String text = decoded.text();
        int plainLetters = 0;
        int upperHalf = 0; // accented letters, and the symbols multi-byte text also reads as
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80 && c != 0xA0) {
                upperHalf++;
            } else if (Character.isLetter(c)) {
                plainLetters++;
            }
        }
        if (upperHalf >= MIN_FOREIGN && upperHalf > (plainLetters + upperHalf) * MAX_ACCENTED_SHARE) {
            throw new RejectedInputException(String.format("the file is not UTF-8, and read as %s %d of its %d letters "
                    + "and signs are accented letters or symbols (\"%s\"): it is text in a legacy encoding of another script "
                    + "(Cyrillic windows-1251 or KOI8-R, Greek, Chinese GB18030 or Big5, Japanese Shift_JIS, Korean "
                    + "EUC-KR ...), which ingest cannot tell apart", decoded.encoding(), upperHalf, plainLetters + upperHalf,
                    Printable.of(sampleOfUpperHalf(text))),
                    "save it as UTF-8 (an HTML page may instead declare its charset in <meta charset=...>) and drop it again");
        }
        return decoded;
    }

    /**
     * UTF-8 text with a few bytes of a legacy single-byte encoding pasted in ("“remission” … caf\\xE9"), which
     * neither reading takes whole: what UTF-8 decodes as UTF-8, each byte it refuses as Windows-1252 (as ISO-8859-1
     * where Windows-1252 has none). Null unless the UTF-8 sequences outnumber the stray bytes.
     */
    private static String utf8WithStrayBytes(byte[] bytes) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        int stray = 0;
        for (CoderResult result = utf8.decode(in, out, true); result.isError(); result = utf8.decode(in, out, true)) {
            for (int k = 0; k < result.length(); k++) {
                int b = in.get() & 0xFF;
                char legacy = new String(new byte[] {(byte) b}, WINDOWS_1252).charAt(0);
                out.put(legacy == '\uFFFD' ? (char) b : legacy);
                stray++;
            }
        }
        utf8.flush(out);
        String text = out.flip().toString();
        long upperHalf = text.chars().filter(c -> c >= 0x80).count();
        return upperHalf - stray > stray ? text : null;
    }

    /**
     * The bytes with each surrogate pair encoded on its own, three bytes a half (CESU-8: what Java's serialisation,
     * Oracle and MySQL's {@code utf8mb3} write for an emoji or a rare CJK character), as the four bytes UTF-8 has for
     * its character; the same array when it holds no such pair. UTF-8 refuses those halves, so read as Windows-1252
     * they were gibberish ("í ½í¸€" for 😀).
     */
    static byte[] surrogatePairsAsUtf8(byte[] bytes) {
        java.io.ByteArrayOutputStream out = null;
        int copied = 0;
        for (int i = 0; i + 5 < bytes.length; i++) {
            if ((bytes[i] & 0xFF) == 0xED && (bytes[i + 1] & 0xF0) == 0xA0 && (bytes[i + 2] & 0xC0) == 0x80
                    && (bytes[i + 3] & 0xFF) == 0xED && (bytes[i + 4] & 0xF0) == 0xB0 && (bytes[i + 5] & 0xC0) == 0x80) {
                char high = (char) (0xD000 | (bytes[i + 1] & 0x3F) << 6 | bytes[i + 2] & 0x3F);
                char low = (char) (0xD000 | (bytes[i + 4] & 0x3F) << 6 | bytes[i + 5] & 0x3F);
                out = out != null ? out : new java.io.ByteArrayOutputStream(bytes.length);
                out.write(bytes, copied, i - copied);
                out.writeBytes(new String(new char[] {high, low}).getBytes(StandardCharsets.UTF_8));
                i += 5;
                copied = i + 1;
            }
        }
        if (out == null) {
            return bytes;
        }
        out.write(bytes, copied, bytes.length - copied);
        return out.toByteArray();
    }

    private static String strict(byte[] bytes, int offset, Charset charset, String declared) {
        int invalid = firstInvalid(bytes, offset, charset);
        if (invalid >= 0) {
            throw new RejectedInputException("the file declares " + declared + " but byte " + invalid
                    + " is not valid in that encoding", RESAVE);
        }
        return new String(bytes, offset, bytes.length - offset, charset);
    }

    /** Offset of the first byte the charset cannot decode, or -1 when all of them decode. */
    static int firstInvalid(byte[] bytes, int offset, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return in.position();
            }
            if (result.isUnderflow()) {
                CoderResult flushed = decoder.flush(out.clear());
                return flushed.isError() ? in.position() : -1;
            }
            out.clear();
        }
    }

    /**
     * UTF-32 or UTF-16 text saved without a byte-order mark (by Java's {@code UTF_16LE} writers, database exports),
     * told apart by its zero bytes where its structure puts them: in UTF-32 the top byte of every unit, and the next
     * one is at most 0x10; in UTF-16 text of a Latin script, the high byte of nearly every unit and no other byte. Null
     * when the bytes are not laid out so (text of other scripts in UTF-16 without a mark cannot be told from other
     * bytes, and is rejected asking for a mark).
     */
    private static Decoded wideWithoutBom(byte[] bytes) {
        if (bytes.length < 4 || bytes.length % 2 != 0) {
            return null;
        }
        for (boolean littleEndian : new boolean[] {true, false}) {
            if (bytes.length % 4 == 0 && unitsOfUtf32(bytes, littleEndian)) {
                Charset utf32 = Charset.forName(littleEndian ? "UTF-32LE" : "UTF-32BE");
                if (firstInvalid(bytes, 0, utf32) < 0) {
                    return new Decoded(new String(bytes, utf32), utf32.name() + " without BOM");
                }
            }
        }
        int nulAtEven = 0;
        int nulAtOdd = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                nulAtEven += i % 2 == 0 ? 1 : 0;
                nulAtOdd += i % 2 == 1 ? 1 : 0;
            }
        }
        int units = bytes.length / 2;
        boolean littleEndian = nulAtOdd > units * LATIN_UTF16_ZEROS && nulAtEven == 0;
        boolean bigEndian = nulAtEven > units * LATIN_UTF16_ZEROS && nulAtOdd == 0;
        Charset utf16 = littleEndian ? StandardCharsets.UTF_16LE : bigEndian ? StandardCharsets.UTF_16BE : null;
        if (utf16 == null || firstInvalid(bytes, 0, utf16) >= 0) {
            return null;
        }
        return new Decoded(new String(bytes, utf16), utf16.name() + " without BOM");
    }

    /** Whether every four bytes are a code point in the given order: its top byte zero, the next at most 0x10. */
    private static boolean unitsOfUtf32(byte[] bytes, boolean littleEndian) {
        for (int i = 0; i < bytes.length; i += 4) {
            int top = bytes[littleEndian ? i + 3 : i];
            int plane = bytes[littleEndian ? i + 2 : i + 1] & 0xFF;
            if (top != 0 || plane > 0x10) {
                return false;
            }
        }
        return true;
    }

    /** UTF-16 text of a Latin script has a zero in at least this share of its units' high bytes (most of its letters). */
    private static final double LATIN_UTF16_ZEROS = 0.4;

    private static void rejectNulBytes(byte[] bytes) {
        int nulAtEven = 0;
        int nulAtOdd = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                if (i % 2 == 0) {
                    nulAtEven++;
                } else {
                    nulAtOdd++;
                }
            }
        }
        if (nulAtEven + nulAtOdd == 0) {
            return;
        }
        // UTF-16 text of another script without a mark: zeros on one side only (its spaces, line ends, digits), and
        // valid UTF-16 read so
        Charset utf16 = nulAtEven == 0 ? StandardCharsets.UTF_16LE : nulAtOdd == 0 ? StandardCharsets.UTF_16BE : null;
        if (utf16 != null && bytes.length % 2 == 0 && firstInvalid(bytes, 0, utf16) < 0) {
            throw new RejectedInputException("the file looks like UTF-16 text without a byte-order mark, in a script "
                    + "whose bytes cannot be told apart from others without it",
                    "save it as UTF-8 (or as UTF-16 with a byte-order mark) and drop it again");
        }
        throw new RejectedInputException("the file holds binary data (it contains zero bytes), not text",
                "drop the article as .txt, .md, .html or .pdf; if this is an article in another format, convert it first");
    }

    /** Up to 20 characters from the first one of the upper half, to show what the reading looks like. */
    private static String sampleOfUpperHalf(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return text.substring(i, Math.min(text.length(), i + 20));
            }
        }
        return "";
    }

    private static boolean hasC1Byte(byte[] bytes) {
        for (byte b : bytes) {
            int v = b & 0xFF;
            if (v >= 0x80 && v <= 0x9F) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
