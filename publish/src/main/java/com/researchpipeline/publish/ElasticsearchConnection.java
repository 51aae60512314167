package com.researchpipeline.publish;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.transport.TransportUtils;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import com.researchpipeline.contract.Redaction;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.Settings.ConfigException;
import com.researchpipeline.contract.TlsHandshakeFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.ClosedSelectorException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where Elasticsearch is and how to authenticate, read only from the environment:
 * {@code ELASTICSEARCH_URL} (comma-separated for several nodes, default {@code http://localhost:9200}),
 * {@code ELASTICSEARCH_API_KEY} (the encoded key Kibana shows, or {@code id:api_key} as the create-API-key
 * answer gives it) or {@code ELASTICSEARCH_USERNAME} and
 * {@code ELASTICSEARCH_PASSWORD}, and {@code ELASTICSEARCH_CA_CERT} (path to the PEM of the CA that signed
 * the node's HTTP certificate; without it the JVM's trust store is used). A URL may carry the user and
 * password ({@code https://user:password@host:9200}): they are taken as {@code ELASTICSEARCH_USERNAME} and
 * {@code ELASTICSEARCH_PASSWORD} and removed from {@link #hosts()}, so no host printed anywhere holds them.
 * {@code ELASTICSEARCH_TIMEOUT} bounds every request (default 60 s).
 * Secrets never appear in {@link #toString()} nor in an error message.
 */
public record ElasticsearchConnection(List<URI> hosts, String apiKey, String username, String password,
                                      Path caCertificate, Duration timeout) {

    public static final String URL = "ELASTICSEARCH_URL";
    public static final String API_KEY = "ELASTICSEARCH_API_KEY";
    public static final String USERNAME = "ELASTICSEARCH_USERNAME";
    public static final String PASSWORD = "ELASTICSEARCH_PASSWORD";
    public static final String CA_CERT = "ELASTICSEARCH_CA_CERT";
    public static final String TIMEOUT = "ELASTICSEARCH_TIMEOUT";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchConnection.class);

    public ElasticsearchConnection(List<URI> hosts, String apiKey, String username, String password,
                                   Path caCertificate) {
        this(hosts, apiKey, username, password, caCertificate, DEFAULT_TIMEOUT);
    }

    public ElasticsearchConnection {
        hosts = List.copyOf(hosts);
        if (timeout == null || timeout.toMillis() < 1) {
            throw new ConfigException(TIMEOUT + " must be at least 1ms");
        }
        if (apiKey != null && (username != null || password != null)) {
            throw new ConfigException(API_KEY + " and " + USERNAME + "/" + PASSWORD
                    + " are both set: use one way to authenticate");
        }
        if ((username == null) != (password == null)) {
            throw new ConfigException(username == null
                    ? PASSWORD + " is set but " + USERNAME + " is not"
                    : USERNAME + " is set but " + PASSWORD + " is not");
        }
        if (caCertificate != null && !Files.isReadable(caCertificate)) {
            throw new ConfigException(CA_CERT + "='" + caCertificate + "' is not a readable PEM file");
        }
    }

    public static ElasticsearchConnection from(Settings settings) {
        String urls = settings.string(URL, "http://localhost:9200");
        List<URI> given = Arrays.stream(urls.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> parseUrl(s, urls)).toList();
        if (given.isEmpty()) {
            throw new ConfigException(URL + "='" + Redaction.url(urls) + "' names no node");
        }
        if (given.stream().map(URI::getPath).distinct().count() > 1) { // the client sends every request below the one path
            throw new ConfigException(URL + "='" + Redaction.url(urls) + "' gives its nodes different paths: give "
                    + "each the same path (a proxy's prefix) or none");
        }
        String username = settings.string(USERNAME, null);
        String password = settings.string(PASSWORD, null);
        for (URI host : given) {
            String userInfo = host.getUserInfo();
            if (userInfo == null) {
                continue;
            }
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
            String secret = colon < 0 ? null : userInfo.substring(colon + 1);
            if ((username != null && !username.equals(user)) || (password != null && !password.equals(secret))) {
                throw new ConfigException(URL + "='" + Redaction.url(urls) + "' names other credentials than "
                        + USERNAME + "/" + PASSWORD + ": give them once");
            }
            username = user;
            password = secret;
        }
        List<URI> hosts = given.stream().map(ElasticsearchConnection::withoutUserInfo).toList();
        return new ElasticsearchConnection(hosts, settings.string(API_KEY, null), username, password,
                settings.path(CA_CERT, null), settings.duration(TIMEOUT, DEFAULT_TIMEOUT));
    }

    private static URI withoutUserInfo(URI uri) {
        if (uri.getUserInfo() == null) {
            return uri;
        }
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(),
                    uri.getFragment());
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(URL + " has a host that cannot be written without its credentials: "
                    + Redaction.url(uri.toString()));
        }
    }

    /** A local node without security, for tests and the local runner. */
    public static ElasticsearchConnection to(String url) {
        return from(new Settings(java.util.Map.of(URL, url)));
    }

    /** The same node(s) and credentials, with every request given up after {@code limit}. */
    public ElasticsearchConnection withTimeout(Duration limit) {
        return new ElasticsearchConnection(hosts, apiKey, username, password, caCertificate, limit);
    }

    /**
     * A new client; the caller closes it. Every request fails after {@link #timeout()} without an answer, and a
     * new connection after at most 5 s: the client's own defaults wait forever for a node that accepted the
     * connection and stopped answering (frozen, swapping, a proxy holding the request).
     */
    public ElasticsearchClient open() {
        Timeout each = Timeout.ofMilliseconds(timeout.toMillis());
        var builder = Rest5Client.builder(hosts)
                .setHttpClientConfigCallback(http -> http.setIoReactorExceptionCallback(
                        ElasticsearchConnection::ioThreadFailed))
                .setRequestConfigCallback(r -> r.setResponseTimeout(each).setConnectionRequestTimeout(each)
                        .setConnectTimeout(Timeout.ofMilliseconds(Math.min(timeout.toMillis(), 5_000))))
                .setConnectionConfigCallback(c -> c.setSocketTimeout(each)
                        .setConnectTimeout(Timeout.ofMilliseconds(Math.min(timeout.toMillis(), 5_000))));
        if (apiKey != null) {
            builder.setDefaultHeaders(new Header[]{new BasicHeader("Authorization", "ApiKey " + encodedApiKey())});
        } else if (username != null) {
            String basic = Base64.getEncoder().encodeToString((username + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
            builder.setDefaultHeaders(new Header[]{new BasicHeader("Authorization", "Basic " + basic)});
        }
        if (caCertificate != null) {
            builder.setSSLContext(sslContext());
        }
        return new ElasticsearchClient(new Rest5ClientTransport(builder.build(), new JacksonJsonpMapper()));
    }

    /**
     * Closes {@code client} without waiting for its connections: a graceful close waits up to 5 s for each one's
     * unsent bytes, which a node that reads nothing (frozen, swapping) never takes, and a stage must stop within
     * its budget. Call it once nothing waits for an answer any more.
     */
    public static void closeAtOnce(ElasticsearchClient client) throws IOException {
        if (client._transport() instanceof Rest5ClientTransport transport
                && transport.restClient().getHttpClient() instanceof CloseableHttpAsyncClient http) {
            http.initiateShutdown();
            http.close(CloseMode.IMMEDIATE);
        }
        client.close();
    }

    /** What the client's I/O threads could not handle; by default logged as an ERROR with its stack trace. */
    private static void ioThreadFailed(Exception failure) {
        if (failure instanceof ClosedSelectorException) {
            // closeAtOnce closed the selector under a thread still closing its connections: nothing is lost
            LOG.debug("an Elasticsearch client closed while its I/O thread closed its connections: {}", failure.toString());
        } else {
            LOG.error("an I/O thread of the Elasticsearch client failed", failure);
        }
    }

    /** True when {@code failure} is a request given up for want of an answer (a frozen, hung or swamped node). */
    public static boolean timedOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * What to fix when {@code failure} is the node refusing this connection's credentials (401), their privileges
     * (403) or its TLS (a certificate this client does not trust or that names another host, HTTPS at a plain HTTP
     * node or the reverse): refusals that last until a setting or the node's security changes, so retrying hides
     * them. Null for any other failure. Names the variable to check, never a secret.
     */
    public String refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            int status = t instanceof ElasticsearchException answered ? answered.status()
                    : t instanceof TransportException answered ? answered.statusCode() : 0;
            if (status == 401) {
                return "Elasticsearch at " + hosts + (apiKey != null
                        ? " refused the API key (401: unknown, expired or invalidated): check " + API_KEY
                        : username != null ? " refused the login of user '" + username + "' (401): check " + USERNAME
                        + " and " + PASSWORD
                        : " wants credentials (401): set " + API_KEY + ", or " + USERNAME + " and " + PASSWORD);
            }
            if (status == 403) {
                String reason = t instanceof ElasticsearchException answered && answered.error() != null
                        ? ": " + Redaction.text(answered.error().reason()) : "";
                return "Elasticsearch at " + hosts + " let " + (apiKey != null ? "the API key" : "user '" + username + "'")
                        + " in but refused it an action (403" + reason + "): grant its role "
                        + (reason.isEmpty() ? "the index and template privileges publish uses" : "the privilege named");
            }
            String handshake = t instanceof SSLException ? handshakeReason(t) : null;
            if (handshake != null) {
                return "the TLS handshake with Elasticsearch at " + hosts + " failed: " + handshake;
            }
            if ((t instanceof ConnectionClosedException || t instanceof NoHttpResponseException)
                    && hosts.stream().anyMatch(host -> host.getScheme().equals("http") && speaksTls(host))) {
                return "Elasticsearch at " + hosts + " answers in TLS and closes plain HTTP connections: write https:// "
                        + "in " + URL + " (and set " + CA_CERT + " to the CA that signed its certificate)";
            }
        }
        return null;
    }

    private String handshakeReason(Throwable sslFailure) {
        String known = TlsHandshakeFailure.trustOrName(sslFailure, CA_CERT, caCertificate, URL);
        if (known != null) {
            return known;
        }
        String messages = TlsHandshakeFailure.messages(sslFailure);
        if (messages.contains("Unsupported or unrecognized SSL message")) {
            return "it answers plain HTTP: write http:// in " + URL + ", or turn TLS on at the node "
                    + "(xpack.security.http.ssl)";
        }
        return null; // a connection reset in the handshake, say: retried as any connection failure
    }

    /** True when {@code host} completes a TLS handshake, or fails one for want of trust: it speaks TLS. */
    private static boolean speaksTls(URI host) {
        try (SSLSocket socket = (SSLSocket) SSLContext.getDefault().getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(host.getHost(), host.getPort() < 0 ? 80 : host.getPort()), 2_000);
            socket.setSoTimeout(2_000);
            socket.startHandshake();
            return true;
        } catch (SSLHandshakeException e) {
            return true;
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            return false;
        }
    }

    /** Trusts exactly the CA in {@link #caCertificate()} (and nothing else) for HTTPS. */
    public SSLContext sslContext() {
        try (InputStream pem = Files.newInputStream(caCertificate)) {
            return TransportUtils.sslContextFromHttpCaCrt(pem);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CA_CERT + " " + caCertificate, e);
        } catch (RuntimeException e) {
            throw new ConfigException(CA_CERT + "='" + caCertificate + "' is not a PEM certificate: "
                    + e.getMessage());
        }
    }

    /** The key as the {@code Authorization: ApiKey} header carries it: base64 of {@code id:api_key}. */
    String encodedApiKey() {
        return apiKey.contains(":")
                ? Base64.getEncoder().encodeToString(apiKey.getBytes(StandardCharsets.UTF_8))
                : apiKey;
    }

    public String authentication() {
        return apiKey != null ? "api key" : username != null ? "user " + username : "none";
    }

    @Override
    public String toString() {
        return "ElasticsearchConnection[hosts=" + hosts + ", auth=" + authentication()
                + (apiKey != null ? " (***)" : password != null ? " password ***" : "")
                + ", caCertificate=" + caCertificate + ", timeout=" + timeout + "]";
    }

    /**
     * One node's URL: http or https, a host, a port from 1 to 65535 or none (the scheme's), a path without its
     * trailing slashes, no query or fragment (the client would drop them).
     */
    private static URI parseUrl(String url, String whole) {
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getPort() == 0 || uri.getPort() > 65535 || uri.getQuery() != null || uri.getFragment() != null) {
                throw new IllegalArgumentException(url);
            }
            String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
            return new URI(uri.getScheme(), uri.getUserInfo(), uri.getHost(), uri.getPort(), path, null, null);
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            throw new ConfigException(URL + "='" + Redaction.url(whole) + "' is not a list of http(s)://host:port URLs"
                    + " (ports 1-65535, no query)");
        }
    }
}
