package com.researchpipeline.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.Entity;
import com.researchpipeline.contract.KafkaSettings;
import com.researchpipeline.contract.RawArticle;
import com.researchpipeline.contract.consumer.RecordOutcome;
import com.researchpipeline.contract.consumer.RetryCause;
import com.researchpipeline.infra.TestInfrastructure;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Large articles against enrich's memory, with the real broker taking the events: they are enriched one at a time
 * while small ones go on beside them, and one that runs out of memory is dead-lettered with what to do instead of
 * failing its whole batch for ever.
 */
class LargeArticlesIT {

    private static final String LARGE_TEXT = "x ".repeat(EnrichProcessor.LARGE_ARTICLE_CHARS / 2 + 1);

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final KafkaSettings kafka = new KafkaSettings(TestInfrastructure.shared().kafkaBootstrapServers());
    private final ExecutorService workers = Executors.newFixedThreadPool(4);
    private final KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producer("large-it-" + run));
    private final AtomicInteger largeAtOnce = new AtomicInteger();
    private final AtomicInteger mostLargeAtOnce = new AtomicInteger();
    private final AtomicInteger smallAtOnce = new AtomicInteger();
    private final AtomicInteger mostSmallAtOnce = new AtomicInteger();
    private final AtomicInteger extractedTooLarge = new AtomicInteger();
    private long offset;

    /** Takes a while over each article; runs out of memory on one that says "exhausts". */
    private final Extractor slow = new Extractor() {
        @Override
        public List<Entity> extract(String text) {
            boolean large = text.length() > EnrichProcessor.LARGE_ARTICLE_CHARS;
            if (text.contains("does-not-fit")) {
                extractedTooLarge.incrementAndGet();
            }
            AtomicInteger now = large ? largeAtOnce : smallAtOnce;
            AtomicInteger most = large ? mostLargeAtOnce : mostSmallAtOnce;
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                Thread.sleep(150);
                if (text.contains("exhausts")) {
                    throw new OutOfMemoryError("Java heap space");
                }
                return List.of();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            } finally {
                now.decrementAndGet();
            }
        }

        @Override
        public String modelVersion() {
            return "slow-test";
        }
    };

    @AfterEach
    void close() {
        producer.close();
        workers.shutdownNow();
    }

    @Test
    void largeArticlesAreEnrichedOneAtATimeAndOneTooLargeForTheHeapIsDeadLetteredSayingWhatToDo() {
        String topic = "it-large-" + run;
        var processor = new EnrichProcessor(new ArticleEnricher(slow, Clock.systemUTC()), producer, workers,
                new OutputEventLimit(kafka, topic), topic);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            records.add(record(article("large-" + i, LARGE_TEXT)));
            records.add(record(article("small-" + i, "A short article.")));
        }
        records.add(record(article("too-large", LARGE_TEXT + " exhausts the heap")));
        records.add(record(article("small-beside", "A short article that exhausts the heap beside a large one.")));

        List<RecordOutcome> outcomes = processor.process(records);

        assertThat(outcomes.subList(0, 8)).allSatisfy(o -> assertThat(o).isInstanceOf(RecordOutcome.Done.class));
        assertThat(mostLargeAtOnce.get()).as("large articles enriched at once").isEqualTo(1);
        assertThat(mostSmallAtOnce.get()).as("small articles enriched at once").isGreaterThan(1);
        assertThat(outcomes.get(8)).isInstanceOfSatisfying(RecordOutcome.DeadLetter.class, letter ->
                assertThat(letter.reason()).hasMessageContaining("needs more memory than enrich's heap")
                        .hasMessageContaining("-Xmx").hasMessageContaining("bin/pipeline redrive"));
        assertThat(outcomes.get(9)).isInstanceOfSatisfying(RecordOutcome.Retry.class, retry ->
                assertThat(retry.cause()).isEqualTo(RetryCause.UNEXPECTED));
    }

    @Test
    void anArticleWhoseAnalysisWouldNotFitTheHeapIsDeadLetteredBeforeItIsBegun() {
        String topic = "it-heap-" + run;
        long heapForOne = 40L << 20; // a small container's heap, less what the models hold
        var processor = new EnrichProcessor(new ArticleEnricher(slow, Clock.systemUTC()), producer, workers,
                new OutputEventLimit(kafka, topic), topic, heapForOne);
        int fits = (int) (heapForOne / EnrichProcessor.HEAP_BYTES_PER_CHAR) - 1_000;

        List<RecordOutcome> outcomes = processor.process(List.of(
                record(article("fits", "y ".repeat(fits / 2))),
                record(article("does-not-fit", "z ".repeat(fits))),
                record(article("small", "A short article."))));

        assertThat(outcomes.get(0)).isInstanceOf(RecordOutcome.Done.class);
        assertThat(outcomes.get(1)).isInstanceOfSatisfying(RecordOutcome.DeadLetter.class, letter ->
                assertThat(letter.reason()).hasMessageContaining("needs about 79 MB of heap, more than the 40 MB enrich has")
                        .hasMessageContaining("-Xmx").hasMessageContaining("bin/pipeline redrive"));
        assertThat(outcomes.get(2)).isInstanceOf(RecordOutcome.Done.class);
        assertThat(extractedTooLarge).as("the extractor never began the one too large").hasValue(0);
    }

    @Test
    void aSmallArticlesEventIsSentWhileALargeOneBeforeItInTheBatchIsStillBeingEnriched() {
        String topic = "it-beside-" + run;
        RawArticle small = article("small-after-large", "A short article.");
        java.util.concurrent.atomic.AtomicBoolean smallSeenFirst = new java.util.concurrent.atomic.AtomicBoolean();
        Extractor waitsForTheSmallOnesEvent = new Extractor() {
            @Override
            public List<Entity> extract(String text) {
                if (text.length() > EnrichProcessor.LARGE_ARTICLE_CHARS) {
                    smallSeenFirst.set(eventOnTopic(topic, small.id(), java.time.Duration.ofSeconds(20)));
                }
                return List.of();
            }

            @Override
            public String modelVersion() {
                return "waits-test";
            }
        };
        var processor = new EnrichProcessor(new ArticleEnricher(waitsForTheSmallOnesEvent, Clock.systemUTC()), producer,
                workers, new OutputEventLimit(kafka, topic), topic);

        List<RecordOutcome> outcomes = processor.process(List.of(record(article("large-first", LARGE_TEXT)),
                record(small)));

        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(RecordOutcome.Done.class));
        assertThat(smallSeenFirst).as("the small article's event reached Kafka while the large one was enriched")
                .isTrue();
    }

    /** Whether an event keyed {@code id} is on {@code topic} within {@code timeout}. */
    private boolean eventOnTopic(String topic, String id, java.time.Duration timeout) {
        var props = kafka.consumer("beside-reader-" + run, "beside-reader");
        try (var reader = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(props)) {
            long until = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < until) {
                var partitions = reader.partitionsFor(topic);
                if (partitions != null && !partitions.isEmpty()) {
                    if (reader.assignment().isEmpty()) {
                        reader.assign(partitions.stream().map(p -> new org.apache.kafka.common.TopicPartition(topic,
                                p.partition())).toList());
                        reader.seekToBeginning(reader.assignment());
                    }
                    for (var record : reader.poll(java.time.Duration.ofMillis(200))) {
                        if (record.key() != null && id.equals(new String(record.key(),
                                java.nio.charset.StandardCharsets.UTF_8))) {
                            return true;
                        }
                    }
                } else {
                    sleep(200);
                }
            }
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ConsumerRecord<byte[], byte[]> record(RawArticle article) {
        return EnrichServiceITs.rawRecord(article, offset++);
    }

    private RawArticle article(String name, String body) {
        return EnrichServiceITs.article(name, body + " " + run + "-" + name);
    }
}
