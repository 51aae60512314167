package com.researchpipeline.contract;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.utils.Utils;

/**
 * Why a broker that answers at its bootstrap address still seems not to answer: a client asks it only for the
 * brokers' addresses (their {@code advertised.listeners}) and sends every later request there, so an address that
 * does not resolve or cannot be reached from this host (a container's name, another machine's {@code localhost})
 * makes every request time out as if no broker ran. Likewise a listener that wants TLS or SASL from a client that
 * speaks plain Kafka, or the reverse: the client only sees the connection closed and tries again. Asked only once a
 * wait for Kafka has failed.
 */
public final class AdvertisedBrokers {

    /** Known to every broker from Kafka 2.4 on (Kafka 4.0 dropped versions 0 to 3). */
    private static final short METADATA_VERSION = 9;
    private static final int MAX_ANSWER_BYTES = 1 << 20;
    /** First byte of a TLS record carrying an alert or a handshake: what a TLS listener sends back. */
    private static final int TLS_ALERT = 0x15;
    private static final int TLS_HANDSHAKE = 0x16;

    /**
     * Null when no server of {@code bootstrapServers} answers a plain metadata request within {@code wait}, or the
     * first that answers advertises only brokers this host reaches; else what is wrong and what to do.
     */
    public static String problem(String bootstrapServers, Duration wait) {
        return problem(new KafkaSettings(bootstrapServers), wait);
    }

    /**
     * As {@link #problem(String, Duration)} for the brokers of {@code kafka}, and whether its listener and
     * {@code KAFKA_SECURITY_PROTOCOL} disagree (TLS or SASL on one side only).
     */
    public static String problem(KafkaSettings kafka, Duration wait) {
        return probe(kafka, wait, true);
    }

    /**
     * Null unless the first broker of {@code kafka} that answers a plain Kafka request shows that its listener and
     * {@code KAFKA_SECURITY_PROTOCOL} disagree; then what is wrong and what to set. Quick enough to ask a few seconds
     * into a wait, before the whole wait has passed.
     */
    public static String protocolMismatch(KafkaSettings kafka, Duration wait) {
        return probe(kafka, wait, false);
    }

    private static String probe(KafkaSettings kafka, Duration wait, boolean advertisedToo) {
        String protocol = kafka.security().protocol();
        boolean plain = protocol.equals("PLAINTEXT");
        for (String server : kafka.bootstrapServers().split(",")) {
            String entry = server.strip();
            Collection<Node> brokers;
            try {
                brokers = advertisedBy(entry, wait);
            } catch (NotPlainKafka listener) {
                if (plain) {
                    return "the broker at " + entry + " " + listener.getMessage() + ": its listener wants TLS or SASL; "
                            + "set " + KafkaSecurity.PROTOCOL + " (SSL, SASL_SSL or SASL_PLAINTEXT) and its "
                            + "KAFKA_SSL_* or KAFKA_SASL_* settings as the cluster's listener wants, or give "
                            + KafkaSettings.BOOTSTRAP_SERVERS + " a PLAINTEXT listener";
                }
                continue;
            } catch (IOException | RuntimeException noAnswer) {
                continue;
            }
            if (!plain) {
                return "the broker at " + entry + " answers plain Kafka, without TLS or SASL, but "
                        + KafkaSecurity.PROTOCOL + "=" + protocol + ": give " + KafkaSettings.BOOTSTRAP_SERVERS
                        + " the address of its " + protocol + " listener, or set " + KafkaSecurity.PROTOCOL
                        + "=PLAINTEXT";
            }
            if (!advertisedToo) {
                return null;
            }
            List<String> unusable = new ArrayList<>();
            for (Node broker : brokers) {
                String why = unreachable(broker.host(), broker.port(), wait);
                if (why != null) {
                    unusable.add(broker.host() + ":" + broker.port() + " (" + why + ")");
                }
            }
            return unusable.isEmpty() ? null : "the broker at " + entry + " answers, but sends clients on to "
                    + String.join(", ", unusable) + ", the address it advertises: set the broker's advertised.listeners "
                    + "(KAFKA_ADVERTISED_LISTENERS of a container) to an address this host reaches, or make that name "
                    + "resolve here";
        }
        return null;
    }

    /**
     * "Kafka at ... did not answer within N s: " and why: the advertised address when that is the reason, else
     * {@code otherwise}.
     */
    public static String noAnswer(KafkaSettings kafka, Duration waited, String otherwise) {
        String bootstrapServers = kafka.bootstrapServers();
        String advertised = problem(kafka, Duration.ofSeconds(5));
        return "Kafka at " + bootstrapServers + " did not answer within " + waited.toSeconds() + " s: "
                + (advertised != null ? advertised : otherwise);
    }

    /** The brokers {@code server} names in its answer to a metadata request for no topic. */
    static Collection<Node> advertisedBy(String server, Duration wait) throws IOException {
        String host = Utils.getHost(server);
        Integer port = Utils.getPort(server);
        if (host == null || port == null) {
            throw new IOException("not host:port: " + server);
        }
        int millis = (int) Math.min(wait.toMillis(), Integer.MAX_VALUE);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            RequestHeader header = new RequestHeader(ApiKeys.METADATA, METADATA_VERSION, "research-pipeline-probe", 1);
            ByteBuffer request = new MetadataRequest.Builder(List.of(), false).build(METADATA_VERSION)
                    .serializeWithHeader(header);
            byte[] bytes = new byte[request.remaining()];
            request.get(bytes);
            OutputStream out = socket.getOutputStream();
            out.write(ByteBuffer.allocate(4).putInt(bytes.length).array());
            out.write(bytes);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int size;
            try {
                size = in.readInt();
            } catch (java.io.EOFException closed) {
                throw new NotPlainKafka("closes the connection on a plain Kafka request");
            }
            int firstByte = size >>> 24;
            if (firstByte == TLS_ALERT || firstByte == TLS_HANDSHAKE) {
                throw new NotPlainKafka("answers in TLS");
            }
            if (size < 0 || size > MAX_ANSWER_BYTES) {
                throw new IOException("not a Kafka answer (" + size + " bytes)");
            }
            byte[] answer = new byte[size];
            in.readFully(answer);
            return ((MetadataResponse) AbstractResponse.parseResponse(ByteBuffer.wrap(answer), header)).brokers();
        }
    }

    /** A broker that answered a plain Kafka request as a TLS or SASL listener does. */
    static final class NotPlainKafka extends IOException {
        NotPlainKafka(String what) {
            super(what);
        }
    }

    private static String unreachable(String host, int port, Duration wait) {
        try {
            InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return "does not resolve";
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.min(wait.toMillis(), Integer.MAX_VALUE));
            return null;
        } catch (IOException e) {
            return "cannot be reached: " + e.getMessage();
        }
    }

    private AdvertisedBrokers() {
    }
}
