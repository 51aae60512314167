package com.researchpipeline.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSecurityTest {

    private static final String PASSWORD = "s3cr3t\"pa\\ss; with=spaces";
    private static final String PEM_CERT = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    private static KafkaSettings kafka(Map<String, String> env) {
        return KafkaSettings.from(new Settings(env));
    }

    private static Map<String, String> sasl(String protocol) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_SECURITY_PROTOCOL", protocol);
        env.put("KAFKA_SASL_USERNAME", "pipeline");
        env.put("KAFKA_SASL_PASSWORD", PASSWORD);
        return env;
    }

    @Test
    void plaintextByDefaultAsBefore() {
        var props = kafka(Map.of()).client("c");
        assertThat(props).containsEntry("security.protocol", "PLAINTEXT").doesNotContainKey("sasl.jaas.config")
                .doesNotContainKey("ssl.truststore.location");
    }

    @Test
    void everyClientOfTheSettingsGetsTheSameSecurity() {
        KafkaSettings kafka = kafka(sasl("SASL_PLAINTEXT"));
        for (var props : new java.util.Properties[] {kafka.client("a"), kafka.producer("p"), kafka.consumer("g", "c"),
                kafka.loopConsumer("g", "l")}) {
            assertThat(props).containsEntry("security.protocol", "SASL_PLAINTEXT").containsEntry("sasl.mechanism", "PLAIN")
                    .containsKey("sasl.jaas.config");
        }
    }

    @Test
    void theJaasLineQuotesThePasswordSoKafkaReadsItBackUnchanged() {
        Map<String, String> env = sasl("SASL_SSL");
        env.put("KAFKA_SASL_MECHANISM", "scram-sha-512");
        var props = kafka(env).client("c");
        assertThat(props).containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        String jaas = props.getProperty("sasl.jaas.config");
        var entry = JaasContext.loadClientContext(Map.of("sasl.jaas.config", new Password(jaas)))
                .configurationEntries().get(0);
        assertThat(entry.getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule");
        assertThat(entry.getOptions().get("username")).isEqualTo("pipeline");
        assertThat(entry.getOptions().get("password")).isEqualTo(PASSWORD);
    }

    @Test
    void kafkasOwnConfigurationDumpAndOurToStringHideThePassword() {
        KafkaSettings kafka = kafka(sasl("SASL_SSL"));
        // what kafka-clients logs at INFO when a client is made (AbstractConfig.logAll) prints each value's toString
        var producer = new ProducerConfig(kafka.producer("p"));
        assertThat(String.valueOf(producer.values().get("sasl.jaas.config"))).isEqualTo("[hidden]");
        var admin = new AdminClientConfig(kafka.client("a"));
        assertThat(String.valueOf(admin.values().get("sasl.jaas.config"))).isEqualTo("[hidden]");
        assertThat(kafka.toString()).doesNotContain("s3cr3t").contains("password=***");
        assertThat(Redaction.text(kafka.client("a").toString())).doesNotContain("s3cr3t");
    }

    @Test
    void aCaCertificateBecomesAPemTrustStore(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), PEM_CERT);
        var props = kafka(Map.of("KAFKA_SECURITY_PROTOCOL", "SSL", "KAFKA_SSL_CA_CERT", ca.toString())).client("c");
        assertThat(props).containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("ssl.truststore.location", ca.toString()).doesNotContainKey("ssl.keystore.type");
    }

    @Test
    void aClientCertificateAndKeyBecomeAPemKeyStore(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("client.pem"), PEM_CERT);
        Path key = Files.writeString(dir.resolve("client.key"), "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n");
        var props = kafka(Map.of("KAFKA_SECURITY_PROTOCOL", "SSL", "KAFKA_SSL_CLIENT_CERT", cert.toString(),
                "KAFKA_SSL_CLIENT_KEY", key.toString())).client("c");
        assertThat(props).containsEntry("ssl.keystore.type", "PEM").containsEntry("ssl.keystore.certificate.chain", PEM_CERT);
        assertThat(props.getProperty("ssl.keystore.key")).contains("BEGIN PRIVATE KEY");
    }

    @Test
    void badCombinationsFailAtStartNamingTheVariable(@TempDir Path dir) throws Exception {
        Path notPem = Files.writeString(dir.resolve("ca.der"), "binary");
        Path rsaKey = Files.writeString(dir.resolve("rsa.key"), "-----BEGIN RSA PRIVATE KEY-----\n");
        Path cert = Files.writeString(dir.resolve("cert.pem"), PEM_CERT);
        Map<Map<String, String>, String> cases = new java.util.LinkedHashMap<>();
        cases.put(Map.of("KAFKA_SECURITY_PROTOCOL", "TLS"), "KAFKA_SECURITY_PROTOCOL='TLS' must be one of");
        cases.put(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_MECHANISM", "GSSAPI",
                "KAFKA_SASL_USERNAME", "u", "KAFKA_SASL_PASSWORD", "p"), "KAFKA_SASL_MECHANISM='GSSAPI' must be one of");
        cases.put(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_USERNAME", "u"),
                "KAFKA_SECURITY_PROTOCOL=SASL_SSL needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD");
        cases.put(Map.of("KAFKA_SASL_USERNAME", "u", "KAFKA_SASL_PASSWORD", "p"),
                "KAFKA_SASL_USERNAME is set, but KAFKA_SECURITY_PROTOCOL=PLAINTEXT uses no SASL");
        cases.put(Map.of("KAFKA_SSL_CA_CERT", cert.toString()),
                "KAFKA_SSL_CA_CERT is set, but KAFKA_SECURITY_PROTOCOL=PLAINTEXT uses no TLS");
        cases.put(Map.of("KAFKA_SECURITY_PROTOCOL", "SSL", "KAFKA_SSL_CA_CERT", dir.resolve("missing.pem").toString()),
                "KAFKA_SSL_CA_CERT=" + dir.resolve("missing.pem") + " cannot be read: no such file");
        cases.put(Map.of("KAFKA_SECURITY_PROTOCOL", "SSL", "KAFKA_SSL_CA_CERT", notPem.toString()),
                "KAFKA_SSL_CA_CERT=" + notPem + " is not PEM");
        cases.put(Map.of("KAFKA_SECURITY_PROTOCOL", "SSL", "KAFKA_SSL_CLIENT_CERT", cert.toString()),
                "mutual TLS needs both KAFKA_SSL_CLIENT_CERT and KAFKA_SSL_CLIENT_KEY");
        cases.put(Map.of("KAFKA_SECURITY_PROTOCOL", "SSL", "KAFKA_SSL_CLIENT_CERT", cert.toString(),
                "KAFKA_SSL_CLIENT_KEY", rsaKey.toString()), "openssl pkcs8 -topk8");
        cases.forEach((env, message) -> assertThatThrownBy(() -> kafka(env)).as(env.toString())
                .isInstanceOf(Settings.ConfigException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n")));
    }

    @Test
    void aRefusedLoginOrHandshakeNamesTheVariableToCheck() {
        KafkaSettings kafka = kafka(sasl("SASL_SSL"));
        assertThat(kafka.refusal(new RuntimeException(new SaslAuthenticationException("Invalid username or password"))))
                .isEqualTo("Kafka at localhost:9092 refused the login of user 'pipeline' (PLAIN): check "
                        + "KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD and KAFKA_SASL_MECHANISM");
        var unknownCa = new SslAuthenticationException("SSL handshake failed", new javax.net.ssl.SSLHandshakeException(
                "PKIX path building failed: unable to find valid certification path to requested target"));
        assertThat(kafka.refusal(unknownCa)).contains("not signed by a CA this client trusts: check KAFKA_SSL_CA_CERT");
        var wrongName = new SslAuthenticationException("SSL handshake failed", new javax.net.ssl.SSLHandshakeException(
                "No subject alternative names matching IP address 127.0.0.1 found"));
        assertThat(kafka.refusal(wrongName)).contains("does not name the host", "KAFKA_BOOTSTRAP_SERVERS");
        assertThat(kafka.refusal(new IllegalStateException("other"))).isNull();
    }
}
