package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The log configuration every stage ships with masks secrets that reach it anyway, in messages and exceptions,
 * and keeps the HTTP clients' header loggers at WARN whatever {@code PIPELINE_LOG_LEVEL} says.
 */
class LogConfigRedactionTest {

    @ParameterizedTest
    @ValueSource(strings = {"runner", "publish", "enrich", "ingest"})
    void masksUrlPasswordsAuthorizationValuesAndApiKeys(String module) {
        Path file = Path.of("..", module, "src", "main", "resources", "log4j2.xml").toAbsolutePath().normalize();
        // a context of its own: the JVM's default one belongs to the test configuration
        LoggerContext context = new LoggerContext("redaction-" + module, null, file.toUri());
        context.start();
        try {
            Configuration config = context.getConfiguration();
            assertThat(config.getName()).as("loaded " + file).isNotEqualTo("Default");
            assertThat(config.getAppenders()).isNotEmpty();
            String output = "";
            for (Appender appender : config.getAppenders().values()) {
                Layout<?> layout = appender.getLayout();
                output += format(layout, "connecting to https://elastic:s3cr3t-url@es-1:9200 and http://u:pw-two@es-2:9200",
                        null);
                output += format(layout, "sending Authorization: Basic ZWxhc3RpYzpzM2NyM3QtYmFzaWM= and ApiKey",
                        new IllegalStateException("ELASTICSEARCH_API_KEY=keyid:s3cr3t-key refused at https://a:s3cr3t-ex@h"));
                output += format(layout, "http-outgoing-0 >> \"Authorization: ApiKey a2V5aWQ6czNjcjN0LWtleQ==[\\r][\\n]\"",
                        null);
                output += format(layout, "sasl.jaas.config = PlainLoginModule required username=\"u\" "
                        + "password=\"s3cr3t-\\\"jaas\";", null);
            }
            assertThat(output).contains("https://elastic:***@es-1:9200", "http://u:***@es-2:9200",
                    "Authorization: Basic ***", "ELASTICSEARCH_API_KEY=***", "https://a:***@h", "Authorization: ApiKey ***",
                    "IllegalStateException", "and ApiKey", "password=\"***\";");
            assertThat(output).doesNotContain("s3cr3t", "pw-two", "ZWxhc3RpYzpzM2NyM3QtYmFzaWM", "a2V5aWQ6czNjcjN0LWtleQ");
            for (String logger : new String[] {"org.apache.hc.client5.http.headers", "org.apache.hc.client5.http.wire",
                    "org.apache.http.headers", "co.elastic.clients.transport", "tracer"}) {
                assertThat(config.getLoggerConfig(logger).getLevel().isMoreSpecificThan(Level.WARN))
                        .as(logger + " at WARN or above in " + module).isTrue();
            }
        } finally {
            context.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"runner", "publish", "enrich", "ingest"})
    void formatsALineHoldingALongWordInLinearTime(String module) {
        // a record key of 200,000 letters in a dead letter's WARN held enrich's loop for 4.6 minutes (8 MB: days)
        Path file = Path.of("..", module, "src", "main", "resources", "log4j2.xml").toAbsolutePath().normalize();
        LoggerContext context = new LoggerContext("long-word-" + module, null, file.toUri());
        context.start();
        try {
            String word = "k".repeat(200_000);
            for (Appender appender : context.getConfiguration().getAppenders().values()) {
                long started = System.nanoTime();
                String line = format(appender.getLayout(), "enrich dead-lettered record " + word + " from articles.raw-1@0",
                        null);
                assertThat(line).contains(word);
                assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
                        .isLessThan(java.time.Duration.ofSeconds(10));
            }
        } finally {
            context.stop();
        }
    }

    private static String format(Layout<?> layout, String message, Throwable thrown) {
        var event = Log4jLogEvent.newBuilder().setLoggerName("com.researchpipeline.Anything").setLevel(Level.ERROR)
                .setMessage(new SimpleMessage(message)).setThrown(thrown).build();
        return new String(layout.toByteArray(event), java.nio.charset.StandardCharsets.UTF_8);
    }
}
