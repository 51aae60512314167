package com.researchpipeline.contract;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * How every Kafka client of the pipeline authenticates and encrypts: {@code KAFKA_SECURITY_PROTOCOL}
 * ({@code PLAINTEXT} by default, {@code SSL}, {@code SASL_PLAINTEXT}, {@code SASL_SSL}); for SASL
 * {@code KAFKA_SASL_MECHANISM} ({@code PLAIN} by default, {@code SCRAM-SHA-256}, {@code SCRAM-SHA-512}) with
 * {@code KAFKA_SASL_USERNAME} and {@code KAFKA_SASL_PASSWORD}; for TLS {@code KAFKA_SSL_CA_CERT} (PEM of the CA,
 * the JVM's trust store when unset) and, for mutual TLS, {@code KAFKA_SSL_CLIENT_CERT} with {@code KAFKA_SSL_CLIENT_KEY}
 * (PEM, the key PKCS#8 and unencrypted). Checked when read: a bad combination or an unusable file stops the stage
 * naming the variable. {@link #toString()} never shows the password.
 */
public record KafkaSecurity(String protocol, String saslMechanism, String saslUsername, String saslPassword,
                            Path caCert, Path clientCert, Path clientKey) {

    public static final String PROTOCOL = "KAFKA_SECURITY_PROTOCOL";
    public static final String SASL_MECHANISM = "KAFKA_SASL_MECHANISM";
    public static final String SASL_USERNAME = "KAFKA_SASL_USERNAME";
    public static final String SASL_PASSWORD = "KAFKA_SASL_PASSWORD";
    public static final String SSL_CA_CERT = "KAFKA_SSL_CA_CERT";
    public static final String SSL_CLIENT_CERT = "KAFKA_SSL_CLIENT_CERT";
    public static final String SSL_CLIENT_KEY = "KAFKA_SSL_CLIENT_KEY";

    public static final List<String> PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    public static final List<String> MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
    public static final KafkaSecurity PLAINTEXT = new KafkaSecurity("PLAINTEXT", null, null, null, null, null, null);

    private static final String CERTIFICATE = "-----BEGIN CERTIFICATE-----";
    private static final String PKCS8_KEY = "-----BEGIN PRIVATE KEY-----";

    public KafkaSecurity {
        if (!PROTOCOLS.contains(protocol)) {
            throw new Settings.ConfigException(PROTOCOL + "='" + protocol + "' must be one of " + PROTOCOLS);
        }
        if (protocol.startsWith("SASL_")) {
            if (!MECHANISMS.contains(saslMechanism)) {
                throw new Settings.ConfigException(SASL_MECHANISM + "='" + saslMechanism + "' must be one of "
                        + MECHANISMS);
            }
            if (blank(saslUsername) || blank(saslPassword)) {
                throw new Settings.ConfigException(PROTOCOL + "=" + protocol + " needs " + SASL_USERNAME + " and "
                        + SASL_PASSWORD);
            }
        } else if (saslMechanism != null || saslUsername != null || saslPassword != null) {
            throw new Settings.ConfigException((saslMechanism != null ? SASL_MECHANISM : saslUsername != null
                    ? SASL_USERNAME : SASL_PASSWORD) + " is set, but " + PROTOCOL + "=" + protocol
                    + " uses no SASL: set it to SASL_SSL or SASL_PLAINTEXT");
        }
        if (!protocol.endsWith("SSL") && (caCert != null || clientCert != null || clientKey != null)) {
            throw new Settings.ConfigException((caCert != null ? SSL_CA_CERT : clientCert != null ? SSL_CLIENT_CERT
                    : SSL_CLIENT_KEY) + " is set, but " + PROTOCOL + "=" + protocol
                    + " uses no TLS: set it to SSL or SASL_SSL");
        }
        if ((clientCert == null) != (clientKey == null)) {
            throw new Settings.ConfigException("mutual TLS needs both " + SSL_CLIENT_CERT + " and " + SSL_CLIENT_KEY
                    + "; only " + (clientCert != null ? SSL_CLIENT_CERT : SSL_CLIENT_KEY) + " is set");
        }
        requirePem(SSL_CA_CERT, caCert, CERTIFICATE);
        requirePem(SSL_CLIENT_CERT, clientCert, CERTIFICATE);
        requirePem(SSL_CLIENT_KEY, clientKey, PKCS8_KEY);
    }

    public static KafkaSecurity from(Settings settings) {
        String protocol = settings.string(PROTOCOL, "PLAINTEXT").strip().toUpperCase(java.util.Locale.ROOT);
        String mechanism = optional(settings, SASL_MECHANISM);
        if (mechanism != null) {
            mechanism = mechanism.strip().toUpperCase(java.util.Locale.ROOT);
        } else if (protocol.startsWith("SASL_")) {
            mechanism = "PLAIN";
        }
        return new KafkaSecurity(protocol, mechanism, optional(settings, SASL_USERNAME),
                optional(settings, SASL_PASSWORD), path(settings, SSL_CA_CERT), path(settings, SSL_CLIENT_CERT),
                path(settings, SSL_CLIENT_KEY));
    }

    public boolean sasl() {
        return protocol.startsWith("SASL_");
    }

    public boolean tls() {
        return protocol.endsWith("SSL");
    }

    /** The security part of every client's properties (producer, consumer, admin, Camel's endpoints). */
    void applyTo(Properties props) {
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
        if (sasl()) {
            props.put(SaslConfigs.SASL_MECHANISM, saslMechanism);
            props.put(SaslConfigs.SASL_JAAS_CONFIG, jaasConfig());
        }
        if (caCert != null) {
            props.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
            props.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, caCert.toString());
        }
        if (clientCert != null) {
            props.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PEM");
            props.put(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG, read(SSL_CLIENT_CERT, clientCert));
            props.put(SslConfigs.SSL_KEYSTORE_KEY_CONFIG, read(SSL_CLIENT_KEY, clientKey));
        }
    }

    /** The JAAS line of the SASL login; Kafka's JAAS parser reads {@code \} and {@code "} escaped inside quotes. */
    String jaasConfig() {
        String module = saslMechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        return module + " required username=" + quoted(saslUsername) + " password=" + quoted(saslPassword) + ";";
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * One line saying what the broker or the TLS handshake refused and which variable to check, when {@code failure}
     * (or a cause of it) is a failed login or handshake; null otherwise.
     */
    public String refusal(String bootstrapServers, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SaslAuthenticationException) {
                return "Kafka at " + bootstrapServers + " refused the login of user '" + saslUsername + "' ("
                        + saslMechanism + "): check " + SASL_USERNAME + ", " + SASL_PASSWORD + " and " + SASL_MECHANISM;
            }
            if (t instanceof SslAuthenticationException) {
                return "the TLS handshake with Kafka at " + bootstrapServers + " failed: " + handshakeReason(t);
            }
            if (t instanceof AuthenticationException) {
                return "Kafka at " + bootstrapServers + " refused to authenticate this client ("
                        + Redaction.text(t.getMessage()) + "): check " + PROTOCOL + "=" + protocol + " against the "
                        + "listener's protocol, and " + SASL_MECHANISM;
            }
        }
        return null;
    }

    private String handshakeReason(Throwable sslFailure) {
        String known = TlsHandshakeFailure.trustOrName(sslFailure, SSL_CA_CERT, caCert, KafkaSettings.BOOTSTRAP_SERVERS);
        if (known != null) {
            return known;
        }
        String messages = TlsHandshakeFailure.messages(sslFailure);
        if (messages.contains("bad_certificate") || messages.contains("certificate_required")) {
            return "the broker wants a client certificate it trusts (mutual TLS)"
                    + (clientCert == null ? " and none is set" : "") + ": check " + SSL_CLIENT_CERT + " and " + SSL_CLIENT_KEY;
        }
        return Redaction.text(sslFailure.getMessage()) + ": check " + PROTOCOL + " and " + SSL_CA_CERT;
    }

    @Override
    public String toString() {
        return "KafkaSecurity[protocol=" + protocol + (sasl() ? ", mechanism=" + saslMechanism + ", username="
                + saslUsername + ", password=" + Redaction.MASK : "") + (caCert != null ? ", ca=" + caCert : "")
                + (clientCert != null ? ", clientCert=" + clientCert : "") + "]";
    }

    private static void requirePem(String name, Path file, String header) {
        if (file != null && !read(name, file).contains(header)) {
            throw new Settings.ConfigException(name + "=" + file + " is not PEM: it holds no '" + header + "'"
                    + (header.equals(PKCS8_KEY) ? " (an RSA or EC key converts with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8')" : ""));
        }
    }

    private static String read(String name, Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException | SecurityException e) {
            throw new Settings.ConfigException(name + "=" + file + " cannot be read: "
                    + (Files.exists(file) ? e.getClass().getSimpleName() + " " + e.getMessage() : "no such file"));
        }
    }

    private static String optional(Settings settings, String name) {
        String value = settings.string(name, "");
        return value.isEmpty() ? null : value;
    }

    private static Path path(Settings settings, String name) {
        String value = optional(settings, name);
        return value == null ? null : Path.of(value.strip());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
