package ftkit.tokens;

import com.knuddels.jtokkit.api.EncodingType;
import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.providers.ProviderRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class OpenAiChatCounterTest {
    @Test
    void chatOverheadFollowsTheCookbook() {
        TokenCounter c = Tokenizers.forTarget(ProviderRegistry.bundled().target("openai/gpt-4o-mini-2024-07-18"), null, w -> fail(w));
        var enc = Tokenizers.encoding(EncodingType.O200K_BASE);
        Sample s = new Sample().system("You are Marv.").add(Message.user("What's the capital of France?"))
                .add(Message.assistant("Paris").name("marv"));
        int expected = 3
                + 3 + enc.countTokensOrdinary("system") + enc.countTokensOrdinary("You are Marv.")
                + 3 + enc.countTokensOrdinary("user") + enc.countTokensOrdinary("What's the capital of France?")
                + 3 + enc.countTokensOrdinary("assistant") + enc.countTokensOrdinary("Paris") + 1 + enc.countTokensOrdinary("marv");
        assertEquals(expected, c.count(s));
        assertTrue(c.exact());
        assertEquals("", c.mark());
        assertTrue(c.method().startsWith("exact: o200k_base"));
    }

    @Test
    void gpt35UsesCl100kAndClaudeIsALabelledEstimate() {
        ProviderRegistry r = ProviderRegistry.bundled();
        TokenCounter gpt35 = Tokenizers.forTarget(r.target("openai/gpt-3.5-turbo-0125"), null, w -> fail(w));
        assertTrue(gpt35.method().contains("cl100k_base"));
        assertEquals(Tokenizers.encoding(EncodingType.CL100K_BASE).countTokensOrdinary("héllo wörld"), gpt35.countText("héllo wörld"));
        TokenCounter claude = Tokenizers.forTarget(r.target("bedrock/claude-3-haiku"), null, w -> fail(w));
        assertFalse(claude.exact());
        assertEquals("≈", claude.mark());
        assertTrue(claude.method().startsWith("estimate:"), claude.method());
    }

    @Test
    void llamaWithoutItsFileWarnsAndEstimates() {
        java.util.List<String> warnings = new java.util.ArrayList<>();
        TokenCounter c = Tokenizers.forTarget(ProviderRegistry.bundled().target("bedrock/llama-3.1-8b"), null, warnings::add);
        assertFalse(c.exact());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("FTKIT_LLAMA3_TOKENIZER"));
    }

    @Test
    void charsPerTokenEstimate() {
        TokenCounter c = Tokenizers.forTokenizer("estimate:chars/4", null, w -> fail(w), null);
        assertEquals(3, c.countText("abcdefghij"));
        assertEquals(2, c.countText("😀😀😀😀😀"), "counts code points, not UTF-16 units");
        assertFalse(c.exact());
    }
}
