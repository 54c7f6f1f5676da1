package ftkit.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class DotEnvTest {
    @TempDir
    Path dir;

    private final List<ConfigProblem> problems = new ArrayList<>();

    private DotEnv read(String text) throws IOException {
        Path file = dir.resolve(".env");
        Files.writeString(file, text);
        return DotEnv.read(file, ".env", problems);
    }

    private Map<String, String> values(DotEnv env) {
        Map<String, String> out = new LinkedHashMap<>();
        env.entries().forEach((k, v) -> out.put(k, v.value()));
        return out;
    }

    @Test
    void readsTheUsualShapes() throws IOException {
        DotEnv env = read("""
                # comment
                
                PLAIN=value
                SPACED = spaced value   # trailing comment
                export EXPORTED=yes
                HASH=abc#def
                EMPTY=
                SINGLE='it''s literal: \\n ${X} # not a comment'
                DOUBLE="line1\\nline2 \\"quoted\\" \\$HOME" # comment
                AFTER=1\r
                """.replace("'it''s", "'its"));
        assertEquals(List.of(), problems);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("PLAIN", "value");
        expected.put("SPACED", "spaced value");
        expected.put("EXPORTED", "yes");
        expected.put("HASH", "abc#def");
        expected.put("EMPTY", "");
        expected.put("SINGLE", "its literal: \\n ${X} # not a comment");
        expected.put("DOUBLE", "line1\nline2 \"quoted\" $HOME");
        expected.put("AFTER", "1");
        assertEquals(expected, values(env));
        assertEquals(3, env.entries().get("PLAIN").line());
        assertEquals(10, env.entries().get("AFTER").line());
    }

    @Test
    void malformedLinesAreReportedWithTheirNumberWithoutEchoingThem() throws IOException {
        DotEnv env = read("""
                GOOD=1
                OPENAI_API_KEY sk-this-must-not-be-echoed
                1BAD=x
                QUOTE="unterminated
                OTHER='also
                JUNK="closed" sk-trailing-secret
                GOOD=2
                LAST=ok
                """);
        List<String> messages = problems.stream().map(ConfigProblem::toString).toList();
        assertEquals(List.of(
                ".env:2: expected NAME=value (NAME of letters, digits and '_'); the line is not shown as it may hold a secret",
                ".env:3: expected NAME=value (NAME of letters, digits and '_'); the line is not shown as it may hold a secret",
                ".env:4: QUOTE: unterminated double quote (values cannot span lines; write a newline as \\n)",
                ".env:5: OTHER: unterminated single quote (single-quoted values cannot span lines)",
                ".env:6: JUNK: unexpected text after the closing quote (start a comment with ' #')",
                ".env:7: GOOD: defined twice (first at line 1)"),
                messages);
        assertFalse(String.join("\n", messages).contains("sk-"), "secrets never appear in messages");
        assertEquals(Map.of("GOOD", "1", "LAST", "ok"), values(env), "good lines around the errors are kept");
    }

    @Test
    void aMissingFileIsAProblemNotACrash() {
        DotEnv env = DotEnv.read(dir.resolve("absent.env"), "absent.env", problems);
        assertTrue(env.entries().isEmpty());
        assertEquals("absent.env: no such file", problems.get(0).toString());
    }

    @Test
    void theRealEnvironmentWinsOverTheFile() throws IOException {
        DotEnv file = read("A=from-file\nB=from-file\n");
        Environment env = Environment.merge(Map.of("B", "from-env", "C", "only-env"), file);
        assertEquals("from-file", env.get("A").orElseThrow());
        assertEquals("from-env", env.get("B").orElseThrow());
        assertEquals("only-env", env.get("C").orElseThrow());
        assertEquals(".env:1", env.origin("A").orElseThrow());
        assertEquals("environment", env.origin("B").orElseThrow());
        assertTrue(env.fromDotEnv("A"));
        assertFalse(env.fromDotEnv("B"));
    }

    @Test
    void bomAndCrlfFilesAreRead() throws IOException {
        DotEnv env = read("\uFEFFA=1\r\nB=\"two\"\r\n");
        assertEquals(List.of(), problems);
        assertEquals(Map.of("A", "1", "B", "two"), values(env));
    }
}
