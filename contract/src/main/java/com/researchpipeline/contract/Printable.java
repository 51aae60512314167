package com.researchpipeline.contract;

/** Text from outside (file names, paths, reasons quoting them) made safe to print on one line. */
public final class Printable {

    /**
     * The text with control and invisible format characters escaped ({@code \n} as {@code \\n}, others as
     * {@code \\uXXXX}), so a file name cannot forge or hide a line of a log or of an operator command's output, nor send
     * the terminal an escape sequence.
     */
    public static String of(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean unsafe = Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || c == '\u2028' || c == '\u2029' || c == '\\';
            if (unsafe && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (!unsafe) {
                    out.append(c);
                } else if (c == '\n') {
                    out.append("\\n");
                } else if (c == '\r') {
                    out.append("\\r");
                } else if (c == '\t') {
                    out.append("\\t");
                } else if (c == '\\') {
                    out.append("\\\\");
                } else {
                    out.append(String.format("\\u%04X", (int) c));
                }
            }
        }
        return out == null ? text : out.toString();
    }

    private Printable() {
    }
}
