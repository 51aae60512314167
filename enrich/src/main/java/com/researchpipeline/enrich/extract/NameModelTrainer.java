package com.researchpipeline.enrich.extract;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import opennlp.tools.namefind.BioCodec;
import opennlp.tools.namefind.NameFinderME;
import opennlp.tools.namefind.NameSample;
import opennlp.tools.namefind.TokenNameFinderFactory;
import opennlp.tools.namefind.TokenNameFinderModel;
import opennlp.tools.util.ObjectStream;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.TrainingParameters;

/**
 * Trains the name finder model from the project's annotated sentences ({@code *.train} in OpenNLP's name sample
 * format, words split as {@link WordSplitter} splits them). The build runs it (enrich/pom.xml, process-classes)
 * and writes the model into the classes folder, so the model is never committed and always matches its data.
 *
 * <p>usage: NameModelTrainer TRAINING_DIR MODEL_FILE
 */
public final class NameModelTrainer {

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: NameModelTrainer TRAINING_DIR MODEL_FILE");
            System.exit(2);
        }
        Path model = Path.of(args[1]);
        if (Files.exists(model) && Files.getLastModifiedTime(model).compareTo(newest(Path.of(args[0]))) > 0) {
            return;
        }
        List<NameSample> samples = read(Path.of(args[0]));
        TokenNameFinderModel trained = train(samples);
        Files.createDirectories(model.toAbsolutePath().getParent());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(model))) {
            trained.serialize(out);
        }
        System.out.printf("name finder model trained on %d sentences: %s%n", samples.size(), model);
    }

    static TokenNameFinderModel train(List<NameSample> samples) throws IOException {
        TrainingParameters params = TrainingParameters.defaultParams();
        params.put(TrainingParameters.ITERATIONS_PARAM, 120);
        params.put(TrainingParameters.CUTOFF_PARAM, 1);
        ObjectStream<NameSample> stream = ObjectStreamUtils.createObjectStream(samples);
        return NameFinderME.train("en", null, stream, params,
                TokenNameFinderFactory.create(null, null, java.util.Map.of(), new BioCodec()));
    }

    static List<NameSample> read(Path folder) throws IOException {
        List<NameSample> samples = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".train")).sorted().toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        samples.add(NameSample.parse(line, false));
                    }
                }
            }
        }
        if (samples.isEmpty()) {
            throw new IllegalStateException("no *.train sentences in " + folder);
        }
        return samples;
    }

    /** The newest of the folder's files and of the folder itself, whose time changes when a file is removed. */
    private static java.nio.file.attribute.FileTime newest(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> inputs = new ArrayList<>(files.toList());
            inputs.add(folder);
            return DiseaseModelTrainer.newest(inputs);
        }
    }

    private NameModelTrainer() {
    }
}
