package com.researchpipeline.enrich.extract;

import com.researchpipeline.contract.Entity;
import com.researchpipeline.contract.EntityType;
import com.researchpipeline.contract.PipelineVersion;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import opennlp.tools.namefind.TokenNameFinderModel;
import opennlp.tools.postag.POSModel;
import opennlp.tools.sentdetect.SentenceModel;
import opennlp.tools.tokenize.TokenizerFactory;
import opennlp.tools.tokenize.TokenizerModel;

/**
 * Finds institutions, therapies and diseases in an article body. OpenNLP cuts sentences and tokens and tags
 * parts of speech; then the passes {@link #passes declared below} run in order over the words: curated
 * gazetteers, rules for names never seen before, "long form (SF)" definitions, the statistical disease model and
 * the statistical name model propose candidates; resolution keeps the longest span and nothing nests; coordination joins "breast and ovarian cancer";
 * the abbreviation linker finds later short forms and short names.
 *
 * <p>The knowledge (word lists, gazetteers, models) is data under {@code com/researchpipeline/enrich/extract/en/},
 * read once by {@link #load()} (about a second); keep one instance per process. {@link #extract} is
 * thread-safe: the models are shared and the OpenNLP {@code *ME} objects are kept per thread. Entities come
 * ordered by start, never overlap, and {@code text} equals {@code body.substring(start, end)}.
 */
public final class EntityExtractor {

    /**
     * The version of the grammar in this package's code. The model version hashes it with every resource the
     * extractor loads: raise it whenever a change to the rules' code changes what they find.
     */
    static final String RULES_VERSION = "rules-21";
    static final String LANGUAGE = "en";
    /** What the event names as applied when the extractor has nothing for an article's language. */
    public static final String NO_LANGUAGE = "none";

    private final List<String> languages;
    private final TextAnalyzer analyzer;
    private final Vocabulary vocabulary;
    private final List<Pass> passes;
    private final Calibration calibration;
    private final String modelVersion;

    private EntityExtractor(List<String> languages, TextAnalyzer analyzer, Vocabulary vocabulary, List<Pass> passes,
                            Calibration calibration, String modelVersion) {
        this.languages = languages;
        this.analyzer = analyzer;
        this.vocabulary = vocabulary;
        this.passes = passes;
        this.calibration = calibration;
        this.modelVersion = modelVersion;
    }

    /** Loads the models, gazetteers and word lists of English from the class path. */
    public static EntityExtractor load() {
        Lexicons lexicons = new Lexicons(LANGUAGE);
        List<String> languages = lexicons.entriesAt(Lexicons.ROOT + "languages.txt");
        Vocabulary vocabulary = new Vocabulary(lexicons);
        TextAnalyzer analyzer = analyzer(lexicons, vocabulary.legalForms());
        List<Pass> passes = passes(lexicons, vocabulary, nameModel(lexicons));
        Calibration calibration = Calibration.parse(new String(lexicons.bytes(Lexicons.ROOT + Calibration.RESOURCE),
                java.nio.charset.StandardCharsets.UTF_8));
        return new EntityExtractor(languages, analyzer, vocabulary, passes, calibration, "extract-" + PipelineVersion.get() + "-"
                + lexicons.digest(RULES_VERSION));
    }

    /**
     * Sentence detector, tokenizer and tagger of the language, as {@code models.txt} names them; no sentence ends
     * inside one of the {@code legalForms}.
     */
    static TextAnalyzer analyzer(Lexicons lexicons, LegalForms legalForms) {
        return new TextAnalyzer(
                read(lexicons, model(lexicons, "sentences"), SentenceModel::new),
                tokenizerModel(lexicons),
                partOfSpeechModel(lexicons),
                legalForms);
    }

    /**
     * The language's tokenizer model, told to take a word of letters and digits only as one token without asking
     * the model at each of its characters (OpenNLP's alphanumeric optimisation, off in the shipped English model).
     */
    static TokenizerModel tokenizerModel(Lexicons lexicons) {
        TokenizerModel shipped = read(lexicons, model(lexicons, "tokens"), TokenizerModel::new);
        TokenizerFactory factory = shipped.getFactory();
        return new TokenizerModel(shipped.getMaxentModel(), new java.util.HashMap<>(), new TokenizerFactory(
                factory.getLanguageCode(), factory.getAbbreviationDictionary(), true, factory.getAlphaNumericPattern()));
    }

