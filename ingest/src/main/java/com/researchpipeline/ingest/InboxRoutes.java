package com.researchpipeline.ingest;

import org.apache.camel.Endpoint;
import org.apache.camel.builder.RouteBuilder;

/**
 * The ingest flow: each stable file of the inbox is read and cleaned; its article goes to the raw topic
 * and, once Kafka acknowledged it, the file moves to {@code .done/}; a file that cannot become an article
 * goes to the dead-letter topic and then to {@code .failed/}. Failures are handled by {@link IngestErrorPolicy}.
 */
final class InboxRoutes extends RouteBuilder {

    static final String ROUTE_ID = "ingest-inbox";

    private final Endpoint inbox;
    private final Endpoint rawTopic;
    private final Endpoint dlqTopic;
    private final IntakeSteps steps;

    InboxRoutes(Endpoint inbox, Endpoint rawTopic, Endpoint dlqTopic, IntakeSteps steps) {
        this.inbox = inbox;
        this.rawTopic = rawTopic;
        this.dlqTopic = dlqTopic;
        this.steps = steps;
    }

    @Override
    public void configure() {
        from(inbox).routeId(ROUTE_ID)
                .process(steps::prepare)
                .choice()
                    .when(IntakeSteps::isAccepted)
                        .to(rawTopic)
                        .process(steps::archiveDone)
                    .otherwise()
                        .to(dlqTopic)
                        .process(steps::archiveFailed)
                .end();
    }
}
