package com.researchpipeline.contract;

import java.util.regex.Pattern;

/**
 * Hides secrets in text about to be printed: the password of a URL's user info ({@code https://user:***@host}),
 * the value of an {@code Authorization} header or an API key, and the password of a JAAS line (Kafka's
 * {@code sasl.jaas.config}). The log configurations of every stage apply
 * the same patterns to every line as a second line of defence.
 */
public final class Redaction {

    public static final String MASK = "***";

    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)([a-z][a-z0-9+.-]{0,31}://[^/\\s:@]*):[^/\\s@]*@");
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "(?i)(authorization[:=\"' ]+(?:basic |apikey |bearer )?)[A-Za-z0-9+/=._~:-]+");
    private static final Pattern API_KEY = Pattern.compile("(?i)(api[_-]?key[:=\"' ]+)[A-Za-z0-9+/=._~:-]+");
    /** The quoted password of a JAAS line (Kafka's {@code sasl.jaas.config}), escaped quotes included. */
    private static final Pattern JAAS_PASSWORD = Pattern.compile("(?i)(password=\")(?:[^\"\\\\]|\\\\.)*");

    /** {@code text} with the password of every URL in it masked; null stays null. */
    public static String url(String text) {
        return text == null ? null : URL_PASSWORD.matcher(text).replaceAll("$1:" + MASK + "@");
    }

    /** {@code text} with URL passwords, authorization values, API keys and JAAS passwords masked. */
    public static String text(String text) {
        if (text == null) {
            return null;
        }
        String masked = url(text);
        masked = AUTHORIZATION.matcher(masked).replaceAll("$1" + MASK);
        masked = API_KEY.matcher(masked).replaceAll("$1" + MASK);
        return JAAS_PASSWORD.matcher(masked).replaceAll("$1" + MASK);
    }

    private Redaction() {
    }
}
