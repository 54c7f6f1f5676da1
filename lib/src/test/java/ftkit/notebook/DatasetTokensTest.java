package ftkit.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import ftkit.tokens.TokenCounter;
import ftkit.tokens.Tokenizers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTokensTest {
    private static final Encoding O200K = Tokenizers.encoding(EncodingType.O200K_BASE);
    private static final TokenCounter OPENAI = Tokenizers.forTokenizer("o200k_base", null, w -> { }, null);

    @TempDir
    Path dir;

    @Test
    void countsEachExampleAsTheTargetDoesAndReportsBadLinesByNumber() throws IOException {
        Path file = dir.resolve("chat.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"What is JSONL?\"},{\"role\":\"assistant\",\"content\":\"One JSON value per line.\"}]}",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"broken\"",
                "",
                "{\"prompt\":\"a prompt without its completion\"}",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi there\"},{\"role\":\"assistant\",\"content\":\"Hello!\"},{\"role\":\"user\",\"content\":\"Bye\"},{\"role\":\"assistant\",\"content\":\"Bye!\"}],"
                        + "\"metadata\":{\"source_file\":\"docs/faq.md\",\"keywords\":[\"greeting\",\"smalltalk\"],\"split\":\"validation\",\"category\":\"chit-chat\",\"complexity\":\"basic\"}}",
                ""));

        DatasetTokens data = DatasetTokens.read(file.toString(), OPENAI);

        assertEquals(2, data.examples().size());
        assertTrue(data.exact());
        assertTrue(data.method().startsWith("exact: o200k_base"), data.method());
        ExampleTokens first = data.examples().get(0);
        assertEquals(1, first.line());
        assertEquals("openai-chat", first.format());
        assertEquals(3, first.messages());
        assertEquals(1, first.userTurns());
        assertEquals("Be brief.", first.system());
        assertEquals("What is JSONL?", first.firstUser());
        assertEquals(3 + message("system", "Be brief.") + message("user", "What is JSONL?")
                + message("assistant", "One JSON value per line."), first.tokens());
        assertEquals(ExampleTokens.NONE, first.source());
        assertEquals(List.of(ExampleTokens.NONE), first.keywordLabels());

        ExampleTokens second = data.examples().get(1);
        assertEquals(5, second.line());
        assertEquals("canonical", second.format());
        assertEquals("2 turns", second.turnsLabel());
        assertEquals(ExampleTokens.NONE, second.systemLabel());
        assertEquals("Hi there", second.firstUser());
        assertEquals("docs/faq.md", second.source());
        assertEquals("validation", second.split());
        assertEquals("chit-chat", second.category());
        assertEquals("basic", second.complexity());
        assertEquals(List.of("greeting", "smalltalk"), second.keywords());
        assertEquals(3 + message("user", "Hi there") + message("assistant", "Hello!") + message("user", "Bye")
                + message("assistant", "Bye!"), second.tokens());

        List<String> problems = data.problems();
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(file + ":2: "), problems.get(0));
        assertTrue(problems.get(1).startsWith(file + ":3: blank"), problems.get(1));
        assertTrue(problems.get(2).startsWith(file + ":4: "), problems.get(2));
    }

    @Test
    void groupsOverLimitAndLongestComeFromTheCounts() throws IOException {
        Path file = dir.resolve("three.jsonl");
        Files.writeString(file, line("a", "k1") + line("a a a a a a a a a a a a", "k1\",\"k2") + line("a a a a a a", "k2"));

        DatasetTokens data = DatasetTokens.read(file.toString(), OPENAI);
        int longest = data.examples().get(1).tokens();

        assertEquals(List.of(2L, 3L), data.longest(2).stream().map(ExampleTokens::line).toList());
        assertEquals(List.of(2L), data.overLimit(longest - 1).stream().map(ExampleTokens::line).toList());
        assertEquals(List.of(), data.overLimit(longest));
        assertEquals(Map.of("1 turn", data.tokenCounts()), data.tokensBy(ExampleTokens::turnsLabel));
        Map<String, List<Integer>> byKeyword = data.tokensByEach(ExampleTokens::keywordLabels);
        assertEquals(List.of("k1", "k2"), List.copyOf(byKeyword.keySet()));
        assertEquals(List.of(data.tokenCounts().get(0), longest), byKeyword.get("k1"));
        assertEquals(List.of(longest, data.tokenCounts().get(2)), byKeyword.get("k2"));
        assertEquals(3, DatasetTokens.table("t", data.examples()).rowCount());
    }

    @Test
    void aMissingFileIsNamedInTheError() {
        IOException e = assertThrows(IOException.class, () -> DatasetTokens.read(dir.resolve("nope.jsonl").toString(), OPENAI));
        assertTrue(e.getMessage().contains("nope.jsonl"), e.getMessage());
    }

    @Test
    void theBundledExampleDatasetReadsCleanly() throws IOException {
        Path example = Path.of("..", "examples", "datasets", "java-helpdesk-chat.jsonl");
        DatasetTokens data = DatasetTokens.read(example.toString(), OPENAI);

        assertEquals(30, data.examples().size());
        assertEquals(List.of(), data.problems());
        assertTrue(data.examples().stream().allMatch(e -> e.tokens() > 50 && e.userTurns() >= 1));
    }

    private static int message(String role, String content) {
        return 3 + O200K.countTokensOrdinary(role) + O200K.countTokensOrdinary(content);
    }

    private static String line(String userText, String keywords) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":\"" + userText + "\"},{\"role\":\"assistant\",\"content\":\"ok\"}],"
                + "\"metadata\":{\"keywords\":[\"" + keywords + "\"]}}\n";
    }
}
