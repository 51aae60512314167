package com.researchpipeline.enrich;

import com.researchpipeline.contract.DeadLetterHeaders;
import com.researchpipeline.contract.EnrichedArticle;
import com.researchpipeline.contract.EntityType;
import com.researchpipeline.contract.Printable;
import com.researchpipeline.contract.RawArticle;
import com.researchpipeline.contract.RecordKey;
import com.researchpipeline.contract.Topics;
import com.researchpipeline.contract.consumer.RecordOutcome;
import com.researchpipeline.contract.consumer.RecordProcessor;
import com.researchpipeline.contract.consumer.RetryCause;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enrich's work for the shared consumer loop: enriches a batch of {@code articles.raw} records on a pool of
 * threads, sends each enriched event and waits for Kafka's acknowledgement of each, and answers per record.
 * A record that is no article this version reads (no value, not JSON, the wrong shape, an unknown
 * {@code schemaVersion}, no id or body) or an article too large to carry even without its entities is
 * dead-lettered. An event is fitted to the output topic's limit ({@link OutputEventLimit}); when the broker
 * refuses one as too large anyway, the limit is read again: lowered meanwhile, the record is retried and its
 * event fitted to the new limit; otherwise it is dead-lettered. Every other failure to get an acknowledgement
 * (no broker, no such topic, no right to write, not enough replicas) is the broker's or topic's, not the
 * article's: the record is retried until it is fixed.
 */
final class EnrichProcessor implements RecordProcessor {

    /**
     * Articles longer than this are enriched one at a time in a process: the analysis of 2,000,000 characters holds
     * about 300 MB, so two at once would not fit the default heap of 512 MB.
     */
    static final int LARGE_ARTICLE_CHARS = 200_000;

    /**
     * Heap the analysis of one character of an article holds, at most as measured: about 300 MB for 2,000,000
     * characters of entity-dense text.
     */
    static final long HEAP_BYTES_PER_CHAR = 150;

    /** Header on an enriched event whose entity list was cut to fit: how many entities were left out. */
    static final String ENTITIES_DROPPED = "enrich.entities.dropped";

    private static final Logger LOG = LoggerFactory.getLogger(EnrichProcessor.class);

    private final ArticleEnricher enricher;
    private final Producer<byte[], byte[]> producer;
    private final ExecutorService workers;
    private final OutputEventLimit limit;
    private final EnrichedEventSizer sizer;
    private final String outputTopic;
    private final Semaphore largeArticle = new Semaphore(1);
    /** Bytes of heap one article's analysis may take: the heap's maximum less what the process held at start. */
    private final long heapForOneArticle;

    EnrichProcessor(ArticleEnricher enricher, Producer<byte[], byte[]> producer, ExecutorService workers,
                    OutputEventLimit limit, String outputTopic) {
        this(enricher, producer, workers, limit, outputTopic, Long.MAX_VALUE);
    }

    /**
     * {@code heapForOneArticle}: an article whose analysis would need more ({@link #HEAP_BYTES_PER_CHAR}) is
     * dead-lettered before it is begun, saying what to do, where the heap running out would end a container that
     * exits on it ({@code -XX:+ExitOnOutOfMemoryError}) and restart it on the same article for ever.
     */
    EnrichProcessor(ArticleEnricher enricher, Producer<byte[], byte[]> producer, ExecutorService workers,
                    OutputEventLimit limit, String outputTopic, long heapForOneArticle) {
        this.heapForOneArticle = heapForOneArticle;
        this.enricher = enricher;
        this.producer = producer;
        this.workers = workers;
        this.limit = limit;
        this.sizer = new EnrichedEventSizer(limit, limit::origin);
        this.outputTopic = outputTopic;
    }

