package com.researchpipeline.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import opennlp.tools.langdetect.Language;
import opennlp.tools.langdetect.LanguageDetectorME;
import opennlp.tools.langdetect.LanguageDetectorModel;

/**
 * The language of a text as an ISO 639-3 code, from OpenNLP's language detector model
 * ({@code opennlp-models-langdetect}), or {@code "und"} when the text has too few letters to tell. The
 * model's best guess is taken as it is: its confidences are small even when right (0.02–0.05 for a
 * sentence), so a threshold on them would mostly discard correct answers.
 * The model (10 MB) is loaded once per JVM, on first use. Thread-safe.
 */
final class LanguageGuesser {

    static final String UNDETERMINED = "und";
    private static final String MODEL = "/langdetect-183.bin";
    private static final int MIN_LETTERS = 20;
    /** The detector's cost grows with the text; a couple of paragraphs decide the language as well as a book. */
    private static final int SAMPLE = 2_000;

    String guess(String text) {
        String sample = text.length() > SAMPLE ? text.substring(0, SAMPLE) : text;
        if (sample.codePoints().filter(Character::isLetter).limit(MIN_LETTERS).count() < MIN_LETTERS) {
            return UNDETERMINED;
        }
        Language[] ranked = Holder.DETECTOR.get().predictLanguages(sample);
        if (ranked.length == 0) {
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
