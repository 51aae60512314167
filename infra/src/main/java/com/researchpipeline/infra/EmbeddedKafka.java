package com.researchpipeline.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka broker (broker and controller in one) running inside this JVM, from Kafka's own
 * jars. Keeps its log in {@code dataDir}, so a second start finds the topics and offsets of the first.
 * These are Kafka's internal classes: nothing else in the project touches them.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    /** Name of the listener {@link #secured} adds. */
    private static final String SECURED_LISTENER = "SASL_SSL";

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final String securedBootstrapServers;
    private final String mutualTlsBootstrapServers;
    private final Path logDir;
    /** The controller quorum this node belongs to ({@code controller.quorum.voters}). */
    private final String voters;
    private boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers, String securedBootstrapServers,
                          String mutualTlsBootstrapServers, Path logDir, String voters) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.securedBootstrapServers = securedBootstrapServers;
        this.mutualTlsBootstrapServers = mutualTlsBootstrapServers;
        this.logDir = logDir;
        this.voters = voters;
    }

    /**
     * Starts another broker, node 2 (broker role only), in the cluster whose controller this one runs, with its log
     * in {@code dataDir}: for faults of replication (a topic of two replicas, one of them on a broker that stops).
     * Closing it takes the broker away; started again on the same folder, it comes back with its replicas.
     */
    public EmbeddedKafka addBroker(Path dataDir) {
        int brokerPort = FreePort.find();
        Properties props = serverProperties(dataDir.toAbsolutePath(), brokerPort, 0);
        props.put("process.roles", "broker");
        props.put("node.id", "2");
        props.put("controller.quorum.voters", voters);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("auto.create.topics.enable", "false");
        Properties meta = new Properties();
        try (var in = Files.newInputStream(logDir.resolve("meta.properties"))) {
            meta.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cluster id of " + logDir, e);
        }
        formatIfNew(dataDir, props, meta.getProperty("cluster.id"));
        KafkaRaftServer broker = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        broker.startup();
        String bootstrap = "127.0.0.1:" + brokerPort;
        LOG.info("second Kafka broker listening on {} (data in {})", bootstrap, dataDir);
        return new EmbeddedKafka(broker, bootstrap, null, null, dataDir.toAbsolutePath().resolve("log"), voters);
    }

    /**
     * Starts a broker listening on 127.0.0.1:{@code port} (0 for any free port) with its log in {@code dataDir}, that
     * creates a topic a client asks for (tests write to scratch topics they never create).
     */
    public static EmbeddedKafka start(Path dataDir, int port) {
        return start(dataDir, port, true);
    }

    /**
     * As {@link #start(Path, int)}; {@code autoCreateTopics} false (as {@code bin/pipeline run} and the compose
     * stack have it) leaves a deleted topic deleted until the stages create it with the catalogue's settings,
     * instead of the broker making it again with its own defaults (3 partitions, 1 MB, not compacted).
     */
    public static EmbeddedKafka start(Path dataDir, int port, boolean autoCreateTopics) {
        return start(dataDir, port, autoCreateTopics, null, Time.SYSTEM, null, null, null);
    }

    /**
     * A broker on free ports with, beside its PLAINTEXT listener (for the test's own admin work, such as creating
     * SCRAM credentials), a SASL_SSL listener at {@link #securedBootstrapServers()}: TLS with {@code certificate},
     * SASL PLAIN for {@code plainUsers} (name to password) and SCRAM-SHA-256 and -512 for the users given SCRAM
     * credentials through {@code Admin.alterUserScramCredentials}.
     */
    public static EmbeddedKafka secured(Path dataDir, TestCertificate certificate, Map<String, String> plainUsers) {
        return start(dataDir, 0, true, null, Time.SYSTEM, certificate, plainUsers, null);
    }

    /**
     * As {@link #secured(Path, TestCertificate, Map)}, with also an SSL listener at {@link #mutualTlsBootstrapServers()}
     * that requires a client certificate and trusts {@code client}'s alone.
     */
    public static EmbeddedKafka secured(Path dataDir, TestCertificate certificate, Map<String, String> plainUsers,
                                        TestCertificate client) {
        return start(dataDir, 0, true, null, Time.SYSTEM, certificate, plainUsers, client);
    }

    /**
     * A broker on a free port whose clock runs {@code behind} this host's (wall-clock time only; its timers keep
     * their pace), as a broker on a machine whose clock is set wrong: records this host stamps more than the topic's
     * {@code message.timestamp.after.max.ms} (an hour unless set) ahead of the broker's time are refused.
     */
    public static EmbeddedKafka withClockBehind(Path dataDir, java.time.Duration behind) {
        long offset = behind.toMillis();
        Time clock = new Time() {
            @Override
            public long milliseconds() {
                return System.currentTimeMillis() - offset;
            }

            @Override
            public long nanoseconds() {
                return System.nanoTime();
            }

            @Override
            public void sleep(long ms) {
                Time.SYSTEM.sleep(ms);
            }
        };
        return start(dataDir, 0, true, null, clock, null, null, null);
    }

    /**
     * A broker listening on 127.0.0.1 at a free port that tells clients to come to {@code advertisedHost} at that port
     * ({@code advertised.listeners}), as a broker in a container advertising the container's name does: a client
     * reaches it at its bootstrap address, and every request after the first goes to the advertised one.
     */
    public static EmbeddedKafka advertising(Path dataDir, String advertisedHost) {
        return start(dataDir, 0, true, advertisedHost, Time.SYSTEM, null, null, null);
    }

    private static EmbeddedKafka start(Path dataDir, int port, boolean autoCreateTopics, String advertisedHost,
                                       Time clock, TestCertificate certificate, Map<String, String> plainUsers,
                                       TestCertificate trustedClient) {
        int brokerPort = port == 0 ? FreePort.find() : port;
        FreePort.requireFree(brokerPort, "the Kafka broker");
        // a fixed broker port gets the next one for its controller, as Kafka's own examples do (9092, 9093)
        int controllerPort = port == 0 ? FreePort.find() : port + 1;
        FreePort.requireFree(controllerPort, "the Kafka controller");
        Properties props = serverProperties(dataDir.toAbsolutePath(), brokerPort, controllerPort);
        props.put("auto.create.topics.enable", Boolean.toString(autoCreateTopics));
        if (advertisedHost != null) {
            props.put("advertised.listeners", "PLAINTEXT://" + advertisedHost + ":" + brokerPort);
        }
        String secured = null;
        if (certificate != null) {
            secured = "127.0.0.1:" + FreePort.find();
            addSecuredListener(props, secured, certificate, plainUsers);
        }
        String mutualTls = null;
        if (trustedClient != null) {
            mutualTls = "127.0.0.1:" + FreePort.find();
            addMutualTlsListener(props, mutualTls, certificate, trustedClient);
        }
        formatIfNew(dataDir, props);
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), clock);
        server.startup();
        String bootstrap = "127.0.0.1:" + brokerPort;
        LOG.info("Kafka broker listening on {} (data in {})", bootstrap, dataDir);
        return new EmbeddedKafka(server, bootstrap, secured, mutualTls, dataDir.toAbsolutePath().resolve("log"),
                props.getProperty("controller.quorum.voters"));
    }

    /**
     * When Kafka gives up on this broker (every log folder failed, as on a full disk, or its metadata log cannot be
     * written) it halts the JVM, which would end everything else this process runs without a word: from this call
     * on, {@code onFailure} is told why instead, once, and the JVM goes on so that its owner can stop cleanly.
     */
    public void whenFailed(Consumer<String> onFailure) {
        AtomicBoolean told = new AtomicBoolean();
        Exit.Procedure instead = (code, message) -> {
            if (told.compareAndSet(false, true)) { // its threads may each give up in turn
                String why = why(message);
                LOG.error("{}", why);
                onFailure.accept(why);
            }
        };
        Exit.setHaltProcedure(instead);
        Exit.setExitProcedure(instead);
    }

    private String why(String message) {
        String cause = message != null ? message
                : "its log folder " + logDir + " failed, or its metadata could not be written (the ERROR lines above say why)";
        return "the Kafka broker stopped: " + cause + DiskSpace.full(logDir).map(full -> "; " + full).orElse("");
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The SASL_SSL listener of a {@link #secured} broker; null for any other. */
    public String securedBootstrapServers() {
        return securedBootstrapServers;
    }

    /** The SSL listener that requires a client certificate, of a broker {@link #secured} with one; else null. */
    public String mutualTlsBootstrapServers() {
        return mutualTlsBootstrapServers;
    }

    private static void addMutualTlsListener(Properties p, String address, TestCertificate certificate,
                                             TestCertificate trustedClient) {
        p.put("listeners", p.getProperty("listeners") + ",SSL://" + address);
        p.put("advertised.listeners", p.getProperty("advertised.listeners") + ",SSL://" + address);
        p.put("listener.security.protocol.map", p.getProperty("listener.security.protocol.map") + ",SSL:SSL");
        p.put("listener.name.ssl.ssl.client.auth", "required");
        p.put("listener.name.ssl.ssl.keystore.type", "PKCS12");
        p.put("listener.name.ssl.ssl.keystore.location", certificate.keyStore().toString());
        p.put("listener.name.ssl.ssl.keystore.password", certificate.password());
        p.put("listener.name.ssl.ssl.key.password", certificate.password());
        p.put("listener.name.ssl.ssl.truststore.type", "PEM");
        p.put("listener.name.ssl.ssl.truststore.location", trustedClient.pem().toString());
    }

    private static void addSecuredListener(Properties p, String address, TestCertificate certificate,
                                           Map<String, String> plainUsers) {
        String prefix = "listener.name." + SECURED_LISTENER.toLowerCase(java.util.Locale.ROOT) + ".";
        p.put("listeners", p.getProperty("listeners") + "," + SECURED_LISTENER + "://" + address);
        p.put("advertised.listeners", p.getProperty("advertised.listeners") + "," + SECURED_LISTENER + "://" + address);
        p.put("listener.security.protocol.map", p.getProperty("listener.security.protocol.map") + ","
                + SECURED_LISTENER + ":SASL_SSL");
        p.put(prefix + "sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512");
        StringBuilder plain = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
        plainUsers.forEach((user, password) -> plain.append(" user_").append(user).append("=\"")
                .append(password.replace("\\", "\\\\").replace("\"", "\\\"")).append('"'));
        p.put(prefix + "plain.sasl.jaas.config", plain.append(';').toString());
        for (String scram : new String[] {"scram-sha-256", "scram-sha-512"}) {
            p.put(prefix + scram + ".sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        }
        p.put(prefix + "ssl.keystore.type", "PKCS12");
        p.put(prefix + "ssl.keystore.location", certificate.keyStore().toString());
        p.put(prefix + "ssl.keystore.password", certificate.password());
        p.put(prefix + "ssl.key.password", certificate.password());
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            server.shutdown();
            server.awaitShutdown();
            Exit.resetHaltProcedure();
            Exit.resetExitProcedure();
        }
    }

    static Properties serverProperties(Path dataDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDir.resolve("log").toString());
        p.put("num.partitions", "3");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // broker and controller share the process: restarted after a crash, the broker may register again only
        // once the controller has given up on the old one's session, 9 s by default
        p.put("broker.session.timeout.ms", "3000");
        p.put("broker.heartbeat.interval.ms", "1000");
        // the 128 MiB default would sit on this JVM's heap
        p.put("log.cleaner.dedupe.buffer.size", "2097152");
        return p;
    }

    static void formatIfNew(Path dataDir, Properties props) {
        formatIfNew(dataDir, props, Uuid.randomUuid().toString());
    }

    private static void formatIfNew(Path dataDir, Properties props, String clusterId) {
        Path logDir = dataDir.resolve("log");
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(dataDir);
            Path config = dataDir.resolve("server.properties");
            try (var out = Files.newOutputStream(config)) {
                props.store(out, "written by EmbeddedKafka for formatting");
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int code = StorageTool.execute(new String[] {"format", "-t", clusterId,
                    "-c", config.toString()}, new PrintStream(output, true, StandardCharsets.UTF_8));
            if (code != 0) {
                throw new IllegalStateException("formatting Kafka's log in " + logDir + " failed: "
                        + output.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka's data folder " + dataDir, e);
        }
    }
}
