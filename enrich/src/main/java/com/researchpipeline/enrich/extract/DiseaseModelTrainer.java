package com.researchpipeline.enrich.extract;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import opennlp.tools.dictionary.Dictionary;
import opennlp.tools.ml.BeamSearch;
import opennlp.tools.namefind.BioCodec;
import opennlp.tools.namefind.NameFinderME;
import opennlp.tools.namefind.NameSample;
import opennlp.tools.namefind.TokenNameFinderFactory;
import opennlp.tools.namefind.TokenNameFinderModel;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.Span;
import opennlp.tools.util.StringList;
import opennlp.tools.util.TrainingParameters;

/**
 * Trains the statistical disease finder ({@link DiseaseModelFinder}) from annotated sentences: the NCBI disease
 * corpus's train and devel parts ({@code src/main/training/ncbi/}) and the disease mentions of the project's own
 * articles ({@code src/main/training/*.train}), words split as {@link WordSplitter} splits them. Features are
 * those of {@link DiseaseModelFinder#FEATURES} (token classes, words, prefixes, suffixes and windows of them, and
 * the disease gazetteers as dictionary features). The build runs it at process-classes, after the gazetteers are
 * copied, and skips it while the model is newer than its inputs.
 *
 * <p>usage: DiseaseModelTrainer MODEL_FILE TRAINING_DIR...
 */
public final class DiseaseModelTrainer {

