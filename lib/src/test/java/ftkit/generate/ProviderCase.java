package ftkit.generate;

import ftkit.devserver.FakeLlmServer;
import ftkit.devserver.Route;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

/** One provider as the tests drive it: which route of the fake server it lands on and where its key lives. */
record ProviderCase(String providerName, Route route, String keyVariable) {

    static final String KEY = "sk-test-9f8e7d6c5b4a-secret";

    static Stream<ProviderCase> all() {
        return Stream.of(
                new ProviderCase("openai", Route.OPENAI, "OPENAI_API_KEY"),
                new ProviderCase("together", Route.OPENAI_COMPATIBLE, "TOGETHER_API_KEY"),
                new ProviderCase("anthropic", Route.ANTHROPIC, "ANTHROPIC_API_KEY"),
                new ProviderCase("google", Route.GEMINI, "GOOGLE_API_KEY"),
                new ProviderCase("mistral", Route.MISTRAL, "MISTRAL_API_KEY"),
                new ProviderCase("ollama", Route.OLLAMA, "LLAMA_API_KEY"));
    }

    Map<String, String> env() {
        return Map.of(keyVariable, KEY);
    }

    String model() {
        return "fake-" + providerName + "-model";
    }

    ChatModelSpec spec(FakeLlmServer server) {
        return ChatModelSpec.of(providerName, model()).withBaseUrl(server.baseUrl(route))
                .withTimeout(Duration.ofSeconds(10));
    }

    @Override
    public String toString() {
        return providerName + " -> " + route.label();
    }
}
