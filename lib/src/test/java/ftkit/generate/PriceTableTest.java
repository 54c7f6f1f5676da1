package ftkit.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceTableTest {

    @TempDir
    Path dir;

    @Test
    void bundledTableStatesItsSourceAndMatchesModelsInOrder() {
        PriceTable table = PriceTable.bundled();
        assertTrue(table.source().contains("user-editable examples"), table.source());
        PriceTable.Price mini = table.price(LlmProvider.OPENAI, "gpt-4o-mini-2024-07-18").orElseThrow();
        assertEquals("gpt-4o-mini*", mini.match(), "the more specific entry comes first");
        assertEquals(0.15 + 0.60, mini.cost(1_000_000, 1_000_000), 1e-9);
        assertEquals("gpt-4o*", table.price(LlmProvider.OPENAI, "gpt-4o-2024-08-06").orElseThrow().match());
        assertEquals(0.0, table.price(LlmProvider.OLLAMA, "llama3.1:8b").orElseThrow().cost(5000, 5000));
        assertTrue(table.price(LlmProvider.GROQ, "llama-3.1-8b-instant").isEmpty(), "unknown prices are not guessed");
    }

    @Test
    void aUserTableReplacesTheBundledOne() throws IOException {
        Path file = dir.resolve("prices.yaml");
        Files.writeString(file, "models:\n  - {match: \"fake-*\", provider: openai, input: 2, output: 4}\n");
        PriceTable table = PriceTable.load(file);
        assertEquals(2e-6 * 10 + 4e-6 * 5, table.price(LlmProvider.OPENAI, "fake-openai-model").orElseThrow().cost(10, 5), 1e-12);
        assertTrue(table.price(LlmProvider.MISTRAL, "fake-openai-model").isEmpty(), "narrowed by provider");
        Files.writeString(file, "models:\n  - {match: x}\n");
        IOException e = assertThrows(IOException.class, () -> PriceTable.load(file));
        assertTrue(e.getMessage().contains("models[0] needs match, input and output"), e.getMessage());
    }
}
