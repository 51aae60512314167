package com.researchpipeline.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;

/**
 * A broker that answers at its bootstrap address but advertises a name this host cannot resolve (a container's
 * name in KAFKA_ADVERTISED_LISTENERS): every stage, status, trace, replay and redrive waited out their timeout and
 * asked whether the broker was running at all.
 */
class AdvertisedBrokersTest {

    @Test
    void aStageThatGetsNoAnswerSaysTheBrokerAdvertisesAnAddressThatDoesNotResolve() throws Exception {
        try (Broker broker = new Broker("kafka-broker.invalid")) {
            KafkaSettings kafka = new KafkaSettings("127.0.0.1:" + broker.port());
            assertThat(TopicAdmin.noAnswer(kafka, new RuntimeException("timed out")).getMessage())
                    .contains("the broker at 127.0.0.1:" + broker.port() + " answers")
                    .contains("kafka-broker.invalid:" + broker.port() + " (does not resolve)")
                    .contains("advertised.listeners")
                    .doesNotContain("is the broker running");
        }
    }

    @Test
    void aBrokerAdvertisingItsOwnAddressIsNoProblem() throws Exception {
        try (Broker broker = new Broker("127.0.0.1")) {
            assertThat(AdvertisedBrokers.problem("127.0.0.1:" + broker.port(), Duration.ofSeconds(5))).isNull();
        }
    }

    @Test
    void noBrokerAtAllLeavesTheUsualAdvice() throws Exception {
        int nobody;
        try (ServerSocket socket = new ServerSocket(0)) {
            nobody = socket.getLocalPort();
        }
        assertThat(AdvertisedBrokers.problem("127.0.0.1:" + nobody, Duration.ofSeconds(5))).isNull();
        assertThat(TopicAdmin.noAnswer(new KafkaSettings("127.0.0.1:" + nobody), new RuntimeException())
                .getMessage()).contains("is the broker running");
    }

    /** Answers every metadata request as a broker whose advertised listener has {@code host} and its own port. */
    private static final class Broker implements AutoCloseable {

        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Thread thread;

        Broker(String host) throws IOException {
            thread = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket client = server.accept()) {
                        DataInputStream in = new DataInputStream(client.getInputStream());
                        byte[] request = new byte[in.readInt()];
                        in.readFully(request);
                        RequestHeader header = RequestHeader.parse(ByteBuffer.wrap(request));
                        MetadataResponse response = MetadataResponse.prepareResponse(header.apiVersion(), 0,
                                List.of(new Node(1, host, server.getLocalPort())), "cluster", 1, List.of(),
                                MetadataResponse.AUTHORIZED_OPERATIONS_OMITTED);
                        ByteBuffer head = MessageUtil.toByteBufferAccessor(header.toResponseHeader().data(),
                                header.toResponseHeader().headerVersion()).buffer();
                        ByteBuffer body = MessageUtil.toByteBufferAccessor(response.data(), header.apiVersion()).buffer();
                        OutputStream out = client.getOutputStream();
                        out.write(ByteBuffer.allocate(4).putInt(head.remaining() + body.remaining()).array());
                        out.write(MessageUtil.byteBufferToArray(head));
                        out.write(MessageUtil.byteBufferToArray(body));
                        out.flush();
                    } catch (IOException | RuntimeException closed) {
                        // the next connection, or the end
                    }
                }
            }, "fake-broker");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
