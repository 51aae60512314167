package com.researchpipeline.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions and paths the build stamped into {@code infra.properties}. */
final class InfraProperties {

    private static final Properties PROPERTIES = load();

    static String get(String key) {
        String value = PROPERTIES.getProperty(key);
        if (value == null || value.startsWith("${")) {
            throw new IllegalStateException("infra.properties has no value for " + key
                    + ": build the project with Maven (bin/pipeline does) so the build can fill it in");
        }
        return value;
    }

    private static Properties load() {
        try (InputStream in = InfraProperties.class.getResourceAsStream("infra.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private InfraProperties() {
    }
}
