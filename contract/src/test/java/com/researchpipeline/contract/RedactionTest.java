package com.researchpipeline.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void masksThePasswordOfEveryUrlAndKeepsTheRest() {
        assertThat(Redaction.url("https://elastic:s3cr%40t@es-1:9200,http://a:b@es-2:9200/path"))
                .isEqualTo("https://elastic:***@es-1:9200,http://a:***@es-2:9200/path");
        assertThat(Redaction.url("http://localhost:9200")).isEqualTo("http://localhost:9200");
        assertThat(Redaction.url(null)).isNull();
    }

    @Test
    void masksAuthorizationHeadersAndApiKeys() {
        assertThat(Redaction.text("http-outgoing-0 >> Authorization: Basic ZWxhc3RpYzpzM2NyM3Q="))
                .isEqualTo("http-outgoing-0 >> Authorization: Basic ***");
        assertThat(Redaction.text("\"Authorization: ApiKey Zm9vOmJhcg==\"")).isEqualTo("\"Authorization: ApiKey ***\"");
        assertThat(Redaction.text("ELASTICSEARCH_API_KEY=abc:def")).isEqualTo("ELASTICSEARCH_API_KEY=***");
    }

    @Test
    void masksThePasswordOfAJaasLineEscapedQuotesIncluded() {
        assertThat(Redaction.text("sasl.jaas.config=PlainLoginModule required username=\"u\" password=\"a\\\"b c\";"))
                .isEqualTo("sasl.jaas.config=PlainLoginModule required username=\"u\" password=\"***\";");
    }

    @Test
    void aLongWordIsMaskedInLinearTime() {
        // a record key of a foreign producer: before, every start of the word tried every length of a URL's scheme
        String word = "k".repeat(200_000);
        long started = System.nanoTime();
        assertThat(Redaction.text("dead-lettered record " + word + " from articles.raw")).contains(word);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(Redaction.url(word + "https://u:secret@h")).isEqualTo(word + "https://u:***@h");
    }
}
