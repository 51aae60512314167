package com.researchpipeline.infra;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.researchpipeline.contract.JsonSerde;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Values no stage can process, for the poison tests of every topic: not JSON, empty, null, JSON of the wrong
 * shape or types, a truncated event, binary, and a well-formed event of an unknown {@code schemaVersion}.
 */
public final class PoisonRecords {

    /** One poison value and what it is; {@code value} may be null (a tombstone). */
    public record Poison(String kind, byte[] value) {
        @Override
        public String toString() {
            return kind;
        }
    }

    /** Every kind, the last two made from {@code validEvent} (a good value of the topic's event type). */
    public static List<Poison> all(Object validEvent) {
        byte[] valid = JsonSerde.toBytes(validEvent);
        List<Poison> poisons = new ArrayList<>(List.of(
                new Poison("not JSON", utf8("{not json at all")),
                new Poison("empty value", new byte[0]),
                new Poison("null value", null),
                new Poison("JSON null", utf8("null")),
                new Poison("JSON array", utf8("[1, 2, 3]")),
                new Poison("JSON string", utf8("\"an article\"")),
                new Poison("JSON number", utf8("42")),
                new Poison("binary", new byte[] {0, (byte) 0xff, (byte) 0xfe, (byte) 0x80, 0x1f, 0x7f}),
                new Poison("wrong shape", utf8("{\"schemaVersion\": 1, \"unexpected\": {\"nested\": true}}")),
                new Poison("wrong types", utf8("{\"schemaVersion\": 1, \"id\": \"x\", \"body\": \"text\","
                        + " \"article\": 7, \"sections\": 7, \"entities\": 7}")),
                new Poison("version as text", utf8("{\"schemaVersion\": \"one\"}")),
                new Poison("truncated event", Arrays.copyOf(valid, valid.length / 2))));
        poisons.add(new Poison("unknown schemaVersion 99", withSchemaVersion(valid, 99)));
        return poisons;
    }

    static byte[] withSchemaVersion(byte[] event, int version) {
        try {
            ObjectNode tree = (ObjectNode) JsonSerde.mapper().readTree(event);
            tree.put("schemaVersion", version);
            return JsonSerde.mapper().writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private PoisonRecords() {
    }
}
