package com.researchpipeline.publish;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.transport.TransportUtils;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import com.researchpipeline.contract.Redaction;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.Settings.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.util.Timeout;

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

    /** True when {@code failure} is a request given up for want of an answer (a frozen, hung or swamped node). */
    public static boolean timedOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
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
