package com.researchpipeline.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of the pipeline build, as Maven stamped it. */
public final class PipelineVersion {

    private static final String VERSION = load();

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = PipelineVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("pipeline.version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private PipelineVersion() {
    }
}
