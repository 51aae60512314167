package com.researchpipeline.publish;

import com.researchpipeline.contract.Settings.ConfigException;
import java.time.Duration;

/**
 * When a bulk request is sent: as soon as it holds {@code documents} documents or {@code bytes} bytes of
 * source, or its oldest document has waited {@code maxWait}, whichever comes first.
 */
public record BatchLimits(int documents, long bytes, Duration maxWait) {

    public BatchLimits {
        if (documents < 1) {
            throw new ConfigException(PublishConfig.BATCH_DOCUMENTS + "=" + documents + " must be at least 1");
        }
        if (bytes < 1024) {
            throw new ConfigException(PublishConfig.BATCH_BYTES + "=" + bytes + " must be at least 1kb");
        }
        if (maxWait.isNegative()) {
            throw new ConfigException(PublishConfig.BATCH_WAIT + "=" + maxWait + " must not be negative");
        }
    }
}
