package com.researchpipeline.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An e-mail message saved as a file (a press release kept from a mail client as {@code .eml} or {@code .txt}): its
 * header fields (RFC 5322), then its content, which MIME may split into parts (a plain and an HTML version, attached
 * files) and encode (quoted-printable, base64) in a charset of its own. A reader of the message sees its subject and
 * its text, not the headers and encodings it travelled in. Stateless.
 */
final class MailMessage {

    /** The subject, and the content a reader sees: its text, and whether it is HTML. */
    record Content(String subject, String text, boolean html) {
    }

    private static final Pattern FIELD = Pattern.compile("^([!-9;-~]+):[ \t]*(.*)$");
    /** Fields only a message's header holds; an article opening with "Title:" and "Date:" lines is no message. */
    private static final Set<String> MESSAGE_FIELDS = Set.of("from", "to", "cc", "subject", "message-id",
            "mime-version", "received", "return-path", "reply-to", "in-reply-to", "references", "delivered-to",
            "x-mailer", "user-agent", "dkim-signature", "content-transfer-encoding", "sender");
    /** The fields a message is told by: who sent it, and one more of those only messages have. */
    private static final int MIN_MESSAGE_FIELDS = 2;
    /** An mbox file's separator line before a message ({@code From sender@example.org Tue Mar  3 09:12:40 2026}). */
    private static final Pattern MBOX_FROM = Pattern.compile("^From \\S+ [^\n]*\n");
    /** Such a line anywhere in a mailbox, each opening one message, ending in the year it was delivered. */
    private static final Pattern MBOX_SEPARATOR = Pattern.compile("(?m)^From \\S+ .*\\d{4}$");
    private static final Pattern PARAMETER = Pattern.compile(
            ";\\s*([A-Za-z0-9_*-]+)\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^;\\s]+))");
    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?]+)\\?([BbQq])\\?([^?]*)\\?=");
    private static final Pattern BETWEEN_ENCODED_WORDS = Pattern.compile("(\\?=)[ \t\n]+(=\\?)");
    /** Parts inside parts a message may have: mail clients nest a few; thousands are built to cost. */
    private static final int MAX_DEPTH = 20;

    /** A part of the message: its fields (names in lower case) and its content, still encoded. */
    private record Part(Map<String, String> fields, String body) {

        String type() {
            String type = fields.getOrDefault("content-type", "text/plain");
            int semicolon = type.indexOf(';');
            return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        }

        String parameter(String field, String name) {
            Matcher m = PARAMETER.matcher(fields.getOrDefault(field, ""));
            while (m.find()) {
                if (m.group(1).equalsIgnoreCase(name) || m.group(1).equalsIgnoreCase(name + "*")) {
                    return m.group(2) != null ? m.group(2).replaceAll("\\\\(.)", "$1") : m.group(3);
                }
            }
            return null;
        }

        boolean attached() {
            return fields.getOrDefault("content-disposition", "").strip().toLowerCase(Locale.ROOT).startsWith("attachment");
        }

        String fileName() {
            String name = parameter("content-disposition", "filename");
            return name != null ? name : parameter("content-type", "name");
        }
    }

    /**
     * The message's subject and the content a reader sees, when the text is an e-mail message; null when it is not.
     *
     * @throws RejectedInputException when the message holds no text of its own, only attached files
     */
    static Content read(String text) {
        Matcher mbox = MBOX_FROM.matcher(text);
        boolean inMailbox = mbox.lookingAt();
        Part message = part(inMailbox ? text.substring(mbox.end()) : text);
        if (message == null || message.fields().keySet().stream().filter(MESSAGE_FIELDS::contains).count() < MIN_MESSAGE_FIELDS
                || !message.fields().containsKey("from") && !message.fields().containsKey("received")) {
            return null;
        }
        long messages = inMailbox ? MBOX_SEPARATOR.matcher(text).results().count() : 1;
        if (messages > 1) {
            throw new RejectedInputException("the file is a mailbox of " + messages + " e-mail messages (mbox), not one"
                    + " article", "save each message (or each article's text) as a file of its own and drop those");
        }
        String subject = decodeWords(message.fields().getOrDefault("subject", "")).strip();
        List<String> attachments = new ArrayList<>();
        Part shown = shown(message, attachments, 0);
        if (shown == null) {
            throw new RejectedInputException("the file is an e-mail message without text of its own"
                    + (attachments.isEmpty() ? "" : ": its content is " + attachments.size() + " attached file(s) ("
                            + com.researchpipeline.contract.Printable.of(TextStructure.shorten(String.join(", ", attachments)))
                            + ")"),
                    "save the article attached to it (or its text) as a file of its own and drop that");
        }
        return new Content(subject, decoded(shown), shown.type().equals("text/html"));
    }

    /**
     * The part a mail client shows: the plain text of a message in both plain text and HTML (what its author wrote,
     * without a page's layout), the first text of one of several parts, the text of a message forwarded inline, none of
     * the attached files.
     */
    private static Part shown(Part part, List<String> attachments, int depth) {
        String type = part.type();
        if (part.attached() || !type.startsWith("text/") && !type.startsWith("multipart/") && !type.equals("message/rfc822")) {
            attachments.add(part.fileName() != null ? part.fileName() : type);
            return null;
        }
        if (type.equals("text/plain") || type.equals("text/html")) {
            return part;
        }
        if (type.equals("message/rfc822") && depth < MAX_DEPTH) {
            Part forwarded = part(decoded(part)); // a message forwarded whole, inside this one
            return forwarded == null ? null : shown(forwarded, attachments, depth + 1);
        }
        String boundary = part.parameter("content-type", "boundary");
        if (!type.startsWith("multipart/") || boundary == null || depth >= MAX_DEPTH) {
            return null;
        }
        List<Part> shownParts = new ArrayList<>();
        for (String body : parts(part.body(), boundary)) {
            Part inner = part(body);
            Part shownInner = inner == null ? null : shown(inner, attachments, depth + 1);
            if (shownInner != null && decoded(shownInner).codePoints().anyMatch(Character::isLetter)) {
                shownParts.add(shownInner);
            }
        }
        if (type.equals("multipart/alternative")) {
            return shownParts.stream().filter(p -> p.type().equals("text/plain")).findFirst()
                    .orElse(shownParts.isEmpty() ? null : shownParts.get(0));
        }
        return shownParts.isEmpty() ? null : shownParts.get(0);
    }

    /** The bodies between a multipart's boundary lines, its preamble and epilogue left out. */
    private static List<String> parts(String body, String boundary) {
        List<String> parts = new ArrayList<>();
        String delimiter = "--" + boundary;
        int at = body.startsWith(delimiter) ? 0 : body.indexOf("\n" + delimiter);
        while (at >= 0) {
            int start = body.indexOf('\n', at + (body.startsWith(delimiter, at) ? 0 : 1));
            if (start < 0 || body.startsWith(delimiter + "--", at + (body.charAt(at) == '\n' ? 1 : 0))) {
                break;
            }
            int next = body.indexOf("\n" + delimiter, start);
            parts.add(body.substring(start + 1, next < 0 ? body.length() : next));
            at = next;
        }
        return parts;
    }

    /** A header (fields, folded lines unfolded) up to its blank line, then the body; null when it is no header. */
    private static Part part(String text) {
        Map<String, StringBuilder> fields = new LinkedHashMap<>();
        StringBuilder last = null;
        int at = 0;
        while (at < text.length()) {
            int end = text.indexOf('\n', at);
            String line = text.substring(at, end < 0 ? text.length() : end);
            at = end < 0 ? text.length() : end + 1;
            if (line.isBlank()) {
                return new Part(values(fields), text.substring(at));
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
                last.append(' ').append(line.strip()); // a folded line goes on the field before it
                continue;
            }
            Matcher field = FIELD.matcher(line);
            if (!field.matches()) {
                return fields.isEmpty() ? null : new Part(values(fields), text.substring(at - line.length() - 1));
            }
            String name = field.group(1).toLowerCase(Locale.ROOT);
            // a field given twice keeps its first value (the later one's folded lines go nowhere)
            last = fields.containsKey(name) ? new StringBuilder() : new StringBuilder(field.group(2));
            fields.putIfAbsent(name, last);
        }
        return new Part(values(fields), "");
    }

    private static Map<String, String> values(Map<String, StringBuilder> fields) {
        Map<String, String> values = new LinkedHashMap<>();
        fields.forEach((name, value) -> values.put(name, value.toString()));
        return values;
    }

    /** A part's text, its transfer encoding undone and read in its charset. */
    private static String decoded(Part part) {
        String encoding = part.fields().getOrDefault("content-transfer-encoding", "").strip().toLowerCase(Locale.ROOT);
        byte[] bytes;
        if (encoding.equals("base64")) {
            try {
                bytes = Base64.getMimeDecoder().decode(part.body().strip());
            } catch (IllegalArgumentException notBase64) {
                return part.body();
            }
        } else if (encoding.equals("quoted-printable")) {
            bytes = quotedPrintable(part.body());
        } else {
            return part.body(); // 7bit or 8bit: the file's own decoding already read it
        }
        return new String(bytes, charset(part.parameter("content-type", "charset")));
    }

    private static Charset charset(String label) {
        try {
            return label == null ? StandardCharsets.UTF_8 : Charset.forName(label.strip()); // ASCII by the rules, UTF-8 in practice
        } catch (IllegalArgumentException unknown) {
            return StandardCharsets.UTF_8;
        }
    }

    private static byte[] quotedPrintable(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '=' && i + 1 < bytes.length && bytes[i + 1] == '\n') {
                i++; // a soft line break: the line goes on
            } else if (bytes[i] == '=' && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
                out.write(hex(bytes[i + 1]) << 4 | hex(bytes[i + 2]));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toByteArray();
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }

    /** A header value with its encoded words ({@code =?UTF-8?Q?Tamoxifen_=E2=80=93_results?=}) read. */
    static String decodeWords(String value) {
        String joined = BETWEEN_ENCODED_WORDS.matcher(value).replaceAll("$1$2");
        Matcher word = ENCODED_WORD.matcher(joined);
        return word.replaceAll(m -> {
            Charset charset = charset(m.group(1).replaceAll("\\*.*", ""));
            byte[] bytes;
            if (m.group(2).equalsIgnoreCase("B")) {
                try {
                    bytes = Base64.getDecoder().decode(m.group(3));
                } catch (IllegalArgumentException notBase64) {
                    return Matcher.quoteReplacement(m.group());
                }
            } else {
                bytes = quotedPrintable(m.group(3).replace('_', ' '));
            }
            return Matcher.quoteReplacement(new String(bytes, charset));
        });
    }

    private MailMessage() {
    }
}