    @Override
    public List<RecordOutcome> process(List<ConsumerRecord<byte[], byte[]>> records) {
        // a send that failed before reaching the broker (no such topic after max.block.ms, no right to write) fails
        // every other send of the batch the same way: they wait for the retry instead of blocking once each
        AtomicReference<Throwable> topicFailure = new AtomicReference<>();
        List<CompletableFuture<Sent>> sent = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            // each event is sent as soon as it is ready: a small article does not wait for a large one before it
            sent.add(CompletableFuture.supplyAsync(() -> prepare(record), workers)
                    .thenApply(output -> sendPrepared(output, topicFailure)));
        }
        List<RecordOutcome> outcomes = new ArrayList<>();
        int limitBefore = limit.getAsInt();
        for (int i = 0; i < records.size(); i++) {
            Sent one;
            try {
                one = sent.get(i).get();
            } catch (InterruptedException e) {
                // the stage stops (ConsumerLoop.stopWithin): this and the records after it are not finished
                Thread.currentThread().interrupt();
                while (outcomes.size() < records.size()) {
                    outcomes.add(RecordOutcome.retry(RetryCause.UNEXPECTED, "the stage stopped before it was enriched"));
                }
                return outcomes;
            } catch (ExecutionException e) {
                throw new CompletionException(e.getCause());
            }
            outcomes.add(outcomeOf(records.get(i), one.output(), one.bytes(), limitBefore));
        }
        return outcomes;
    }

    /** An article's outcome or its send's future, and the size of the event sent (0 when none was). */
    private record Sent(Object output, int bytes) {
    }

    private Sent sendPrepared(Object output, AtomicReference<Throwable> topicFailure) {
        if (!(output instanceof ProducerRecord<?, ?> prepared)) {
            return new Sent(output, 0);
        }
        ProducerRecord<byte[], byte[]> event = cast(prepared);
        // one send at a time (each only hands the event to the producer), so that one failing for every event is
        // seen by the others before they try
        synchronized (topicFailure) {
            Throwable failed = topicFailure.get();
            Object sent = failed != null ? failed : send(event);
            if (failed == null) {
                topicFailure.set(failedForEveryEvent(sent));
            }
            return new Sent(sent, event.value().length);
        }
    }

    /** The enriched event to send, or the {@link RecordOutcome} when there is none. */
    private Object prepare(ConsumerRecord<byte[], byte[]> record) {
        RawArticle article = null;
        boolean large = false;
        try {
            article = read(record);
            large = article.body().length() > LARGE_ARTICLE_CHARS;
            long needs = article.body().length() * HEAP_BYTES_PER_CHAR;
            if (needs > heapForOneArticle) {
                return tooLargeForHeap(keyOf(record), article, "needs about " + (needs >> 20) + " MB of heap, more "
                        + "than the " + (heapForOneArticle >> 20) + " MB enrich has for one article (its heap less what "
                        + "its models and the rest of the process hold)");
            }
            if (large) {
                largeArticle.acquire();
            }
            EnrichedEventSizer.Sized sized;
            try {
                sized = sizer.fit(enricher.enrich(article));
            } finally {
                if (large) {
                    largeArticle.release();
                }
            }
            ProducerRecord<byte[], byte[]> event = new ProducerRecord<>(outputTopic,
                    article.id().getBytes(StandardCharsets.UTF_8), sized.bytes());
            if (sized.entitiesDropped() > 0) {
                event.headers().add(ENTITIES_DROPPED,
                        Integer.toString(sized.entitiesDropped()).getBytes(StandardCharsets.UTF_8));
                LOG.warn("Article {} is large: its enriched event carries the first {} of {} entities to stay within "
                        + "{} bytes ({})", article.id(), sized.event().entities().size(),
                        sized.event().entities().size() + sized.entitiesDropped(), limit.getAsInt(), limit.origin());
            }
            LOG.info("Enriched article {} ({}): {}", article.id(),
                    article.source() == null ? "?" : Printable.of(article.source().path()), counts(sized.event()));
            return event;
        } catch (RuntimeException | StackOverflowError e) {
            return RecordOutcome.deadLetter(e instanceof RuntimeException ? e
                    : new ArticleRejectedException("the extractor failed on this article: " + e, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RecordOutcome.retry(RetryCause.UNEXPECTED, "interrupted while waiting to enrich a large article");
        } catch (OutOfMemoryError e) {
            // the article's analysis is garbage once this frame is left: the heap is whole again for the next
            return outOfMemory(keyOf(record), article, large);
        }
    }

    /**
     * An article too large for the heap is dead-lettered with what to do; a smaller one ran out beside a large one
     * and is tried again.
     */
    private static RecordOutcome outOfMemory(String key, RawArticle article, boolean large) {
        long heapMb = Runtime.getRuntime().maxMemory() >> 20;
        if (!large) {
            LOG.warn("Enriching article {} ran out of memory (heap of {} MB) beside a large article; it is tried again",
                    key, heapMb);
            return RecordOutcome.retry(RetryCause.UNEXPECTED, "ran out of memory (heap of " + heapMb + " MB) beside a "
                    + "large article; tried again");
        }
        return tooLargeForHeap(key, article, "needs more memory than enrich's heap of " + heapMb + " MB");
    }

    private static RecordOutcome tooLargeForHeap(String key, RawArticle article, String why) {
        return RecordOutcome.deadLetter(new ArticleRejectedException("enriching article " + key + " ("
                + article.body().length() + " characters) " + why + ": give enrich a larger heap (-Xmx in "
                + "PIPELINE_JAVA_OPTS, or JAVA_OPTS of its container) or split the file into smaller articles, then "
                + "bin/pipeline redrive"));
    }

    static RawArticle read(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            throw new ArticleRejectedException("the record has no value");
        }
        RawArticle article = Topics.RAW.valueDeserializer().deserialize(record.topic(), record.value());
        if (article == null) {
            throw new ArticleRejectedException("the value is JSON null, not an article");
        }
        if (article.schemaVersion() != RawArticle.SCHEMA_VERSION) {
            throw new ArticleRejectedException("unknown schemaVersion " + article.schemaVersion()
                    + ": this enrich reads articles.raw version " + RawArticle.SCHEMA_VERSION
                    + "; upgrade enrich, or ingest the file again with this version");
        }
        if (article.id() == null || article.id().isBlank()) {
            throw new ArticleRejectedException("the article has no id");
        }
        if (article.body() == null) {
            throw new ArticleRejectedException("article " + article.id() + " has no body");
        }
        return article;
    }

    private Object send(ProducerRecord<byte[], byte[]> event) {
        try {
            return producer.send(event);
        } catch (RuntimeException e) {
            return e;
        }
    }

    /** The failure of a send that failed at once for a reason that is not its event's, or null. */
    private static Throwable failedForEveryEvent(Object sent) {
        Throwable failure = null;
        if (sent instanceof Throwable thrown) {
            failure = thrown;
        } else if (sent instanceof Future<?> future && future.isDone()) {
            try {
                future.get();
            } catch (ExecutionException e) {
                failure = e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return failure == null || isTheEventsFault(failure) ? null : failure;
    }

    private static boolean isTheEventsFault(Throwable failure) {
        return failure instanceof RecordTooLargeException || failure instanceof RecordBatchTooLargeException
                || failure instanceof InvalidRecordException || failure instanceof SerializationException;
    }

    private RecordOutcome outcomeOf(ConsumerRecord<byte[], byte[]> record, Object send, int eventBytes,
                                    int limitBefore) {
        if (send instanceof RecordOutcome outcome) {
            return outcome;
        }
        Throwable failure;
        if (send instanceof Future<?> future) {
            try {
                future.get();
                return RecordOutcome.done();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return RecordOutcome.retry(RetryCause.OUTPUT_TOPIC_UNAVAILABLE, "interrupted");
            } catch (ExecutionException e) {
                failure = e.getCause();
            }
        } else {
            failure = (Throwable) send;
        }
        boolean tooLarge = failure instanceof RecordTooLargeException || failure instanceof RecordBatchTooLargeException;
        // the topic's limit was lowered since it was read: the article is fine, its event is fitted anew next time
        if (tooLarge && (limit.getAsInt() < limitBefore || limit.refresh() < eventBytes)) {
            return RecordOutcome.retry(RetryCause.OUTPUT_TOPIC_UNAVAILABLE, "the broker refused the enriched event of "
                    + keyOf(record) + " (" + eventBytes + " bytes) as too large: " + DeadLetterHeaders.messageOf(failure)
                    + "; the largest event is now " + limit.getAsInt() + " bytes (" + limit.origin()
                    + "), and the event is fitted to it");
        }
        if (failure instanceof InvalidTimestampException) {
            return RecordOutcome.retry(RetryCause.CLOCK_DISAGREES, DeadLetterHeaders.messageOf(failure));
        }
        if (isTheEventsFault(failure)) {
            return RecordOutcome.deadLetter(new ArticleRejectedException("Kafka refused the enriched event of "
                    + keyOf(record) + " for good: " + DeadLetterHeaders.messageOf(failure)
                    + "; check KAFKA_MAX_REQUEST_SIZE against the max.message.bytes of " + outputTopic, failure));
        }
        return RecordOutcome.retry(RetryCause.OUTPUT_TOPIC_UNAVAILABLE, DeadLetterHeaders.messageOf(failure));
    }

    @SuppressWarnings("unchecked")
    private static ProducerRecord<byte[], byte[]> cast(ProducerRecord<?, ?> record) {
        return (ProducerRecord<byte[], byte[]>) record;
    }

    private static String keyOf(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? "(no key)" : RecordKey.text(record.key());
    }

    private static String counts(EnrichedArticle enriched) {
        Map<EntityType, Integer> counts = new java.util.LinkedHashMap<>();
        EntityType.values().forEach(type -> counts.put(type, 0));
        enriched.entities().forEach(e -> counts.merge(e.type(), 1, Integer::sum));
        counts.values().removeIf(n -> n == 0);
        return counts.isEmpty() ? "no entities" : counts.toString();
    }
}