    static POSModel partOfSpeechModel(Lexicons lexicons) {
        return read(lexicons, model(lexicons, "parts-of-speech"), POSModel::new);
    }

    /** The statistical name finder the build trains. */
    static TokenNameFinderModel nameModel(Lexicons lexicons) {
        return read(lexicons, model(lexicons, "names"), TokenNameFinderModel::new);
    }

    /** The statistical disease finder the build trains on the NCBI disease corpus and the project's articles. */
    static TokenNameFinderModel diseaseModel(Lexicons lexicons) {
        DictionarySpanFeatureGeneratorFactory.allowInModels();
        return read(lexicons, model(lexicons, "disease-names"), TokenNameFinderModel::new);
    }

    private static String model(Lexicons lexicons, String role) {
        for (String line : lexicons.entries("models")) {
            String[] parts = line.split("\\s+");
            if (parts[0].equals(role)) {
                return parts[1];
            }
        }
        throw new IllegalStateException("models.txt of language " + lexicons.language() + " names no model for "
                + role + ": add a line '" + role + " /class/path/resource.bin'");
    }

    /**
     * The passes in the order they run; each reads the word lists it needs from {@code lexicons}, and those several
     * share from {@code vocabulary}.
     */
    static List<Pass> passes(Lexicons lexicons, Vocabulary vocabulary, TokenNameFinderModel names) {
        return List.of(
                gazetteer(lexicons),                               // curated names of every type
                new InstitutionRule(lexicons, vocabulary),         // names never seen before, around trigger words
                new CompanyRule(lexicons, vocabulary),             // companies by their legal form: "... Sdn Bhd"
                new TherapyRule(lexicons, vocabulary),             // modalities, drug-name stems, product codes
                new DiseaseRule(lexicons, vocabulary),             // disease heads with their classifying words
                new AbbreviationDefinitions(lexicons, vocabulary), // "long form (SF)" of a candidate's type
                new DiseaseModelFinder(diseaseModel(lexicons), vocabulary), // learned disease spans at p >= 0.9
                new ModelFinder(names, lexicons),                  // the statistical model fills gaps only
                new TherapyAppositions(lexicons),                  // brands beside a drug, "<disease> vaccine"
                new NotEntityTerms(lexicons),                      // nothing inside "tumor necrosis factor"
                new Resolver(),                                    // the longest span wins; nothing nests
                new Coordination(lexicons, vocabulary),            // "breast and ovarian cancer" is one mention
                new AbbreviationLinker(lexicons, vocabulary));     // later short forms, initials, short names
    }

    /**
     * The gazetteers {@code gazetteers.txt} lists, in its order, then for each registered type it does not name
     * the type's own {@code TYPE/FACET.txt} when there is one ({@code gene/genes.txt}): a type that has only a
     * gazetteer needs no line here and no code.
     */
    static Gazetteer gazetteer(Lexicons lexicons) {
        return gazetteer(lexicons, Set.of());
    }

    /** The gazetteers as {@link #gazetteer(Lexicons)} reads them, less the lexicons named in {@code leftOut}. */
    static Gazetteer gazetteer(Lexicons lexicons, Set<String> leftOut) {
        Gazetteer gazetteer = new Gazetteer();
        Set<EntityType> listed = new HashSet<>();
        for (String line : lexicons.entries("gazetteers")) {
            List<String> parts = List.of(line.split("\\s+"));
            EntityType type = EntityType.fromLabel(parts.get(1));
            if (!leftOut.contains(parts.get(0))) {
                gazetteer.load(lexicons, parts.get(0), type, parts.contains("plural"));
            }
            listed.add(type);
        }
        for (EntityType type : EntityType.values()) {
            String own = type.label() + "/" + type.facet();
            if (!listed.contains(type)) {
                if (!lexicons.has(own)) {
                    throw new IllegalStateException("entity type '" + type + "' is registered, but the extractor has"
                            + " no gazetteer for it: add " + lexicons.language() + "/" + own + ".txt (one name and its"
                            + " synonyms a line) beside the types' lexicons");
                }
                gazetteer.load(lexicons, own, type, false);
            }
        }
        return gazetteer;
    }

