package com.researchpipeline.ingest;

import com.researchpipeline.contract.DeadLetterHeaders;
import com.researchpipeline.contract.consumer.RetryCause;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failure in the inbox route means. Bad input never gets here: the route dead-letters it as a
 * normal outcome. Kafka refusing an article as too large is permanent for those bytes: the file is
 * dead-lettered too. Everything else (Kafka did not acknowledge in time, a move failed, too many abandoned
 * workers still run: {@link FileProcessingGuard.Saturated}) is retriable: the file stays in the inbox
 * untouched, picking up pauses for a growing {@link RetryBackoff}, and the same file is tried again
 * afterwards. Nothing is dropped and the route never stops.
 */
final class IngestErrorPolicy extends RouteConfigurationBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(IngestErrorPolicy.class);

    private final RetryBackoff backoff;
    private final IntakeSteps steps;
    private final Endpoint dlqTopic;

    IngestErrorPolicy(RetryBackoff backoff, IntakeSteps steps, Endpoint dlqTopic) {
        this.backoff = backoff;
        this.steps = steps;
        this.dlqTopic = dlqTopic;
    }

    @Override
    public void configuration() {
        routeConfiguration()
            .onException(RecordTooLargeException.class)
                .onWhen(IntakeSteps::isAccepted)
                .handled(true)
                .process(steps::rejectTooLarge)
                .to(dlqTopic)
                .process(steps::archiveFailed)
            .end()
            .onException(Exception.class)
                .handled(true)
                .process(this::leaveForRetry);
    }

    private void leaveForRetry(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Path file = steps.fileOf(exchange);
        // a file that cannot be moved must not hold up the others; Kafka failing concerns every file
        boolean fileProblem = file != null && causedBy(failure, IOException.class);
        Long started = exchange.getProperty(IntakeSteps.ATTEMPT_STARTED, Long.class);
        Duration pause = fileProblem ? backoff.failed(file)
                : started != null ? backoff.failed(started, whyPaused(failure)) : backoff.failed(whyPaused(failure));
        LOG.warn("could not finish {}: {}; the file stays in the inbox and {} is tried again after {} ms{}",
                steps.describe(exchange), explain(failure), fileProblem ? "it" : "the inbox",
                pause.toMillis(), fileProblem && steps.isOnKafka(exchange)
                        ? " (its event is on Kafka already and is not sent again while the file is unchanged: only the "
                        + "move is retried; see the check ingest/archive)" : "");
        LOG.debug("retriable failure", failure);
    }

    /** Why a failure that is not one file's pauses the inbox, for the readiness check ingest/retries. */
    static String whyPaused(Throwable failure) {
        if (causedBy(failure, InvalidTimestampException.class)) {
            return "Kafka refused the time of the event (" + explain(failure) + "; what to do: "
                    + RetryCause.CLOCK_DISAGREES.action() + ")";
        }
        return causedBy(failure, KafkaException.class) ? "Kafka did not acknowledge (" + explain(failure) + ")"
                : explain(failure);
    }

    /** The innermost cause, named: file-system exceptions often carry only a path as their message. */
    static String explain(Throwable failure) {
        Throwable root = DeadLetterHeaders.rootCause(failure);
        return root.getClass().getSimpleName() + ": " + DeadLetterHeaders.messageOf(root);
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
