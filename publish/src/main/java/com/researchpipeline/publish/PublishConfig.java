package com.researchpipeline.publish;

import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.RetryPolicy;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.Settings.ConfigException;
import com.researchpipeline.contract.Topic;
import com.researchpipeline.contract.EnrichedArticle;
import com.researchpipeline.contract.TopicAdmin;
import com.researchpipeline.contract.Topics;
import java.time.Duration;
import java.util.Map;

/**
 * Everything the publish stage can be told, from environment variables (see {@link #from(Settings)}).
 * {@link #toString()} never shows a secret.
 *
 * @param kafka             {@code KAFKA_BOOTSTRAP_SERVERS}
 * @param topic             {@code PUBLISH_TOPIC}, default {@code articles.enriched}: the topic consumed
 * @param groupId           {@code PUBLISH_GROUP_ID}, default {@code publish-<alias>-v<template version>}: a new
 *                          mapping version gets a new group, which replays the topic into the new index
 * @param topicPartitions   {@code KAFKA_TOPIC_PARTITIONS} for topics created at start (default 12)
 * @param replicationFactor {@code KAFKA_REPLICATION_FACTOR} for topics created at start (default 1)
 * @param addPartitions     {@code KAFKA_TOPIC_ADD_PARTITIONS}: raise an existing topic's partitions (default false)
 * @param elasticsearch     {@code ELASTICSEARCH_*}: nodes, credentials, CA certificate
 * @param alias             {@code PUBLISH_ALIAS}, default {@code articles}; the index is {@code <alias>-v<N>}
 * @param batch             {@code PUBLISH_BATCH_DOCUMENTS} (500), {@code PUBLISH_BATCH_BYTES} (5mb),
 *                          {@code PUBLISH_BATCH_WAIT} (100ms)
 * @param retryBackoff      {@code PUBLISH_RETRY_BACKOFF}: first wait after a retriable failure (500ms)
 * @param retryBackoffMax   {@code PUBLISH_RETRY_BACKOFF_MAX}: the cap the doubling wait stops at (30s)
 */
public record PublishConfig(KafkaSettings kafka, String topic, String groupId, int topicPartitions, int replicationFactor,
                            boolean addPartitions, ElasticsearchConnection elasticsearch, String alias, BatchLimits batch,
                            Duration retryBackoff, Duration retryBackoffMax) {

    public static final String TOPIC = "PUBLISH_TOPIC";
    public static final String GROUP_ID = "PUBLISH_GROUP_ID";
    public static final String ALIAS = "PUBLISH_ALIAS";
    public static final String BATCH_DOCUMENTS = "PUBLISH_BATCH_DOCUMENTS";
    public static final String BATCH_BYTES = "PUBLISH_BATCH_BYTES";
    public static final String BATCH_WAIT = "PUBLISH_BATCH_WAIT";
    public static final String RETRY_BACKOFF = "PUBLISH_RETRY_BACKOFF";
    public static final String RETRY_BACKOFF_MAX = "PUBLISH_RETRY_BACKOFF_MAX";

    public PublishConfig {
        if (!alias.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new ConfigException(ALIAS + "='" + alias
                    + "' is not a valid index name: lower-case letters, digits, '.', '_' and '-'");
        }
        if (retryBackoff.isZero() || retryBackoff.isNegative()) {
            throw new ConfigException(RETRY_BACKOFF + "=" + retryBackoff + " must be positive");
        }
        if (retryBackoffMax.compareTo(retryBackoff) < 0) {
            throw new ConfigException(RETRY_BACKOFF_MAX + "=" + retryBackoffMax + " must not be below "
                    + RETRY_BACKOFF + "=" + retryBackoff);
        }
    }

    public static PublishConfig from(Settings settings) {
        String alias = settings.string(ALIAS, "articles");
        TopicAdmin.TopicSettings topics = TopicAdmin.TopicSettings.from(settings);
        return new PublishConfig(
                KafkaSettings.from(settings),
                settings.string(TOPIC, Topics.ENRICHED.name()),
                settings.string(GROUP_ID, "publish-" + alias + "-v" + IndexTemplate.load(alias).version()),
                topics.partitions(),
                topics.replication(),
                topics.addPartitions(),
                ElasticsearchConnection.from(settings),
                alias,
                new BatchLimits(settings.integer(BATCH_DOCUMENTS, 500),
                        settings.bytes(BATCH_BYTES, 5L * 1024 * 1024),
                        settings.duration(BATCH_WAIT, Duration.ofMillis(100))),
                settings.duration(RETRY_BACKOFF, Duration.ofMillis(500)),
                settings.duration(RETRY_BACKOFF_MAX, Duration.ofSeconds(30)));
    }

    /** The one backoff policy, with publish's first wait and cap. */
    public RetryPolicy retryPolicy() {
        return new RetryPolicy(retryBackoff, retryBackoffMax);
    }

    /** The consumed topic, with the value type and schema of {@code articles.enriched}. */
    Topic<EnrichedArticle> inputTopic() {
        return Topics.ENRICHED.named(topic);
    }

    /** The settings {@link com.researchpipeline.contract.TopicAdmin} reads, and only those. */
    Settings topicSettings() {
        return new Settings(Map.of("KAFKA_TOPIC_PARTITIONS", Integer.toString(topicPartitions),
                "KAFKA_REPLICATION_FACTOR", Integer.toString(replicationFactor),
                "KAFKA_TOPIC_ADD_PARTITIONS", Boolean.toString(addPartitions)));
    }
}
