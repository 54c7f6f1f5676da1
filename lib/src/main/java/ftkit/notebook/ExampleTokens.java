package ftkit.notebook;

import ftkit.io.RecordFormat;
import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.model.SampleMetadata;
import java.util.List;

/**
 * What the notebooks chart about one example: where it is, its shape, its labels and its token count.
 * Labels the input does not carry are {@link #NONE}, so every example falls in some group.
 *
 * @param line       1-based line number in the JSONL file
 * @param format     the record format the line was read as (e.g. "openai-chat", "canonical")
 * @param messages   messages in the example, the system prompt included
 * @param userTurns  user messages
 * @param tokens     tokens of the whole example as the target counts them for training
 * @param system     the system prompt, "" when there is none
 * @param firstUser  the first user message, shortened to {@link #PREVIEW_CHARS} characters
 * @param source     the source file it was extracted from
 * @param split      train, validation or test
 * @param category   metadata {@code category}
 * @param complexity metadata {@code complexity}
 * @param keywords   metadata keywords; an example may have several
 */
public record ExampleTokens(long line, String format, int messages, int userTurns, int tokens, String system,
                            String firstUser, String source, String split, String category, String complexity,
                            List<String> keywords) {
    public static final int PREVIEW_CHARS = 80;
    public static final String NONE = "(none)";

    public ExampleTokens {
        keywords = List.copyOf(keywords);
    }

    /** The figures of one read sample; only these are kept, not the sample's text. */
    public static ExampleTokens of(long line, RecordFormat format, Sample sample, int tokens) {
        List<Message> conversation = sample.conversation();
        int userTurns = 0;
        String firstUser = "";
        for (Message message : conversation) {
            if (Message.USER.equals(message.role())) {
                if (userTurns++ == 0) firstUser = preview(message.contentOrEmpty());
            }
        }
        SampleMetadata meta = sample.metadata();
        return new ExampleTokens(line, format == null ? NONE : format.id(), conversation.size(), userTurns, tokens,
                sample.system() == null ? "" : sample.system(), firstUser,
                label(meta.sourceFile()), label(meta.split()), label(metadataText(meta, "category")),
                label(metadataText(meta, "complexity")), meta.keywords() == null ? List.of() : meta.keywords());
    }

    /** "1 turn", "2 turns", … : the conversation shape, a grouping that needs no metadata. */
    public String turnsLabel() {
        return userTurns == 1 ? "1 turn" : userTurns + " turns";
    }

    /** The system prompt shortened to 40 characters, {@link #NONE} without one: groups examples by prompt. */
    public String systemLabel() {
        if (system.isBlank()) return NONE;
        String oneLine = system.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 40 ? oneLine : oneLine.substring(0, 39) + "…";
    }

    /** Keywords to group by; {@link #NONE} alone when there are none. */
    public List<String> keywordLabels() {
        return keywords.isEmpty() ? List.of(NONE) : keywords;
    }

    private static String metadataText(SampleMetadata meta, String key) {
        String value = meta.getString(key);
        return value != null ? value : meta.tags().get(key);
    }

    private static String label(String value) {
        return value == null || value.isBlank() ? NONE : value;
    }

    public static String preview(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= PREVIEW_CHARS ? oneLine : oneLine.substring(0, PREVIEW_CHARS - 1) + "…";
    }
}
