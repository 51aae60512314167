package com.researchpipeline.runner;

import com.researchpipeline.contract.AdvertisedBrokers;
import com.researchpipeline.contract.DeadLetterHeaders;
import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.Settings;
import com.researchpipeline.contract.Topics;
import com.researchpipeline.enrich.EnrichConfig;
import com.researchpipeline.publish.PublishConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Operations on a running broker, configured from the environment like the stages:
 * <ul>
 *   <li>{@code replay enrich|publish}: moves the stage's consumer group back to the start of its input topic,
 *       so the stage processes everything again when it next starts (re-enrich after an extractor upgrade,
 *       re-index); the stage must be stopped.</li>
 *   <li>{@code redrive}: sends every dead letter of enrich and publish not yet redriven back to the topic it
 *       came from, unchanged (value, key, its own headers and timestamp); ingest's rejected files, and letters
 *       without a value, are listed instead, since their fix is a file or a look at the origin offset.</li>
 * </ul>
 * Every call to Kafka waits at most {@code KAFKA_OPERATION_TIMEOUT} (default 30s); a broker that does not answer
 * ends the command with a message naming {@code KAFKA_BOOTSTRAP_SERVERS}.
 */
final class OperationsCommand {

    static final String REDRIVE_GROUP = "dlq-redrive";
    /** How long Ctrl-C or SIGTERM waits for redrive to commit what it sent and leave its group. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);
    static final String OPERATION_TIMEOUT = "KAFKA_OPERATION_TIMEOUT";

    static int replay(List<String> args, Settings env, PrintStream out, PrintStream err) throws Exception {
        if (args.size() != 1 || !List.of("enrich", "publish").contains(args.get(0))) {
            err.println("usage: bin/pipeline replay enrich|publish");
            return 2;
        }
        String stage = args.get(0);
        String group;
        String topic;
        if (stage.equals("enrich")) {
            group = EnrichConfig.from(env).groupId();
            topic = Topics.RAW.name();
        } else {
            PublishConfig publish = PublishConfig.from(env);
            group = publish.groupId();
            topic = publish.topic();
        }
        KafkaSettings kafka = KafkaSettings.from(env);
        Duration timeout = timeout(env);
        Admin admin = admin(kafka, timeout);
        try {
            Map<TopicPartition, OffsetAndMetadata> starts = new HashMap<>();
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            partitions.forEach(p -> earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest()));
            admin.listOffsets(earliest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((tp, info) -> starts.put(tp, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(group, starts).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            out.printf("%s will process %s again from the start (group %s, %d partitions); start it now%n",
                    stage, topic, group, starts.size());
            return 0;
        } catch (TimeoutException e) {
            err.println(unreachable(kafka, timeout));
            return 1;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                err.println(unreachable(kafka, timeout));
                return 1;
            }
            if (kafka.refusal(e) != null) {
                err.println(kafka.refusal(e));
                return 1;
            }
            err.printf("could not move group %s: %s. Stop the %s stage first (a running consumer owns its offsets), "
                    + "then run this again%n", group, DeadLetterHeaders.messageOf(e.getCause()), stage);
            return 1;
        } finally {
            admin.close(Duration.ofSeconds(5));
        }
    }

    static int redrive(List<String> args, Settings env, PrintStream out, PrintStream err) {
        if (!args.isEmpty()) {
            err.println("usage: bin/pipeline redrive");
            return 2;
        }
        KafkaSettings kafka = KafkaSettings.from(env);
        Duration timeout = timeout(env);
        int sent = 0;
        int files = 0;
        int listed = 0;
        Properties consumerProps = kafka.consumer(REDRIVE_GROUP, "redrive");
        consumerProps.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        consumerProps.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        Properties producerProps = kafka.producer("redrive");
        producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        producerProps.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        producerProps.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis() + 1_000);
        var consumer = new KafkaConsumer<byte[], byte[]>(consumerProps);
        var producer = new KafkaProducer<byte[], byte[]>(producerProps);
        // Ctrl-C or SIGTERM: stop after the letter being sent, commit what was sent and leave the group, so that the
        // next run neither sends those letters again nor waits out the group's session timeout for this member
        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch ended = new CountDownLatch(1);
        Thread stop = new Thread(() -> {
            stopping.set(true);
            consumer.wakeup();
            try {
                ended.await(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "redrive-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        try {
            // fails within the timeout when no broker answers, where a poll would just come back empty
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DLQ.name(), timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            // what is there now is what this run redrives: it is done once it has read up to these offsets
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            consumer.subscribe(List.of(Topics.DLQ.name()));
            long joinDeadline = System.nanoTime() + timeout.toNanos();
            try {
                while (!stopping.get() && !partitions.isEmpty() && !drained(consumer, ends, timeout)) {
                    if (consumer.assignment().isEmpty() && System.nanoTime() > joinDeadline) {
                        err.println("redrive was given no partition of " + Topics.DLQ.name() + " within "
                                + timeout.toSeconds() + " s: is another redrive running, or was one killed less than "
                                + KafkaSettings.SESSION_TIMEOUT + " ago (group " + REDRIVE_GROUP + ")? Run it again "
                                + "once that one is done.");
                        return 1;
                    }
                    ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
                    for (ConsumerRecord<byte[], byte[]> letter : batch) {
                        if (stopping.get()) {
                            break;
                        }
                        String origin = DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.ORIGIN_TOPIC);
                        if (origin == null || origin.isEmpty()) {
                            files++;
                            out.printf("rejected file %s: %s (move it back into the inbox once fixed)%n",
                                    TraceCommand.printable(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.ORIGIN_FILE)),
                                    TraceCommand.printable(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.MESSAGE)));
                        } else if (letter.value() == null) {
                            // a null value sent to a compacted topic would delete the article: list it instead
                            listed++;
                            out.printf("not redriven: %s-%s@%s has no value (%s): %s%n", origin,
                                    DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.ORIGIN_PARTITION),
                                    DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.ORIGIN_OFFSET),
                                    valueOmitted(letter), TraceCommand.printable(DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.MESSAGE)));
                        } else {
                            Long timestamp = letter.timestamp() >= 0 ? letter.timestamp() : null;
                            producer.send(new ProducerRecord<>(origin, null, timestamp, letter.key(), letter.value(),
                                    DeadLetterHeaders.originalHeaders(letter.headers()))).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                            sent++;
                        }
                        done.put(new TopicPartition(letter.topic(), letter.partition()),
                                new OffsetAndMetadata(letter.offset() + 1));
                    }
                    if (!batch.isEmpty()) {
                        consumer.commitSync(owned(consumer, done), timeout);
                    }
                }
            } catch (WakeupException stopped) {
                // the stop hook's: what was sent is committed below
            }
            if (stopping.get()) {
                consumer.commitSync(owned(consumer, done), timeout);
                out.printf("redrive stopped: %d dead letters sent back to their topics and committed; run it again to "
                        + "send the rest%n", sent);
                return 130;
            }
        } catch (TimeoutException | org.apache.kafka.common.errors.TimeoutException e) {
            err.println(unreachable(kafka, timeout) + " What was sent before is committed.");
            return 1;
        } catch (ExecutionException | InterruptedException | org.apache.kafka.common.KafkaException e) {
            if (kafka.refusal(e) != null) {
                err.println(kafka.refusal(e));
                return 1;
            }
            err.println("redrive stopped: " + DeadLetterHeaders.messageOf(e) + "; what was sent is committed, "
                    + "run it again to go on");
            return 1;
        } finally {
            producer.close(Duration.ofSeconds(5));
            consumer.close(Duration.ofSeconds(5));
            ended.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for this
            }
        }
        out.printf("redriven: %d dead letters back to their topics; %d rejected files and %d letters without a value "
                + "listed%n", sent, files, listed);
        return 0;
    }

    private static String valueOmitted(ConsumerRecord<byte[], byte[]> letter) {
        String omitted = DeadLetterHeaders.get(letter.headers(), DeadLetterHeaders.VALUE_OMITTED);
        return omitted == null ? "the original had none" : omitted;
    }

    /** From 1 s (a shorter wait fails against a broker that answers) to a day (Kafka's clients take int milliseconds). */
    static Duration timeout(Settings env) {
        Duration timeout = env.duration(OPERATION_TIMEOUT, Duration.ofSeconds(30));
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofDays(1)) > 0) {
            throw new Settings.ConfigException(OPERATION_TIMEOUT + "='" + env.string(OPERATION_TIMEOUT, "")
                    + "' must be from 1s to 1d");
        }
        return timeout;
    }

    static String unreachable(KafkaSettings kafka, Duration timeout) {
        return AdvertisedBrokers.noAnswer(kafka, timeout,
                "is the broker running and KAFKA_BOOTSTRAP_SERVERS right?") + " (" + OPERATION_TIMEOUT + " sets the wait)";
    }

    /**
     * What was sent of the partitions this consumer still owns: one the group gave to another redrive meanwhile is
     * that one's to commit, and an offset of this one's committed after it would move it back.
     */
    private static Map<TopicPartition, OffsetAndMetadata> owned(KafkaConsumer<byte[], byte[]> consumer,
                                                                Map<TopicPartition, OffsetAndMetadata> done) {
        Map<TopicPartition, OffsetAndMetadata> owned = new HashMap<>(done);
        owned.keySet().retainAll(consumer.assignment());
        return owned;
    }

    /** Once the group has given this consumer its partitions: has it read each of them up to {@code ends}? */
    private static boolean drained(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends,
                                   Duration timeout) {
        var assigned = consumer.assignment();
        return !assigned.isEmpty() && assigned.stream()
                .allMatch(p -> consumer.position(p, timeout) >= ends.getOrDefault(p, 0L));
    }

    private static Admin admin(KafkaSettings kafka, Duration timeout) {
        Properties props = kafka.client("pipeline-operations");
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return Admin.create(props);
    }

    private OperationsCommand() {
    }
}
