package com.researchpipeline.contract;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;

/**
 * Where a key's status events live: the topic with its retention from {@code STATUS_RETENTION} (default 30
 * days), and the partition Kafka's default partitioner puts a key in, so a trace reads only that partition.
 */
public final class StatusTopic {

    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    public static final String RETENTION = "STATUS_RETENTION";

    /** The status topic as configured: its retention may be shortened or lengthened per deployment. */
    public static Topic<StatusEvent> configured(Settings settings) {
        Duration retention = settings.duration(RETENTION, DEFAULT_RETENTION);
        if (retention.isNegative() || retention.isZero()) {
            throw new Settings.ConfigException(RETENTION + " must be positive");
        }
        Map<String, String> config = new HashMap<>(Topics.STATUS.config());
        config.put("retention.ms", Long.toString(retention.toMillis()));
        return new Topic<>(Topics.STATUS.name(), StatusEvent.class, Topics.STATUS.schemaResource(), config);
    }

    /** The partition of {@code key} among {@code partitions}: murmur2, as the producer's default partitioner. */
    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private StatusTopic() {
    }
}
