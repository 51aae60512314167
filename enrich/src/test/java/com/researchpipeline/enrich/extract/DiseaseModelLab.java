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
 * DiseaseModelLab cv FEATURES.xml ITER CUTOFF CODEC K STANDOFF_DIRS(,) EXTRA_TRAIN_DIRS(,) [OUT_PREFIX]
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
            case "cv" -> {
                EntityExtractor extractor = EntityExtractor.load();
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
                    Map<String, int[]> counts = score(extractor, model, test, conf);
                    System.out.println("fold " + fold);
                    report(counts);
                    counts.forEach((key, c) -> {
                        int[] t = total.computeIfAbsent(key, x -> new int[3]);
                        for (int j = 0; j < 3; j++) {
                            t[j] += c[j];
                        }
                    });
                }
                System.out.println("== cross-validation total");
                report(total);
                if (args.length > 8) {
                    writeConf(Path.of(args[8] + ".conf.tsv"), conf);
                }
            }
            case "speed" -> {
                // thread CPU time, so that other work on the machine does not count
                EntityExtractor extractor = EntityExtractor.load();
                Lexicons lexicons = new Lexicons(EntityExtractor.LANGUAGE);
                DiseaseModelFinder model = new DiseaseModelFinder(EntityExtractor.diseaseModel(lexicons), new Vocabulary(lexicons));
                java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
                List<AnalyzedText> texts = new ArrayList<>();
                int tokens = 0;
                for (String body : benchmarkArticles()) {
                    AnalyzedText t = extractor.analyze(body);
                    texts.add(t);
                    tokens += t.tokenCount();
                }
                for (int round = 0; round < 4; round++) {
                    long t0 = mx.getCurrentThreadCpuTime();
                    for (String body : benchmarkArticles()) {
                        extractor.extract(body);
                    }
                    long t1 = mx.getCurrentThreadCpuTime();
                    for (AnalyzedText t : texts) {
                        model.apply(t, new ArrayList<>());
                    }
                    long t2 = mx.getCurrentThreadCpuTime();
                    System.out.printf(Locale.ROOT, "round %d: whole enrichment %.0f tokens/CPU-s; disease model "
                            + "%.1f%% of it%n", round, tokens / ((t1 - t0) / 1e9), 100.0 * (t2 - t1) / (t1 - t0));
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static void convert(Path standoff, Path out) throws IOException {
        TextAnalyzer analyzer = EntityExtractor.analyzer(new Lexicons(EntityExtractor.LANGUAGE));
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
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                NameSample s = NameSample.parse(line, false);
                List<Span> names = new ArrayList<>();
                for (Span n : s.getNames()) {
                    if (TYPE.equals(n.getType())) {
                        names.add(n);
                    }
                }
                samples.add(new NameSample(s.getSentence(), names.toArray(new Span[0]), false));
            }
        }
        return samples;
    }

    static TokenNameFinderModel train(Path features, int iterations, int cutoff, String codec,
                                      List<NameSample> samples) throws IOException {
        long t0 = System.nanoTime();
        TrainingParameters params = TrainingParameters.defaultParams();
        params.put(TrainingParameters.ITERATIONS_PARAM, iterations);
        params.put(TrainingParameters.CUTOFF_PARAM, cutoff);
        if (codec.endsWith("-perceptron")) {
            params.put(TrainingParameters.ALGORITHM_PARAM, "PERCEPTRON");
        }
        Map<String, Object> resources = new HashMap<>();
        resources.put(DiseaseModelFinder.DICTIONARY, DiseaseModelTrainer.dictionary());
        String extra = System.getProperty("lab.dict");
        if (extra != null) {
            Dictionary dict = new Dictionary(false);
            for (String line : Files.readAllLines(Path.of(extra), StandardCharsets.UTF_8)) {
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

    private DiseaseModelLab() {
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
}
