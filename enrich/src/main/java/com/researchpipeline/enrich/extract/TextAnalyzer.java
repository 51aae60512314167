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
                for (Span span : joinedAfterTitles(line, detectSentences(line))) {
                    int from = lineStart + span.getStart();
                    int to = lineStart + span.getEnd();
                    tokens += addSentence(body, from, to, sentence, words);
                }
            }
            lineStart = lineEnd + 1;
        }
        return new AnalyzedText(body, List.copyOf(words), sentence[0], tokens);
    }

    /**
     * "St.", "Dr." (after a space, a quote or a bracket) or initials ("Naef K.", "Harvard T.H.") end no sentence,
     * whatever the model says.
     */
    private static final java.util.regex.Pattern TITLE_AT_END = java.util.regex.Pattern.compile(
            "(?:^|[^\\p{L}])(?:St|Dr|Prof|Mr|Mrs|Ms|Mt|Jr|Sr|No|vs)\\.$|\\p{Lu}\\p{Ll}+ (?:\\p{Lu}\\.)+$");

    /** The longest end of a sentence {@link #TITLE_AT_END} looks at: a name and its initials. */
    private static final int TITLE_TAIL_CHARS = 64;

    /**
     * The sentence detector's spans. Like the tokenizer, it looks at the whole run without white space around each
     * full stop it weighs, so a line's long runs are cut as {@link #piecesOf} cuts them and each piece is read alone.
     */
    private List<Span> detectSentences(String line) {
        SentenceDetectorME detector = sentences.get();
        List<Span> spans = new ArrayList<>();
        for (Span piece : piecesOf(line)) {
            for (Span span : detector.sentPosDetect(line.substring(piece.getStart(), piece.getEnd()))) {
                spans.add(new Span(span.getStart() + piece.getStart(), span.getEnd() + piece.getStart()));
            }
        }
        return spans;
    }

    private List<Span> joinedAfterTitles(String line, List<Span> spans) {
        List<Span> joined = new ArrayList<>(spans.size());
        for (Span span : spans) {
            Span last = joined.isEmpty() ? null : joined.get(joined.size() - 1);
            if (last != null && (endsInTitle(line, last) || abbreviationGoesOn(line, last, span))) {
                joined.set(joined.size() - 1, new Span(last.getStart(), span.getEnd()));
            } else {
                joined.add(span);
            }
        }
        return joined;
    }

    /**
     * Looks at the sentence's last characters only, as sentences joined one after another can grow as long as the
     * line. A title alone ("Dr.") is shorter than the tail, so a tail that starts inside the sentence cannot match
     * at its start as the sentence's first word.
     */
    private static boolean endsInTitle(String line, Span sentence) {
        int from = Math.max(sentence.getStart(), sentence.getEnd() - TITLE_TAIL_CHARS);
        return TITLE_AT_END.matcher(line).region(from, sentence.getEnd()).find();
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


    /** The longest run of characters without white space handed to the tokenizer or sentence detector at once. */
    static final int MAX_RUN_CHARS = 256;

    /**
     * The tokenizer's spans. Its model looks at a whole run of characters without white space for each place it
     * might split, so a run of 160,000 characters (a blob, a glued list) cost a minute: each of {@link #piecesOf}
     * is tokenized alone.
     */
    private Span[] tokenize(String text) {
        TokenizerME tokenizer = tokenizers.get();
        List<Span> spans = new ArrayList<>();
        for (Span piece : piecesOf(text)) {
            for (Span span : tokenizer.tokenizePos(text.substring(piece.getStart(), piece.getEnd()))) {
                spans.add(new Span(span.getStart() + piece.getStart(), span.getEnd() + piece.getStart()));
            }
        }
        return spans.toArray(new Span[0]);
    }

    /**
     * The text whole, or, when it holds a run without white space longer than {@link #MAX_RUN_CHARS}, in pieces
     * that cut each such run into parts of at most that length, after a character that is no letter or digit where
     * there is one.
     */
    static List<Span> piecesOf(String text) {
        if (longestRun(text) <= MAX_RUN_CHARS) {
            return List.of(new Span(0, text.length()));
        }
        List<Span> pieces = new ArrayList<>();
        int pieceStart = 0;
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && StringUtil.isWhitespace(text.charAt(i))) {
                i++;
            }
            int runEnd = i;
            while (runEnd < text.length() && !StringUtil.isWhitespace(text.charAt(runEnd))) {
                runEnd++;
            }
            for (int at = i; runEnd - at > MAX_RUN_CHARS; ) {
                int end = at + MAX_RUN_CHARS;
                int cut = end;
                while (cut > at + 1 && Character.isLetterOrDigit(text.charAt(cut - 1))) {
                    cut--;
                }
                end = cut > at + 1 ? cut : end;
                pieces.add(new Span(pieceStart, end));
                pieceStart = end;
                at = end;
            }
            i = runEnd;
        }
        pieces.add(new Span(pieceStart, text.length()));
        return pieces;
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
