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
 * makes every request time out as if no broker ran. Asked only once a wait for Kafka has failed.
 */
public final class AdvertisedBrokers {

    /** Known to every broker from Kafka 2.4 on (Kafka 4.0 dropped versions 0 to 3). */
    private static final short METADATA_VERSION = 9;
    private static final int MAX_ANSWER_BYTES = 1 << 20;

    /**
     * Null when no server of {@code bootstrapServers} answers a plain metadata request within {@code wait}, or the
     * first that answers advertises only brokers this host reaches; else what is wrong and what to do.
     */
    public static String problem(String bootstrapServers, Duration wait) {
        for (String server : bootstrapServers.split(",")) {
            String entry = server.strip();
            Collection<Node> brokers;
            try {
                brokers = advertisedBy(entry, wait);
            } catch (IOException | RuntimeException noAnswer) {
                continue;
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
    public static String noAnswer(String bootstrapServers, Duration waited, String otherwise) {
        String advertised = problem(bootstrapServers, Duration.ofSeconds(5));
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
            int size = in.readInt();
            if (size < 0 || size > MAX_ANSWER_BYTES) {
                throw new IOException("not a Kafka answer (" + size + " bytes)");
            }
            byte[] answer = new byte[size];
            in.readFully(answer);
            return ((MetadataResponse) AbstractResponse.parseResponse(ByteBuffer.wrap(answer), header)).brokers();
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
