package ftkit.tokens;

import ftkit.model.Sample;

/**
 * Counts tokens the way a fine-tuning target does. Counters are thread-safe.
 * Where the target's tokenizer is not available offline the counter is an estimate, and says so:
 * {@link #exact()} is false and {@link #method()} names the stand-in.
 */
public interface TokenCounter {
    /** Tokens of a whole example as the target counts it: text plus the chat format's own tokens. */
    int count(Sample sample);

    /** Tokens of plain text, without any chat overhead. */
    int countText(String text);

    /** False when the figures are estimates. */
    boolean exact();

    /** How counting is done, e.g. "exact: o200k_base + OpenAI chat overhead" or "estimate: …". */
    String method();

    /** A short label to put beside every figure: "" for exact counts, "≈" for estimates. */
    default String mark() {
        return exact() ? "" : "≈";
    }
}
