package ftkit.tokens;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import ftkit.providers.Target;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/** Picks the token counter for a target, from the registry's {@code tokenizer} value. */
public final class Tokenizers {
    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

    private Tokenizers() {
    }

    public static Encoding encoding(EncodingType type) {
        return REGISTRY.getEncoding(type);
    }

    /**
     * @param llama3File the Llama 3 ranks file, or null: then Llama targets fall back to a labelled estimate
     * @param warn       receives one line when a fallback happens (e.g. the ranks file is missing)
     */
    public static TokenCounter forTarget(Target target, Path llama3File, Consumer<String> warn) {
        return forTokenizer(target.tokenizer(), llama3File, warn, target.tokenizerNote());
    }

    public static TokenCounter forTokenizer(String tokenizer, Path llama3File, Consumer<String> warn, String note) {
        String why = note == null ? "" : " (" + note + ")";
        switch (tokenizer) {
            case "o200k_base":
                return new OpenAiChatCounter(encoding(EncodingType.O200K_BASE), true,
                        "exact: o200k_base + OpenAI chat overhead (3 per message, 1 per name, 3 reply priming)");
            case "cl100k_base":
                return new OpenAiChatCounter(encoding(EncodingType.CL100K_BASE), true,
                        "exact: cl100k_base + OpenAI chat overhead (3 per message, 1 per name, 3 reply priming)");
            case "llama3":
                if (llama3File != null) {
                    try {
                        return new Llama3ChatCounter(Llama3Tokenizer.load(llama3File));
                    } catch (IOException e) {
                        warn.accept("Llama 3 tokenizer not used: " + e.getMessage() + "; counts are estimates");
                    }
                } else {
                    warn.accept("no Llama 3 tokenizer file given (--llama3-tokenizer FILE or " + Llama3Tokenizer.ENV
                            + ", or put it at " + Llama3Tokenizer.cachePath() + "); Llama token counts are estimates");
                }
                return new OpenAiChatCounter(encoding(EncodingType.O200K_BASE), false,
                        "estimate: o200k_base stands in for the Llama 3 tokenizer, which was not available");
            case "estimate:o200k_base":
                return new OpenAiChatCounter(encoding(EncodingType.O200K_BASE), false,
                        "estimate: o200k_base stands in for the target's own tokenizer" + why);
            case "estimate:cl100k_base":
                return new OpenAiChatCounter(encoding(EncodingType.CL100K_BASE), false,
                        "estimate: cl100k_base stands in for the target's own tokenizer" + why);
            default:
                if (tokenizer.startsWith("estimate:chars/")) {
                    return new CharsPerTokenEstimate(Double.parseDouble(tokenizer.substring("estimate:chars/".length())));
                }
                throw new IllegalArgumentException("unknown tokenizer '" + tokenizer + "'");
        }
    }

    public static Map<String, String> env() {
        return System.getenv();
    }
}
