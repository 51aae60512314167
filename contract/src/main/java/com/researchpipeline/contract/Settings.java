package com.researchpipeline.contract;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Typed reading of configuration from environment variables, failing at once with a message that
 * names the bad variable. Each stage's config class reads through one instance of this.
 */
public final class Settings {

    /**
     * The longest duration a setting may give. Longer ones are no setting anyone means, and the stages work with
     * multiples of durations in nanoseconds, which overflow from about 58 years on.
     */
    public static final Duration MAX_DURATION = Duration.ofDays(3650);

    private final Map<String, String> values;

    public Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static Settings fromEnvironment() {
        return new Settings(System.getenv());
    }

    /** A copy in which {@code overrides} win. */
    public Settings with(Map<String, String> overrides) {
        var merged = new java.util.HashMap<>(values);
        merged.putAll(overrides);
        return new Settings(merged);
    }

    public String string(String name, String defaultValue) {
        String value = values.get(name);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    public String required(String name, String meaning) {
        String value = string(name, null);
        if (value == null) {
            throw new ConfigException(name + " is not set: it must name " + meaning);
        }
        return value;
    }

    public int integer(String name, int defaultValue) {
        return parse(name, defaultValue, raw -> Math.toIntExact(parseNumber(raw)), "a whole number");
    }

    public long longValue(String name, long defaultValue) {
        return parse(name, defaultValue, Settings::parseNumber, "a whole number");
    }

    public boolean bool(String name, boolean defaultValue) {
        return parse(name, defaultValue, Settings::parseBoolean, "true or false");
    }

    public Path path(String name, Path defaultValue) {
        return parse(name, defaultValue, Path::of, "a path");
    }

    /** A duration as ISO-8601 ({@code PT30S}) or a number with a unit: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 30d}. */
    public Duration duration(String name, Duration defaultValue) {
        Duration value = parse(name, defaultValue, Settings::parseDuration, "a duration such as 500ms, 30s or 5m");
        if (value.isNegative() || value.compareTo(MAX_DURATION) > 0) {
            throw new ConfigException(name + "='" + string(name, null) + "' is not a duration from 0 to "
                    + MAX_DURATION.toDays() + "d such as 500ms, 30s or 5m");
        }
        return value;
    }

    /** A size in bytes, or with a unit: {@code 512kb}, {@code 20mb}, {@code 1gb}. */
    public long bytes(String name, long defaultValue) {
        return parse(name, defaultValue, Settings::parseBytes, "a size such as 20mb");
    }

    private <T> T parse(String name, T defaultValue, Function<String, T> parser, String expected) {
        String raw = string(name, null);
        if (raw == null) {
            return defaultValue;
        }
        try {
            return parser.apply(raw);
        } catch (RuntimeException e) {
            throw new ConfigException(name + "='" + raw + "' is not " + expected);
        }
    }

    private static boolean parseBoolean(String raw) {
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException(raw);
        };
    }

    static Duration parseDuration(String raw) {
        String s = raw.toLowerCase(Locale.ROOT);
        if (s.startsWith("pt") || s.startsWith("p")) {
            return Duration.parse(raw.toUpperCase(Locale.ROOT));
        }
        if (s.endsWith("ms")) {
            return Duration.ofMillis(parseNumber(s.substring(0, s.length() - 2)));
        }
        long n = parseNumber(s.substring(0, s.length() - 1));
        return switch (s.charAt(s.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException(raw);
        };
    }

    static long parseBytes(String raw) {
        String s = raw.toLowerCase(Locale.ROOT).replace(" ", "");
        long unit = 1;
        for (var suffix : new String[][] {{"gb", "1073741824"}, {"mb", "1048576"}, {"kb", "1024"}, {"b", "1"}}) {
            if (s.endsWith(suffix[0])) {
                unit = Long.parseLong(suffix[1]);
                s = s.substring(0, s.length() - suffix[0].length());
                break;
            }
        }
        long n = parseNumber(s);
        if (n < 0) {
            throw new IllegalArgumentException(raw);
        }
        return Math.multiplyExact(n, unit);
    }

    /** A whole number in ASCII digits: {@link Long#parseLong} also reads the digits of other scripts (١٠, １０). */
    private static long parseNumber(String s) {
        if (!s.matches("[+-]?[0-9]+")) {
            throw new NumberFormatException(s);
        }
        return Long.parseLong(s);
    }

    /** Bad or missing configuration: the process cannot start until it is fixed. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
