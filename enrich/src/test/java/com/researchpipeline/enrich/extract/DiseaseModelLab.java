package com.researchpipeline.enrich.extract;

import com.researchpipeline.contract.Entity;
import com.researchpipeline.contract.EntityType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import opennlp.tools.dictionary.Dictionary;
import opennlp.tools.ml.BeamSearch;
import opennlp.tools.namefind.BilouCodec;
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
 * Experiment harness for the statistical disease model (not product code): converts NCBI-disease standoff
 * files into name samples split as the extractor splits words, trains {@link NameFinderME} with a feature
 * descriptor, and scores strict character spans of model-only, rules-only and combined predictions.
 *
 * <p>usage:
 * <pre>
 * DiseaseModelLab convert STANDOFF_DIR OUT.train            NCBI standoff to name samples (disease only)
 * DiseaseModelLab eval FEATURES.xml ITER CUTOFF CODEC TRAIN_DIRS(,) EVAL_STANDOFF_DIR [OUT_PREFIX]
 * DiseaseModelLab cv FEATURES.xml ITER CUTOFF CODEC K STANDOFF_DIRS(,) EXTRA_TRAIN_DIRS(,)|- [OUT_PREFIX]
 * DiseaseModelLab train FEATURES.xml ITER CUTOFF OUT.bin TRAIN_DIRS(,)   a model, as the build trains it
 * DiseaseModelLab speed [ROUNDS]                          whole enrichment, without and with the model
 * system properties: lab.beam (beam size of the trained model), lab.modelOnly (also score the model alone),
 *   lab.vocabs=NAME=DIR,... (cv: also score with DIR/foldN.txt as a disease gazetteer, made from the other folds),
 *   lab.vocabFeature (cv: also score each such vocabulary as the model's dictionary feature, a model trained per fold),
 *   lab.leaveOut (cv: gazetteers left out of every variant; default the shipped vocabulary disease/diseases-ncbi)
 * </pre>
 */
public final class DiseaseModelLab {

    static final String TYPE = "disease";

    record Doc(String name, String body, AnalyzedText text, Set<String> gold) {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "convert" -> convert(Path.of(args[1]), Path.of(args[2]));
            case "eval" -> {
                EntityExtractor extractor = EntityExtractor.load();
                List<NameSample> train = new ArrayList<>();
                for (String dir : args[5].split(",")) {
                    train.addAll(readTrain(Path.of(dir)));
                }
                List<Doc> eval = readDocs(extractor, Path.of(args[6]));
                TokenNameFinderModel model = train(Path.of(args[1]), Integer.parseInt(args[2]),
                        Integer.parseInt(args[3]), args[4], train);
                List<double[]> conf = new ArrayList<>();
                Map<String, int[]> counts = score(extractor, model, eval, conf);
                report(counts);
                if (args.length > 7) {
                    writeConf(Path.of(args[7] + ".conf.tsv"), conf);
                }
            }
            case "train" -> {
                List<NameSample> train = new ArrayList<>();
                for (String dir : args[5].split(",")) {
                    train.addAll(readTrain(Path.of(dir)));
                }
                try (java.io.OutputStream out = Files.newOutputStream(Path.of(args[4]))) {
                    train(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), "bio", train)
                            .serialize(out);
                }
            }
            case "cv" -> {
                // k folds over the documents of the standoff folders; each fold's model is trained on the other
                // folds (and the extra training files) and scored inside the whole extractor ("pipeline"), as
                // production runs it, beside the extractor without a disease model ("rules")
                // a vocabulary drawn from these documents (lab.leaveOut, the shipped one) is left out of every
                // variant; lab.vocabs=NAME=DIR,... adds DIR/foldN.txt, drawn from the other folds only, as a
                // disease gazetteer ("pipeline+NAME", the same fold model)
                Lexicons lexicons = new Lexicons(EntityExtractor.LANGUAGE);
                Set<String> leaveOut = Set.of(System.getProperty("lab.leaveOut", "disease/diseases-ncbi").split(","));
                EntityExtractor extractor = EntityExtractor.load().withGazetteer(
                        EntityExtractor.gazetteer(lexicons, leaveOut));
                EntityExtractor rulesOnly = extractor.withDiseaseModel(null);
                Map<String, Path> vocabs = new LinkedHashMap<>();
                for (String v : System.getProperty("lab.vocabs", "").split(",")) {
                    if (!v.isEmpty()) {
                        vocabs.put(v.substring(0, v.indexOf('=')), Path.of(v.substring(v.indexOf('=') + 1)));
                    }
                }
                int k = Integer.parseInt(args[5]);
                List<Doc> docs = new ArrayList<>();
                for (String dir : args[6].split(",")) {
                    docs.addAll(readDocs(extractor, Path.of(dir)));
                }
                List<NameSample> extra = new ArrayList<>();
                if (!args[7].equals("-")) {
                    for (String dir : args[7].split(",")) {
                        extra.addAll(readTrain(Path.of(dir)));
                    }
                }
                Map<String, int[]> total = new TreeMap<>();
                Map<String, double[]> foldMeans = new TreeMap<>();
                List<double[]> conf = new ArrayList<>();
                for (int fold = 0; fold < k; fold++) {
                    List<NameSample> train = new ArrayList<>(extra);
                    List<Doc> test = new ArrayList<>();
                    for (int i = 0; i < docs.size(); i++) {
                        if (i % k == fold) {
                            test.add(docs.get(i));
                        } else {
                            train.addAll(samples(docs.get(i)));
                        }
                    }
                    TokenNameFinderModel model = train(Path.of(args[1]), Integer.parseInt(args[2]),
                            Integer.parseInt(args[3]), args[4], train);
                    Map<String, int[]> counts = new LinkedHashMap<>();
                    long t0 = System.nanoTime();
                    for (String beam : System.getProperty("lab.beams", "3").split(",")) {
                        counts.putAll(scorePipeline("pipeline-beam" + beam,
                                extractor.withDiseaseModel(withBeam(model, Integer.parseInt(beam))), test));
                    }
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    for (Map.Entry<String, Path> vocab : vocabs.entrySet()) {
                        List<String> lines = Files.readAllLines(vocab.getValue().resolve("fold" + fold + ".txt"))
                                .stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
                        Gazetteer gazetteer = EntityExtractor.gazetteer(lexicons, leaveOut);
                        gazetteer.load(lines, EntityType.DISEASE, true);
                        EntityExtractor with = extractor.withGazetteer(gazetteer);
                        counts.putAll(scorePipeline("pipeline+" + vocab.getKey(), with.withDiseaseModel(
                                withBeam(model, 1)), test));
                        counts.putAll(scorePipeline("rules+" + vocab.getKey(), with.withDiseaseModel(null), test));
                        if (Boolean.getBoolean("lab.vocabFeature")) {
                            // the vocabulary as the model's dictionary feature only (no gazetteer): the fold's training
                            // documents' own mentions are in it (as they would be in the shipped model), the scored
                            // fold's are not
                            TokenNameFinderModel featured = train(Path.of(args[1]), Integer.parseInt(args[2]),
                                    Integer.parseInt(args[3]), args[4], train, lines);
                            counts.putAll(scorePipeline("feature+" + vocab.getKey(), extractor.withDiseaseModel(
                                    withBeam(featured, 1)), test));
                        }
                    }
                    counts.putAll(scorePipeline("rules", rulesOnly, test));
                    if (Boolean.getBoolean("lab.modelOnly")) {
                        counts.putAll(score(extractor, model, test, conf));
                    }
                    System.out.printf(Locale.ROOT, "fold %d (%d documents; pipeline extraction %.1f s)%n", fold,
                            test.size(), seconds);
                    report(counts);
                    counts.forEach((key, c) -> {
                        int[] t = total.computeIfAbsent(key, x -> new int[3]);
                        double[] m = foldMeans.computeIfAbsent(key, x -> new double[3]);
                        double[] prf = prf(c);
                        for (int j = 0; j < 3; j++) {
                            t[j] += c[j];
                            m[j] += prf[j] / k;
                        }
                    });
                }
                System.out.println("== cross-validation, pooled over folds");
                report(total);
                System.out.println("== cross-validation, mean of the folds' precision, recall and F1");
                foldMeans.forEach((key, m) -> System.out.printf(Locale.ROOT, "%-26s P %.3f R %.3f F1 %.3f%n", key,
                        m[0], m[1], m[2]));
                if (args.length > 8) {
                    writeConf(Path.of(args[8] + ".conf.tsv"), conf);
                }
            }
            case "speed" -> {
                // whole enrichment without the disease model and with the shipped model decoded at each beam size
                // (lab.beams, default 3,1), rounds interleaved in one JVM and timed in thread CPU time, so that
                // other work on the machine counts as little as it can
                EntityExtractor extractor = EntityExtractor.load();
                TokenNameFinderModel shipped = EntityExtractor.diseaseModel(new Lexicons(EntityExtractor.LANGUAGE));
                Map<String, EntityExtractor> variants = new LinkedHashMap<>();
                variants.put("no disease model", extractor.withDiseaseModel(null));
                for (String beam : System.getProperty("lab.beams", "3,1").split(",")) {
                    variants.put("model, beam " + beam, extractor.withDiseaseModel(withBeam(shipped,
                            Integer.parseInt(beam))));
                }
                for (String file : System.getProperty("lab.models", "").split(",")) {
                    if (!file.isEmpty()) {
                        variants.put("model " + Path.of(file).getFileName(), extractor.withDiseaseModel(
                                new TokenNameFinderModel(Path.of(file))));
                    }
                }
                // descriptors that generate the same features as the model's own, faster
                for (String descriptor : System.getProperty("lab.descriptors", "").split(",")) {
                    for (String beam : descriptor.isEmpty() ? new String[0] : System.getProperty("lab.beams", "3,1").split(",")) {
                        variants.put("model, beam " + beam + ", " + Path.of(descriptor).getFileName(),
                                extractor.withDiseaseModel(rewritten(shipped, Integer.parseInt(beam),
                                        Files.readAllBytes(Path.of(descriptor)))));
                    }
                }
                java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
                List<String> bodies = benchmarkArticles();
                List<AnalyzedText> texts = new ArrayList<>();
                int tokens = 0;
                for (String body : bodies) {
                    AnalyzedText t = extractor.analyze(body);
                    texts.add(t);
                    tokens += t.tokenCount();
                }
                int rounds = Integer.parseInt(args.length > 1 ? args[1] : "12");
                Map<String, List<Double>> rates = new LinkedHashMap<>();
                for (int round = 0; round < rounds; round++) {
                    for (Map.Entry<String, EntityExtractor> v : variants.entrySet()) {
                        long t0 = mx.getCurrentThreadCpuTime();
                        for (int repeat = 0; repeat < 3; repeat++) {
                            for (String body : bodies) {
                                v.getValue().extract(body);
                            }
                        }
                        double rate = 3.0 * tokens / ((mx.getCurrentThreadCpuTime() - t0) / 1e9);
                        if (round >= rounds / 3) { // the first third warms up
                            rates.computeIfAbsent(v.getKey(), x -> new ArrayList<>()).add(rate);
                        }
                    }
                }
                rates.forEach((key, list) -> {
                    List<Double> sorted = list.stream().sorted().toList();
                    System.out.printf(Locale.ROOT, "%-40s median %,.0f tokens/CPU-s (min %,.0f, max %,.0f; %d rounds)%n",
                            key, sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1),
                            sorted.size());
                });
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static void convert(Path standoff, Path out) throws IOException {
        Lexicons lexicons = new Lexicons(EntityExtractor.LANGUAGE);
        TextAnalyzer analyzer = EntityExtractor.analyzer(lexicons, new LegalForms(lexicons));
        List<Doc> docs = readDocs(analyzer::analyze, standoff);
        StringBuilder sb = new StringBuilder();
        for (Doc doc : docs) {
            for (NameSample s : samples(doc)) {
                sb.append(s.toString()).append('\n');
            }
            sb.append('\n');
        }
        Files.writeString(out, sb.toString(), StandardCharsets.UTF_8);
    }

    static List<Doc> readDocs(EntityExtractor extractor, Path dir) throws IOException {
        return readDocs(extractor::analyze, dir);
    }

    static List<Doc> readDocs(java.util.function.Function<String, AnalyzedText> analyzer, Path dir) throws IOException {
        List<Doc> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path txt : files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                String body = Files.readString(txt, StandardCharsets.UTF_8);
                Path ann = Path.of(txt.toString().replaceAll("\\.txt$", ".ann"));
                Set<String> gold = new TreeSet<>();
                for (String line : Files.readAllLines(ann, StandardCharsets.UTF_8)) {
                    if (line.startsWith("T")) {
                        String[] info = line.split("\t")[1].split(" ");
                        gold.add(info[1] + ":" + info[2]);
                    }
                }
                docs.add(new Doc(txt.getFileName().toString(), body, analyzer.apply(body), gold));
            }
        }
        return docs;
    }

    static int misaligned;

    /** One name sample a sentence; gold spans that do not fall on word boundaries within a sentence are dropped. */
    static List<NameSample> samples(Doc doc) {
        AnalyzedText text = doc.text();
        Map<Integer, Integer> startWord = new HashMap<>();
        Map<Integer, Integer> endWord = new HashMap<>();
        for (int i = 0; i < text.size(); i++) {
            startWord.put(text.word(i).start(), i);
            endWord.put(text.word(i).end(), i + 1);
        }
        List<int[]> spans = new ArrayList<>();
        for (String g : doc.gold()) {
            String[] se = g.split(":");
            Integer from = startWord.get(Integer.parseInt(se[0]));
            Integer to = endWord.get(Integer.parseInt(se[1]));
            if (from == null || to == null || to <= from || !text.sameSentence(from, to - 1)) {
                misaligned++;
                continue;
            }
            spans.add(new int[] {from, to});
        }
        spans.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(b[1], a[1]));
        List<NameSample> out = new ArrayList<>();
        boolean first = true;
        for (AnalyzedText.Sentence sentence : text.sentences()) {
            int start = sentence.start();
            int end = sentence.end();
            List<Span> names = new ArrayList<>();
            int last = -1;
            for (int[] s : spans) {
                if (s[0] >= start && s[1] <= end && s[0] >= last) {
                    names.add(new Span(s[0] - start, s[1] - start, TYPE));
                    last = s[1];
                }
            }
            out.add(new NameSample(sentence.tokens(), names.toArray(new Span[0]), first));
            first = false;
        }
        return out;
    }

    static List<NameSample> readTrain(Path dirOrFile) throws IOException {
        List<NameSample> samples = new ArrayList<>();
        List<Path> files;
        if (Files.isDirectory(dirOrFile)) {
            try (Stream<Path> s = Files.list(dirOrFile)) {
                files = s.filter(f -> f.toString().endsWith(".train")).sorted().toList();
            }
        } else {
            files = List.of(dirOrFile);
        }
        for (Path f : files) {
            samples.addAll(DiseaseModelTrainer.read(f));
        }
        return samples;
    }

    static TokenNameFinderModel train(Path features, int iterations, int cutoff, String codec,
                                      List<NameSample> samples) throws IOException {
        return train(features, iterations, cutoff, codec, samples, List.of());
    }

    /** {@code dictionaryLines}: gazetteer lines added to the disease gazetteers' dictionary feature. */
    static TokenNameFinderModel train(Path features, int iterations, int cutoff, String codec,
                                      List<NameSample> samples, List<String> dictionaryLines) throws IOException {
        long t0 = System.nanoTime();
        DictionarySpanFeatureGeneratorFactory.allowInModels();
        TrainingParameters params = TrainingParameters.defaultParams();
        params.put(TrainingParameters.ITERATIONS_PARAM, iterations);
        params.put(TrainingParameters.CUTOFF_PARAM, cutoff);
        params.put(TrainingParameters.THREADS_PARAM, Runtime.getRuntime().availableProcessors());
        params.put(BeamSearch.BEAM_SIZE_PARAMETER, Integer.getInteger("lab.beam", DiseaseModelTrainer.BEAM_SIZE));
        if (codec.endsWith("-perceptron")) {
            params.put(TrainingParameters.ALGORITHM_PARAM, "PERCEPTRON");
        }
        Map<String, Object> resources = new HashMap<>();
        Dictionary dictionary = DiseaseModelTrainer.dictionary();
        DiseaseModelTrainer.addEntries(dictionary, dictionaryLines);
        resources.put(DiseaseModelFinder.DICTIONARY, dictionary);
        String extra = System.getProperty("lab.dict");
        if (extra != null) {
            Dictionary dict = new Dictionary(false);
            DiseaseModelTrainer.addEntries(dict, Files.readAllLines(Path.of(extra), StandardCharsets.UTF_8));
            resources.put("ncbi.dict", dict);
        }
        byte[] descriptor = Files.readAllBytes(features);
        TokenNameFinderModel model = NameFinderME.train("en", null, ObjectStreamUtils.createObjectStream(samples),
                params, TokenNameFinderFactory.create(null, descriptor, resources,
                        codec.startsWith("bilou") ? new BilouCodec() : new BioCodec()));
        System.out.printf(Locale.ROOT, "trained on %d sentences in %.1f s%n", samples.size(),
                (System.nanoTime() - t0) / 1e9);
        return model;
    }

    /** The same model saved with another decoder beam (the manifest's BeamSize; the weights are the same). */
    static TokenNameFinderModel withBeam(TokenNameFinderModel model, int beam) throws IOException {
        return rewritten(model, beam, null);
    }

    /**
     * The same weights with another decoder beam and, unless null, another feature descriptor (which must generate
     * the same features, as a faster implementation of the same generator does).
     */
    static TokenNameFinderModel rewritten(TokenNameFinderModel model, int beam, byte[] descriptor) throws IOException {
        DictionarySpanFeatureGeneratorFactory.allowInModels();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        model.serialize(bytes);
        java.io.ByteArrayOutputStream rewritten = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()));
             java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(rewritten)) {
            for (java.util.zip.ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] data = in.readAllBytes();
                if (e.getName().equals("manifest.properties")) {
                    java.util.Properties manifest = new java.util.Properties();
                    manifest.load(new java.io.ByteArrayInputStream(data));
                    manifest.setProperty(BeamSearch.BEAM_SIZE_PARAMETER, Integer.toString(beam));
                    java.io.ByteArrayOutputStream m = new java.io.ByteArrayOutputStream();
                    manifest.store(m, null);
                    data = m.toByteArray();
                } else if (e.getName().endsWith(".featuregen") && descriptor != null) {
                    data = descriptor;
                }
                out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                out.write(data);
                out.closeEntry();
            }
        }
        return new TokenNameFinderModel(new java.io.ByteArrayInputStream(rewritten.toByteArray()));
    }

    /** Strict disease spans of the whole extractor against the gold, counted as {tp, predicted, gold}. */
    static Map<String, int[]> scorePipeline(String key, EntityExtractor extractor, List<Doc> docs) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (Doc doc : docs) {
            List<int[]> found = new ArrayList<>();
            for (Entity e : extractor.extract(doc.text())) {
                if (e.type() == EntityType.DISEASE) {
                    found.add(new int[] {e.start(), e.end()});
                }
            }
            add(counts, key, spans(found), doc.gold());
        }
        return counts;
    }

    static double[] prf(int[] c) {
        double p = c[1] == 0 ? 0 : (double) c[0] / c[1];
        double r = c[2] == 0 ? 0 : (double) c[0] / c[2];
        return new double[] {p, r, p + r == 0 ? 0 : 2 * p * r / (p + r)};
    }

    static final double[] THRESHOLDS = {0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95};

    /** counts per configuration: {tp, predicted, gold}. conf rows: {probability, correct, fromRules}. */
    static Map<String, int[]> score(EntityExtractor extractor, TokenNameFinderModel model, List<Doc> docs,
                                    List<double[]> conf) {
        NameFinderME finder = new NameFinderME(model);
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (Doc doc : docs) {
            AnalyzedText text = doc.text();
            // rules (the whole extractor as it is today), disease spans
            List<int[]> rules = new ArrayList<>();
            for (Entity e : extractor.extract(doc.body())) {
                if (e.type() == EntityType.DISEASE) {
                    rules.add(new int[] {e.start(), e.end()});
                }
            }
            // model spans with probability
            List<double[]> modelSpans = new ArrayList<>();
            finder.clearAdaptiveData();
            for (AnalyzedText.Sentence sentence : text.sentences()) {
                int start = sentence.start();
                for (Span s : finder.find(sentence.tokens())) {
                    modelSpans.add(new double[] {text.word(start + s.getStart()).start(),
                            text.word(start + s.getEnd() - 1).end(), s.getProb()});
                }
            }
            for (double[] m : modelSpans) {
                String key = (int) m[0] + ":" + (int) m[1];
                boolean inRules = rules.stream().anyMatch(r -> r[0] == (int) m[0] && r[1] == (int) m[1]);
                conf.add(new double[] {m[2], doc.gold().contains(key) ? 1 : 0, inRules ? 1 : 0});
            }
            add(counts, "rules", spans(rules), doc.gold());
            for (double t : THRESHOLDS) {
                List<int[]> model1 = new ArrayList<>();
                for (double[] m : modelSpans) {
                    if (m[2] >= t) {
                        model1.add(new int[] {(int) m[0], (int) m[1]});
                    }
                }
                String tag = String.format(Locale.ROOT, "%.2f", t);
                add(counts, "model@" + tag, spans(model1), doc.gold());
                // rules first, model fills gaps
                List<int[]> gap = new ArrayList<>(rules);
                for (int[] m : model1) {
                    if (rules.stream().noneMatch(r -> r[0] < m[1] && m[0] < r[1])) {
                        gap.add(m);
                    }
                }
                add(counts, "rules+modelgap@" + tag, spans(gap), doc.gold());
                // model first, rules fill gaps
                List<int[]> mf = new ArrayList<>(model1);
                for (int[] r : rules) {
                    if (model1.stream().noneMatch(m -> r[0] < m[1] && m[0] < r[1])) {
                        mf.add(r);
                    }
                }
                add(counts, "model+rulesgap@" + tag, spans(mf), doc.gold());
                // longest wins among overlapping
                List<int[]> all = new ArrayList<>(rules);
                all.addAll(model1);
                all.sort((a, b) -> Integer.compare(b[1] - b[0], a[1] - a[0]));
                List<int[]> longest = new ArrayList<>();
                for (int[] c : all) {
                    if (longest.stream().noneMatch(l -> c[0] < l[1] && l[0] < c[1])) {
                        longest.add(c);
                    }
                }
                add(counts, "longest@" + tag, spans(longest), doc.gold());
            }
        }
        return counts;
    }

    private static Set<String> spans(List<int[]> list) {
        Set<String> out = new TreeSet<>();
        for (int[] s : list) {
            out.add(s[0] + ":" + s[1]);
        }
        return out;
    }

    private static void add(Map<String, int[]> counts, String key, Set<String> predicted, Set<String> gold) {
        int[] c = counts.computeIfAbsent(key, k -> new int[3]);
        for (String p : predicted) {
            if (gold.contains(p)) {
                c[0]++;
            }
        }
        c[1] += predicted.size();
        c[2] += gold.size();
    }

    static void report(Map<String, int[]> counts) {
        counts.forEach((key, c) -> {
            double p = c[1] == 0 ? 0 : (double) c[0] / c[1];
            double r = c[2] == 0 ? 0 : (double) c[0] / c[2];
            double f = p + r == 0 ? 0 : 2 * p * r / (p + r);
            System.out.printf(Locale.ROOT, "%-26s P %.3f R %.3f F1 %.3f  (tp %d pred %d gold %d)%n", key, p, r, f,
                    c[0], c[1], c[2]);
        });
        System.out.flush();
    }

    static void writeConf(Path out, List<double[]> conf) throws IOException {
        StringBuilder sb = new StringBuilder("probability\tcorrect\tin_rules\n");
        for (double[] c : conf) {
            sb.append(String.format(Locale.ROOT, "%.4f\t%d\t%d%n", c[0], (int) c[1], (int) c[2]));
        }
        Files.writeString(out, sb.toString());
    }

    /** The benchmark articles (tools module), as {@code bin/pipeline benchmark} reads them. */
    private static List<String> benchmarkArticles() throws IOException {
        List<String> bodies = new ArrayList<>();
        for (String name : Files.readAllLines(RecordedOutputTest.BENCHMARK.resolve("index.txt"))) {
            if (!name.isBlank()) {
                bodies.add(Files.readString(RecordedOutputTest.BENCHMARK.resolve(name.strip())));
            }
        }
        return bodies;
    }

    private DiseaseModelLab() {
    }
}