    /**
     * The longest entity kept, in characters: the longest names of the annotated corpora are about 100 (an institution
     * in French), and a search index refuses a keyword term of more than 32,766 bytes.
     */
    static final int MAX_ENTITY_CHARS = 300;

    /** The entities of {@code body}, read as English, ordered by start. */
    public List<Entity> extract(String body) {
        return extract(analyzer.analyze(body));
    }

    /**
     * The language (ISO 639-3) whose models and lexicons apply to an article detected as {@code detected}, as
     * {@code languages.txt} maps it, or {@link #NO_LANGUAGE}.
     */
    public String languageFor(String detected) {
        String code = detected == null ? "und" : detected.strip().toLowerCase(java.util.Locale.ROOT);
        for (String line : languages) {
            String[] parts = line.split("\\s+");
            if (parts[0].equals(code) && parts[1].equals(LANGUAGE)) {
                return parts[2];
            }
        }
        return NO_LANGUAGE;
    }

    /** The entities of an article detected as {@code language}: none when no models and lexicons apply to it. */
    public List<Entity> extract(String body, String language) {
        return NO_LANGUAGE.equals(languageFor(language)) ? List.of() : extract(body);
    }

    /** The version of the models, gazetteers, word lists and rules: changes whenever any of them changes. */
    public String modelVersion() {
        return modelVersion;
    }

    /**
     * This extractor with another statistical disease model in place of its own, or with none ({@code null}): how
     * the disease model lab scores a model trained on some folds of a corpus against the others.
     */
    EntityExtractor withDiseaseModel(TokenNameFinderModel model) {
        List<Pass> replaced = new ArrayList<>();
        for (Pass pass : passes) {
            if (!(pass instanceof DiseaseModelFinder)) {
                replaced.add(pass);
            } else if (model != null) {
                replaced.add(new DiseaseModelFinder(model, vocabulary));
            }
        }
        return new EntityExtractor(languages, analyzer, vocabulary, replaced, calibration, modelVersion + "-lab");
    }

    /** This extractor with another gazetteer pass in place of its own: how the disease model lab scores vocabularies. */
    EntityExtractor withGazetteer(Gazetteer gazetteer) {
        List<Pass> replaced = new ArrayList<>();
        for (Pass pass : passes) {
            replaced.add(pass instanceof Gazetteer ? gazetteer : pass);
        }
        return new EntityExtractor(languages, analyzer, vocabulary, replaced, calibration, modelVersion + "-lab");
    }

    /** Cuts the body as {@link #extract} does, for the throughput figure. */
    AnalyzedText analyze(String body) {
        return analyzer.analyze(body);
    }

    List<Entity> extract(AnalyzedText text) {
        List<Candidate> candidates = new ArrayList<>();
        for (Pass pass : passes) {
            candidates = pass.apply(text, candidates);
        }
        List<Entity> entities = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            Word first = text.word(c.from());
            int start = first.start();
            int end = text.word(c.to() - 1).end();
            if (end - start > MAX_ENTITY_CHARS) {
                continue; // a run of capitalised words in text that is no prose, not a name
            }
            entities.add(new Entity(c.type(), text.body().substring(start, end), CanonicalNames.of(text, c), start,
                    end, first.sentence(), calibration.calibrate(c.type(), c.finder(), c.confidence()), c.finder(),
                    c.parts()));
        }
        return entities;
    }

    private interface ModelReader<T> {
        T read(InputStream in) throws IOException;
    }

    private static <T> T read(Lexicons lexicons, String resource, ModelReader<T> reader) {
        try {
            return reader.read(new ByteArrayInputStream(lexicons.bytes(resource)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read OpenNLP model " + resource, e);
        }
    }
}
