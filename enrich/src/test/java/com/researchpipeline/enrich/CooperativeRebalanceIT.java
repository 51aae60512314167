package com.researchpipeline.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.RetryPolicy;
import com.researchpipeline.contract.consumer.BatchPolicy;
import com.researchpipeline.contract.consumer.ConsumerLoop;
import com.researchpipeline.contract.consumer.RecordOutcome;
import com.researchpipeline.contract.consumer.RecordProcessor;
import com.researchpipeline.infra.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The consumer loop of enrich and publish in a group on a real broker, while one member is busy with a long batch
 * and another joins: the group's rebalance waits for the busy member's batch, and the members that are not busy
 * go on with the partitions they keep meanwhile (eager rebalancing stopped them all until the batch ended).
 */
class CooperativeRebalanceIT {

    private static final int PARTITIONS = 6;
    private static final Duration LONG_BATCH = Duration.ofSeconds(10);

    private static Path folder;
    private static EmbeddedKafka broker;
    private static KafkaSettings kafka;
    private static Admin admin;
    private static KafkaProducer<byte[], byte[]> producer;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String topic = "cooperative-" + run;
    private final Queue<Completion> completions = new ConcurrentLinkedQueue<>();
    private final Set<String> sent = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final CountDownLatch longBatchStarted = new CountDownLatch(1);
    private volatile long longBatchEndedAt;

    private record Completion(String member, String value, int partition, long at) {
    }

    private record Member(String name, ConsumerLoop loop, Thread thread) {
    }

    @BeforeAll
    static void startBroker() throws Exception {
        folder = Files.createTempDirectory("cooperative-rebalance");
        broker = EmbeddedKafka.start(folder, 0, false);
        // heartbeats every 2 s: members hear of a rebalance within 2 s
        kafka = new KafkaSettings(broker.bootstrapServers(), KafkaSettings.DEFAULT_MAX_REQUEST_BYTES,
                Duration.ofSeconds(6));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        producer = new KafkaProducer<>(kafka.producer("cooperative-rebalance-it"));
    }

    @AfterAll
    static void stopBroker() {
        producer.close(Duration.ofSeconds(5));
        admin.close();
        broker.close();
    }

