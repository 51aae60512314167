package com.researchpipeline.enrich;

import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.TopicAdmin;
import java.util.OptionalLong;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The largest enriched event value the output topic takes whole: the smaller of the producer's limit
 * ({@code KAFKA_MAX_REQUEST_SIZE}) and the topic's {@code max.message.bytes} (an existing topic keeps its own,
 * which may be smaller), each less {@link KafkaSettings#RECORD_OVERHEAD_BYTES} for key, headers and framing.
 * Read from the broker at start, and again by {@link #refresh()} when the broker refuses an event as too large
 * (an operator lowered the topic's limit meanwhile). Thread-safe.
 */
final class OutputEventLimit implements IntSupplier {

    private static final Logger LOG = LoggerFactory.getLogger(OutputEventLimit.class);

    private final KafkaSettings kafka;
    private final String topic;
    private final Supplier<OptionalLong> topicLimit;
    private volatile int maxEventBytes;
    private volatile String origin;

    OutputEventLimit(KafkaSettings kafka, String topic) {
        this(kafka, topic, () -> TopicAdmin.maxMessageBytes(kafka, topic));
    }

    /** With {@code topicLimit} asked for the topic's {@code max.message.bytes} (empty when unknown). */
    OutputEventLimit(KafkaSettings kafka, String topic, Supplier<OptionalLong> topicLimit) {
        this.kafka = kafka;
        this.topic = topic;
        this.topicLimit = topicLimit;
        refresh();
    }

    @Override
    public int getAsInt() {
        return maxEventBytes;
    }

    /** Where the figure comes from, for reasons and log lines. */
    String origin() {
        return origin;
    }

    /** Asks the broker for the topic's limit again; returns the largest event value from now on. */
    synchronized int refresh() {
        int limit = kafka.maxEventBytes();
        String from = "KAFKA_MAX_REQUEST_SIZE " + kafka.maxRequestBytes() + " bytes";
        OptionalLong topicMax = topicLimit.get();
        if (topicMax.isEmpty()) {
            LOG.warn("cannot read max.message.bytes of topic {}; enriched events are fitted to {} alone, and the "
                    + "broker's refusal stays the last check", topic, from);
        } else if (topicMax.getAsLong() < kafka.maxRequestBytes()) {
            limit = (int) Math.max(0, topicMax.getAsLong() - KafkaSettings.RECORD_OVERHEAD_BYTES);
            from = "max.message.bytes " + topicMax.getAsLong() + " bytes of topic " + topic;
        }
        String described = from + ", less " + KafkaSettings.RECORD_OVERHEAD_BYTES + " for key and framing";
        if (origin != null && limit != maxEventBytes) {
            LOG.warn("the largest enriched event is now {} bytes ({}), was {} bytes", limit, described, maxEventBytes);
        }
        maxEventBytes = limit;
        origin = described;
        return limit;
    }
}
