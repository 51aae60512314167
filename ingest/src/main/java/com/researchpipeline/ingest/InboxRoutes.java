package com.researchpipeline.ingest;

import org.apache.camel.Endpoint;
import org.apache.camel.builder.RouteBuilder;

/**
 * The ingest flow: each stable file of the inbox is read and cleaned; its article goes to the raw topic
 * and, once Kafka acknowledged it, the file moves to {@code .done/}; a file that cannot become an article
 * goes to the dead-letter topic and then to {@code .failed/}. Failures are handled by {@link IngestErrorPolicy}.
 * <p>
 * Up to {@code concurrency} files go through at the same time, each on a thread of its own that waits for its
 * own acknowledgement (a synchronous send): the move still follows the acknowledgement, a slow file or a slow
 * send holds one thread only, and the producer sends the records of all of them together. The poller hands a file
 * over once one of as many slots is free ({@link InboxClaimReadLock}). A slot frees when its file's exchange
 * completes, a moment before that file's thread is back in the pool, so a file handed over then may wait in the
 * pool's queue (at most {@code concurrency} places) until that thread is free; files in flight stay bounded by the
 * slots.
 */
final class InboxRoutes extends RouteBuilder {

    static final String ROUTE_ID = "ingest-inbox";

    private final Endpoint inbox;
    private final Endpoint rawTopic;
    private final Endpoint dlqTopic;
    private final IntakeSteps steps;
    private final int concurrency;

    InboxRoutes(Endpoint inbox, Endpoint rawTopic, Endpoint dlqTopic, IntakeSteps steps, int concurrency) {
        this.concurrency = concurrency;
        this.inbox = inbox;
        this.rawTopic = rawTopic;
        this.dlqTopic = dlqTopic;
        this.steps = steps;
    }

    @Override
    public void configure() {
        from(inbox).routeId(ROUTE_ID)
                .threads(concurrency, concurrency).maxQueueSize(concurrency).threadName("ingest-file")
                .process(steps::prepare)
                .choice()
                    .when(IntakeSteps::isSentAlready) // acknowledged on an earlier attempt, then not movable
                        .process(steps::archive)
                    .when(IntakeSteps::isAccepted)
                        .to(rawTopic)
                        .process(steps::archiveDone)
                    .otherwise()
                        .to(dlqTopic)
                        .process(steps::archiveFailed)
                .end();
    }
}
