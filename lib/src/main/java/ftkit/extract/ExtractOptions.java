package ftkit.extract;

import java.util.ArrayList;
import java.util.List;

/**
 * Settings of one extract run. {@code minTurns} and {@code includeContext} are {@code agent.identify.min_turns}
 * and {@code agent.identify.include_context} of the project config; until the config layer is wired they come
 * from command-line flags with the config's defaults (2 and true).
 */
public final class ExtractOptions {
    public int minTurns = 2;
    public boolean includeContext = true;
    public List<String> questionColumns = new ArrayList<>(ConversationDetector.DEFAULT_QUESTION_COLUMNS);
    public List<String> answerColumns = new ArrayList<>(ConversationDetector.DEFAULT_ANSWER_COLUMNS);
    public List<String> includes = new ArrayList<>();
    public List<String> excludes = new ArrayList<>();
    /** Characters kept per file; beyond this the file is reported as partial (bounds memory per worker). */
    public int maxChars = 5_000_000;
    public int chunkTokens = 512;
    public int chunkOverlap = 64;
    public int keywords = 5;
    public int threads = Runtime.getRuntime().availableProcessors();
    public TokenCounter tokenCounter = TokenCounter.DEFAULT;
    /** The optional LLM stage; null (the default) runs patterns only. See {@link SpanProposer}. */
    public SpanProposer spanProposer;
}
