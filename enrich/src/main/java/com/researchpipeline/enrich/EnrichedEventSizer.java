package com.researchpipeline.enrich;

import com.researchpipeline.contract.EnrichedArticle;
import com.researchpipeline.contract.Entity;
import com.researchpipeline.contract.JsonSerde;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Makes an enriched event fit the largest value Kafka takes (the producer's {@code KAFKA_MAX_REQUEST_SIZE} or the
 * output topic's {@code max.message.bytes}, the smaller, less framing: {@link OutputEventLimit}).
 * The article is carried whole; when it and all its entities do not fit, the entities are cut to the
 * longest prefix (they are ordered by offset, so the start of the article keeps its mentions) that fits.
 * An article too large to fit even without entities is refused with a reason.
 */
final class EnrichedEventSizer {

    /** The event as it will be sent, and how many entities were left out to make it fit. */
    record Sized(EnrichedArticle event, byte[] bytes, int entitiesDropped) {
    }

    private final IntSupplier limit;
    private final Supplier<String> origin;

    EnrichedEventSizer(int maxEventBytes) {
        this(() -> maxEventBytes, () -> "KAFKA_MAX_REQUEST_SIZE less framing");
    }

    /** With a limit that may change between events ({@link OutputEventLimit}), described by {@code origin}. */
    EnrichedEventSizer(IntSupplier limit, Supplier<String> origin) {
        this.limit = limit;
        this.origin = origin;
    }

    Sized fit(EnrichedArticle event) {
        int maxEventBytes = limit.getAsInt();
        byte[] bytes = JsonSerde.toBytes(event);
        if (bytes.length <= maxEventBytes) {
            return new Sized(event, bytes, 0);
        }
        List<Entity> entities = event.entities();
        EnrichedArticle bare = withEntities(event, List.of());
        long size = JsonSerde.toBytes(bare).length;
        if (size > maxEventBytes) {
            throw new ArticleRejectedException("article " + event.id() + " makes an enriched event of " + bytes.length
                    + " bytes, and still " + size + " bytes without entities: over the " + maxEventBytes
                    + "-byte limit of an event (" + origin.get() + "); split the file into smaller articles, or raise KAFKA_MAX_REQUEST_SIZE and "
                    + "the topics' max.message.bytes, then drop it again (or redrive this dead letter)");
        }
        int kept = 0;
        while (kept < entities.size()) {
            long next = size + JsonSerde.toBytes(entities.get(kept)).length + 1;
            if (next > maxEventBytes) {
                break;
            }
            size = next;
            kept++;
        }
        while (true) {
            EnrichedArticle cut = withEntities(event, entities.subList(0, kept));
            byte[] cutBytes = JsonSerde.toBytes(cut);
            if (cutBytes.length <= maxEventBytes || kept == 0) {
                return new Sized(cut, cutBytes, entities.size() - kept);
            }
            kept = kept * 9 / 10;
        }
    }

    private static EnrichedArticle withEntities(EnrichedArticle event, List<Entity> entities) {
        return new EnrichedArticle(event.schemaVersion(), event.article(), entities, event.enrichedAt(),
                event.modelVersion(), event.extractionLanguage());
    }
}
