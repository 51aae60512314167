package com.researchpipeline.contract;

import java.nio.charset.StandardCharsets;

/** A record's key as text for log lines and status events, whatever a foreign producer put there. */
public final class RecordKey {

    /** Longer keys are cut: an article id is 64 characters, and a key of megabytes must not become a log line. */
    static final int MAX_CHARACTERS = 256;

    /** The key decoded as UTF-8, its first {@value #MAX_CHARACTERS} characters and its size when longer; null stays null. */
    public static String text(byte[] key) {
        if (key == null) {
            return null;
        }
        String text = new String(key, 0, Math.min(key.length, MAX_CHARACTERS * 4), StandardCharsets.UTF_8);
        if (text.length() <= MAX_CHARACTERS && key.length <= MAX_CHARACTERS * 4) {
            return text;
        }
        return text.substring(0, MAX_CHARACTERS) + "… (a key of " + key.length + " bytes)";
    }

    private RecordKey() {
    }
}
