package com.researchpipeline.publish;

import com.researchpipeline.contract.EnrichedArticle;
import com.researchpipeline.contract.Entity;
import com.researchpipeline.contract.EntityType;
import com.researchpipeline.contract.RawArticle;
import com.researchpipeline.contract.Section;
import com.researchpipeline.contract.SourceFile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Enriched articles for tests, built the way the enrich stage builds them: ids hash the body, spans are real. */
final class Articles {

    static final Instant INGESTED = Instant.parse("2026-11-20T09:15:00Z");

    static EnrichedArticle numbered(int n) {
        String body = "Researchers at Karolinska Institutet report in study " + n
                + " that metformin slowed the progression of type 2 diabetes.\n"
                + "A second team at Mayo Clinic tested pembrolizumab in melanoma.";
        return enriched("Study " + n, body, INGESTED.plusSeconds(n), List.of(
                mention(body, EntityType.INSTITUTION, "Karolinska Institutet", "Karolinska Institutet", 0),
                mention(body, EntityType.THERAPY, "metformin", "metformin", 0),
                mention(body, EntityType.DISEASE, "type 2 diabetes", "type 2 diabetes mellitus", 0),
                mention(body, EntityType.INSTITUTION, "Mayo Clinic", "Mayo Clinic", 1),
                mention(body, EntityType.THERAPY, "pembrolizumab", "pembrolizumab", 1),
                mention(body, EntityType.DISEASE, "melanoma", "melanoma", 1)));
    }

    static List<EnrichedArticle> numbered(int from, int count) {
        List<EnrichedArticle> articles = new ArrayList<>();
        for (int n = from; n < from + count; n++) {
            articles.add(numbered(n));
        }
        return articles;
    }

    /** An article whose one mention is longer than the 32 KB Lucene allows for a keyword term. */
    static EnrichedArticle withImmenseMention() {
        String giant = "a".repeat(40_000);
        String body = "An extractor bug marked this whole paragraph as an institution: " + giant;
        return enriched("Broken extraction", body, INGESTED, List.of(
                new Entity(EntityType.INSTITUTION, giant, "x", body.indexOf(giant), body.length(), 0, 0.5, "rule")));
    }

    static EnrichedArticle enriched(String title, String body, Instant ingestedAt, List<Entity> entities) {
        String id = sha256(body);
        RawArticle raw = new RawArticle(RawArticle.SCHEMA_VERSION, id, title, body,
                List.of(new Section("", List.of(body.split("\n")))), "eng", body.split("\\s+").length,
                new SourceFile(title.replace(' ', '-') + ".txt", "in/" + title.replace(' ', '-') + ".txt",
                        body.length(), "text/plain", ingestedAt.minusSeconds(60), sha256(title + body)),
                ingestedAt, "0.1.0-test");
        return new EnrichedArticle(EnrichedArticle.SCHEMA_VERSION, raw, entities, ingestedAt.plusMillis(1234),
                "test-model-1");
    }

    static Entity mention(String body, EntityType type, String text, String canonical, int sentence) {
        int start = body.indexOf(text);
        return new Entity(type, text, canonical, start, start + text.length(), sentence, 0.9, "dictionary");
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Articles() {
    }
}
