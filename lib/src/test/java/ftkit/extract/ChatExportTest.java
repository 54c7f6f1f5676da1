package ftkit.extract;

import ftkit.model.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ChatExportTest {
    @TempDir
    Path dir;

    private Extractor.FileResult extract(Path file) throws Exception {
        return new Extractor(new ExtractOptions()).extractFile(new Extractor.InputFile(file, file.getFileName().toString(), Files.size(file)));
    }

    @Test
    void jsonlWithOpenAiAndShareGptRecordsAndANonChatLine() throws Exception {
        Path f = Files.writeString(dir.resolve("chats.jsonl"), String.join("\n",
                "{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"  Hi there \\n\"},{\"role\":\"assistant\",\"content\":\"Hello! \\\"Quoted\\\" text.\"}]}",
                "",
                "{\"conversations\":[{\"from\":\"human\",\"value\":\"2+2?\"},{\"from\":\"gpt\",\"value\":\"4\"}]}",
                "{\"note\":\"not a chat\"}",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"only a question\"}]}"));
        Extractor.FileResult r = extract(f);
        assertEquals(FileReport.WARNING, r.report().status(), r.report().line());
        assertTrue(r.report().reason().contains("line 4"), r.report().reason());
        assertEquals(2, r.samples().size());
        Sample a = r.samples().get(0);
        assertEquals("Be brief.", a.system());
        assertEquals("Hi there", a.messages().get(0).content());
        assertEquals("Hello! \"Quoted\" text.", a.messages().get(1).content());
        assertEquals(Map.of("line", 1L), Map.of("line", ((Number) a.metadata().locator().get("line")).longValue()));
        assertEquals("chat-json", a.metadata().detector());
        assertEquals("4", r.samples().get(1).messages().get(1).content());
    }

    @Test
    void chatGptExportFollowsTheCurrentBranch() throws Exception {
        Path f = Files.writeString(dir.resolve("conversations.json"), """
                [{"title":"Widget help","current_node":"c","mapping":{
                  "root":{"id":"root","message":null,"parent":null,"children":["a"]},
                  "a":{"id":"a","message":{"author":{"role":"user"},"content":{"content_type":"text","parts":["How do I pair it?"]}},"parent":"root","children":["b","old"]},
                  "old":{"id":"old","message":{"author":{"role":"assistant"},"content":{"parts":["An abandoned answer."]}},"parent":"a","children":[]},
                  "b":{"id":"b","message":{"author":{"role":"assistant"},"content":{"parts":["Hold the button."]}},"parent":"a","children":["c"]},
                  "c":{"id":"c","message":{"author":{"role":"user"},"content":{"parts":["Thanks!"]}},"parent":"b","children":[]}}}]
                """);
        Extractor.FileResult r = extract(f);
        assertEquals(1, r.samples().size(), r.report().line());
        Sample s = r.samples().get(0);
        assertEquals(3, s.messages().size());
        assertEquals("How do I pair it?", s.messages().get(0).content());
        assertEquals("Hold the button.", s.messages().get(1).content());
        assertEquals("Widget help", s.metadata().locator().get("title"));
    }

    @Test
    void claudeExportAndBareTurnArrays() throws Exception {
        Path claude = Files.writeString(dir.resolve("claude.json"), """
                [{"uuid":"1","name":"Recipes","chat_messages":[{"sender":"human","text":"Pancakes?"},{"sender":"assistant","text":"Flour, eggs, milk."}]},
                 {"uuid":"2","name":"Empty","chat_messages":[]}]
                """);
        Extractor.FileResult r = extract(claude);
        assertEquals(1, r.samples().size());
        assertEquals(List.of("Pancakes?", "Flour, eggs, milk."), r.samples().get(0).messages().stream().map(m -> m.content()).toList());
        assertEquals(FileReport.WARNING, r.report().status());

        Path bare = Files.writeString(dir.resolve("turns.json"), """
                [{"role":"user","content":"Ping"},{"role":"assistant","content":"Pong"}]
                """);
        Extractor.FileResult b = extract(bare);
        assertEquals(1, b.samples().size(), b.report().line());
        assertEquals("Pong", b.samples().get(0).messages().get(1).content());
    }
}
