package com.researchpipeline.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Elasticsearch node run as a child process from the distribution on Maven Central. Its config, data and
 * logs live in {@code nodeDir}, so a restart keeps what was indexed. Elasticsearch refuses to run as root,
 * so when this JVM is root the node runs as {@code nobody}. {@link #stop()} and {@link #start()} may be
 * called any number of times; {@link #close()} stops it for good.
 *
 * <p>The node never outlives this JVM: it is started under {@code setpriv --pdeathsig KILL} (from one
 * long-lived thread, since Linux delivers that signal when the forking thread ends), and the server writes
 * its pid to {@code nodeDir/node.pid}, so a start that finds a node of an earlier, killed JVM still running on
 * the same folder stops it first and says so.
 *
 * <p>{@link #secured} starts a node with security on, as a production cluster runs: superusers in its file realm,
 * and HTTPS with a certificate the test made.
 */
public final class ManagedElasticsearch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedElasticsearch.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final String UNPRIVILEGED_USER = "nobody";
    private static final String UNPRIVILEGED_GROUP = "nogroup";

    private final Path nodeDir;
    private final int httpPort;
    private final int transportPort;
    private final String heap;
    private final Security security;
    private static final String PID_FILE = "node.pid";

    private final HttpClient http;
    private Process process;

    /** Security on: {@code superusers} (name to current password) in the file realm; HTTPS with {@code https} unless null. */
    private record Security(Map<String, String> superusers, TestCertificate https) {
    }

    private ManagedElasticsearch(Path nodeDir, int httpPort, int transportPort, String heap, Security security) {
        this.nodeDir = nodeDir.toAbsolutePath();
        this.httpPort = httpPort;
        this.transportPort = transportPort;
        this.heap = heap;
        this.security = security;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        if (security != null && security.https() != null) {
            builder.sslContext(trusting(security.https().pem()));
        }
        this.http = builder.build();
    }

    /**
     * Starts a node on 127.0.0.1:{@code httpPort} (0 for any free port) and returns once the cluster is yellow.
     *
     * @param heap the JVM heap, e.g. "512m": Elasticsearch would otherwise take half the machine
     */
    public static ManagedElasticsearch start(Path nodeDir, int httpPort, String heap) {
        int port = httpPort == 0 ? FreePort.find() : httpPort;
        ManagedElasticsearch node = new ManagedElasticsearch(nodeDir, port, FreePort.find(), heap, null);
        node.start();
        return node;
    }

    /**
     * Starts a node on a free port with security on: {@code superusers} (name to password, at least one) in its file
     * realm, and HTTPS with {@code https}'s key and certificate unless it is null (then plain HTTP). Returns once the
     * cluster is yellow.
     */
    public static ManagedElasticsearch secured(Path nodeDir, String heap, Map<String, String> superusers,
                                               TestCertificate https) {
        if (superusers.isEmpty()) {
            throw new IllegalArgumentException("a secured node needs a user to be asked for its health");
        }
        ManagedElasticsearch node = new ManagedElasticsearch(nodeDir, FreePort.find(), FreePort.find(), heap,
                new Security(new ConcurrentHashMap<>(superusers), https));
        node.start();
        return node;
    }

    public String url() {
        return (security != null && security.https() != null ? "https" : "http") + "://127.0.0.1:" + httpPort;
    }

    public Path nodeDir() {
        return nodeDir;
    }

    /** Starts the stopped node again with the same port and data; returns once it is healthy. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        Path home = ElasticsearchDistribution.home();
        Path javaHome = JavaRuntimes.findAtLeast(21).orElseThrow(() -> new IllegalStateException(
                "Elasticsearch " + ElasticsearchDistribution.version() + " needs Java 21 or newer and none was found "
                        + "(looked at ES_JAVA_HOME, JAVA_HOME and /usr/lib/jvm): install a JDK 21+ (e.g. Temurin 21 or 25) "
                        + "and set ES_JAVA_HOME to it, or set ELASTICSEARCH_URL to use an Elasticsearch you run yourself"));
        try {
            stopLeftOverNode();
            FreePort.requireFree(httpPort, "Elasticsearch");
            prepareNodeDir(home);
            process = launch(home, javaHome);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Elasticsearch in " + nodeDir, e);
        }
        try {
            awaitHealthy();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        LOG.info("Elasticsearch {} healthy on {} (data in {}, Java {})", ElasticsearchDistribution.version(), url(),
                nodeDir.resolve("data"), javaHome);
    }

    /** Stops the node (SIGTERM, then SIGKILL after 7 s, so that a pipeline stops within 10 s), keeping its data. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(7, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                children.forEach(ProcessHandle::destroyForcibly);
                process.waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle child : children) {
                child.onExit().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            children.forEach(ProcessHandle::destroyForcibly);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        process = null;
        LOG.info("Elasticsearch on {} stopped", url());
    }

    /**
     * Freezes ({@code true}: SIGSTOP) or thaws (SIGCONT) the running node and its launcher: frozen, it accepts
     * connections and answers nothing, as a hung, swapping or paused node does.
     */
    public synchronized void freeze(boolean frozen) {
        if (process == null) {
            throw new IllegalStateException("Elasticsearch on " + url() + " is not running");
        }
        List<String> command = new ArrayList<>(List.of("kill", frozen ? "-STOP" : "-CONT"));
        command.add(Long.toString(process.pid()));
        process.descendants().forEach(child -> command.add(Long.toString(child.pid())));
        try {
            int code = new ProcessBuilder(command).inheritIO().start().waitFor();
            if (code != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + code);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling Elasticsearch", e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * The running node's launcher process (its exit means the node is gone), or empty when stopped. A caller
     * that watches it for an unexpected death must check {@link #isRunning()} too: {@link #stop()} ends it on purpose.
     */
    public synchronized Optional<Process> process() {
        return Optional.ofNullable(process);
    }

    /** True between a successful {@link #start()} and {@link #stop()}, even when the process has died since. */
    public synchronized boolean isRunning() {
        return process != null;
    }

    /** The last lines of the node's console log, for messages that explain why it stopped or would not start. */
    public String consoleTail() {
        try {
            List<String> lines = Files.readAllLines(nodeDir.resolve("logs/console.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
        } catch (IOException e) {
            return "(no console log: " + e.getMessage() + ")";
        }
    }

    /**
     * A node left running on this folder by an earlier JVM that was killed before it could stop it (and before
     * the parent-death signal existed, or on a system without setpriv) holds the port and the data lock.
     */
    private void stopLeftOverNode() throws IOException {
        Path pidFile = nodeDir.resolve(PID_FILE);
        if (!Files.isReadable(pidFile)) {
            return;
        }
        String text = Files.readString(pidFile).trim();
        Optional<ProcessHandle> leftOver = Optional.empty();
        try {
            leftOver = ProcessHandle.of(Long.parseLong(text)).filter(this::isOurNode);
        } catch (NumberFormatException e) {
            LOG.warn("Ignoring {}: '{}' is not a pid", pidFile, text);
        }
        if (leftOver.isPresent()) {
            ProcessHandle node = leftOver.get();
            LOG.warn("An Elasticsearch node of an earlier run (pid {}) is still running on {}: stopping it",
                    node.pid(), nodeDir);
            System.err.printf("stopping the Elasticsearch node left running by an earlier run (pid %d, data %s)%n",
                    node.pid(), nodeDir);
            node.destroy();
            try {
                node.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                node.destroyForcibly();
                try {
                    node.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception again) {
                    throw new IllegalStateException("the Elasticsearch node left running by an earlier run (pid "
                            + node.pid() + ") on " + nodeDir + " does not stop: kill it (kill -9 " + node.pid() + ")");
                }
            }
        }
        Files.deleteIfExists(pidFile);
    }

    /** Guards against a recycled pid: the process must be an Elasticsearch server working in our folder. */
    private boolean isOurNode(ProcessHandle handle) {
        try {
            String commandLine = Files.readString(Path.of("/proc", Long.toString(handle.pid()), "cmdline"))
                    .replace('\0', ' ');
            // ES_TMPDIR becomes the server's java.io.tmpdir: the one trace of our folder on its command line
            return commandLine.contains("org.elasticsearch")
                    && commandLine.contains("-Djava.io.tmpdir=" + nodeDir.resolve("tmp") + " ");
        } catch (IOException e) {
            return false;
        }
    }

    private void prepareNodeDir(Path home) throws IOException {
        Path config = nodeDir.resolve("config");
        for (String dir : List.of("data", "logs", "tmp", "config")) {
            Files.createDirectories(nodeDir.resolve(dir));
        }
        copyMissing(home.resolve("config"), config);
        List<String> securitySettings = new ArrayList<>(List.of("xpack.security.enabled: " + (security != null)));
        if (security != null) {
            writeUsers(config);
            if (security.https() != null) {
                // the node reads key and certificate from its config folder only
                Files.copy(security.https().keyPem(), config.resolve("http.key"), StandardCopyOption.REPLACE_EXISTING);
                Files.copy(security.https().pem(), config.resolve("http.crt"), StandardCopyOption.REPLACE_EXISTING);
                securitySettings.addAll(List.of("xpack.security.http.ssl.enabled: true",
                        "xpack.security.http.ssl.key: http.key", "xpack.security.http.ssl.certificate: http.crt"));
            }
        }
        Files.writeString(config.resolve("elasticsearch.yml"), String.join("\n",
                "# written by ManagedElasticsearch at every start",
                "cluster.name: research-pipeline",
                "node.name: local",
                "discovery.type: single-node",
                "network.host: 127.0.0.1",
                "http.port: " + httpPort,
                "transport.port: " + transportPort,
                "path.data: " + nodeDir.resolve("data"),
                "path.logs: " + nodeDir.resolve("logs"),
                String.join("\n", securitySettings),
                // a nearly full disk must not turn the index read-only under a local pipeline
                "cluster.routing.allocation.disk.threshold_enabled: false",
                ""));
        if (isRoot()) {
            handOver(nodeDir);
        }
    }

    /**
     * Writes the file realm's users (each a superuser) as {@code elasticsearch-users} does with
     * {@code xpack.security.authc.password_hashing.algorithm: pbkdf2}: the tool starts a JVM of its own for each
     * user, seconds each. Atomically, since a running node reads the file again when it changes.
     */
    private void writeUsers(Path config) throws IOException {
        StringBuilder users = new StringBuilder();
        for (var user : security.superusers().entrySet()) {
            users.append(user.getKey()).append(':').append(pbkdf2(user.getValue())).append('\n');
        }
        String roles = "superuser:" + String.join(",", security.superusers().keySet()) + "\n";
        for (var file : Map.of("users", users.toString(), "users_roles", roles).entrySet()) {
            Path written = Files.writeString(config.resolve(file.getKey() + ".writing"), file.getValue());
            if (isRoot()) {
                handOver(written);
            }
            Files.move(written, config.resolve(file.getKey()), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** The file realm's PBKDF2 hash: 10,000 rounds of HMAC-SHA512 over a 32-byte salt, a 256-bit key. */
    private static String pbkdf2(String password) {
        byte[] salt = new byte[32];
        new SecureRandom().nextBytes(salt);
        try {
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, 10_000, 256))
                    .getEncoded();
            return "{PBKDF2}10000$" + Base64.getEncoder().encodeToString(salt) + "$"
                    + Base64.getEncoder().encodeToString(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot hash a password with PBKDF2WithHmacSHA512", e);
        }
    }

    /**
     * Gives a file-realm user another password, as an operator would with {@code elasticsearch-users passwd}, and
     * returns once the running node takes it (it reads its users file again every 5 s).
     */
    public void changePassword(String user, String password) {
        if (security == null || !security.superusers().containsKey(user)) {
            throw new IllegalArgumentException("the node has no user " + user);
        }
        security.superusers().put(user, password);
        try {
            writeUsers(nodeDir.resolve("config"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot change the password of " + user + " in " + nodeDir, e);
        }
        HttpRequest authenticate = HttpRequest.newBuilder(URI.create(url() + "/_security/_authenticate"))
                .header("Authorization", basic(user, password)).timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            try {
                if (http.send(authenticate, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // asked again below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the new password of " + user, e);
            }
            sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException("the node did not take the new password of " + user + " within 30 s");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private Process launch(Path home, Path javaHome) throws IOException {
        List<String> command = new ArrayList<>();
        if (isRoot() || ParentDeathSignal.available()) {
            command.add("setpriv");
        }
        if (ParentDeathSignal.available()) {
            // the node's launcher dies with this JVM, even under kill -9; the server exits when its launcher does
            command.add("--pdeathsig=KILL");
        }
        if (isRoot()) {
            command.addAll(List.of("--reuid=" + UNPRIVILEGED_USER, "--regid=" + UNPRIVILEGED_GROUP,
                    "--clear-groups"));
            Path closed = unreachableAncestor();
            if (closed != null) {
                // nobody may not enter it: grant only the right to search folders, not root's other powers
                LOG.info("Elasticsearch runs as '{}', who may not enter {}: granting it CAP_DAC_READ_SEARCH",
                        UNPRIVILEGED_USER, closed);
                command.addAll(List.of("--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search"));
            }
        }
        command.add(home.resolve("bin/elasticsearch").toString());
        command.addAll(List.of("-p", nodeDir.resolve(PID_FILE).toString()));
        Path console = nodeDir.resolve("logs/console.log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
        Map<String, String> env = builder.environment();
        env.put("ES_JAVA_HOME", javaHome.toString());
        env.put("ES_PATH_CONF", nodeDir.resolve("config").toString());
        env.put("ES_TMPDIR", nodeDir.resolve("tmp").toString());
        env.put("ES_JAVA_OPTS", "-Xms" + heap + " -Xmx" + heap);
        env.remove("JAVA_TOOL_OPTIONS");
        LOG.info("Starting Elasticsearch on {} (log: {})", url(), console);
        return ParentDeathSignal.start(builder);
    }

    private void awaitHealthy() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url()
                + "/_cluster/health?wait_for_status=yellow&timeout=1s")).timeout(Duration.ofSeconds(5));
        if (security != null) {
            var user = security.superusers().entrySet().iterator().next();
            request.header("Authorization", basic(user.getKey(), user.getValue()));
        }
        HttpRequest health = request.build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Elasticsearch exited with code " + process.exitValue()
                        + " while starting" + DiskSpace.aside(nodeDir)
                        + "; its last lines:\n" + consoleTail());
            }
            try {
                HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && !response.body().contains("\"status\":\"red\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Elasticsearch", e);
            }
            sleep(Duration.ofMillis(500));
        }
        stop();
        throw new IllegalStateException("Elasticsearch was not healthy within " + START_TIMEOUT.toSeconds()
                + " s; its last lines:\n" + consoleTail());
    }

    /** The first folder above the node folder that the unprivileged account may not enter, if any. */
    private Path unreachableAncestor() throws IOException {
        for (Path dir = nodeDir.getParent(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir) && !Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return dir;
            }
        }
        return null;
    }

    /** Trusts the certificate in {@code pem} alone: a self-signed certificate is its own CA. */
    private static SSLContext trusting(Path pem) {
        try (var in = Files.newInputStream(pem)) {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("node", CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
            var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust the certificate in " + pem, e);
        }
    }

    private static void copyMissing(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (!Files.exists(target)) {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void handOver(Path root) throws IOException {
        UserPrincipalLookupService lookup = root.getFileSystem().getUserPrincipalLookupService();
        var user = lookup.lookupPrincipalByName(UNPRIVILEGED_USER);
        var group = lookup.lookupPrincipalByGroupName(UNPRIVILEGED_GROUP);
        try (var paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.setOwner(path, user);
                Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class).setGroup(group);
            }
        }
    }

    static boolean isRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
