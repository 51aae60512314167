package com.researchpipeline.enrich;

import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.RetryPolicy;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.TopicAdmin;
import java.time.Duration;

/**
 * Configuration of the enrich stage, from environment variables.
 *
 * @param kafka          {@code KAFKA_BOOTSTRAP_SERVERS}
 * @param groupId        {@code ENRICH_GROUP_ID}, default {@code enrich}
 * @param threads        {@code ENRICH_THREADS}: articles enriched at once, default the number of cores
 * @param maxPollRecords {@code ENRICH_MAX_POLL_RECORDS}: articles per batch, default 64
 * @param retryBackoffMax {@code ENRICH_RETRY_BACKOFF_MAX}: longest wait between retries while Kafka is unreachable, default 30s
 *                        (the first wait is {@link #FIRST_RETRY_BACKOFF})
 */
public record EnrichConfig(KafkaSettings kafka, String groupId, int threads, int maxPollRecords,
                           Duration retryBackoffMax, Settings settings) {

    public static final Duration FIRST_RETRY_BACKOFF = Duration.ofMillis(500);

    /** The one backoff policy, with enrich's cap. */
    public RetryPolicy retryPolicy() {
        return new RetryPolicy(FIRST_RETRY_BACKOFF, retryBackoffMax);
    }

    public static EnrichConfig from(Settings settings) {
        int threads = settings.integer("ENRICH_THREADS", Runtime.getRuntime().availableProcessors());
        if (threads < 1) {
            throw new Settings.ConfigException("ENRICH_THREADS must be at least 1, not " + threads);
        }
        TopicAdmin.TopicSettings.from(settings); // read again when the topics are made: a bad value stops the start
        int maxPollRecords = settings.integer("ENRICH_MAX_POLL_RECORDS", 64);
        if (maxPollRecords < 1) {
            throw new Settings.ConfigException("ENRICH_MAX_POLL_RECORDS must be at least 1, not " + maxPollRecords);
        }
        Duration retryBackoffMax = settings.duration("ENRICH_RETRY_BACKOFF_MAX", Duration.ofSeconds(30));
        if (retryBackoffMax.compareTo(FIRST_RETRY_BACKOFF) < 0) {
            throw new Settings.ConfigException("ENRICH_RETRY_BACKOFF_MAX=" + retryBackoffMax.toMillis()
                    + "ms must be at least " + FIRST_RETRY_BACKOFF.toMillis() + "ms, the first wait");
        }
        return new EnrichConfig(KafkaSettings.from(settings), settings.string("ENRICH_GROUP_ID", "enrich"),
                threads, maxPollRecords, retryBackoffMax, settings);
    }
}
