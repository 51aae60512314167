package com.researchpipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchpipeline.contract.Settings;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security settings against an HTTPS endpoint whose certificate is signed by a CA made here with keytool:
 * the client trusts exactly the CA in ELASTICSEARCH_CA_CERT and sends the configured credentials.
 */
class ElasticsearchConnectionTest {

    private static final String STORE_PASSWORD = "test-only";

    @TempDir
    static Path dir;
    private static HttpsServer server;
    private static final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startHttpsServerWithACertificateFromOurOwnCa() throws Exception {
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=pipeline test CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", "ca.p12");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.pem");
        keytool("-genkeypair", "-alias", "node", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-validity", "2", "-keystore", "node.p12");
        keytool("-certreq", "-alias", "node", "-keystore", "node.p12", "-file", "node.csr");
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-infile", "node.csr", "-outfile", "node.pem",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "node.p12");
        keytool("-importcert", "-alias", "node", "-file", "node.pem", "-keystore", "node.p12");

        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("node.p12"))) {
            keyStore.load(in, STORE_PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, STORE_PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);

        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.getResponseHeaders().add("X-Elastic-Product", "Elasticsearch");
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    @Test
    void sendsTheApiKeyOverTlsTrustingTheConfiguredCa() throws Exception {
        var connection = connection(Map.of("ELASTICSEARCH_API_KEY", "aWQ6c2VjcmV0",
                "ELASTICSEARCH_CA_CERT", dir.resolve("ca.pem").toString()));
        authorizations.clear();
        try (var client = connection.open()) {
            assertThat(client.indices().exists(e -> e.index("articles")).value()).isTrue();
        }
        assertThat(authorizations).containsOnly("ApiKey aWQ6c2VjcmV0");
    }

    @Test
    void encodesAnApiKeyGivenAsIdColonKey() throws Exception {
        var connection = connection(Map.of("ELASTICSEARCH_API_KEY", "VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw",
                "ELASTICSEARCH_CA_CERT", dir.resolve("ca.pem").toString()));
        authorizations.clear();
        try (var client = connection.open()) {
            client.indices().exists(e -> e.index("articles"));
        }
        assertThat(authorizations).containsOnly("ApiKey " + Base64.getEncoder().encodeToString(
                "VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void sendsUserAndPasswordAsBasicAuthentication() throws Exception {
        var connection = connection(Map.of("ELASTICSEARCH_USERNAME", "publisher", "ELASTICSEARCH_PASSWORD", "pw-123",
                "ELASTICSEARCH_CA_CERT", dir.resolve("ca.pem").toString()));
        authorizations.clear();
        try (var client = connection.open()) {
            assertThat(client.indices().exists(e -> e.index("articles")).value()).isTrue();
        }
        assertThat(authorizations).containsOnly("Basic "
                + Base64.getEncoder().encodeToString("publisher:pw-123".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void takesCredentialsInTheUrlAsUserAndPasswordAndKeepsThemOutOfHostsAndText() throws Exception {
        var connection = ElasticsearchConnection.from(new Settings(Map.of(
                "ELASTICSEARCH_URL", "https://publisher:pw%40url-9@127.0.0.1:" + server.getAddress().getPort(),
                "ELASTICSEARCH_CA_CERT", dir.resolve("ca.pem").toString())));
        assertThat(connection.hosts()).extracting(java.net.URI::toString)
                .containsExactly("https://127.0.0.1:" + server.getAddress().getPort());
        assertThat(connection.toString()).doesNotContain("pw@url-9").doesNotContain("pw%40url-9");
        authorizations.clear();
        try (var client = connection.open()) {
            assertThat(client.indices().exists(e -> e.index("articles")).value()).isTrue();
        }
        assertThat(authorizations).containsOnly("Basic "
                + Base64.getEncoder().encodeToString("publisher:pw@url-9".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> ElasticsearchConnection.from(new Settings(Map.of(
                "ELASTICSEARCH_URL", "https://publisher:secret-7@es 1:9200"))))
                .hasMessageContaining("publisher:***@").hasMessageNotContaining("secret-7");
    }

    @Test
    void refusesTheNodeWhenItsCertificateIsNotSignedByTheConfiguredCa() throws Exception {
        keytool("-genkeypair", "-alias", "other", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=other CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", "other.p12");
        keytool("-exportcert", "-rfc", "-alias", "other", "-keystore", "other.p12", "-file", "other.pem");
        var connection = connection(Map.of("ELASTICSEARCH_CA_CERT", dir.resolve("other.pem").toString()));
        try (var client = connection.open()) {
            assertThatThrownBy(() -> client.indices().exists(e -> e.index("articles")))
                    .isInstanceOf(IOException.class)
                    .satisfies(e -> assertThat(rootCause(e)).hasMessageContaining("certification path"))
                    .satisfies(e -> assertThat(connection.refusal(e)).contains("not signed by a CA this client trusts",
                            "check ELASTICSEARCH_CA_CERT (" + dir.resolve("other.pem") + ")"));
        }
    }

    @Test
    void refusesAFileThatIsNotAPemCertificate() throws Exception {
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");
        var connection = connection(Map.of("ELASTICSEARCH_CA_CERT", notPem.toString()));
        assertThatThrownBy(connection::sslContext).hasMessageContaining("ELASTICSEARCH_CA_CERT");
    }

    private static ElasticsearchConnection connection(Map<String, String> env) {
        var all = new java.util.HashMap<>(env);
        all.put("ELASTICSEARCH_URL", "https://127.0.0.1:" + server.getAddress().getPort());
        return ElasticsearchConnection.from(new Settings(all));
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", STORE_PASSWORD));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
