package com.researchpipeline.enrich;

import com.researchpipeline.contract.JsonSerde;
import com.researchpipeline.contract.RawArticle;
import com.researchpipeline.contract.SourceFile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Small helpers the enrich integration tests share. */
final class EnrichServiceITs {

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A plain-text article of {@code text} from the file {@code name}, identified by its content as ingest does. */
    static RawArticle article(String name, String text) {
        String id = sha256(text);
        return new RawArticle(RawArticle.SCHEMA_VERSION, id, name, text, List.of(), "eng", text.split("\\s+").length,
                new SourceFile(name, name, text.length(), "text/plain", Instant.now(), id), Instant.now(), "test");
    }

    /** The record ingest would have put on {@code articles.raw} for {@code article}, at {@code offset}. */
    static ConsumerRecord<byte[], byte[]> rawRecord(RawArticle article, long offset) {
        return new ConsumerRecord<>("articles.raw", 0, offset, article.id().getBytes(StandardCharsets.UTF_8),
                JsonSerde.toBytes(article));
    }

    private EnrichServiceITs() {
    }
}
