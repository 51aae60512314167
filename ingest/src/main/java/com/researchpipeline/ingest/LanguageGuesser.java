package com.researchpipeline.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import opennlp.tools.langdetect.Language;
import opennlp.tools.langdetect.LanguageDetectorME;
import opennlp.tools.langdetect.LanguageDetectorModel;

/**
 * The language of a text as an ISO 639-3 code, from OpenNLP's language detector model
 * ({@code opennlp-models-langdetect}), or {@code "und"} when the text is too short or the model unsure.
 * The model (10 MB) is loaded once per JVM, on first use. Thread-safe.
 */
final class LanguageGuesser {

    static final String UNDETERMINED = "und";
    private static final String MODEL = "/langdetect-183.bin";
    private static final int MIN_LETTERS = 20;
    private static final int SAMPLE = 10_000;
    /** Below this the best guess is hardly better than the runner-up. */
    private static final double MIN_MARGIN = 1.5;

    String guess(String text) {
        String sample = text.length() > SAMPLE ? text.substring(0, SAMPLE) : text;
        if (sample.codePoints().filter(Character::isLetter).limit(MIN_LETTERS).count() < MIN_LETTERS) {
            return UNDETERMINED;
        }
        Language[] ranked = Holder.DETECTOR.get().predictLanguages(sample);
        if (ranked.length == 0) {
            return UNDETERMINED;
        }
        if (ranked.length > 1 && ranked[0].getConfidence() < ranked[1].getConfidence() * MIN_MARGIN) {
            return UNDETERMINED;
        }
        return ranked[0].getLang();
    }

    /** LanguageDetectorME keeps per-call state, so each thread gets its own over the shared model. */
    private static final class Holder {
        private static final LanguageDetectorModel MODEL_DATA = load();
        private static final ThreadLocal<LanguageDetectorME> DETECTOR =
                ThreadLocal.withInitial(() -> new LanguageDetectorME(MODEL_DATA));

        private static LanguageDetectorModel load() {
            try (InputStream in = LanguageGuesser.class.getResourceAsStream(MODEL)) {
                if (in == null) {
                    throw new IllegalStateException("OpenNLP language model " + MODEL
                            + " is not on the class path: add org.apache.opennlp:opennlp-models-langdetect");
                }
                return new LanguageDetectorModel(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load OpenNLP language model " + MODEL, e);
            }
        }
    }
}
