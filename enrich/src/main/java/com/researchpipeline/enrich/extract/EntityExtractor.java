package com.researchpipeline.enrich.extract;

import com.researchpipeline.contract.Entity;
import com.researchpipeline.contract.EntityType;
import com.researchpipeline.contract.PipelineVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import opennlp.tools.namefind.TokenNameFinderModel;
import opennlp.tools.postag.POSModel;
import opennlp.tools.sentdetect.SentenceModel;
import opennlp.tools.tokenize.TokenizerModel;

/**
 * Finds institutions, therapies and diseases in an article body. OpenNLP cuts sentences and tokens and tags
 * parts of speech; curated gazetteers, rules for names never seen before and an abbreviation linker propose
 * candidates; the longest span wins and nothing nests.
 *
 * <p>{@link #load()} reads every model and gazetteer once (about a second); keep one instance per process.
 * {@link #extract} is thread-safe: the models are shared and the OpenNLP {@code *ME} objects are kept per thread.
 * Entities come ordered by start, never overlap, and {@code text} equals {@code body.substring(start, end)}.
 */
public final class EntityExtractor {

    static final String SENTENCE_MODEL = "/opennlp-en-ud-ewt-sentence-1.3-2.5.4.bin";
    static final String TOKEN_MODEL = "/opennlp-en-ud-ewt-tokens-1.3-2.5.4.bin";
    static final String POS_MODEL = "/opennlp-en-ud-ewt-pos-1.3-2.5.4.bin";
    static final String[][] GAZETTEERS = {
            {"diseases.txt", "DISEASE", "plural"},
            {"diseases-wordnet.txt", "DISEASE", "plural"},
            {"diseases-curated.txt", "DISEASE", "plural"},
            {"therapies.txt", "THERAPY", "plural"},
            {"institutions.txt", "INSTITUTION", ""},
            {"institutions-curated.txt", "INSTITUTION", ""},
    };

    private final TextAnalyzer analyzer;
    private final List<CandidateFinder> finders;
    private final ModelFinder modelFinder;
    private final DiseaseModelFinder diseaseModel;
    private final Calibration calibration;
    private final String modelVersion;

    private EntityExtractor(TextAnalyzer analyzer, List<CandidateFinder> finders, ModelFinder modelFinder,
                            DiseaseModelFinder diseaseModel, Calibration calibration, String modelVersion) {
        this.analyzer = analyzer;
        this.finders = finders;
        this.modelFinder = modelFinder;
        this.diseaseModel = diseaseModel;
        this.calibration = calibration;
        this.modelVersion = modelVersion;
    }

    /** Loads the OpenNLP models and the gazetteers from the class path. */
    public static EntityExtractor load() {
        TextAnalyzer analyzer = loadAnalyzer();
        Gazetteer gazetteer = new Gazetteer();
        for (String[] g : GAZETTEERS) {
            gazetteer.load(g[0], EntityType.valueOf(g[1]), !g[2].isEmpty());
        }
        List<CandidateFinder> finders = List.of(gazetteer, new InstitutionRule(), new TherapyRule(),
                new DiseaseRule());
        ModelFinder modelFinder = new ModelFinder(read(ModelFinder.RESOURCE, TokenNameFinderModel::new));
        DiseaseModelFinder diseaseModel = new DiseaseModelFinder(
                read(DiseaseModelFinder.RESOURCE, TokenNameFinderModel::new));
        return new EntityExtractor(analyzer, finders, modelFinder, diseaseModel, Calibration.load(), version());
    }

    /** The sentence, token and part-of-speech models alone: how the extractor cuts text (training data uses it). */
    static TextAnalyzer loadAnalyzer() {
        return new TextAnalyzer(
                read(SENTENCE_MODEL, SentenceModel::new),
                read(TOKEN_MODEL, TokenizerModel::new),
                read(POS_MODEL, POSModel::new));
    }

    /** The entities of {@code body}, ordered by start. */
    public List<Entity> extract(String body) {
        return extract(analyzer.analyze(body));
    }

    /** The version of the models, gazetteers and rules: changes whenever any of them changes. */
    public String modelVersion() {
        return modelVersion;
    }

    /** Cuts the body as {@link #extract} does, for the throughput figure. */
    AnalyzedText analyze(String body) {
        return analyzer.analyze(body);
    }

