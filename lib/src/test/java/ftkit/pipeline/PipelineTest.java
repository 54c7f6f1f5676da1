package ftkit.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.config.Config;
import ftkit.config.Settings;
import ftkit.export.ExportSplit;
import ftkit.export.Exporter;
import ftkit.io.Json;
import ftkit.providers.ProviderRegistry;
import ftkit.providers.Target;
import ftkit.split.Side;
import ftkit.validate.ValidationOptions;
import ftkit.validate.Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The whole job on the bundled example documents in identify mode: no API key, no network. */
class PipelineTest {
    static final ProviderRegistry REGISTRY = ProviderRegistry.bundled();

    @TempDir
    Path dir;

    static Path documents() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path d = p.resolve("examples/documents");
            if (Files.isDirectory(d) && Files.isRegularFile(p.resolve("jbang-catalog.json"))) return d;
        }
        throw new IllegalStateException("examples/documents not found above " + Path.of("").toAbsolutePath());
    }

    Config config(Path out, String mode) throws Exception {
        return Settings.resolve(Settings.flags("mode", mode, "output.dir", out.toString(), "output_name", "support"), Map.of(), null, dir).config();
    }

    @Test
    void identifyModeRunsEveryStageOnTheExampleDocumentsAndWritesFilesValidateAccepts() throws Exception {
        Path out = dir.resolve("out");
        Target openai = REGISTRY.target("openai/gpt-4o-mini-2024-07-18");
        Target claude = REGISTRY.target("bedrock/claude-3-haiku");
        Pipeline.Summary s = new Pipeline(REGISTRY, config(out, "identify"), List.of(openai, claude), null, line -> { })
                .run(List.of(documents().toString()));

        assertTrue(s.extract().samples() > 10, "samples found: " + s.extract().samples());
        assertEquals(0, s.extract().failed());
        assertNotNull(s.split());
        long split = s.split().count(Side.TRAIN) + s.split().count(Side.VALIDATION);
        assertTrue(s.split().count(Side.VALIDATION) > 0);
        Set<String> documentNames = new HashSet<>();
        try (var files = Files.list(documents())) {
            files.forEach(f -> documentNames.add(f.getFileName().toString()));
        }
        for (Exporter.TargetResult t : s.export().targets()) {
            long exported = t.exported().get(ExportSplit.TRAIN) + t.exported().get(ExportSplit.VALIDATION);
            assertEquals(split, exported + t.rejected(), t.target().id() + ": every split sample is exported or rejected with a reason");
            assertTrue(exported > 0);
            Path train = t.dir().resolve("support_train.jsonl");
            Path validation = t.dir().resolve("support_validation.jsonl");
            assertTrue(Files.exists(t.dir().resolve("support_metadata.csv")));
            assertTrue(Files.exists(t.dir().resolve("dataset_info.txt")));
            assertTrue(Files.exists(t.dir().resolve("README.md")));
            ValidationOptions vo = new ValidationOptions(List.of(t.target()), null, null, 1, null, null, null,
                    ValidationOptions.DuplicatePolicy.REJECT, false);
            Validator.Run run = new Validator(REGISTRY, vo, w -> { }).run(List.of(train.toString()), validation.toString());
            for (Validator.FileResult f : run.files()) {
                assertEquals(0, f.tallies().get(0).invalid(), f.file() + ": " + f.tallies().get(0).errorsByType());
                assertEquals(0, f.overlap(), "no train/validation overlap after the leakage-free split");
            }
            // Provenance: every line names the example document it was extracted from.
            for (String line : Files.readAllLines(t.dir().resolve("support_manifest.jsonl"))) {
                JsonNode m = Json.MAPPER.readTree(line);
                String source = Path.of(m.get("source_file").asText()).getFileName().toString();
                assertTrue(documentNames.contains(source), source);
                assertEquals("extracted", m.get("mode").asText());
            }
        }
        assertTrue(Files.exists(out.resolve("work/support_extracted.jsonl")));
    }

    @Test
    void sameConfigAndDocumentsGiveByteIdenticalFiles() throws Exception {
        Target openai = REGISTRY.target("openai/gpt-4o-mini-2024-07-18");
        List<byte[]> runs = new ArrayList<>();
        for (String o : List.of("a", "b")) {
            Path out = dir.resolve(o);
            new Pipeline(REGISTRY, config(out, "identify"), List.of(openai), null, line -> { }).run(List.of(documents().toString()));
            runs.add(Files.readAllBytes(out.resolve("openai-gpt-4o-mini-2024-07-18/support_train.jsonl")));
            runs.add(Files.readAllBytes(out.resolve("openai-gpt-4o-mini-2024-07-18/support_validation.jsonl")));
        }
        assertArrayEquals(runs.get(0), runs.get(2));
        assertArrayEquals(runs.get(1), runs.get(3));
    }

    @Test
    void templatesModeIsAUsageErrorPointingAtTheTemplatesScript() throws Exception {
        Pipeline.StageException e = assertThrows(Pipeline.StageException.class, () -> new Pipeline(REGISTRY, config(dir.resolve("o"), "templates"),
                List.of(REGISTRY.target("openai/gpt-4o-mini-2024-07-18")), null, line -> { }).run(List.of(documents().toString())));
        assertTrue(e.usage());
        assertTrue(e.getMessage().contains("mode templates is not a pipeline mode"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("o")));
    }

    @Test
    void identifyModeWithoutDocumentsIsAUsageError() throws Exception {
        Pipeline.StageException e = assertThrows(Pipeline.StageException.class, () -> new Pipeline(REGISTRY, config(dir.resolve("o"), "identify"),
                List.of(REGISTRY.target("openai/gpt-4o-mini-2024-07-18")), null, line -> { }).run(List.of()));
        assertTrue(e.usage());
        assertTrue(e.getMessage().contains("mode identify needs documents"), e.getMessage());
    }
}
