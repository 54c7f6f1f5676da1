package ftkit.quality;

import ftkit.model.Sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-sample checks that need no embeddings: too short, truncated, refusal, template leakage, question and answer in
 * different languages, and (given an expected language) either in another language; languages by {@link LanguageGuess}. Each finding is a {@link Flag} with a code and a readable detail.
 */
public final class HeuristicChecks {
    public static final String TOO_SHORT = "too_short";
    public static final String TRUNCATED = "truncated";
    public static final String REFUSAL = "refusal";
    public static final String LEAKAGE = "template_leakage";
    public static final String LANGUAGE = "language_mismatch";
    public static final String WRONG_LANGUAGE = "wrong_language";
    public static final String OFF_TOPIC = "off_topic";
    public static final String NO_ANSWER = "no_answer";

    /** A finding about one sample. */
    public record Flag(String code, String detail) {
    }

    /** Placeholders a template engine or a generator left in: {VERB}, {{x}}, [TEMPLATE…], <placeholder>, ${x}, [INSERT …]. */
    public static final Pattern LEAKAGE_PATTERN = Pattern.compile(
            "\\{\\{\\s*[\\w.\\-]+\\s*}}|\\{[A-Z][A-Z0-9_]{1,40}}|\\[TEMPLATE[^\\]]*]|<\\s*placeholder\\s*>|<[a-z_]+_placeholder>"
                    + "|\\$\\{[A-Za-z_][\\w.]*}|\\[(?:INSERT|PLACEHOLDER|YOUR)[ _][^\\]]{0,40}]");

    private static final Pattern REFUSAL_PATTERN = Pattern.compile(
            "(?i)\\b(?:i(?:'m| am)?,? (?:sorry,? (?:but )?(?:i(?:'m| am)? )?)?(?:can(?:no|')t|cannot|won't|will not|unable to|not able to) (?:be able to )?"
                    + "(?:help|assist|provide|comply|do that|fulfil|fulfill|answer|support|share|create|write|generate)"
                    + "|as an ai(?: language model)?,? i (?:can(?:no|')t|cannot|don't|do not)"
                    + "|i must (?:decline|refuse)|i(?:'m| am) not (?:comfortable|permitted|allowed) (?:to )?)");

    private static final Pattern FENCE = Pattern.compile("(?m)^\\s*(```|~~~)");

    private final int minAnswerWords;
    private final String expectedLanguage;
    /**
     * Relative confidence below which a text is not in a language. Chosen on the hand-written fixtures: true
     * mismatches have one side at 0.70 or less, English samples detected as German have both sides at 0.83 or more.
     */
    static final double PLAUSIBLE = 0.75;
    private final LanguageGuess languages;

    public HeuristicChecks(int minAnswerWords) {
        this(minAnswerWords, null);
    }

    /** @param expectedLanguage ISO 639-1 code the questions and answers should be in, or null */
    public HeuristicChecks(int minAnswerWords, String expectedLanguage) {
        this.minAnswerWords = minAnswerWords;
        this.expectedLanguage = expectedLanguage;
        this.languages = expectedLanguage == null ? LanguageGuess.shared() : LanguageGuess.shared(expectedLanguage);
    }

    public List<Flag> check(Sample sample) {
        return check(sample, SampleTokens.of(sample));
    }

    /** The checks of a sample already split into words (curate splits each sample once for all its checks). */
    public List<Flag> check(Sample sample, SampleTokens tokens) {
        List<Flag> flags = new ArrayList<>();
        String answer = tokens.answer();
        String last = SampleText.lastAnswer(sample);
        if (answer.isBlank()) {
            flags.add(new Flag(NO_ANSWER, "no assistant text"));
        } else {
            int words = tokens.answerWordCount();
            if (words < minAnswerWords) flags.add(new Flag(TOO_SHORT, "answer has " + words + " words (minimum " + minAnswerWords + ")"));
            String truncated = truncation(last);
            if (truncated != null) flags.add(new Flag(TRUNCATED, truncated));
            String refusal = refusal(answer);
            if (refusal != null) flags.add(new Flag(REFUSAL, "refusal: \"" + refusal + "\""));
        }
        String leak = leakage(sample);
        if (leak != null) flags.add(new Flag(LEAKAGE, "template placeholder left in: " + leak));
        String q = tokens.question();
        String lq = q.isBlank() ? null : languages.detect(q);
        String la = answer.isBlank() ? null : languages.detect(answer);
        // Flag only when one side is clearly not in the other's language: short texts in related languages are often
        // detected as a close neighbour while their true language stays plausible (see LanguageGuess#plausibility).
        if (lq != null && la != null && !lq.equals(la)
                && Math.min(languages.plausibility(q, la), languages.plausibility(answer, lq)) < PLAUSIBLE) {
            flags.add(new Flag(LANGUAGE, "question is " + lq + ", answer is " + la));
        }
        if (expectedLanguage != null) {
            String other = lq != null && !lq.equals(expectedLanguage) && languages.plausibility(q, expectedLanguage) < PLAUSIBLE ? "question is " + lq
                    : la != null && !la.equals(expectedLanguage) && languages.plausibility(answer, expectedLanguage) < PLAUSIBLE ? "answer is " + la : null;
            if (other != null) flags.add(new Flag(WRONG_LANGUAGE, other + ", expected " + expectedLanguage));
        }
        return flags;
    }

    /** Why the text looks cut off, or null: an unclosed code fence, or prose ending mid-sentence. */
    public static String truncation(String text) {
        String t = text.strip();
        if (t.isEmpty()) return null;
        Matcher m = FENCE.matcher(t);
        int fences = 0;
        while (m.find()) fences++;
        if (fences % 2 == 1) return "unclosed code fence (" + fences + " fence lines)";
        if (fences > 0 && t.endsWith("```")) return null;
        String lastLine = t.substring(t.lastIndexOf('\n') + 1).strip();
        char c = t.charAt(t.length() - 1);
        if (c == ',' || c == ';' || c == '-' || c == '(' || c == '–' || c == ':' && lastLine.length() > 60) {
            return "ends with '" + c + "'";
        }
        boolean listOrTable = lastLine.matches("^([-*•+]|\\d+[.)]|#+|\\|).*");
        if (Character.isLetterOrDigit(c) && !listOrTable && SampleText.words(lastLine).size() >= 8) {
            String tail = lastLine.length() > 40 ? "…" + lastLine.substring(lastLine.length() - 40) : lastLine;
            return "ends mid-sentence: \"" + tail + "\"";
        }
        return null;
    }

    /** The refusing phrase, or null. Only the first 300 characters count: a refusal opens the answer. */
    public static String refusal(String answer) {
        String head = answer.length() > 300 ? answer.substring(0, 300) : answer;
        Matcher m = REFUSAL_PATTERN.matcher(head.replace('’', '\''));
        return m.find() ? m.group().trim() : null;
    }

    /** The first placeholder found in any turn (system prompt included), or null. */
    public static String leakage(Sample sample) {
        if (sample.system() != null) {
            Matcher m = LEAKAGE_PATTERN.matcher(sample.system());
            if (m.find()) return m.group();
        }
        for (var msg : sample.messages()) {
            if (msg.content() == null) continue;
            Matcher m = LEAKAGE_PATTERN.matcher(msg.content());
            if (m.find()) return m.group();
        }
        return null;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
