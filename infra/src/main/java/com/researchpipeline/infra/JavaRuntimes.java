package com.researchpipeline.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/** Finds an installed JDK of at least a given feature version, for child processes that need a newer Java. */
final class JavaRuntimes {

    /**
     * Looks at {@code ES_JAVA_HOME}, {@code JAVA_HOME}, this JVM, and every JDK under /usr/lib/jvm and /opt,
     * newest first.
     */
    static Optional<Path> findAtLeast(int feature) {
        List<Path> candidates = new ArrayList<>();
        addEnv(candidates, "ES_JAVA_HOME");
        addEnv(candidates, "JAVA_HOME");
        candidates.add(Path.of(System.getProperty("java.home")));
        for (String root : List.of("/usr/lib/jvm", "/opt", "/usr/local")) {
            try (Stream<Path> dirs = Files.list(Path.of(root))) {
                dirs.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).forEach(candidates::add);
            } catch (IOException e) {
                // an absent root simply offers no candidates
            }
        }
        return candidates.stream().filter(home -> featureVersion(home) >= feature).findFirst();
    }

    static int featureVersion(Path home) {
        Path release = home.resolve("release");
        if (!Files.isExecutable(home.resolve("bin/java")) || !Files.isReadable(release)) {
            return -1;
        }
        try (var in = Files.newBufferedReader(release)) {
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("JAVA_VERSION", "\"0\"").replace("\"", "");
            String first = version.split("[.+-]")[0];
            return Integer.parseInt(first.equals("1") ? version.split("\\.")[1] : first);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void addEnv(List<Path> candidates, String name) {
        String value = System.getenv(name);
        if (value != null && !value.isBlank()) {
            candidates.add(Path.of(value));
        }
    }

    private JavaRuntimes() {
    }
}
