package ftkit.quality;

import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A coarse language guess for the mismatch check: the dominant Unicode script (cyrillic, han, arabic, …) and, for
 * Latin script, the language whose Lucene stop-word list (already on the classpath through lucene-analysis-common)
 * covers most words: en, de, fr, es, it, pt or nl. Returns null when unsure (short text, no clear winner), so that
 * the check only fires on clear cases. Why not a full detector: Tika's optimaize module is not in this Maven
 * mirror, and optimaize 0.6 itself is unmaintained and pulls guava 18.
 */
public final class LanguageGuess {
    private static final Map<String, CharArraySet> STOP_WORDS = new LinkedHashMap<>();

    static {
        STOP_WORDS.put("en", EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
        STOP_WORDS.put("de", GermanAnalyzer.getDefaultStopSet());
        STOP_WORDS.put("fr", FrenchAnalyzer.getDefaultStopSet());
        STOP_WORDS.put("es", SpanishAnalyzer.getDefaultStopSet());
        STOP_WORDS.put("it", ItalianAnalyzer.getDefaultStopSet());
        STOP_WORDS.put("pt", PortugueseAnalyzer.getDefaultStopSet());
        STOP_WORDS.put("nl", DutchAnalyzer.getDefaultStopSet());
    }

    private LanguageGuess() {
    }

    public static String guess(String text) {
        if (text == null) return null;
        Map<Character.UnicodeScript, Integer> scripts = new EnumMap<>(Character.UnicodeScript.class);
        int letters = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (!Character.isLetter(cp)) continue;
            letters++;
            scripts.merge(Character.UnicodeScript.of(cp), 1, Integer::sum);
        }
        if (letters < 12) return null;
        Map.Entry<Character.UnicodeScript, Integer> top = scripts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        if (top.getValue() < letters * 0.6) return null;
        if (top.getKey() == Character.UnicodeScript.HIRAGANA || top.getKey() == Character.UnicodeScript.KATAKANA) return "ja";
        if (top.getKey() != Character.UnicodeScript.LATIN) return top.getKey().name().toLowerCase(Locale.ROOT);
        List<String> words = SampleText.words(text);
        if (words.size() < 6) return null;
        String best = null;
        int bestHits = 0;
        int second = 0;
        for (Map.Entry<String, CharArraySet> e : STOP_WORDS.entrySet()) {
            int hits = 0;
            for (String w : words) if (e.getValue().contains(w)) hits++;
            if (hits > bestHits) {
                second = bestHits;
                bestHits = hits;
                best = e.getKey();
            } else if (hits > second) {
                second = hits;
            }
        }
        if (bestHits < 3 || bestHits < second * 1.5 || bestHits < words.size() * 0.12) return null;
        return best;
    }
}
