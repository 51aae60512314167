package com.researchpipeline.contract;

import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates the pipeline's topics when they are missing, so every stage can start against an empty
 * broker. Partitions from {@code KAFKA_TOPIC_PARTITIONS} (default 3), replication from
 * {@code KAFKA_REPLICATION_FACTOR} (default 1).
 */
public final class TopicAdmin {

    public static void ensureTopics(KafkaSettings kafka, Settings settings, Topic<?>... topics) {
        int partitions = settings.integer("KAFKA_TOPIC_PARTITIONS", 3);
        short replication = (short) settings.integer("KAFKA_REPLICATION_FACTOR", 1);
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = Arrays.stream(topics).filter(t -> !existing.contains(t.name()))
                    .map(t -> new NewTopic(t.name(), partitions, replication).configs(t.config())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new IllegalStateException("cannot create topics on " + kafka.bootstrapServers()
                        + ": " + DeadLetterHeaders.messageOf(e.getCause()), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + kafka.bootstrapServers()
                    + " did not answer within 60 s: is the broker running and KAFKA_BOOTSTRAP_SERVERS right?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    private TopicAdmin() {
    }
}
