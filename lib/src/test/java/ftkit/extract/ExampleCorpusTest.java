package ftkit.extract;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/** The shipped example corpus (examples/documents) extracts to the samples the README promises. */
class ExampleCorpusTest {
    @TempDir
    Path dir;

    static Path examples() {
        Path p = Path.of("../examples/documents");
        if (!Files.isDirectory(p)) p = Path.of("examples/documents");
        return p;
    }

    @Test
    void everyExampleFileYieldsItsConversations() throws Exception {
        ExtractOptions o = new ExtractOptions();
        List<Extractor.InputFile> files = Extractor.discover(List.of(examples().toString()), o);
        assertEquals(8, files.size(), files::toString);
        Path out = dir.resolve("samples.jsonl");
        RunReport report = new Extractor(o).run(files, out.toString(), dir.resolve("chunks.jsonl").toString(), null);
        assertFalse(report.hasProblems(), report::summary);
        List<JsonNode> samples = new ArrayList<>();
        for (String l : Files.readAllLines(out)) samples.add(Json.MAPPER.readTree(l));
        Map<String, Integer> perFile = new TreeMap<>();
        for (JsonNode s : samples) {
            String f = s.at("/metadata/source_file").asText();
            perFile.merge(f.substring(f.lastIndexOf('/') + 1), 1, Integer::sum);
        }
        assertEquals(Map.of("chat-export.jsonl", 2, "faq.md", 3, "founder-interview.txt", 1, "onboarding-deck.pptx", 3,
                "product-faq.docx", 4, "product-faq.pdf", 5, "qa-sheet.xlsx", 4, "support-chat.txt", 1), perFile);
        assertEquals(23, samples.size());
        JsonNode clean = samples.stream().filter(s -> s.at("/messages/0/content").asText().equals("How do I clean the lamp?"))
                .findFirst().orElseThrow();
        assertEquals("Lumo Desk Lamp - Frequently Asked Questions", clean.at("/metadata/locator/heading").asText(),
                "a FAQ heading is located under its parent, not its previous sibling");
        JsonNode chat = samples.stream().filter(s -> s.at("/metadata/source_file").asText().endsWith("support-chat.txt"))
                .findFirst().orElseThrow();
        assertEquals(6, chat.path("messages").size(), "the agent's greeting before the first question is dropped");
        assertEquals("Customer", chat.at("/metadata/speakers/user").asText());
    }
}
