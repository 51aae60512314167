package com.researchpipeline.contract;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place topics are created: every stage calls it at start for the topics it uses, so every stage can
 * start against an empty broker, and the compose stack and the Kubernetes manifests create no topic of their
 * own. Missing topics are created with the catalogue's settings ({@link Topic#config()}); partitions from
 * {@code KAFKA_TOPIC_PARTITIONS} (default {@link #DEFAULT_PARTITIONS}), replication from {@code KAFKA_REPLICATION_FACTOR} (default 1).
 *
 * <p>An existing topic is checked against the catalogue: a setting that differs (a topic created by hand or
 * by an older setup, kept at the broker's 7-day default instead of compaction) is logged as a warning naming
 * the topic, the setting, the value wanted and the value found, then set, since Kafka lets a topic's settings
 * change in place. Fewer partitions than {@code KAFKA_TOPIC_PARTITIONS} is logged too; they are added only
 * when {@code KAFKA_TOPIC_ADD_PARTITIONS=true}, because adding partitions moves keys to other partitions.
 * More partitions than asked for, or another replication factor, cannot be changed here and is only reported.
 *
 * <p>A topic created here also gets {@code max.message.bytes} from {@code KAFKA_MAX_REQUEST_SIZE}, so whatever
 * a producer may send the broker takes. An existing topic keeps its own limit (a smaller one is a choice, and
 * checked per record: what does not fit is dead-lettered); raise it by hand when raising the request size.
 */
public final class TopicAdmin {

    public static final String PARTITIONS = "KAFKA_TOPIC_PARTITIONS";
    public static final String REPLICATION_FACTOR = "KAFKA_REPLICATION_FACTOR";
    public static final String ADD_PARTITIONS = "KAFKA_TOPIC_ADD_PARTITIONS";

    /**
     * Partitions of a topic created at start: the most consumers of one group that can share it. Twelve divides
     * evenly among 1, 2, 3, 4, 6 and 12 processes; docs/SCALING.md says when and how to add more.
     */
    public static final int DEFAULT_PARTITIONS = 12;

    /**
     * {@code KAFKA_TOPIC_PARTITIONS}, {@code KAFKA_REPLICATION_FACTOR} and {@code KAFKA_TOPIC_ADD_PARTITIONS}: how
     * the topics a stage creates are made. Every stage reads them at start through {@link #from(Settings)}.
     */
    public record TopicSettings(int partitions, short replication, boolean addPartitions) {

        public static TopicSettings from(Settings settings) {
            int partitions = settings.integer(PARTITIONS, DEFAULT_PARTITIONS);
            if (partitions < 1) {
                throw new Settings.ConfigException(PARTITIONS + "=" + partitions + " must be at least 1");
            }
            int replication = settings.integer(REPLICATION_FACTOR, 1);
            if (replication < 1 || replication > Short.MAX_VALUE) {
                throw new Settings.ConfigException(REPLICATION_FACTOR + "=" + replication + " must be from 1 to the "
                        + "number of brokers");
            }
            return new TopicSettings(partitions, (short) replication, settings.bool(ADD_PARTITIONS, false));
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);
    private static final long TIMEOUT_SECONDS = 60;
    private static final Duration MISMATCH_CHECK_AFTER = Duration.ofSeconds(5);

    /** Looks a host name up; throws when it does not resolve. */
    interface HostResolver {
        void resolve(String host) throws UnknownHostException;
    }

    /** Waits the given time (a parameter so tests need not). */
    interface Sleeper {
        void sleep(Duration wait) throws InterruptedException;
    }

    /**
     * Waits, up to {@code budget}, until a host of {@code bootstrapServers} resolves: a Kafka client built before
     * then fails for good ("No resolvable bootstrap urls"), and a broker's name often enters DNS only as its
     * container or pod starts. Returns how many waits it took; when the budget is spent, fails saying what to check.
     */
    static int awaitResolvable(String bootstrapServers, Duration budget, HostResolver resolver,
                               Sleeper sleeper) {
        RetryPolicy waits = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(10));
        Duration waited = Duration.ZERO;
        Duration wait = null;
        for (int attempt = 0; ; attempt++) {
            UnknownHostException last = null;
            for (String server : bootstrapServers.split(",")) {
                String host = Utils.getHost(server.strip());
                try {
                    resolver.resolve(host == null ? server.strip() : host);
                    return attempt;
                } catch (UnknownHostException e) {
                    last = e;
                }
            }
            if (waited.compareTo(budget) >= 0) {
                throw new IllegalStateException("no Kafka bootstrap server of KAFKA_BOOTSTRAP_SERVERS=" + bootstrapServers
                        + " resolves (" + last + ") after " + waited.toSeconds() + " s: is the name right, and is the "
                        + "broker's host or container up and in DNS?", last);
            }
            wait = waits.next(wait);
            if (attempt == 0) {
                LOG.warn("no Kafka bootstrap server of {} resolves yet ({}); waiting up to {} s for its name", bootstrapServers,
                        last, budget.toSeconds());
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Kafka's name to resolve", e);
            }
            waited = waited.plus(wait);
        }
    }

    private static void sleep(Duration wait) throws InterruptedException {
        Thread.sleep(wait.toMillis());
    }

    /** What {@link #ensureTopics} found and did; each line names the topic. */
    public record Report(List<String> created, List<String> corrected, List<String> left) {
    }

    public static Report ensureTopics(KafkaSettings kafka, Settings settings, Topic<?>... topics) {
        awaitResolvable(kafka.bootstrapServers(), Duration.ofSeconds(TIMEOUT_SECONDS),
                host -> InetAddress.getAllByName(host), TopicAdmin::sleep);
        TopicSettings wanted = TopicSettings.from(settings);
        int partitions = wanted.partitions();
        short replication = wanted.replication();
        boolean addPartitions = wanted.addPartitions();
        Properties props = kafka.client("topic-admin");
        List<String> created = new ArrayList<>();
        List<String> corrected = new ArrayList<>();
        List<String> left = new ArrayList<>();
        Admin admin = Admin.create(props);
        try {
            Set<String> existing = firstAnswer(admin.listTopics().names(), kafka);
            List<NewTopic> missing = Arrays.stream(topics).filter(t -> !existing.contains(t.name()))
                    .map(t -> new NewTopic(t.name(), partitions, replication).configs(configOf(t, kafka))).toList();
            for (NewTopic topic : missing) {
                try {
                    admin.createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    created.add(topic.name());
                    LOG.info("created topic {} ({} partitions, replication {}, {})", topic.name(), partitions,
                            replication, topic.configs().isEmpty() ? "broker defaults" : topic.configs());
                } catch (ExecutionException e) {
                    // another stage created it a moment ago: checked below like any existing topic
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            List<Topic<?>> toCheck = Arrays.stream(topics).filter(t -> !created.contains(t.name())).toList();
            if (!toCheck.isEmpty()) {
                try {
                    awaitMetadata(admin, toCheck);
                    checkSettings(admin, toCheck, corrected, left);
                    checkPartitions(admin, toCheck, partitions, replication, addPartitions, corrected, left);
                } catch (ExecutionException e) {
                    // a broker that lets the stage work but not look at topic settings (ACLs) does not stop it
                    String why = DeadLetterHeaders.messageOf(e.getCause());
                    LOG.warn("could not check the settings of topics {} ({}); the stage goes on with them as they are",
                            toCheck, why);
                    left.add("topics " + toCheck + ": not checked (" + why + ")");
                }
            }
        } catch (ExecutionException e) {
            String refusal = kafka.refusal(e.getCause());
            if (refusal != null) {
                throw new IllegalStateException(refusal, e.getCause());
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) { // the client's own clock
                throw noAnswer(kafka, e.getCause());
            }
            throw new IllegalStateException("cannot create or check topics on " + kafka.bootstrapServers()
                    + ": " + DeadLetterHeaders.messageOf(e.getCause()) + " (what to do: " + whatToDo(e.getCause())
                    + ")", e.getCause());
        } catch (TimeoutException e) {
            throw noAnswer(kafka, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } finally {
            admin.close(Duration.ZERO); // every answer needed is in; close() would wait up to 60 s for one given up on
        }
        return new Report(List.copyOf(created), List.copyOf(corrected), List.copyOf(left));
    }

    /**
     * The broker's first answer. A client whose protocol the listener does not speak (plain Kafka against TLS or
     * SASL, or the reverse) sees only closed connections and would wait the whole {@link #TIMEOUT_SECONDS}: after
     * {@link #MISMATCH_CHECK_AFTER} without an answer the listener is asked directly, and a mismatch stops the stage
     * at once, saying what to set.
     */
    private static <T> T firstAnswer(org.apache.kafka.common.KafkaFuture<T> answer, KafkaSettings kafka)
            throws ExecutionException, InterruptedException, TimeoutException {
        try {
            return answer.get(MISMATCH_CHECK_AFTER.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException slow) {
            String mismatch = AdvertisedBrokers.protocolMismatch(kafka, Duration.ofSeconds(3));
            if (mismatch != null) {
                throw new IllegalStateException("Kafka at " + kafka.bootstrapServers() + " did not answer within "
                        + MISMATCH_CHECK_AFTER.toSeconds() + " s: " + mismatch);
            }
            return answer.get(TIMEOUT_SECONDS - MISMATCH_CHECK_AFTER.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** What to do when the broker refused to create or describe the topics, by its reason. */
    static String whatToDo(Throwable refusal) {
        if (refusal instanceof org.apache.kafka.common.errors.InvalidReplicationFactorException) {
            return "give " + REPLICATION_FACTOR + " no more than the brokers the cluster has";
        }
        if (refusal instanceof org.apache.kafka.common.errors.InvalidPartitionsException) {
            return "give " + PARTITIONS + " a number the cluster allows";
        }
        if (refusal instanceof org.apache.kafka.common.errors.AuthorizationException) {
            return "check that this stage may describe and create topics on the cluster, its ACLs";
        }
        return "the broker's log says why it refused; check too that this stage may describe and create topics "
                + "(ACLs), or create them by hand with the settings of the README's Topics";
    }

    static IllegalStateException noAnswer(KafkaSettings kafka, Throwable cause) {
        return new IllegalStateException(AdvertisedBrokers.noAnswer(kafka,
                Duration.ofSeconds(TIMEOUT_SECONDS), "is the broker running, and KAFKA_BOOTSTRAP_SERVERS its host and port?"),
                cause);
    }

    /**
     * The {@code max.message.bytes} the broker applies to {@code topic} (the topic's own, or the broker's
     * default), asked of the broker at {@code bootstrapServers}; empty when it cannot be read (no answer within
     * 30 s, no such topic, no right to describe its configuration), for the caller to say so.
     */
    public static java.util.OptionalLong maxMessageBytes(KafkaSettings kafka, String topic) {
        Properties props = kafka.client("topic-admin");
        try (Admin admin = Admin.create(props)) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            ConfigEntry entry = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS)
                    .get(resource).get(org.apache.kafka.common.config.TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            return entry == null || entry.value() == null ? java.util.OptionalLong.empty()
                    : java.util.OptionalLong.of(Long.parseLong(entry.value()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.OptionalLong.empty();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debug("cannot read max.message.bytes of topic {}", topic, e);
            return java.util.OptionalLong.empty();
        }
    }

    /** A topic another stage created a moment ago may not be known to every broker yet. */
    private static void awaitMetadata(Admin admin, List<Topic<?>> topics)
            throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try {
                admin.describeTopics(topics.stream().map(Topic::name).toList()).allTopicNames()
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static void checkSettings(Admin admin, List<Topic<?>> topics, List<String> corrected, List<String> left)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<ConfigResource> resources = topics.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList();
        Map<ConfigResource, Config> actual = admin.describeConfigs(resources).all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        Map<ConfigResource, List<String>> messages = new HashMap<>();
        for (Topic<?> topic : topics) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
            Config config = actual.get(resource);
            for (var wanted : topic.config().entrySet()) {
                ConfigEntry entry = config.get(wanted.getKey());
                String found = entry == null ? null : entry.value();
                if (!wanted.getValue().equals(found)) {
                    String message = "topic " + topic.name() + ": " + wanted.getKey() + " is " + found
                            + ", the catalogue wants " + wanted.getValue();
                    LOG.warn("{}; setting it", message);
                    changes.computeIfAbsent(resource, r -> new ArrayList<>()).add(new AlterConfigOp(
                            new ConfigEntry(wanted.getKey(), wanted.getValue()), AlterConfigOp.OpType.SET));
                    messages.computeIfAbsent(resource, r -> new ArrayList<>()).add(message);
                }
            }
        }
        if (changes.isEmpty()) {
            return;
        }
        var results = admin.incrementalAlterConfigs(changes).values();
        for (var result : results.entrySet()) {
            List<String> topicMessages = messages.get(result.getKey());
            try {
                result.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                topicMessages.forEach(m -> corrected.add(m + ": set"));
            } catch (ExecutionException e) {
                String why = DeadLetterHeaders.messageOf(e.getCause());
                LOG.warn("topic {}: Kafka refused to change its settings ({}); change them with kafka-configs.sh "
                        + "--alter --entity-type topics --entity-name {} --add-config ... or recreate the topic",
                        result.getKey().name(), why, result.getKey().name());
                topicMessages.forEach(m -> left.add(m + ": not set (" + why + ")"));
            }
        }
    }

    private static void checkPartitions(Admin admin, List<Topic<?>> topics, int partitions, short replication,
            boolean addPartitions, List<String> corrected, List<String> left)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<String, TopicDescription> descriptions = admin.describeTopics(topics.stream().map(Topic::name).toList())
                .allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        for (TopicDescription description : descriptions.values()) {
            int found = description.partitions().size();
            int replicas = description.partitions().get(0).replicas().size();
            if (replicas != replication) {
                String message = "topic " + description.name() + ": replication factor is " + replicas + ", "
                        + REPLICATION_FACTOR + " asks for " + replication;
                LOG.warn("{}; a stage cannot change it (kafka-reassign-partitions.sh can)", message);
                left.add(message);
            }
            if (found < partitions) {
                String message = "topic " + description.name() + ": " + found + " partitions, " + PARTITIONS
                        + " asks for " + partitions;
                if (addPartitions) {
                    LOG.warn("{}; adding {} (keys written from now on may hash to another partition)", message,
                            partitions - found);
                    admin.createPartitions(Map.of(description.name(), NewPartitions.increaseTo(partitions)))
                            .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    corrected.add(message + ": added");
                } else {
                    LOG.warn("{}; left as it is, since adding partitions sends keys to other partitions: set {}=true "
                            + "to add them", message, ADD_PARTITIONS);
                    left.add(message);
                }
            } else if (found > partitions) {
                String message = "topic " + description.name() + ": " + found + " partitions, " + PARTITIONS
                        + " asks for " + partitions;
                LOG.info("{}; Kafka cannot remove partitions, so it keeps {}", message, found);
                left.add(message);
            }
        }
    }

    /** The topic's own settings, and a message limit that takes whatever the producers may send. */
    static Map<String, String> configOf(Topic<?> topic, KafkaSettings kafka) {
        var config = new HashMap<>(topic.config());
        config.putIfAbsent("max.message.bytes", Integer.toString(kafka.maxRequestBytes()));
        return config;
    }

    private TopicAdmin() {
    }
}