    @Test
    void membersGoOnWithThePartitionsTheyKeepWhileTheGroupWaitsForABusyMembersBatchAndNothingIsDoneTwice()
            throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        String group = "cooperative-" + run;
        List<Member> members = new ArrayList<>();
        try {
            Member a = start("a", group);
            members.add(a);
            assertThat(a.loop().awaitAssignment(Duration.ofSeconds(20))).as("a assigned").isTrue();
            Member c = start("c", group);
            members.add(c);
            assertThat(c.loop().awaitAssignment(Duration.ofSeconds(20))).as("c assigned").isTrue();
            Map<Integer, String> owners = settledOwners(Duration.ofSeconds(20));
            List<Integer> ofA = partitionsOf(owners, "a");
            List<Integer> ofC = partitionsOf(owners, "c");

            send(ofA.get(0), "long-batch");
            assertThat(longBatchStarted.await(10, TimeUnit.SECONDS)).as("a's long batch started").isTrue();
            AtomicBoolean feeding = new AtomicBoolean(true);
            Thread feeder = new Thread(() -> feed(ofC, feeding), "feeder");
            feeder.start();
            Thread.sleep(500);
            long joinedAt = System.currentTimeMillis();
            members.add(start("b", group));

            awaitCondition(() -> longBatchEndedAt > 0, LONG_BATCH.plusSeconds(5), "a's long batch ended");
            long endedAt = longBatchEndedAt;
            // keep feeding until b took over partitions and worked on one of c's
            awaitCondition(() -> completions.stream().anyMatch(done -> done.member().equals("b")
                    && ofC.contains(done.partition())), Duration.ofSeconds(15), "b processes a partition c gave up");
            feeding.set(false);
            feeder.join(5_000);
            awaitCondition(() -> completed().keySet().containsAll(sent), Duration.ofSeconds(15),
                    "every record sent completed");

            List<Long> onUnmoved = completions.stream()
                    .filter(done -> ofC.contains(done.partition()) && done.member().equals("c"))
                    .map(Completion::at).filter(at -> at >= joinedAt && at <= endedAt).sorted().toList();
            long stall = longestGap(joinedAt, endedAt, onUnmoved);
            System.out.printf("cooperative rebalance: b joined %d ms into a's %d s batch; while it ran on, %d records "
                    + "completed on c's partitions %s; longest stall on them %d ms%n", joinedAt - (endedAt
                    - LONG_BATCH.toMillis()), LONG_BATCH.toSeconds(), onUnmoved.size(), ofC, stall);

            assertThat(stall).as("longest time without a record completed on c's partitions while a's batch kept the "
                    + "rebalance waiting (%d completed then)", onUnmoved.size()).isLessThan(3_000);
            assertThat(onUnmoved.size()).as("records completed on c's partitions during the rebalance")
                    .isGreaterThanOrEqualTo(20);
            Map<String, Long> times = completed();
            assertThat(times.keySet()).as("nothing lost").containsAll(sent);
            assertThat(times.entrySet().stream().filter(entry -> entry.getValue() > 1).map(Map.Entry::getKey).toList())
                    .as("records processed more than once").isEmpty();
        } finally {
            stopAll(members);
        }
    }

    /**
     * A running group of the version before, whose consumers offered Kafka's default (range first, then
     * cooperative-sticky), restarted one process at a time while records stream in: the group moves to
     * cooperative-sticky as soon as the first new member joins, and nothing is lost or done twice on the way.
     */
    @Test
    void aGroupOfThePreviousVersionMovesOverInOneRollingRestart() throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get(30, TimeUnit.SECONDS);
        String group = "rolling-" + run;
        Properties previous = kafka.loopConsumer(group, "old-1");
        previous.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                RangeAssignor.class.getName() + "," + CooperativeStickyAssignor.class.getName());
        List<Member> members = new ArrayList<>();
        AtomicBoolean feeding = new AtomicBoolean(true);
        Thread feeder = new Thread(() -> feed(List.of(0, 1, 2, 3), feeding), "feeder");
        try {
            Member old1 = start("old-1", group, previous);
            members.add(old1);
            Properties previous2 = (Properties) previous.clone();
            previous2.put(CommonClientConfigs.CLIENT_ID_CONFIG, "old-2");
            Member old2 = start("old-2", group, previous2);
            members.add(old2);
            feeder.start();
            awaitCondition(() -> processedBy("old-1") && processedBy("old-2"), Duration.ofSeconds(20),
                    "both members of the previous version at work");
            assertThat(assignorOf(group)).as("the previous version's group").isEqualTo("range");

            stop(old1);
            members.add(start("new-1", group));
            awaitCondition(() -> processedBy("new-1"), Duration.ofSeconds(20), "the first new member at work");
            assertThat(assignorOf(group)).as("with one member of each version").isEqualTo("cooperative-sticky");
            stop(old2);
            members.add(start("new-2", group));
            awaitCondition(() -> processedBy("new-2"), Duration.ofSeconds(20), "the second new member at work");
            feeding.set(false);
            feeder.join(5_000);
            awaitCondition(() -> completed().keySet().containsAll(sent), Duration.ofSeconds(15),
                    "every record sent completed");

            assertThat(completed().entrySet().stream().filter(entry -> entry.getValue() > 1).map(Map.Entry::getKey)
                    .toList()).as("records processed more than once").isEmpty();
        } finally {
            feeding.set(false);
            stopAll(members);
        }
    }

    /**
     * Another client in the stage's group with the eager range assignor alone: the loop says what is wrong once
     * per wait, without a stack trace, and joins as soon as that client left.
     */
    @Test
    void aGroupWithoutCooperativeStickyIsExplainedAndJoinedOnceItCanBe() throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        String group = "foreign-" + run;
        Properties rangeOnly = kafka.consumer(group, "foreign");
        rangeOnly.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        AtomicBoolean foreignRuns = new AtomicBoolean(true);
        CountDownLatch foreignAssigned = new CountDownLatch(1);
        Thread foreign = new Thread(() -> {
            try (var consumer = new KafkaConsumer<byte[], byte[]>(rangeOnly)) {
                consumer.subscribe(List.of(topic));
                while (foreignRuns.get()) {
                    consumer.poll(Duration.ofMillis(100));
                    if (!consumer.assignment().isEmpty()) {
                        foreignAssigned.countDown();
                    }
                }
            }
        }, "foreign");
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        AbstractAppender capture = new AbstractAppender("capture-" + run, null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                if (event.getLoggerName().equals(ConsumerLoop.class.getName())) {
                    logged.add(event.getLevel() + " " + event.getMessage().getFormattedMessage()
                            + (event.getThrown() == null ? "" : " [stack trace]"));
                }
            }
        };
        capture.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().addAppender(capture, Level.WARN, null);
        context.updateLoggers();
        List<Member> members = new ArrayList<>();
        try {
            foreign.start();
            assertThat(foreignAssigned.await(20, TimeUnit.SECONDS)).as("the foreign consumer in the group").isTrue();
            Member member = start("new", group);
            members.add(member);
            Thread.sleep(4_000);
            assertThat(member.loop().awaitAssignment(Duration.ZERO)).as("not let in").isFalse();
            assertThat(logged).as("what the loop logged").isNotEmpty().allSatisfy(line -> assertThat(line)
                    .startsWith("ERROR cooperative-it cannot join consumer group " + group)
                    .contains("What to do").doesNotContain("[stack trace]"));
            assertThat(logged.size()).as("one line per wait, the waits doubling").isLessThanOrEqualTo(8);

            foreignRuns.set(false);
            foreign.join(10_000);
            String value = send(0, "after-foreign-left");
            awaitCondition(() -> completed().containsKey(value), Duration.ofSeconds(20),
                    "the loop consumes once the foreign consumer left");
        } finally {
            foreignRuns.set(false);
            stopAll(members);
            context.getConfiguration().getRootLogger().removeAppender(capture.getName());
            context.updateLoggers();
            capture.stop();
        }
    }

    private boolean processedBy(String member) {
        return completions.stream().anyMatch(done -> done.member().equals(member));
    }

    private static String assignorOf(String group) throws Exception {
        return admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group)
                .partitionAssignor();
    }

    private static void stop(Member member) throws InterruptedException {
        member.loop().stop();
        member.thread().join(15_000);
    }

    private static void stopAll(List<Member> members) throws InterruptedException {
        for (Member member : members) {
            member.loop().stop();
        }
        for (Member member : members) {
            member.thread().join(15_000);
        }
    }

    private Member start(String name, String group) {
        return start(name, group, kafka.loopConsumer(group, name));
    }

    private Member start(String name, String group, Properties consumer) {
        ConsumerLoop loop = new ConsumerLoop("cooperative-it", new KafkaConsumer<>(consumer),
                List.of(topic), producer, processor(name), new BatchPolicy(64, Long.MAX_VALUE, Duration.ofMillis(20)),
                new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1)), null);
        Thread thread = new Thread(loop, "loop-" + name);
        thread.start();
        return new Member(name, loop, thread);
    }

    private RecordProcessor processor(String member) {
        return records -> {
            List<RecordOutcome> outcomes = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                String value = new String(record.value(), StandardCharsets.UTF_8);
                if (value.startsWith("long-batch")) {
                    longBatchStarted.countDown();
                    sleep(LONG_BATCH.toMillis());
                    longBatchEndedAt = System.currentTimeMillis();
                }
                completions.add(new Completion(member, value, record.partition(), System.currentTimeMillis()));
                outcomes.add(RecordOutcome.done());
            }
            return outcomes;
        };
    }

    /** Sends a record to every partition until two rounds in a row are done by the same members, three each. */
    private Map<Integer, String> settledOwners(Duration timeout) throws Exception {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        Map<Integer, String> before = Map.of();
        for (int round = 0; ; round++) {
            Set<String> values = new HashSet<>();
            for (int partition = 0; partition < PARTITIONS; partition++) {
                values.add(send(partition, "warm-" + round + "-" + partition));
            }
            awaitCondition(() -> completed().keySet().containsAll(values), Duration.ofSeconds(20), "warm-up " + values);
            Map<Integer, String> owners = new TreeMap<>();
            completions.stream().filter(done -> values.contains(done.value()))
                    .forEach(done -> owners.put(done.partition(), done.member()));
            if (owners.equals(before) && partitionsOf(owners, "a").size() == PARTITIONS / 2) {
                return owners;
            }
            assertThat(System.currentTimeMillis()).as("owners settled; last %s", owners).isLessThan(deadline);
            before = owners;
            Thread.sleep(1_000);
        }
    }

    private void feed(List<Integer> partitions, AtomicBoolean feeding) {
        for (int n = 0; feeding.get(); n++) {
            for (int partition : partitions) {
                try {
                    send(partition, "steady-" + n + "-" + partition);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            sleep(100);
        }
    }

    private String send(int partition, String name) throws Exception {
        String value = name + "-" + run;
        producer.send(new ProducerRecord<>(topic, partition, value.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
        sent.add(value);
        return value;
    }

    /** How often each value was completed. */
    private Map<String, Long> completed() {
        return completions.stream().collect(Collectors.groupingBy(Completion::value, HashMap::new,
                Collectors.counting()));
    }

    private static List<Integer> partitionsOf(Map<Integer, String> owners, String member) {
        return owners.entrySet().stream().filter(entry -> entry.getValue().equals(member)).map(Map.Entry::getKey)
                .sorted().toList();
    }

    private static long longestGap(long from, long to, List<Long> times) {
        long longest = 0;
        long previous = from;
        for (long at : times) {
            longest = Math.max(longest, at - previous);
            previous = at;
        }
        return Math.max(longest, to - previous);
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as(what + " within " + timeout.toSeconds() + " s")
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
