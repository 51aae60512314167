package com.researchpipeline.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecordKeyTest {

    @Test
    void anArticleIdStaysWholeAndAKeyOfMegabytesIsCut() {
        String id = "3832f4836dfcfdaa0f8b5215ce510589f8def665d8a59b8cf60a5fc33a0506b6";
        assertThat(RecordKey.text(id.getBytes(StandardCharsets.UTF_8))).isEqualTo(id);
        assertThat(RecordKey.text(null)).isNull();
        String cut = RecordKey.text("k".repeat(8_000_000).getBytes(StandardCharsets.UTF_8));
        assertThat(cut).startsWith("k".repeat(RecordKey.MAX_CHARACTERS)).endsWith("… (a key of 8000000 bytes)")
                .hasSize(RecordKey.MAX_CHARACTERS + "… (a key of 8000000 bytes)".length());
        assertThat(RecordKey.text("é".repeat(300).getBytes(StandardCharsets.UTF_8))).endsWith("(a key of 600 bytes)");
    }
}
