package ftkit.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTokensTest {
    private static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

    @TempDir
    Path dir;

    @Test
    void countsEachExampleWithTheChatOverheadAndReportsBadLinesByNumber() throws IOException {
        Path file = dir.resolve("chat.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"What is JSONL?\"},{\"role\":\"assistant\",\"content\":\"One JSON value per line.\"}]}",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"broken\"",
                "",
                "{\"prompt\":\"old completion format\"}",
                "{\"messages\":[{\"role\":\"user\",\"name\":\"ana\",\"content\":[{\"type\":\"text\",\"text\":\"Hi \"},{\"type\":\"text\",\"text\":\"there\"}]},{\"role\":\"assistant\",\"content\":\"Hello!\"},{\"role\":\"user\",\"content\":\"Bye\"},{\"role\":\"assistant\",\"content\":\"Bye!\"}]}",
                ""));

        DatasetTokens data = DatasetTokens.read(file.toString());

        assertEquals(2, data.examples().size());
        ExampleTokens first = data.examples().get(0);
        assertEquals(1, first.line());
        assertEquals(3, first.messages());
        assertEquals(1, first.userTurns());
        assertEquals("Be brief.", first.system());
        assertEquals("What is JSONL?", first.firstUser());
        int expected = 3 + message("system", "Be brief.") + message("user", "What is JSONL?")
                + message("assistant", "One JSON value per line.");
        assertEquals(expected, first.tokens());

        ExampleTokens second = data.examples().get(1);
        assertEquals(5, second.line());
        assertEquals(2, second.userTurns());
        assertEquals("2 turns", second.turnsLabel());
        assertEquals("(none)", second.systemLabel());
        assertEquals("Hi there", second.firstUser());
        int expectedSecond = 3 + message("user", "Hi there") + 1 + O200K.countTokens("ana")
                + message("assistant", "Hello!") + message("user", "Bye") + message("assistant", "Bye!");
        assertEquals(expectedSecond, second.tokens());

        List<String> problems = data.problems();
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(file + ":2: invalid JSON"), problems.get(0));
        assertEquals(file + ":3: blank line", problems.get(1));
        assertEquals(file + ":4: no \"messages\" array", problems.get(2));
    }

    @Test
    void groupsOverLimitAndLongestComeFromTheCounts() throws IOException {
        Path file = dir.resolve("three.jsonl");
        Files.writeString(file, line("a") + line("a a a a a a a a a a a a") + line("a a a a a a"));

        DatasetTokens data = DatasetTokens.read(file.toString());
        int shortest = data.examples().get(0).tokens();
        int longest = data.examples().get(1).tokens();

        assertEquals(List.of(2L, 3L), data.longest(2).stream().map(ExampleTokens::line).toList());
        assertEquals(List.of(2L), data.overLimit(longest - 1).stream().map(ExampleTokens::line).toList());
        assertEquals(List.of(), data.overLimit(longest));
        assertEquals(List.of("1 turn"), List.copyOf(data.tokensBy(ExampleTokens::turnsLabel).keySet()));
        assertEquals(3, data.tokensBy(ExampleTokens::turnsLabel).get("1 turn").size());
        assertTrue(shortest < longest);
        assertEquals(3, DatasetTokens.table("t", data.examples()).rowCount());
    }

    @Test
    void aMissingFileIsNamedInTheError() {
        IOException e = assertThrows(IOException.class, () -> DatasetTokens.read(dir.resolve("nope.jsonl").toString()));
        assertTrue(e.getMessage().contains("nope.jsonl: no such file"), e.getMessage());
    }

    @Test
    void theBundledExampleDatasetReadsCleanly() throws IOException {
        Path example = Path.of("..", "examples", "datasets", "java-helpdesk-chat.jsonl");
        DatasetTokens data = DatasetTokens.read(example.toString());

        assertEquals(30, data.examples().size());
        assertEquals(List.of(), data.problems());
        assertTrue(data.examples().stream().allMatch(e -> e.tokens() > 50 && e.userTurns() >= 1));
    }

    private static int message(String role, String content) {
        return 3 + O200K.countTokens(role) + O200K.countTokens(content);
    }

    private static String line(String userText) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":\"" + userText + "\"},{\"role\":\"assistant\",\"content\":\"ok\"}]}\n";
    }
}