    List<Entity> extract(AnalyzedText text) {
        List<Candidate> candidates = new ArrayList<>();
        for (CandidateFinder finder : finders) {
            finder.find(text, candidates);
        }
        AbbreviationDefinitions.find(text, candidates);
        diseaseModel.find(text, List.copyOf(candidates), candidates);
        modelFinder.find(text, List.copyOf(candidates), candidates);
        List<Candidate> resolved = Coordination.join(text, Resolver.resolve(text, candidates));
        Map<String, String> canonicals = new HashMap<>();
        for (Candidate c : resolved) {
            canonicals.put(c.from() + ":" + c.to(), canonical(text, c));
        }
        List<Candidate> linked = AbbreviationLinker.link(text, resolved, canonicals);
        List<Entity> entities = new ArrayList<>(linked.size());
        for (Candidate c : linked) {
            Word first = text.word(c.from());
            int start = first.start();
            int end = text.word(c.to() - 1).end();
            String canonical = c.canonical() != null ? c.canonical() : canonical(text, c);
            entities.add(new Entity(c.type(), text.body().substring(start, end), canonical, start, end,
                    first.sentence(), calibration.calibrate(c.type(), c.finder(), c.confidence()), c.finder(),
                    c.parts()));
        }
        return entities;
    }

    /** A name every spelling of the entity shares: gazetteer's, else the folded words. */
    static String canonical(AnalyzedText text, Candidate c) {
        if (c.canonical() != null) {
            return c.canonical();
        }
        StringBuilder sb = new StringBuilder();
        int depth = 0;
        for (int i = c.from(); i < c.to(); i++) {
            Word w = text.word(i);
            // "von Hippel-Lindau (VHL) disease" is known as "von hippel lindau disease"
            if (w.is("(") || w.is(")")) {
                depth += w.is("(") ? 1 : -1;
                continue;
            }
            if (depth > 0) {
                continue;
            }
            if (w.isDash()) {
                if (c.type() == EntityType.INSTITUTION) {
                    sb.append('-');
                } else if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ' ') {
                    sb.append(' ');
                }
                continue;
            }
            if (w.is("'") || w.is("s") && i > c.from() && text.word(i - 1).is("'")) {
                sb.append(w.key());
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ' ' && sb.charAt(sb.length() - 1) != '-'
                    && (w.spaceBefore() || c.type() != EntityType.INSTITUTION)) {
                sb.append(' ');
            }
            boolean keepCase = c.type() == EntityType.INSTITUTION || w.isAllCaps();
            sb.append(keepCase ? w.text() : w.key());
        }
        return sb.toString();
    }

    private interface ModelReader<T> {
        T read(InputStream in) throws IOException;
    }

    private static <T> T read(String resource, ModelReader<T> reader) {
        try (InputStream in = EntityExtractor.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("OpenNLP model " + resource + " is missing from the class path"
                        + (resource.equals(ModelFinder.RESOURCE) || resource.equals(DiseaseModelFinder.RESOURCE)
                                ? " (the build trains it: mvn -pl enrich process-classes)" : ""));
            }
            return reader.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read OpenNLP model " + resource, e);
        }
    }

    private static String version() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String[] g : GAZETTEERS) {
                try (InputStream in = EntityExtractor.class.getResourceAsStream(g[0])) {
                    digest.update(in.readAllBytes());
                }
            }
            for (String model : List.of(ModelFinder.RESOURCE, DiseaseModelFinder.RESOURCE, Calibration.RESOURCE)) {
                try (InputStream in = EntityExtractor.class.getResourceAsStream(model)) {
                    if (in != null) {
                        digest.update(in.readAllBytes());
                    }
                }
            }
            // the rules are code: their compiled classes are part of the version too
            for (Class<?> rule : List.of(EntityExtractor.class, TextAnalyzer.class, WordSplitter.class, Keys.class,
                    Gazetteer.class, InstitutionRule.class, TherapyRule.class, DiseaseRule.class, DiseaseWords.class,
                    Anatomy.class, GenericWords.class, AbbreviationDefinitions.class, AbbreviationLinker.class,
                    ModelFinder.class, DiseaseModelFinder.class, Calibration.class, Resolver.class, Coordination.class, Peoples.class, Phrases.class, WordSet.class)) {
                try (InputStream in = rule.getResourceAsStream(rule.getSimpleName() + ".class")) {
                    if (in != null) {
                        digest.update(in.readAllBytes());
                    }
                }
            }
            for (String model : List.of(SENTENCE_MODEL, TOKEN_MODEL, POS_MODEL)) {
                digest.update(model.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            String hash = HexFormat.of().formatHex(digest.digest()).substring(0, 12);
            return "extract-" + PipelineVersion.get() + "-" + hash;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
