package ftkit.extract;

import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.tartarus.snowball.ext.EnglishStemmer;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Topic keywords by TF-IDF over the corpus of one run: Lucene's StandardTokenizer, lower-casing, Lucene's English
 * stop words and the Snowball English stemmer. Terms are counted by stem (so "refund" and "refunds" are one term)
 * and shown in the surface form that occurs most often. Document frequency is per source file.
 */
public final class Keywords {
    /** Lucene's English stop words plus the Snowball English list shipped in lucene-analysis-common (~170 words). */
    private static final CharArraySet STOP = stopWords();
    /** Words that are structure in our inputs (labels and roles), not topics. */
    private static final Set<String> LABELS = Set.of("question", "answer", "user", "assistant", "yes");

    private final Map<String, Integer> documentFrequency = new HashMap<>();
    private int documents;

    /** The distinct stems of a text: what one document contributes to document frequency. */
    public static Set<String> stems(String text) {
        Set<String> out = new HashSet<>();
        analyse(text, (stem, surface) -> out.add(stem));
        return out;
    }

    /** Adds one document's stems (from {@link #stems}). Not thread-safe: call from one thread. */
    public void addDocument(Set<String> stems) {
        documents++;
        for (String s : stems) documentFrequency.merge(s, 1, Integer::sum);
    }

    public int documents() {
        return documents;
    }

    /** The top {@code k} keywords of a text by tf × idf, ties broken by the term itself (deterministic). */
    public List<String> top(String text, int k) {
        Map<String, Integer> tf = new HashMap<>();
        Map<String, Map<String, Integer>> surfaces = new HashMap<>();
        analyse(text, (stem, surface) -> {
            tf.merge(stem, 1, Integer::sum);
            surfaces.computeIfAbsent(stem, s -> new LinkedHashMap<>()).merge(surface, 1, Integer::sum);
        });
        record Scored(String stem, double score) {
        }
        List<Scored> scored = new ArrayList<>();
        for (var e : tf.entrySet()) {
            int df = documentFrequency.getOrDefault(e.getKey(), 0);
            double idf = Math.log((1.0 + documents) / (1.0 + df)) + 1.0;
            scored.add(new Scored(e.getKey(), (1 + Math.log(e.getValue())) * idf));
        }
        scored.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(Scored::stem));
        List<String> out = new ArrayList<>();
        for (Scored s : scored) {
            if (out.size() >= k) break;
            String surface = surfaces.get(s.stem()).entrySet().stream()
                    .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                    .map(Map.Entry::getKey).orElse(s.stem());
            if (!out.contains(surface)) out.add(surface);
        }
        return out;
    }

    private static CharArraySet stopWords() {
        var stream = org.apache.lucene.analysis.snowball.SnowballFilter.class.getResourceAsStream("english_stop.txt");
        if (stream == null) throw new IllegalStateException("Lucene's english_stop.txt is missing from lucene-analysis-common");
        try (var reader = new java.io.InputStreamReader(stream, java.nio.charset.StandardCharsets.UTF_8)) {
            CharArraySet set = new CharArraySet(256, true);
            set.addAll(org.apache.lucene.analysis.WordlistLoader.getSnowballWordSet(reader));
            set.addAll(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
            // the Snowball list spells contractions with a straight apostrophe; documents often use the curly one
            for (Object w : new java.util.ArrayList<>(set)) {
                String word = new String((char[]) w);
                if (word.indexOf('\'') >= 0) set.add(word.replace('\'', '\u2019'));
            }
            return CharArraySet.unmodifiableSet(set);
        } catch (IOException e) {
            throw new UncheckedIOException("Lucene's english_stop.txt is missing from lucene-analysis-common", e);
        }
    }

    private interface TermSink {
        void accept(String stem, String surface);
    }

    private static void analyse(String text, TermSink sink) {
        EnglishStemmer stemmer = new EnglishStemmer();
        try (StandardTokenizer tokenizer = new StandardTokenizer();
             TokenStream stream = new StopFilter(new LowerCaseFilter(tokenizer), STOP)) {
            tokenizer.setReader(new StringReader(text));
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                String surface = term.toString();
                if (surface.length() < 3 || LABELS.contains(surface) || !hasLetter(surface)) continue;
                stemmer.setCurrent(surface);
                stemmer.stem();
                sink.accept(stemmer.getCurrent(), surface);
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hasLetter(String s) {
        for (int i = 0; i < s.length(); i++) if (Character.isLetter(s.charAt(i))) return true;
        return false;
    }
}
