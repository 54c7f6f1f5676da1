package ftkit.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.chat.ChatModel;
import ftkit.devserver.FakeLlmServer;
import ftkit.devserver.Route;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Provider names, key lookup and the errors of {@link ChatModels} before any request is sent. */
@Timeout(60)
class ChatModelsTest {

    @Test
    void providerNamesAndAliasesParse() {
        assertEquals(LlmProvider.GEMINI, LlmProvider.parse("google"));
        assertEquals(LlmProvider.GEMINI, LlmProvider.parse("Gemini"));
        assertEquals(LlmProvider.OPENAI_COMPATIBLE, LlmProvider.parse("openai-compatible"));
        assertEquals(LlmProvider.TOGETHER, LlmProvider.parse(" together "));
        for (String name : List.of("openai", "anthropic", "mistral", "ollama", "fireworks", "vllm", "openrouter",
                "groq")) {
            assertEquals(name, LlmProvider.parse(name).configName());
        }
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> LlmProvider.parse("cohere"));
        assertTrue(unknown.getMessage().contains("'cohere'") && unknown.getMessage().contains("openai-compatible"),
                unknown.getMessage());
    }

    @Test
    void missingKeyNamesTheVariableToSet() {
        Map<LlmProvider, String> expected = Map.of(
                LlmProvider.OPENAI, "OPENAI_API_KEY",
                LlmProvider.ANTHROPIC, "ANTHROPIC_API_KEY",
                LlmProvider.GEMINI, "GOOGLE_API_KEY",
                LlmProvider.MISTRAL, "MISTRAL_API_KEY",
                LlmProvider.TOGETHER, "TOGETHER_API_KEY or LLAMA_API_KEY",
                LlmProvider.OPENAI_COMPATIBLE, "OPENAI_COMPATIBLE_API_KEY or LLAMA_API_KEY");
        expected.forEach((provider, variables) -> {
            ChatModelSpec spec = new ChatModelSpec(provider, "m", "http://127.0.0.1:9/v1", null, null, null);
            ChatModels.MissingApiKeyException missing = assertThrows(ChatModels.MissingApiKeyException.class,
                    () -> ChatModels.create(spec, Map.of("UNRELATED", "x", "OPENAI_API_KEY_TYPO", "y")));
            assertTrue(missing.getMessage().contains(variables), missing.getMessage());
            assertEquals(provider, missing.provider());
        });
    }

    @Test
    void blankKeyCountsAsMissingAndTheMessageNeverHoldsAValue() {
        ChatModels.MissingApiKeyException missing = assertThrows(ChatModels.MissingApiKeyException.class,
                () -> ChatModels.create(ChatModelSpec.of("anthropic", "claude"), Map.of("ANTHROPIC_API_KEY", "  ")));
        assertTrue(missing.getMessage().contains("ANTHROPIC_API_KEY"));
    }

    @Test
    void firstSetVariableWins() {
        assertEquals("together-key", ChatModels.apiKey(LlmProvider.TOGETHER,
                Map.of("TOGETHER_API_KEY", "together-key", "LLAMA_API_KEY", "llama-key")).orElseThrow());
        assertEquals("llama-key", ChatModels.apiKey(LlmProvider.FIREWORKS,
                Map.of("LLAMA_API_KEY", "llama-key")).orElseThrow());
        assertEquals("gemini-key", ChatModels.apiKey(LlmProvider.GEMINI,
                Map.of("GEMINI_API_KEY", "gemini-key")).orElseThrow());
        assertTrue(ChatModels.apiKey(LlmProvider.OPENAI, Map.of()).isEmpty());
    }

    @Test
    void openAiCompatibleNeedsABaseUrl() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> ChatModels.create(ChatModelSpec.of("openai-compatible", "llama-3.1-8b"),
                        Map.of("LLAMA_API_KEY", "k")));
        assertTrue(thrown.getMessage().contains("needs a base URL"), thrown.getMessage());
    }

    @Test
    void specRejectsBlankModelAndNonPositiveTimeout() {
        assertThrows(IllegalArgumentException.class, () -> ChatModelSpec.of("openai", " "));
        assertThrows(IllegalArgumentException.class,
                () -> ChatModelSpec.of("openai", "gpt-4o-mini").withTimeout(Duration.ZERO));
        assertEquals(ChatModelSpec.DEFAULT_TIMEOUT, ChatModelSpec.of("openai", "gpt-4o-mini").timeout());
    }

    @Test
    void keylessProvidersWorkWithoutAKeyAndSendNone() {
        try (FakeLlmServer server = FakeLlmServer.builder().start()) {
            ChatModel ollama = ChatModels.create(
                    ChatModelSpec.of("ollama", "llama3.1").withBaseUrl(server.baseUrl(Route.OLLAMA)), Map.of());
            assertNotNull(ollama.chat("hello"));
            assertFalse(server.requests().get(0).headers().containsKey("authorization"));

            // vLLM without --api-key: no key, so no Authorization header, and the fake answers 401 as OpenAI would.
            ChatModel vllm = ChatModels.create(
                    ChatModelSpec.of("vllm", "meta-llama/Llama-3.1-8B").withBaseUrl(server.baseUrl(Route.OPENAI)),
                    Map.of());
            LlmFailure failure = LlmFailure.of(assertThrows(RuntimeException.class, () -> vllm.chat("hello")));
            assertEquals(401, failure.status().getAsInt());
        }
    }

    @Test
    void ollamaSendsAKeyAsBearerTokenWhenOneIsSet() {
        try (FakeLlmServer server = FakeLlmServer.builder().ollamaRequiresKey(true).start()) {
            ChatModel ollama = ChatModels.create(
                    ChatModelSpec.of("ollama", "llama3.1").withBaseUrl(server.baseUrl(Route.OLLAMA)),
                    Map.of("OLLAMA_API_KEY", "proxy-token-123"));
            assertNotNull(ollama.chat("hello"));
            assertEquals(List.of("[redacted]"), server.requests().get(0).headers().get("authorization"));
        }
    }

    @Test
    void temperatureAndTokenLimitReachTheServer() {
        try (FakeLlmServer server = FakeLlmServer.builder().start()) {
            for (ProviderCase provider : ProviderCase.all().toList()) {
                ChatModel model = ChatModels.create(provider.spec(server).withTemperature(0.25)
                        .withMaxOutputTokens(321), provider.env());
                model.chat("hello");
            }
            server.requests().forEach(request -> {
                assertEquals(0.25, request.call().temperature(), request.route().label());
                assertEquals(321, request.call().maxTokens(), request.route().label());
            });
            assertEquals(6, server.requests().size());
        }
    }
}
