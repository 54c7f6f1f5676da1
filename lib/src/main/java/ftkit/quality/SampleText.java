package ftkit.quality;

import ftkit.model.Message;
import ftkit.model.Sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The parts of a sample the quality checks look at: what was asked (user turns) and what was answered (assistant turns). */
public final class SampleText {
    private SampleText() {
    }

    public static String question(Sample sample) {
        return joined(sample, Message.USER);
    }

    public static String answer(Sample sample) {
        return joined(sample, Message.ASSISTANT);
    }

    /** Every assistant turn separately (metrics count each response). */
    public static List<String> answers(Sample sample) {
        List<String> out = new ArrayList<>();
        for (Message m : sample.messages()) if (Message.ASSISTANT.equals(m.role()) && m.content() != null) out.add(m.content());
        return out;
    }

    public static String lastAnswer(Sample sample) {
        List<Message> ms = sample.messages();
        for (int i = ms.size() - 1; i >= 0; i--) {
            if (Message.ASSISTANT.equals(ms.get(i).role())) return ms.get(i).contentOrEmpty();
        }
        return "";
    }

    private static String joined(Sample sample, String role) {
        StringBuilder sb = new StringBuilder();
        for (Message m : sample.messages()) {
            if (role.equals(m.role()) && m.content() != null && !m.content().isBlank()) {
                if (sb.length() > 0) sb.append("\n\n");
                sb.append(m.content());
            }
        }
        return sb.toString();
    }

    /**
     * Lower-cased words: a letter followed by letters, marks, digits, inner apostrophes, hyphens or underscores; or a
     * run of digits. Punctuation is dropped. A hand-written scanner rather than a regex: it runs on every text of
     * curate's first pass and is several times faster than {@code Matcher.find}.
     */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        addWords(text, out);
        return out;
    }

    static void addWords(String text, List<String> out) {
        if (text == null) return;
        int n = text.length();
        int i = 0;
        while (i < n) {
            int cp = text.codePointAt(i);
            int start = i;
            i += Character.charCount(cp);
            if (Character.isLetter(cp) || isMark(cp)) {
                while (i < n) {
                    int c = text.codePointAt(i);
                    if (Character.isLetter(c) || isNumber(c) || isMark(c) || c == '\'' || c == '\u2019' || c == '_' || c == '-') i += Character.charCount(c);
                    else break;
                }
            } else if (isNumber(cp)) {
                while (i < n) {
                    int c = text.codePointAt(i);
                    if (isNumber(c)) i += Character.charCount(c);
                    else break;
                }
            } else {
                continue;
            }
            out.add(lower(text, start, i));
        }
    }

    private static boolean isNumber(int c) {
        int t = Character.getType(c);
        return t == Character.DECIMAL_DIGIT_NUMBER || t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER;
    }

    private static boolean isMark(int c) {
        int t = Character.getType(c);
        return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK || t == Character.ENCLOSING_MARK;
    }

    private static String lower(String text, int from, int to) {
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            if (c >= 'A' && c <= 'Z' || c > 127) return text.substring(from, to).toLowerCase(Locale.ROOT);
        }
        return text.substring(from, to);
    }

    /** The whole conversation as one string for embedding: questions then answers. */
    public static String conversation(Sample sample) {
        return (question(sample) + "\n\n" + answer(sample)).trim();
    }
}
