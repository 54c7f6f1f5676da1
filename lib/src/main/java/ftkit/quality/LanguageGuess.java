package ftkit.quality;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Language detection for the mismatch checks, by Lingua (com.github.pemistahl:lingua, Apache 2.0; n-gram models
 * of 75 languages, in high-accuracy mode). Why Lingua: Tika's optimaize module has no 3.3.1 release on Maven
 * Central (Tika 3.3 dropped it), and optimaize itself is unmaintained. Cost: each language's models take memory
 * (about 25 MB of heap per language once loaded) and detection costs tens to hundreds of microseconds, so the
 * detector knows a fixed set of common languages (plus the expected one when given) and reads only the first
 * {@link #PREFIX} characters of a text. Returns null when unsure (too short, or two languages too close): the
 * checks then say nothing rather than guess.
 */
public final class LanguageGuess {
    /** Characters of a text that are read: enough for a clear signal, and the cost stays bounded. */
    public static final int PREFIX = 400;
    /** Languages detected by default (ISO 639-1). */
    public static final List<String> DEFAULT_LANGUAGES = List.of("en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru",
            "uk", "tr", "ar", "zh", "ja", "ko");
    private static final int MIN_LETTERS = 12;
    /**
     * Frequent English words that are not words of the other default languages (no "is", "was", "of": Dutch; no
     * "to": Polish; no "in", "an", "will": German). A text with enough of them is English without asking Lingua.
     */
    private static final Set<String> ENGLISH_MARKERS = Set.of("the", "and", "are", "were", "with", "that", "this", "you",
            "your", "for", "it", "what", "how", "can", "does", "have", "has", "be", "not", "which", "there", "from",
            "would", "should", "they", "their", "if", "when", "about");
    private static final int MAX_MARKER_LENGTH = ENGLISH_MARKERS.stream().mapToInt(String::length).max().orElse(0);
    private static final int MIN_MARKERS = 3;
    private static final double MIN_MARKER_SHARE = 0.2;
    private static volatile LanguageGuess shared;

    private final LanguageDetector detector;
    private final Set<Language> languages;

    /** A detector for these ISO 639-1 codes; an unknown code is an IllegalArgumentException naming it. */
    public LanguageGuess(List<String> isoCodes) {
        EnumSet<Language> set = EnumSet.noneOf(Language.class);
        for (String code : isoCodes) set.add(language(code));
        if (set.size() < 2) throw new IllegalArgumentException("language detection needs at least two languages, got " + isoCodes);
        languages = set;
        detector = LanguageDetectorBuilder.fromLanguages(set.toArray(new Language[0])).withMinimumRelativeDistance(0.05).build();
    }

    /** One detector per JVM for the default languages plus {@code extra} codes; its models load on first use. */
    public static LanguageGuess shared(String... extra) {
        LanguageGuess g = shared;
        if (g != null && (extra.length == 0 || g.knowsAll(extra))) return g;
        synchronized (LanguageGuess.class) {
            if (shared == null || !shared.knowsAll(extra)) {
                List<String> codes = new ArrayList<>(DEFAULT_LANGUAGES);
                if (shared != null) shared.languages.forEach(l -> codes.add(code(l)));
                for (String e : extra) codes.add(e);
                shared = new LanguageGuess(codes);
            }
            return shared;
        }
    }

    private boolean knowsAll(String... codes) {
        for (String c : codes) if (!languages.contains(language(c))) return false;
        return true;
    }

    /** The ISO 639-1 code Lingua knows for {@code code} (case-insensitive), or an IllegalArgumentException. */
    static Language language(String code) {
        String c = code.strip().toUpperCase(Locale.ROOT);
        for (Language l : Language.values()) {
            if (l != Language.UNKNOWN && l.getIsoCode639_1().name().equals(c)) return l;
        }
        throw new IllegalArgumentException("unknown language code '" + code + "' (expected ISO 639-1, e.g. en, de, fr)");
    }

    static String code(Language language) {
        IsoCode639_1 iso = language.getIsoCode639_1();
        return iso.name().toLowerCase(Locale.ROOT);
    }

    /** The detected ISO 639-1 code of {@code text}, or null when the text is too short or the detector unsure. */
    public String detect(String text) {
        if (text == null) return null;
        String head = text.length() > PREFIX ? text.substring(0, PREFIX) : text;
        int letters = 0;
        for (int i = 0; i < head.length() && letters < MIN_LETTERS; i++) if (Character.isLetter(head.charAt(i))) letters++;
        if (letters < MIN_LETTERS) return null;
        if (languages.contains(Language.ENGLISH) && clearlyEnglish(head)) return "en";
        Language l = detector.detectLanguageOf(head);
        return l == Language.UNKNOWN ? null : code(l);
    }

    /**
     * The fast path: ASCII letters only and at least a fifth of the words (and three or more) English function words
     * found in no other default language. Why: Lingua costs about 0.8 ms of CPU per text and most datasets are
     * English, so most texts need no n-gram models at all. A text that fails this test goes to Lingua, so the test
     * may only say "English" when no other language is plausible (HeuristicChecksTest checks every non-English text
     * of its fixture fails it).
     */
    static boolean clearlyEnglish(String text) {
        int words = 0;
        int markers = 0;
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            if (c > 127 && Character.isLetter(c)) return false; // an accented or non-Latin letter: ask Lingua
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '\'';
            if (letter) {
                if (start < 0) start = i;
            } else if (start >= 0) {
                words++;
                // markers are 2 to 6 letters: only those words are cut out and looked up (this runs on every text)
                int length = i - start;
                if (length >= 2 && length <= MAX_MARKER_LENGTH
                        && ENGLISH_MARKERS.contains(text.substring(start, i).toLowerCase(Locale.ROOT))) markers++;
                start = -1;
            }
        }
        return markers >= MIN_MARKERS && markers >= MIN_MARKER_SHARE * words;
    }

    /**
     * How plausible it is that {@code text} is in language {@code code}: Lingua's confidence for it relative to the
     * most likely language (1.0 when it is the detected one, 0 when the script rules it out). Short texts in related
     * languages often name a close neighbour first ("How do I convert Celsius to Fahrenheit?" is German 1.0, English
     * 0.89), which is why the mismatch checks ask this before flagging.
     */
    public double plausibility(String text, String code) {
        if (text == null || text.isBlank()) return 0;
        String head = text.length() > PREFIX ? text.substring(0, PREFIX) : text;
        Double value = detector.computeLanguageConfidenceValues(head).get(language(code));
        return value == null ? 0 : value;
    }

    /** {@link #detect} with the shared default detector. */
    public static String guess(String text) {
        return shared().detect(text);
    }
}
