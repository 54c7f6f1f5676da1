package ftkit.extract;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Counts tokens for chunk sizes. The default is OpenAI's o200k_base (JTokkit); when {@code ftkit.tokens} provides
 * per-provider counters, {@link #DEFAULT} is the one line to change.
 */
@FunctionalInterface
public interface TokenCounter {
    int count(String text);

    TokenCounter DEFAULT = O200k.INSTANCE::count;

    /** JTokkit's o200k_base; the encoding is immutable and safe to share between threads. */
    final class O200k {
        static final O200k INSTANCE = new O200k();
        private final Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

        int count(String text) {
            return encoding.countTokensOrdinary(text);
        }
    }
}
