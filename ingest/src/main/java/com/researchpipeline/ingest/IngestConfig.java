package com.researchpipeline.ingest;

import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.TopicAdmin;
import com.researchpipeline.contract.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Everything the ingest stage can be told, read once from the environment with defaults.
 *
 * @param inbox            {@code INGEST_INBOX}, default {@code ./inbox}: the watched folder (and its subfolders)
 * @param kafka            {@code KAFKA_BOOTSTRAP_SERVERS}, default {@code localhost:9092}
 * @param rawTopic         {@code INGEST_RAW_TOPIC}, default {@code articles.raw}
 * @param dlqTopic         {@code INGEST_DLQ_TOPIC}, default {@code articles.dlq}
 * @param maxFileSize      {@code INGEST_MAX_FILE_SIZE}, default {@code 20mb}: larger files are rejected unread
 * @param stableFor        {@code INGEST_STABLE_FOR}, default {@code 2s}: a file is taken once its size and
 *                         modification time have not changed for this long
 * @param pollInterval     {@code INGEST_POLL_INTERVAL}, default {@code 500ms}: how often the inbox is listed
 * @param sendTimeout      {@code INGEST_SEND_TIMEOUT}, default {@code 2m}: how long one article may wait for
 *                         Kafka's acknowledgement before the file is left for a later attempt
 * @param maxRetryBackoff  {@code INGEST_RETRY_BACKOFF_MAX}, default {@code 1m}: longest pause between attempts
 *                         while Kafka does not acknowledge
 * @param extractTimeout   {@code INGEST_EXTRACT_TIMEOUT}, default {@code 30s}: wall-clock time reading and cleaning one
 *                         file may take; a file that takes longer is rejected
 * @param maxText          {@code INGEST_MAX_TEXT}, default 2,000,000: characters of cleaned text one article may
 *                         have; extraction stops and the file is rejected beyond it
 * @param progressInterval {@code INGEST_PROGRESS_INTERVAL}, default {@code 10s}: how often a large backfill
 *                         logs its progress
 * @param topicPartitions  {@code KAFKA_TOPIC_PARTITIONS}, default 12, for topics this stage creates
 * @param replication      {@code KAFKA_REPLICATION_FACTOR}, default 1, for topics this stage creates
 * @param addPartitions    {@code KAFKA_TOPIC_ADD_PARTITIONS}, default false: raise an existing topic's partitions
 * @param stuckAfter       {@code INGEST_STUCK_AFTER}, default {@code 1m}: the stage reports itself not ready while
 *                         the oldest of the files in flight has been in the route longer than this, or while no
 *                         listing of the inbox completed for this long (at least 3 poll intervals)
 * @param concurrency      {@code INGEST_CONCURRENCY}, default 4 (1 to {@value #MAX_CONCURRENCY}): files read, sent and
 *                         moved at the same time; each waits for its own acknowledgement, so a slow file holds one
 *                         of them only
 * @param instantPickup    {@code INGEST_INSTANT_PICKUP}, default true: on Linux, take a file at once when inotify
 *                         reports it renamed into the inbox, or a quarter of {@code INGEST_STABLE_FOR} after its
 *                         writer's last close in place; false (or no inotify): every
 *                         file waits {@code INGEST_STABLE_FOR}
 */
public record IngestConfig(Path inbox, KafkaSettings kafka, String rawTopic, String dlqTopic, long maxFileSize,
                           Duration stableFor, Duration pollInterval, Duration sendTimeout, Duration maxRetryBackoff,
                           Duration extractTimeout, int maxText, Duration progressInterval, int topicPartitions, int replication,
                           boolean addPartitions, Duration stuckAfter, int concurrency, boolean instantPickup) {

    /** More parallel files than this gain nothing on the cores a stage has, and cost memory (a file is read whole). */
    static final int MAX_CONCURRENCY = 64;

    public static IngestConfig from(Settings settings) {
        TopicAdmin.TopicSettings topics = TopicAdmin.TopicSettings.from(settings);
        IngestConfig config = new IngestConfig(
                settings.path("INGEST_INBOX", Path.of("inbox")),
                KafkaSettings.from(settings),
                settings.string("INGEST_RAW_TOPIC", Topics.RAW.name()),
                settings.string("INGEST_DLQ_TOPIC", Topics.DLQ.name()),
                settings.bytes("INGEST_MAX_FILE_SIZE", 20L * 1024 * 1024),
                settings.duration("INGEST_STABLE_FOR", Duration.ofSeconds(2)),
                settings.duration("INGEST_POLL_INTERVAL", Duration.ofMillis(500)),
                settings.duration("INGEST_SEND_TIMEOUT", Duration.ofMinutes(2)),
                settings.duration("INGEST_RETRY_BACKOFF_MAX", Duration.ofMinutes(1)),
                settings.duration("INGEST_EXTRACT_TIMEOUT", Duration.ofSeconds(30)),
                settings.integer("INGEST_MAX_TEXT", ArticleCleaner.DEFAULT_MAX_TEXT),
                settings.duration("INGEST_PROGRESS_INTERVAL", Duration.ofSeconds(10)),
                topics.partitions(),
                topics.replication(),
                topics.addPartitions(),
                settings.duration("INGEST_STUCK_AFTER", Duration.ofMinutes(1)),
                settings.integer("INGEST_CONCURRENCY", 4),
                settings.bool("INGEST_INSTANT_PICKUP", true));
        config.validate();
        return config;
    }

    /** The settings {@link com.researchpipeline.contract.TopicAdmin} reads when it creates or checks topics. */
    Settings topicSettings() {
        return new Settings(Map.of("KAFKA_TOPIC_PARTITIONS", Integer.toString(topicPartitions),
                "KAFKA_REPLICATION_FACTOR", Integer.toString(replication),
                "KAFKA_TOPIC_ADD_PARTITIONS", Boolean.toString(addPartitions)));
    }

    private void validate() {
        require(!Files.exists(inbox) || Files.isDirectory(inbox), "INGEST_INBOX",
                "'" + inbox + "' is a file: give the folder to watch");
        require(maxFileSize > 0, "INGEST_MAX_FILE_SIZE", "must be more than 0 bytes");
        require(!pollInterval.isNegative() && !pollInterval.isZero(), "INGEST_POLL_INTERVAL", "must be positive");
        require(!stableFor.isNegative(), "INGEST_STABLE_FOR", "must not be negative");
        require(sendTimeout.toMillis() >= 1000, "INGEST_SEND_TIMEOUT", "must be at least 1s");
        require(!maxRetryBackoff.isNegative() && !maxRetryBackoff.isZero(), "INGEST_RETRY_BACKOFF_MAX", "must be positive");
        require(extractTimeout.toMillis() >= 100, "INGEST_EXTRACT_TIMEOUT", "must be at least 100ms");
        require(maxText > 0, "INGEST_MAX_TEXT", "must be at least 1 character");
        require(!progressInterval.isNegative() && !progressInterval.isZero(), "INGEST_PROGRESS_INTERVAL", "must be positive");
        require(!stuckAfter.isNegative() && !stuckAfter.isZero(), "INGEST_STUCK_AFTER", "must be positive");
        require(concurrency >= 1 && concurrency <= MAX_CONCURRENCY, "INGEST_CONCURRENCY",
                "must be between 1 and " + MAX_CONCURRENCY + " (files processed at the same time), not " + concurrency);
        require(!rawTopic.equals(dlqTopic), "INGEST_DLQ_TOPIC", "must differ from INGEST_RAW_TOPIC");
    }

    private static void require(boolean ok, String key, String rule) {
        if (!ok) {
            throw new Settings.ConfigException(key + " " + rule);
        }
    }
}
