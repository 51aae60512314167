package com.researchpipeline.ingest;

import com.researchpipeline.contract.DeadLetterHeaders;
import java.time.Duration;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failure in the inbox route means. Bad input never gets here: the route dead-letters it as a
 * normal outcome. Kafka refusing an article as too large is permanent for those bytes: the file is
 * dead-lettered too. Everything else (Kafka did not acknowledge in time, a move failed) is retriable: the
 * file stays in the inbox untouched, picking up pauses for a growing {@link RetryBackoff}, and the same file
 * is tried again afterwards. Nothing is dropped and the route never stops.
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
        Duration pause = backoff.failed();
        LOG.warn("could not finish {}: {}; the file stays in the inbox and is tried again after {} ms",
                steps.describe(exchange), DeadLetterHeaders.messageOf(failure), pause.toMillis());
        LOG.debug("retriable failure", failure);
    }
}
