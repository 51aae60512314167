package com.researchpipeline.enrich.extract;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import opennlp.tools.dictionary.Dictionary;
import opennlp.tools.namefind.TokenNameFinder;
import opennlp.tools.util.InvalidFormatException;
import opennlp.tools.util.Span;
import opennlp.tools.util.StringList;
import opennlp.tools.util.featuregen.AdaptiveFeatureGenerator;
import opennlp.tools.util.featuregen.DictionaryFeatureGeneratorFactory;
import opennlp.tools.util.featuregen.InSpanGenerator;
import opennlp.tools.util.ext.ExtensionLoader;

/**
 * OpenNLP's dictionary features ({@link DictionaryFeatureGeneratorFactory}: a token inside the longest dictionary
 * match starting leftmost gets {@code w=dic} and {@code w=dic=TOKEN}) with the same matches found without
 * OpenNLP's cost: its {@code DictionaryNameFinder} builds and case-folds a new word sequence for every length at
 * every token, about a quarter of the disease model's time; this one folds each word once per sentence and stops
 * a match as soon as no entry starts with the words so far. Named in {@code disease-features.xml}; takes the
 * same {@code dict} resource, which the model stores.
 */
public final class DictionarySpanFeatureGeneratorFactory extends DictionaryFeatureGeneratorFactory {

    /**
     * Lets OpenNLP build this generator from a model's descriptor: it instantiates only classes of packages it
     * allows. Call before a model naming it is read, trained or used.
     */
    static void allowInModels() {
        ExtensionLoader.registerAllowedPackage(DictionarySpanFeatureGeneratorFactory.class.getPackageName());
    }

    @Override
    public AdaptiveFeatureGenerator create() throws InvalidFormatException {
        if (resourceManager == null) {
            return super.create();
        }
        String name = getStr("dict");
        if (!(resourceManager.getResource(name) instanceof Dictionary dictionary)) {
            throw new InvalidFormatException("no dictionary resource " + name + " for the dictionary features");
        }
        return new InSpanGenerator("", new Matches(dictionary));
    }

    /**
     * The spans {@code opennlp.tools.namefind.DictionaryNameFinder} finds: from left to right, the longest entry
     * starting at a word, then on after it.
     */
    static final class Matches implements TokenNameFinder {

        private static final char SEPARATOR = '\u0001';

        private final boolean caseSensitive;
        private final int longest;
        private final Set<String> entries = new HashSet<>();
        /** Every entry's first words, one word, two words ... up to the whole entry. */
        private final Set<String> starts = new HashSet<>();

        Matches(Dictionary dictionary) {
            this.caseSensitive = dictionary.isCaseSensitive();
            this.longest = dictionary.getMaxTokenCount();
            for (StringList entry : dictionary) {
                StringBuilder key = new StringBuilder();
                for (int i = 0; i < entry.size(); i++) {
                    if (i > 0) {
                        key.append(SEPARATOR);
                    }
                    key.append(fold(entry.getToken(i)));
                    starts.add(key.toString());
                }
                entries.add(key.toString());
            }
        }

        @Override
        public Span[] find(String[] tokens) {
            String[] folded = new String[tokens.length];
            for (int i = 0; i < tokens.length; i++) {
                folded[i] = fold(tokens[i]);
            }
            List<Span> found = new ArrayList<>();
            for (int from = 0; from < tokens.length; from++) {
                int end = -1;
                StringBuilder key = new StringBuilder();
                for (int to = from; to < tokens.length && to - from < longest; to++) {
                    if (to > from) {
                        key.append(SEPARATOR);
                    }
                    key.append(folded[to]);
                    String k = key.toString();
                    if (!starts.contains(k)) {
                        break;
                    }
                    if (entries.contains(k)) {
                        end = to + 1;
                    }
                }
                if (end > 0) {
                    found.add(new Span(from, end, "default"));
                    from = end - 1;
                }
            }
            return found.toArray(new Span[0]);
        }

        @Override
        public void clearAdaptiveData() {
        }

        private String fold(String word) {
            return caseSensitive ? word : word.toLowerCase(Locale.ROOT);
        }
    }
}