    static final String TYPE = "disease";
    /** Chosen on NCBI devel (trained on train): see README, "Statistical disease model". */
    static final int ITERATIONS = 100;
    static final int CUTOFF = 1;
    /** Beam of the decoder the model is saved with (NameFinderME's default is 3): see README. */
    static final int BEAM_SIZE = 1;

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: DiseaseModelTrainer MODEL_FILE TRAINING_DIR...");
            System.exit(2);
        }
        Path model = Path.of(args[0]);
        List<Path> inputs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            inputs.addAll(trainingFiles(Path.of(args[i])));
        }
        List<Path> stamps = new ArrayList<>(inputs);
        stamps.addAll(resourceFiles());
        for (int i = 1; i < args.length; i++) {
            stamps.add(Path.of(args[i])); // a folder's time changes when a training file is removed from it
        }
        if (Files.exists(model) && Files.getLastModifiedTime(model).compareTo(newest(stamps)) > 0) {
            return;
        }
        long start = System.nanoTime();
        List<NameSample> samples = new ArrayList<>();
        for (Path file : inputs) {
            samples.addAll(read(file));
        }
        TokenNameFinderModel trained = train(samples, ITERATIONS, CUTOFF);
        Files.createDirectories(model.toAbsolutePath().getParent());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(model))) {
            trained.serialize(out);
        }
        System.out.printf("disease model trained on %d sentences in %d s: %s%n", samples.size(),
                (System.nanoTime() - start) / 1_000_000_000L, model);
    }

    static TokenNameFinderModel train(List<NameSample> samples, int iterations, int cutoff) throws IOException {
        DictionarySpanFeatureGeneratorFactory.allowInModels();
        TrainingParameters params = TrainingParameters.defaultParams();
        params.put(TrainingParameters.ITERATIONS_PARAM, iterations);
        params.put(TrainingParameters.CUTOFF_PARAM, cutoff);
        params.put(TrainingParameters.THREADS_PARAM, Runtime.getRuntime().availableProcessors());
        params.put(BeamSearch.BEAM_SIZE_PARAMETER, BEAM_SIZE);
        return NameFinderME.train("en", TYPE, ObjectStreamUtils.createObjectStream(samples), params,
                TokenNameFinderFactory.create(null, descriptor(), Map.of(DiseaseModelFinder.DICTIONARY, dictionary()),
                        new BioCodec()));
    }

    /** Adds every name and variant of gazetteer lines ({@code name | variant ...}, {@code #} comments) to the dictionary. */
    static void addEntries(Dictionary dict, List<String> lines) {
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            for (String entry : line.split("\\|")) {
                List<String> words = WordSplitter.surfaces(entry.strip());
                if (!words.isEmpty()) {
                    dict.put(new StringList(words.toArray(new String[0])));
                }
            }
        }
    }

    /** The disease gazetteers as one case-insensitive dictionary of word sequences: every name and variant. */
    static Dictionary dictionary() {
        Dictionary dict = new Dictionary(false);
        for (String gazetteer : diseaseGazetteers()) {
            addEntries(dict, List.of(resource(gazetteer).split("\n")));
        }
        return dict;
    }

    /** Marks a line of {@code gazetteers.txt} whose names the disease model does not see as a feature. */
    static final String NOT_A_FEATURE = "not-a-model-feature";

    /**
     * The class-path resources of the disease gazetteers the language's {@code gazetteers.txt} lists, less those
     * marked {@link #NOT_A_FEATURE} (a vocabulary drawn from the model's own training mentions would teach it to
     * trust the dictionary feature more than it deserves on unseen text).
     */
    static List<String> diseaseGazetteers() {
        Lexicons lexicons = new Lexicons(EntityExtractor.LANGUAGE);
        List<String> resources = new ArrayList<>();
        for (String line : lexicons.entries("gazetteers")) {
            List<String> parts = List.of(line.split("\\s+"));
            if (parts.get(1).equals("DISEASE") && !parts.contains(NOT_A_FEATURE)) {
                resources.add(Lexicons.ROOT + lexicons.language() + "/" + parts.get(0) + ".txt");
            }
        }
        return resources;
    }

    static byte[] descriptor() {
        return resource(DiseaseModelFinder.FEATURES).getBytes(StandardCharsets.UTF_8);
    }

    /** The disease mentions of one {@code *.train} file; mentions of other types become plain words. */
    static List<NameSample> read(Path file) throws IOException {
        List<NameSample> samples = new ArrayList<>();
        boolean firstOfDocument = true;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                firstOfDocument = true;
                continue;
            }
            NameSample sample = NameSample.parse(line, false);
            List<Span> names = new ArrayList<>();
            for (Span name : sample.getNames()) {
                if (TYPE.equals(name.getType())) {
                    names.add(name);
                }
            }
            samples.add(new NameSample(sample.getSentence(), names.toArray(new Span[0]), firstOfDocument));
            firstOfDocument = false;
        }
        return samples;
    }

    private static List<Path> trainingFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> found = files.filter(f -> f.toString().endsWith(".train")).sorted().toList();
            if (found.isEmpty()) {
                throw new IllegalStateException("no *.train files in " + folder);
            }
            return found;
        }
    }

    /** The descriptor and the disease gazetteers as files, where the class path has them as files. */
    private static List<Path> resourceFiles() {
        List<String> names = new ArrayList<>(List.of(DiseaseModelFinder.FEATURES));
        names.addAll(diseaseGazetteers());
        List<Path> files = new ArrayList<>();
        for (String name : names) {
            java.net.URL url = DiseaseModelTrainer.class.getResource(name);
            if (url != null && "file".equals(url.getProtocol())) {
                try {
                    files.add(Path.of(url.toURI()));
                } catch (java.net.URISyntaxException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return files;
    }

    /** The newest modification time of {@code inputs}: a model older than it is trained again. */
    static FileTime newest(List<Path> inputs) throws IOException {
        FileTime newest = FileTime.fromMillis(0);
        for (Path p : inputs) {
            FileTime t = Files.getLastModifiedTime(p);
            newest = t.compareTo(newest) > 0 ? t : newest;
        }
        return newest;
    }

    private static String resource(String name) {
        try (InputStream in = DiseaseModelTrainer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the class path (run mvn -pl enrich process-classes)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private DiseaseModelTrainer() {
    }
}
