package com.researchpipeline.ingest;

import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.TopicAdmin;
import java.util.OptionalLong;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The largest article event Kafka is sure to carry whole: the smaller of the producer's
 * {@code max.request.size} and the raw topic's {@code max.message.bytes}, less room for the record's key,
 * headers and batch framing. The value is checked uncompressed, so an event that passes fits whatever the
 * compression achieves; an article beyond it is rejected at ingest with its reason instead of failing at
 * the broker. Immutable.
 *
 * @param maxEventBytes the largest JSON value ingest sends
 * @param origin        where the figure comes from, for reasons and log lines
 */
record EventSizeLimit(int maxEventBytes, String origin) {

    private static final Logger LOG = LoggerFactory.getLogger(EventSizeLimit.class);
    /** Key (a 64-character id), record and batch headers, with room to spare. */
    static final int RECORD_OVERHEAD = 1024;

    static EventSizeLimit of(long maxRequestSize, long topicMaxMessageBytes, String topic) {
        long carried = Math.min(maxRequestSize, topicMaxMessageBytes);
        return new EventSizeLimit((int) Math.max(0, Math.min(Integer.MAX_VALUE, carried - RECORD_OVERHEAD)),
                "producer max.request.size " + maxRequestSize + " bytes, topic " + topic + " max.message.bytes "
                        + topicMaxMessageBytes + " bytes, less " + RECORD_OVERHEAD + " for key and framing");
    }

    /** Reads the topic's {@code max.message.bytes} from the broker; the producer's limit alone when it cannot. */
    static EventSizeLimit of(KafkaSettings kafka, Properties producer, String topic) {
        long maxRequestSize = Long.parseLong(String.valueOf(producer.getOrDefault(ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                ProducerConfig.configDef().defaultValues().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG))));
        OptionalLong topicLimit = TopicAdmin.maxMessageBytes(kafka, topic);
        if (topicLimit.isEmpty()) {
            LOG.warn("cannot read max.message.bytes of topic {}; articles are checked against the producer's "
                    + "max.request.size alone, and the broker's refusal stays the last check", topic);
            return of(maxRequestSize, maxRequestSize, topic);
        }
        return of(maxRequestSize, topicLimit.getAsLong(), topic);
    }

    /** Rejects an event larger than Kafka carries, saying by how much and what to do. */
    void check(int jsonBytes, int textChars) {
        if (jsonBytes > maxEventBytes) {
            throw new RejectedInputException("the article is too large for Kafka: its event is " + jsonBytes
                    + " bytes as JSON (" + textChars + " characters of text), over the " + maxEventBytes
                    + " bytes Kafka carries whole (" + origin + ")",
                    "split it into smaller files, or raise max.message.bytes of the topic (and the producer's "
                            + "max.request.size), and drop it again");
        }
    }
}
