package ftkit.templates;

import ftkit.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplateSetTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void loadsTheBundledExampleWithTwoStrategies() throws Exception {
        TemplateSet t = TemplateSet.load(TestFiles.repoRoot().resolve("examples/labelled/support-tickets.yaml"));
        assertEquals("support-tickets", t.name());
        assertEquals("1", t.version());
        assertEquals(List.of("simple", "optimized"), List.copyOf(t.strategies().keySet()));
        assertEquals("simple", t.simple().name());
        assertTrue(t.strategy("optimized").assistantIsJson());
        assertTrue(t.strategy("optimized").user().requiredVariables().containsAll(List.of("meta.channel", "meta.product", "group", "text")));
        assertEquals(64, t.hash().length());
        assertEquals(List.of("label", "group"), List.copyOf(t.tags().keySet()));
    }

    @Test
    void loadsJsonTemplatesAndPicksTheFirstStrategyAsSimpleWhenNoneIsNamed() throws Exception {
        Path f = write("t.json", "{\"strategies\": {\"base\": {\"user\": \"{{q}}\", \"assistant\": \"{{a}}\"},"
                + " \"rich\": {\"system\": \"S\", \"user\": \"Q: {{q}}\", \"assistant\": \"{{a}}\"}}}");
        TemplateSet t = TemplateSet.load(f);
        assertEquals("t", t.name(), "the file name when the template has no name");
        assertNull(t.version());
        assertEquals("base", t.simple().name());
        assertNull(t.simple().system());
        assertFalse(t.simple().assistantIsJson());
    }

    @Test
    void hashChangesWithTheFile() throws Exception {
        Path a = write("a.yaml", "strategies:\n  simple:\n    user: '{{q}}'\n    assistant: '{{a}}'\n");
        Path b = write("b.yaml", "strategies:\n  simple:\n    user: 'Q {{q}}'\n    assistant: '{{a}}'\n");
        assertNotEquals(TemplateSet.load(a).hash(), TemplateSet.load(b).hash());
    }

    @Test
    void problemsNameTheFileTheStrategyAndThePlace() throws Exception {
        Path typo = write("typo.yaml", "strategies:\n  simple:\n    sytem: x\n    user: '{{q}}'\n    assistant: a\n");
        TemplateSet.InvalidTemplateException e1 = assertThrows(TemplateSet.InvalidTemplateException.class, () -> TemplateSet.load(typo));
        assertTrue(e1.getMessage().contains("typo.yaml#simple") && e1.getMessage().contains("unknown key 'sytem'"), e1.getMessage());

        Path noUser = write("nouser.yaml", "strategies:\n  simple:\n    assistant: a\n");
        TemplateSet.InvalidTemplateException e2 = assertThrows(TemplateSet.InvalidTemplateException.class, () -> TemplateSet.load(noUser));
        assertTrue(e2.getMessage().contains("'user' template is missing"), e2.getMessage());

        Path syntax = write("syntax.yaml", "strategies:\n  simple:\n    user: \"line\\n{{q|upper}}\"\n    assistant: a\n");
        TemplateSet.InvalidTemplateException e3 = assertThrows(TemplateSet.InvalidTemplateException.class, () -> TemplateSet.load(syntax));
        assertTrue(e3.getMessage().contains("syntax.yaml#simple.user (line 2, column 1)") && e3.getMessage().contains("upper"), e3.getMessage());

        Path badSimple = write("badsimple.yaml", "simple: nope\nstrategies:\n  a:\n    user: u\n    assistant: a\n");
        assertThrows(TemplateSet.InvalidTemplateException.class, () -> TemplateSet.load(badSimple));

        Path yaml = write("broken.yaml", "strategies: [\n");
        TemplateSet.InvalidTemplateException e5 = assertThrows(TemplateSet.InvalidTemplateException.class, () -> TemplateSet.load(yaml));
        assertTrue(e5.getMessage().startsWith(yaml + ": not valid YAML"), e5.getMessage());

        Path empty = write("empty.yaml", "name: x\n");
        assertThrows(TemplateSet.InvalidTemplateException.class, () -> TemplateSet.load(empty));
    }

    @Test
    void locatesTemplatesByPathOrByNameInPromptsTemplates() throws Exception {
        Path named = write("prompts/templates/intents.yaml", "strategies:\n  simple:\n    user: u\n    assistant: a\n");
        assertEquals(named, TemplateSet.locate("intents", dir));
        assertEquals(named, TemplateSet.locate("intents.yaml", dir));
        assertEquals(named, TemplateSet.locate("prompts/templates/intents.yaml", dir));
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> TemplateSet.locate("absent", dir));
        assertTrue(e.getReason().contains("prompts/templates/absent.yaml"), e.getReason());
    }

    @Test
    void theShippedGenericTemplateLoadsAndItsDefaultsCoverOptionalFields() throws Exception {
        Path root = TestFiles.repoRoot();
        TemplateSet t = TemplateSet.load(TemplateSet.locate("classification", root));
        String answer = t.simple().assistant().render(Json.MAPPER.readTree("{\"text\":\"hi\",\"label\":\"greeting\"}"));
        assertEquals("greeting", Json.MAPPER.readTree(answer).get("classification").asText());
        assertEquals("none", Json.MAPPER.readTree(answer).get("group").asText());
    }
}
