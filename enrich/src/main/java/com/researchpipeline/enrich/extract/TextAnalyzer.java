package com.researchpipeline.enrich.extract;

import java.util.ArrayList;
import java.util.List;
import opennlp.tools.postag.POSModel;
import opennlp.tools.sentdetect.SentenceDetectorME;
import opennlp.tools.sentdetect.SentenceModel;
import opennlp.tools.tokenize.TokenizerME;
import opennlp.tools.tokenize.TokenizerModel;
import opennlp.tools.util.StringUtil;
import opennlp.tools.util.Span;

/**
 * Cuts a body into sentences (OpenNLP, within each line, so markdown headings stand alone), tokens and parts
 * of speech (OpenNLP's models; {@link PartOfSpeechTagger} decodes the tagger's), and the finer {@link Word}s
 * finders read. Thread-safe: the models are shared, the OpenNLP {@code *ME} objects and the tagger, which are
 * not thread-safe, are kept one per thread.
 */
final class TextAnalyzer {

    private final ThreadLocal<SentenceDetectorME> sentences;
    private final ThreadLocal<TokenizerME> tokenizers;
    private final ThreadLocal<PartOfSpeechTagger> taggers;
    private final LegalForms legalForms;

    TextAnalyzer(SentenceModel sentenceModel, TokenizerModel tokenizerModel, POSModel posModel,
                 LegalForms legalForms) {
        this.legalForms = legalForms;
        this.sentences = ThreadLocal.withInitial(() -> new SentenceDetectorME(sentenceModel));
        this.tokenizers = ThreadLocal.withInitial(() -> new TokenizerME(tokenizerModel));
        FeatureWeights tagWeights = PartOfSpeechTagger.weightsOf(posModel);
        this.taggers = ThreadLocal.withInitial(() -> new PartOfSpeechTagger(posModel, tagWeights));
    }

