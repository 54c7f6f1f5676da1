package ftkit.extract;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static ftkit.extract.DocumentFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

/** A whole run over a folder: parallel, ordered, reproducible, keywords over the corpus, chunks, report. */
class ExtractorRunTest {
    @TempDir
    Path dir;

    private Path corpus() throws Exception {
        Path docs = Files.createDirectories(dir.resolve("docs/sub"));
        Files.writeString(dir.resolve("docs/warranty.txt"), "Q: How long is the warranty?\nA: The warranty lasts two years.\n\n"
                + "Q: Does the warranty cover water damage?\nA: No, water damage voids the warranty.\n");
        Files.writeString(dir.resolve("docs/shipping.md"), "# Shipping\n\n## How fast is shipping?\n\nShipping takes two days "
                + "within Europe, and parcels are tracked.\n");
        docx(docs.resolve("handbook.docx"), List.of(h(1, "Handbook"), p("Customer: My battery drains overnight."),
                p("Agent: Disable the always-on display in the battery settings.")));
        Files.writeString(docs.resolve("pairs.csv"), "Question,Answer\nIs the charger included?,Yes a charger is in the box.\n");
        Files.createFile(dir.resolve("docs/empty.pdf"));
        Files.write(dir.resolve("docs/binary.txt"), new byte[]{1, 2, 0, 3, 0, 4});
        Files.writeString(dir.resolve("docs/.hidden.txt"), "Q: Hidden?\nA: Never read.\n");
        Files.writeString(dir.resolve("docs/ignored.bin"), "Q: Unsupported extension?\nA: Not picked up in folders.\n");
        return dir.resolve("docs");
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) out.add(Json.MAPPER.readTree(l));
        return out;
    }

    @Test
    void parallelRunIsOrderedReproducibleAndReportsEveryFile() throws Exception {
        Path docs = corpus();
        ExtractOptions one = new ExtractOptions();
        one.threads = 1;
        ExtractOptions four = new ExtractOptions();
        four.threads = 4;
        List<Extractor.InputFile> files = Extractor.discover(List.of(docs.toString()), one);
        assertEquals(List.of("binary.txt", "empty.pdf", "shipping.md", "sub/handbook.docx", "sub/pairs.csv", "warranty.txt"),
                files.stream().map(f -> docs.relativize(f.path()).toString().replace('\\', '/')).toList());

        List<FileReport> seen = new ArrayList<>();
        RunReport r1 = new Extractor(one).run(files, dir.resolve("one.jsonl").toString(), dir.resolve("one.chunks.jsonl").toString(), seen::add);
        RunReport r4 = new Extractor(four).run(files, dir.resolve("four.jsonl").toString(), dir.resolve("four.chunks.jsonl").toString(), null);
        assertEquals(6, seen.size());
        assertArrayEquals(Files.readAllBytes(dir.resolve("one.jsonl")), Files.readAllBytes(dir.resolve("four.jsonl")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("one.chunks.jsonl")), Files.readAllBytes(dir.resolve("four.chunks.jsonl")));

        assertEquals(6, r1.files());
        assertEquals(2, r1.failed());
        assertTrue(r1.hasProblems());
        assertEquals(5, r1.samples());
        assertEquals(r1.samples(), r4.samples());
        assertEquals("failed", r1.entries().get(0).status());
        assertTrue(r1.entries().get(0).reason().startsWith("binary content"));
        assertTrue(r1.entries().get(1).reason().startsWith("empty file"));

        List<JsonNode> samples = lines(dir.resolve("one.jsonl"));
        assertEquals(5, samples.size());
        List<String> order = samples.stream().map(s -> s.at("/metadata/source_file").asText()).toList();
        String base = docs.toString().replace('\\', '/');
        assertEquals(List.of(base + "/shipping.md", base + "/sub/handbook.docx", base + "/sub/pairs.csv",
                base + "/warranty.txt", base + "/warranty.txt"), order);
        JsonNode warranty = samples.get(3);
        assertEquals("How long is the warranty?", warranty.at("/messages/0/content").asText());
        List<String> keywords = new ArrayList<>();
        warranty.at("/metadata/keywords").forEach(k -> keywords.add(k.asText()));
        assertEquals("warranty", keywords.get(0), keywords.toString()); // frequent here, absent from other files
        assertTrue(keywords.size() <= 5 && keywords.size() >= 2, keywords.toString());
        assertFalse(keywords.contains("the"));
        for (JsonNode s : samples) assertTrue(s.path("id").asText().startsWith("x-"));

        List<JsonNode> chunks = lines(dir.resolve("one.chunks.jsonl"));
        assertEquals(4, chunks.size()); // one per readable document: they are all small
        for (JsonNode c : chunks) {
            assertEquals("chunker", c.at("/metadata/detector").asText());
            assertTrue(c.path("tokens").asInt() > 0);
            assertFalse(c.at("/metadata/keywords").isEmpty());
        }
    }

    @Test
    void includeAndExcludeGlobs() throws Exception {
        Path docs = corpus();
        ExtractOptions o = new ExtractOptions();
        o.includes = List.of("*.txt", "*.md");
        o.excludes = List.of("binary.*");
        List<Extractor.InputFile> files = Extractor.discover(List.of(docs.toString()), o);
        assertEquals(List.of("shipping.md", "warranty.txt"), files.stream().map(f -> f.path().getFileName().toString()).toList());
        Path explicit = docs.resolve("ignored.bin");
        assertEquals(1, Extractor.discover(List.of(explicit.toString()), new ExtractOptions()).size(),
                "a file named on the command line is always read");
        assertThrows(java.nio.file.NoSuchFileException.class,
                () -> Extractor.discover(List.of(dir.resolve("missing").toString()), o));
    }

    @Test
    void failedOutputLeavesNoHalfWrittenFile() throws Exception {
        Path docs = corpus();
        ExtractOptions o = new ExtractOptions();
        List<Extractor.InputFile> files = Extractor.discover(List.of(docs.toString()), o);
        Path blocked = Files.createDirectories(dir.resolve("out-is-a-directory"));
        assertThrows(java.io.IOException.class, () -> new Extractor(o).run(files, blocked.toString(), null, null));
        try (var s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }
}
