package com.researchpipeline.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Elasticsearch distribution Elastic publishes on Maven Central (the integ-test zip), which the build
 * resolves into the local Maven repository. Unpacked once into a world-readable cache, since the node may
 * run as an unprivileged account. {@code ELASTICSEARCH_HOME} points at an already unpacked one instead.
 */
final class ElasticsearchDistribution {

    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchDistribution.class);
    private static final Path CACHE = Path.of(System.getProperty("pipeline.cache", "/var/tmp/research-pipeline"));

    static String version() {
        return InfraProperties.get("elasticsearch.version");
    }

    /** The home folder of an unpacked distribution, unpacking it first when needed. */
    static synchronized Path home() {
        String override = System.getenv("ELASTICSEARCH_HOME");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        Path home = CACHE.resolve("elasticsearch-" + version());
        if (Files.exists(home.resolve(".unpacked"))) {
            return home;
        }
        Path zip = Path.of(InfraProperties.get("elasticsearch.zip"));
        if (!Files.isReadable(zip)) {
            throw new IllegalStateException("the Elasticsearch distribution " + zip + " is missing: run "
                    + "'mvn -DskipTests package' (bin/pipeline does) so Maven fetches it");
        }
        unpack(zip, home);
        return home;
    }

    private static void unpack(Path zip, Path home) {
        LOG.info("Unpacking Elasticsearch {} into {} (once)", version(), home);
        try {
            Files.createDirectories(CACHE);
            CACHE.toFile().setExecutable(true, false);
            Path staging = Files.createTempDirectory(CACHE, "unpacking-");
            try (ZipFile archive = new ZipFile(zip.toFile())) {
                for (ZipEntry entry : java.util.Collections.list(archive.entries())) {
                    extract(archive, entry, staging);
                }
            }
            Path top;
            try (var children = Files.list(staging)) {
                top = children.filter(Files::isDirectory).findFirst()
                        .orElseThrow(() -> new IllegalStateException(zip + " holds no folder"));
            }
            Files.writeString(top.resolve(".unpacked"), version());
            openUp(staging);
            try {
                Files.move(top, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
                // another process unpacked it meanwhile: theirs is as good as ours
            }
            deleteTree(staging);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + zip + " into " + home, e);
        }
    }

    private static void extract(ZipFile archive, ZipEntry entry, Path target) throws IOException {
        Path out = target.resolve(entry.getName()).normalize();
        if (!out.startsWith(target)) {
            throw new IOException("zip entry outside the target folder: " + entry.getName());
        }
        if (entry.isDirectory()) {
            Files.createDirectories(out);
            return;
        }
        Files.createDirectories(out.getParent());
        try (InputStream in = archive.getInputStream(entry)) {
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Readable by everyone, and executable where the zip (which keeps no modes here) needs it. */
    private static void openUp(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                boolean executable = Files.isDirectory(path) || path.getParent().getFileName().toString().equals("bin")
                        || path.toString().endsWith(".sh");
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}", root, e);
        }
    }

    private ElasticsearchDistribution() {
    }
}
