package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The log configuration every stage ships with masks secrets that reach it anyway, in messages and exceptions,
 * and keeps the HTTP clients' header loggers quiet even when everything else is at DEBUG.
 */
class LogConfigRedactionTest {

    @ParameterizedTest
    @ValueSource(strings = {"runner", "publish", "enrich", "ingest"})
    void masksUrlPasswordsAuthorizationValuesAndApiKeys(String module) {
        Path config = Path.of("..", module, "src", "main", "resources", "log4j2.xml").toAbsolutePath().normalize();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        LoggerContext context = Configurator.initialize("redaction-" + module, null, config.toUri());
        try {
            Logger app = context.getLogger("com.researchpipeline.publish.Anything");
            app.error("connecting to https://elastic:s3cr3t-url@es-1:9200 and http://u:pw-two@es-2:9200");
            app.error("sending Authorization: Basic ZWxhc3RpYzpzM2NyM3QtYmFzaWM= and ApiKey",
                    new IllegalStateException("ELASTICSEARCH_API_KEY=keyid:s3cr3t-key refused at https://a:s3cr3t-ex@h"));
            app.error("header \"Authorization: ApiKey a2V5aWQ6czNjcjN0LWtleQ==\"");
            context.getLogger("org.apache.hc.client5.http.headers").error("still shown at ERROR");
            context.getLogger("org.apache.hc.client5.http.headers").debug("http-outgoing-0 >> Authorization: Basic X");
        } finally {
            Configurator.shutdown(context);
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("https://elastic:***@es-1:9200", "http://u:***@es-2:9200",
                "Authorization: Basic ***", "ELASTICSEARCH_API_KEY=***", "https://a:***@h", "still shown at ERROR",
                "IllegalStateException");
        assertThat(output).doesNotContain("s3cr3t", "pw-two", "ZWxhc3RpYzpzM2NyM3QtYmFzaWM", "a2V5aWQ6czNjcjN0LWtleQ",
                "http-outgoing-0");
    }
}
