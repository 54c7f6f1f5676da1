package ftkit.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromptTemplateTest {

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    private static String render(String template, String record) throws Exception {
        return PromptTemplate.parse("t", template).render(json(record));
    }

    @Test
    void replacesNamedPlaceholdersAndIgnoresWhitespaceInsideBraces() throws Exception {
        assertEquals("Hi Ada, you are 36.", render("Hi {{name}}, you are {{ age }}.", "{\"name\":\"Ada\",\"age\":36}"));
    }

    @Test
    void resolvesNestedFieldsArrayIndexesAndDottedKeys() throws Exception {
        String record = "{\"meta\":{\"group\":\"business\",\"tags\":[\"a\",\"b\"]},\"csv.column\":\"flat\"}";
        assertEquals("business b flat", render("{{meta.group}} {{meta.tags.1}} {{csv.column}}", record));
    }

    @Test
    void dottedFlatKeyWinsOverNestingButFallsBackWhenItDoesNotResolve() throws Exception {
        String record = "{\"meta.group\":\"flat\",\"meta\":{\"group\":\"nested\",\"channel\":\"email\"}}";
        assertEquals("flat email", render("{{meta.group}} {{meta.channel}}", record));
    }

    @Test
    void singleBracesAndJsonExamplesArePlainText() throws Exception {
        String t = "Answer like {\"classification\": \"x\"} for {{text}}";
        assertEquals("Answer like {\"classification\": \"x\"} for hello", render(t, "{\"text\":\"hello\"}"));
    }

    @Test
    void jsonFilterQuotesAndEscapesQuotesNewlinesControlCharactersAndKeepsUnicodeValid() throws Exception {
        PromptTemplate t = PromptTemplate.parse("t", "{\"text\": {{text|json}}, \"n\": {{n|json}}, \"ok\": {{ok|json}}, \"o\": {{o|json}}}");
        String text = "She said \"hi\"\nthen left\t\\ café 日本 🙂 \u0001";
        String out = t.render(Map.of("text", text, "n", 0.75, "ok", true, "o", Map.of("k", List.of(1, 2))));
        JsonNode parsed = Json.MAPPER.readTree(out); // must be valid JSON
        assertEquals(text, parsed.get("text").asText());
        assertEquals(0.75, parsed.get("n").asDouble());
        assertTrue(parsed.get("ok").asBoolean());
        assertEquals("{\"k\":[1,2]}", parsed.get("o").toString());
        assertTrue(out.contains("\\\"hi\\\"") && out.contains("\\n") && out.contains("\\u0001"), out);
    }

    @Test
    void jsonEscapeFilterFitsInsideAnExistingJsonString() throws Exception {
        String out = render("{\"note\": \"{{note|json_escape}}\"}", "{\"note\":\"a \\\"quoted\\\"\\nline\"}");
        assertEquals("a \"quoted\"\nline", Json.MAPPER.readTree(out).get("note").asText());
    }

    @Test
    void withoutTheJsonFilterAValueIsInsertedVerbatim() throws Exception {
        // Why the filter exists: the same value breaks JSON when inserted raw.
        String out = render("{\"text\": \"{{text}}\"}", "{\"text\":\"say \\\"hi\\\"\"}");
        assertEquals("{\"text\": \"say \"hi\"\"}", out);
        assertThrows(Exception.class, () -> Json.MAPPER.readTree(out));
    }

    @Test
    void missingVariableFailsNamingEveryMissingField() throws Exception {
        PromptTemplate t = PromptTemplate.parse("support.yaml#simple.user", "{{text}} {{meta.group}} {{label}} {{meta.group}}");
        MissingVariableException e = assertThrows(MissingVariableException.class,
                () -> t.render(json("{\"text\":\"x\",\"meta\":{}}")));
        assertEquals(List.of("meta.group", "label"), e.variables());
        assertTrue(e.getMessage().contains("'meta.group'") && e.getMessage().contains("support.yaml#simple.user"), e.getMessage());
    }

    @Test
    void nullCountsAsMissingButEmptyStringDoesNot() throws Exception {
        assertThrows(MissingVariableException.class, () -> render("[{{a}}]", "{\"a\":null}"));
        assertEquals("[]", render("[{{a}}]", "{\"a\":\"\"}"));
    }

    @Test
    void defaultFillsMissingAndNullValuesAndFiltersApplyInOrder() throws Exception {
        assertEquals("none", render("{{group|default:\"none\"}}", "{}"));
        assertEquals("none", render("{{group|default:none}}", "{\"group\":null}"));
        assertEquals("\"n/a | \\\"x\\\"\"", render("{{group|default:\"n/a | \\\"x\\\"\"|json}}", "{}"));
        assertEquals("\"real\"", render("{{group|default:\"none\"|json}}", "{\"group\":\"real\"}"));
    }

    @Test
    void quotedLiteralWritesLiteralBraces() throws Exception {
        assertEquals("use {{name}} here", render("use {{\"{{\"}}name}} here", "{}"));
        assertEquals("}}", render("{{\"}}\"}}", "{}"));
    }

    @Test
    void listsVariablesAndRequiredVariables() throws Exception {
        PromptTemplate t = PromptTemplate.parse("t", "{{a}} {{b.c|json}} {{d|default:x}} {{a}}");
        assertEquals(List.of("a", "b.c", "d"), List.copyOf(t.variables()));
        assertEquals(List.of("a", "b.c"), List.copyOf(t.requiredVariables()));
    }

    @Test
    void syntaxErrorsNameTheTemplateLineAndColumn() {
        TemplateSyntaxException unclosed = assertThrows(TemplateSyntaxException.class,
                () -> PromptTemplate.parse("p.txt", "line one\n  see {{name\n"));
        assertTrue(unclosed.getMessage().startsWith("p.txt (line 2, column 7)"), unclosed.getMessage());
        TemplateSyntaxException filter = assertThrows(TemplateSyntaxException.class,
                () -> PromptTemplate.parse("p.txt", "{{name|upper}}"));
        assertTrue(filter.getMessage().contains("unknown filter 'upper'"), filter.getMessage());
        assertThrows(TemplateSyntaxException.class, () -> PromptTemplate.parse("p.txt", "{{ }}"));
        assertThrows(TemplateSyntaxException.class, () -> PromptTemplate.parse("p.txt", "{{a..b}}"));
        assertThrows(TemplateSyntaxException.class, () -> PromptTemplate.parse("p.txt", "{{a|default}}"));
        assertThrows(TemplateSyntaxException.class, () -> PromptTemplate.parse("p.txt", "{{a|json:x}}"));
    }

    @Test
    void loadsAPromptFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("system.txt");
        Files.writeString(file, "You answer questions about {{topic}}.\n", StandardCharsets.UTF_8);
        PromptTemplate t = PromptTemplate.load(file);
        assertEquals("You answer questions about billing.\n", t.render(Map.of("topic", "billing")));
        MissingVariableException e = assertThrows(MissingVariableException.class, () -> t.render(Map.of()));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        Exception missingFile = assertThrows(Exception.class, () -> PromptTemplate.load(dir.resolve("absent.txt")));
        assertTrue(missingFile.getMessage().contains("absent.txt"), missingFile.getMessage());
    }
}