    AnalyzedText analyze(String body) {
        List<Word> words = new ArrayList<>(body.length() / 5);
        int[] sentence = {0};
        int tokens = 0;
        int lineStart = 0;
        while (lineStart <= body.length()) {
            int lineEnd = body.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = body.length();
            }
            if (!body.substring(lineStart, lineEnd).isBlank()) {
                String line = body.substring(lineStart, lineEnd);
                for (Span span : joinedAfterTitles(line, sentences.get().sentPosDetect(line))) {
                    int from = lineStart + span.getStart();
                    int to = lineStart + span.getEnd();
                    tokens += addSentence(body, from, to, sentence, words);
                }
            }
            lineStart = lineEnd + 1;
        }
        return new AnalyzedText(body, List.copyOf(words), sentence[0], tokens);
    }

    /** "St.", "Dr." or initials ("Naef K.", "Harvard T.H.") end no sentence, whatever the model says. */
    private static final java.util.regex.Pattern TITLE_AT_END = java.util.regex.Pattern.compile(
            "(?:^|\\s)(?:St|Dr|Prof|Mr|Mrs|Ms|Mt|Jr|Sr|No|vs)\\.$|\\p{Lu}\\p{Ll}+ (?:\\p{Lu}\\.)+$");

    private List<Span> joinedAfterTitles(String line, Span[] spans) {
        List<Span> joined = new ArrayList<>(spans.length);
        for (Span span : spans) {
            Span last = joined.isEmpty() ? null : joined.get(joined.size() - 1);
            if (last != null && (TITLE_AT_END.matcher(line.substring(last.getStart(), last.getEnd())).find()
                    || abbreviationGoesOn(line, last, span))) {
                joined.set(joined.size() - 1, new Span(last.getStart(), span.getEnd()));
            } else {
                joined.add(span);
            }
        }
        return joined;
    }

    /**
     * "Beximco Ltd. and Square PLC", "Serum Institute of India Pvt. Ltd.": an abbreviation's dot ends no sentence
     * when a lower-case word or the rest of a legal form follows.
     */
    private boolean abbreviationGoesOn(String line, Span last, Span next) {
        int dot = last.getEnd() - 1;
        if (line.charAt(dot) != '.') {
            return false;
        }
        int from = dot;
        while (from > last.getStart() && WordSplitter.isWordChar(line.charAt(from - 1))) {
            from--;
        }
        String abbreviation = line.substring(from, dot);
        if (abbreviation.isEmpty() || abbreviation.length() > 4 || !Character.isUpperCase(abbreviation.charAt(0))) {
            return false;
        }
        int to = next.getStart();
        while (to < next.getEnd() && WordSplitter.isWordChar(line.charAt(to))) {
            to++;
        }
        String following = line.substring(next.getStart(), to);
        return !following.isEmpty() && (Character.isLowerCase(following.charAt(0))
                || legalForms.continuesAfterDot(abbreviation, following));
    }

    /** A longer "sentence" (a list, a table, text without full stops) is cut into sentences of this many tokens. */
    static final int MAX_SENTENCE_TOKENS = 250;

    /**
     * Adds the sentence's words; returns its tokens. Tagging and the name finders' searches cost the square of a
     * sentence's length (40,000 words without a full stop took minutes), so a sentence of more than
     * {@link #MAX_SENTENCE_TOKENS} tokens is taken as several, cut between tokens.
     */
    private int addSentence(String body, int from, int to, int[] nextSentence, List<Word> words) {
        String text = body.substring(from, to);
        Span[] tokenSpans = tokenize(text);
        for (int first = 0; first < Math.max(1, tokenSpans.length); first += MAX_SENTENCE_TOKENS) {
            int last = Math.min(tokenSpans.length, first + MAX_SENTENCE_TOKENS);
            Span[] piece = tokenSpans;
            int pieceFrom = from;
            int pieceTo = to;
            if (tokenSpans.length > MAX_SENTENCE_TOKENS) {
                int offset = tokenSpans[first].getStart();
                pieceFrom = from + offset;
                pieceTo = last == tokenSpans.length ? to : from + tokenSpans[last - 1].getEnd();
                piece = new Span[last - first];
                for (int i = first; i < last; i++) {
                    piece[i - first] = new Span(tokenSpans[i].getStart() - offset, tokenSpans[i].getEnd() - offset);
                }
            }
            String[] tokens = Span.spansToStrings(piece, body.substring(pieceFrom, pieceTo));
            String[] tags = taggers.get().tag(isTitleCase(tokens) ? lowerCase(tokens) : tokens);
            WordSplitter.split(body, pieceFrom, pieceTo, nextSentence[0]++, piece, tags, words);
        }
        return tokenSpans.length;
    }


    /** The longest run of characters without white space handed to the tokenizer at once. */
    static final int MAX_RUN_CHARS = 256;

    /**
     * The tokenizer's spans. Its model looks at a whole run of characters without white space for each place it
     * might split, so a run of 160,000 characters (a blob, a glued list) cost a minute: a run longer than
     * {@link #MAX_RUN_CHARS} is tokenized in pieces of at most that length, cut after a character that is no
     * letter or digit where there is one.
     */
    private Span[] tokenize(String text) {
        TokenizerME tokenizer = tokenizers.get();
        if (longestRun(text) <= MAX_RUN_CHARS) {
            return tokenizer.tokenizePos(text);
        }
        List<Span> spans = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && StringUtil.isWhitespace(text.charAt(i))) {
                i++;
            }
            int runEnd = i;
            while (runEnd < text.length() && !StringUtil.isWhitespace(text.charAt(runEnd))) {
                runEnd++;
            }
            for (int at = i; at < runEnd; ) {
                int end = Math.min(runEnd, at + MAX_RUN_CHARS);
                int cut = end;
                while (end < runEnd && cut > at + 1 && Character.isLetterOrDigit(text.charAt(cut - 1))) {
                    cut--;
                }
                end = end < runEnd && cut > at + 1 ? cut : end;
                for (Span span : tokenizer.tokenizePos(text.substring(at, end))) {
                    spans.add(new Span(span.getStart() + at, span.getEnd() + at));
                }
                at = end;
            }
            i = runEnd;
        }
        return spans.toArray(new Span[0]);
    }

    private static int longestRun(String text) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = StringUtil.isWhitespace(text.charAt(i)) ? 0 : run + 1;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    /** Headline capitalisation hides verbs from the tagger ("Bank Backs Network"); tag such lines in lower case. */
    private static boolean isTitleCase(String[] tokens) {
        int words = 0;
        int capitalised = 0;
        for (String token : tokens) {
            if (token.length() > 3 && Character.isLetter(token.charAt(0))) {
                words++;
                if (Character.isUpperCase(token.charAt(0))) {
                    capitalised++;
                }
            }
        }
        return words >= 4 && capitalised * 10 >= words * 7;
    }

    private static String[] lowerCase(String[] tokens) {
        String[] lower = new String[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            lower[i] = tokens[i].toLowerCase(java.util.Locale.ROOT);
        }
        return lower;
    }
}
