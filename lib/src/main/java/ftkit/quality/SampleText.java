package ftkit.quality;

import ftkit.model.Message;
import ftkit.model.Sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parts of a sample the quality checks look at: what was asked (user turns) and what was answered (assistant turns). */
public final class SampleText {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{M}][\\p{L}\\p{M}\\p{N}'’_-]*|\\p{N}+");

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

    /** Lower-cased words (letters, digits, inner apostrophes and hyphens); punctuation dropped. */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) return out;
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) out.add(m.group());
        return out;
    }

    /** The whole conversation as one string for embedding: questions then answers. */
    public static String conversation(Sample sample) {
        return (question(sample) + "\n\n" + answer(sample)).trim();
    }
}
