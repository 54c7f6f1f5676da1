package ftkit.notebook;

/**
 * What the notebooks chart about one example: where it is, its shape and its token count.
 *
 * @param line        1-based line number in the JSONL file
 * @param messages    messages in the example, system included
 * @param userTurns   user messages
 * @param tokens      tokens of the whole example as the provider counts them for training
 * @param system      the system prompt, "" when there is none
 * @param firstUser   the first user message, shortened to {@link #PREVIEW_CHARS} characters
 */
public record ExampleTokens(long line, int messages, int userTurns, int tokens, String system, String firstUser) {
    public static final int PREVIEW_CHARS = 80;

    /** "1 turn", "2 turns", … : the conversation shape, a grouping that needs no metadata. */
    public String turnsLabel() {
        return userTurns == 1 ? "1 turn" : userTurns + " turns";
    }

    /** The system prompt shortened to 40 characters, "(none)" without one: groups examples by prompt. */
    public String systemLabel() {
        if (system.isBlank()) return "(none)";
        String oneLine = system.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 40 ? oneLine : oneLine.substring(0, 39) + "…";
    }

    static String preview(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= PREVIEW_CHARS ? oneLine : oneLine.substring(0, PREVIEW_CHARS - 1) + "…";
    }
}
