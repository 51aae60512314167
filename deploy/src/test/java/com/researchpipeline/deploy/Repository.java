package com.researchpipeline.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The checkout the tests read: its deployment files, as compose and Maven would read them. */
final class Repository {

    static final Path ROOT = findRoot();

    static Path file(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(file(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The .env file compose reads: KEY=VALUE lines, # comments. */
    static Map<String, String> dotEnv() {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : read(".env").split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            values.put(trimmed.substring(0, eq), trimmed.substring(eq + 1));
        }
        return values;
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?:(:?[-?])([^}]*))?}");

    /**
     * Compose's interpolation of ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}: an unset required
     * variable is an error, as it is for compose.
     */
    static String interpolate(String text, Map<String, String> env) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            String op = m.group(2);
            if (op != null && op.endsWith("-") && (value == null || (op.startsWith(":") && value.isEmpty()))) {
                value = m.group(3);
            } else if (op != null && op.endsWith("?") && (value == null || value.isEmpty())) {
                throw new IllegalStateException("required variable " + m.group(1) + " is not set: " + m.group(3));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** docker-compose.yml after interpolation with the given environment, merge keys (<<) resolved. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> compose(Map<String, String> env) {
        return (Map<String, Object>) yaml().load(interpolate(read("docker-compose.yml"), env));
    }

    static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(options);
    }

    /** A property of the root pom.xml. */
    static String pomProperty(String name) {
        try {
            var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file("pom.xml").toFile());
            var nodes = ((Element) doc.getElementsByTagName("properties").item(0)).getElementsByTagName(name);
            return nodes.item(0).getTextContent().strip();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + name + " from pom.xml", e);
        }
    }

    /** The modules the root pom lists. */
    static List<String> pomModules() {
        try {
            var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file("pom.xml").toFile());
            var nodes = doc.getElementsByTagName("module");
            return java.util.stream.IntStream.range(0, nodes.getLength())
                    .mapToObj(i -> nodes.item(i).getTextContent().strip()).toList();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read pom.xml's modules", e);
        }
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no docker-compose.yml above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private Repository() {
    }
}
