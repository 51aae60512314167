package com.researchpipeline.ingest;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an element's own {@code style} attribute says about whether a reader sees its text: the ways pages hide words
 * from the eye (a cookie notice, a screen reader's label, words planted for search engines or for a machine reading the
 * page). Only inline styles are read; a style sheet's rules stay unknown. Stateless.
 */
final class InlineStyle {

    /** Further from the page's edge than any page is wide: placed there to be out of sight. */
    private static final double OFF_SCREEN_PX = -999;
    /** A box this small (or smaller) that hides what overflows it shows nothing: the screen-reader-only pattern. */
    private static final double TINY_PX = 1;
    private static final Pattern LENGTH = Pattern.compile("^(-?\\d*\\.?\\d+)(px|pt|em|rem|%|vw|vh|in|cm|mm)?$");
    private static final Pattern HEX = Pattern.compile("^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$");
    private static final Pattern RGB = Pattern.compile(
            "^rgba?\\(\\s*(\\d+)[\\s,]+(\\d+)[\\s,]+(\\d+)(?:\\s*[,/]\\s*([\\d.]+)(%?))?\\s*\\)$");
    /** A clip or clip path that leaves nothing: {@code rect(0 0 0 0)}, {@code inset(50%)}, {@code circle(0)}. */
    private static final Pattern CLIPPED_AWAY = Pattern.compile(
            "^(?:rect\\(\\s*(?:[01](?:px)?[\\s,]*){4}\\)|inset\\(\\s*50%\\s*\\)|circle\\(\\s*0(?:px|%)?\\s*\\))$");
    private static final Pattern SCALED_TO_NOTHING = Pattern.compile("scale[xy]?\\(\\s*0(?:\\.0*)?\\s*[,)]");
    /** The colour that stands for "no colour" in {@link #colour}: text drawn in it is not seen. */
    static final int TRANSPARENT = -1;

    private final Map<String, String> declarations;

    private InlineStyle(Map<String, String> declarations) {
        this.declarations = declarations;
    }

    /** The declarations of a style attribute, the last of each property winning as in CSS. */
    static InlineStyle of(String style) {
        Map<String, String> declarations = new HashMap<>();
        for (String declaration : style.split(";")) {
            int colon = declaration.indexOf(':');
            if (colon > 0) {
                String value = declaration.substring(colon + 1).replace("!important", "").strip();
                declarations.put(declaration.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        value.toLowerCase(Locale.ROOT));
            }
        }
        return new InlineStyle(declarations);
    }

    /**
     * Whether the element and all it holds are out of sight, whatever its children's own styles say: not displayed,
     * fully transparent, placed far off the page (or its text indented off it), clipped or scaled to nothing, or a box
     * of no size that hides what overflows it.
     */
    boolean hidesAll() {
        String display = get("display");
        String position = get("position");
        boolean placed = position.equals("absolute") || position.equals("fixed");
        boolean overflowHidden = get("overflow").equals("hidden") || get("overflow").equals("clip");
        return display.equals("none")
                || zero(get("opacity"))
                || placed && (offScreen(get("left")) || offScreen(get("top")) || offScreen(get("right")))
                || offScreen(get("text-indent"))
                || placed && CLIPPED_AWAY.matcher(get("clip")).matches()
                || CLIPPED_AWAY.matcher(get("clip-path")).matches()
                || SCALED_TO_NOTHING.matcher(get("transform")).find()
                || overflowHidden && (zero(get("height")) || zero(get("max-height"))
                        || tiny(get("height")) && tiny(get("width")));
    }

    /** Whether the font size is set, and to nothing ({@code font-size:0}); null when not set. */
    Boolean fontSizeZero() {
        String size = get("font-size");
        return size.isEmpty() ? null : zero(size);
    }

    /** The text's colour as written ({@code color}), empty when not set. */
    String colour() {
        return get("color");
    }

    /**
     * The background as written: {@code background-color}, else {@code background} (whose image or gradient, if any,
     * makes its colour unknown), else {@code background-image}; empty when not set.
     */
    String background() {
        String colour = get("background-color");
        String image = get("background-image");
        String shorthand = get("background");
        return !image.isEmpty() && !image.equals("none") ? "url()" : !colour.isEmpty() ? colour : shorthand;
    }

    /**
     * The colour a background value paints, as {@link #colour(String)}: {@code behind} (the parent's) where it is
     * transparent, null (unknown) where it is an image, a gradient or a colour not read here.
     */
    static Integer backgroundColour(String value, Integer behind) {
        if (value.contains("url(") || value.contains("gradient(")) {
            return null;
        }
        Integer colour = colour(value.strip().split("\\s+")[0]);
        return colour != null && colour == TRANSPARENT ? behind : colour;
    }

    /** A colour value (an attribute's too, as {@code <font color>} and {@code bgcolor} give them), or null. */
    static Integer colour(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        switch (v) {
            case "transparent":
                return TRANSPARENT;
            case "white":
                return 0xFFFFFF;
            case "black":
                return 0;
            default:
                break;
        }
        Matcher hex = HEX.matcher(v);
        if (hex.matches()) {
            String digits = hex.group(1);
            if (digits.length() <= 4) {
                StringBuilder full = new StringBuilder();
                digits.chars().forEach(c -> full.append((char) c).append((char) c));
                digits = full.toString();
            }
            if (digits.length() == 8 && digits.endsWith("00")) {
                return TRANSPARENT;
            }
            return Integer.parseInt(digits.substring(0, 6), 16);
        }
        Matcher rgb = RGB.matcher(v);
        if (rgb.matches()) {
            if (rgb.group(4) != null && Double.parseDouble(rgb.group(4)) == 0) {
                return TRANSPARENT;
            }
            return Math.min(255, Integer.parseInt(rgb.group(1))) << 16 | Math.min(255, Integer.parseInt(rgb.group(2))) << 8
                    | Math.min(255, Integer.parseInt(rgb.group(3)));
        }
        return null;
    }

    private String get(String property) {
        return declarations.getOrDefault(property, "");
    }

    private static boolean zero(String value) {
        Double length = length(value);
        return length != null && length == 0;
    }

    private static boolean tiny(String value) {
        Double length = length(value);
        return length != null && length <= TINY_PX;
    }

    private static boolean offScreen(String value) {
        Double length = length(value);
        return length != null && length <= OFF_SCREEN_PX && !value.endsWith("%");
    }

    private static Double length(String value) {
        Matcher length = LENGTH.matcher(value);
        return length.matches() ? Double.valueOf(length.group(1)) : null;
    }
}
