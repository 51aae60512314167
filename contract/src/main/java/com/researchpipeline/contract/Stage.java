package com.researchpipeline.contract;

/**
 * The lifecycle every stage shares, so the local runner, the per-stage applications and the tests
 * drive ingest, enrich and publish the same way.
 */
public interface Stage extends AutoCloseable {

    /** Stage name used in logs and dead-letter headers: "ingest", "enrich" or "publish". */
    String name();

    /** Starts consuming; returns once the stage will process new input. */
    void start();

    /** Stops consuming, finishes or abandons in-flight work without losing it, releases resources. Idempotent. */
    @Override
    void close();
}
