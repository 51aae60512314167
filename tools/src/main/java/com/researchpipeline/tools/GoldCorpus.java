package com.researchpipeline.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchpipeline.contract.EntityType;
import com.researchpipeline.contract.JsonSerde;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/** Reads a gold file of the corpus: {@code {"entities": [{"type": ..., "text": ...}, ...]}}. */
public final class GoldCorpus {

    public static Set<EntityScorer.Mention> read(Path json) {
        try {
            return parse(Files.readString(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read gold file " + json, e);
        }
    }

    public static Set<EntityScorer.Mention> parse(String json) {
        Set<EntityScorer.Mention> mentions = new TreeSet<>();
        try {
            for (JsonNode e : JsonSerde.mapper().readTree(json).path("entities")) {
                String type = e.path("type").asText("");
                String text = e.path("text").asText("");
                if (!text.isEmpty() && EntityType.isRegistered(type)) { // gold may mark others: no score counts them
                    mentions.add(EntityScorer.mention(type, text));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("gold file is not JSON", e);
        }
        return mentions;
    }

    private GoldCorpus() {
    }
}
