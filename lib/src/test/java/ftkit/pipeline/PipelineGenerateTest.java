package ftkit.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.config.Settings;
import ftkit.devserver.FakeLlmServer;
import ftkit.devserver.Fault;
import ftkit.devserver.RecordedRequest;
import ftkit.devserver.Route;
import ftkit.export.ExportSplit;
import ftkit.export.Exporter;
import ftkit.generate.GenerateStage;
import ftkit.generate.Generator;
import ftkit.io.Json;
import ftkit.providers.ProviderRegistry;
import ftkit.providers.Target;
import ftkit.split.Side;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The pipeline in create, hybrid and free modes: the real generate stage against {@link FakeLlmServer} on 127.0.0.1. */
@Timeout(180)
class PipelineGenerateTest {
    static final ProviderRegistry REGISTRY = ProviderRegistry.bundled();
    static final String KEY = "sk-test-pipeline-0a1b2c3d";
    static final Path ROOT = PipelineTest.documents().getParent().getParent();
    static final Path PROMPTS = ROOT.resolve("prompts");
    static final Path PLAN = ROOT.resolve("examples/plans/plan.yaml");
    static final String TARGET = "openai/gpt-4o-mini-2024-07-18";

    @TempDir
    Path dir;

    FakeLlmServer server;

    @BeforeEach
    void start() {
        server = FakeLlmServer.builder().log(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Settings as the pipeline script resolves them: flags over the environment, the LLM at the fake server. */
    Settings settings(Path out, String mode, Map<String, String> env, String... moreFlags) throws Exception {
        Map<String, String> flags = new LinkedHashMap<>(Settings.flags("mode", mode, "output.dir", out.toString(), "output_name", "support",
                "system.agentic_llm", "openai", "system.agentic_model", "fake-openai-model",
                "system.base_url", server.baseUrl(Route.OPENAI), "system.timeout", "10"));
        for (int i = 0; i < moreFlags.length; i += 2) flags.put(moreFlags[i], moreFlags[i + 1]);
        return Settings.resolve(flags, env, null, dir);
    }

    static GenerateStage.Options options() {
        GenerateStage.Options o = new GenerateStage.Options();
        o.prompts = PROMPTS;
        o.backoffMillis = 20;
        o.target = TARGET;
        return o;
    }

    Pipeline.Summary run(Settings settings, GenerateStage.Options options, List<String> documents) throws Exception {
        return new Pipeline(REGISTRY, settings.config(), List.of(REGISTRY.target(TARGET)), null, line -> { })
                .withGenerate(new GenerateStage(settings, options)).run(documents);
    }

    static List<JsonNode> jsonl(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) if (!line.isBlank()) out.add(Json.MAPPER.readTree(line));
        return out;
    }

    /** Lines of an exported file; a side with no sample has no file. */
    static long lineCount(Path file) throws IOException {
        return Files.exists(file) ? jsonl(file).size() : 0;
    }

    /** The numbers of the summary add up, stage to stage, and every exported line is one the generate stage produced. */
    static void assertAddsUp(Pipeline.Summary s, FakeLlmServer server, long requestsBefore) throws IOException {
        Generator.Result r = s.generate().outcome().result();
        assertTrue(r.addsUp(), r.summary());
        assertEquals(server.totalRequests() - requestsBefore, r.requests(), "every request the server saw was counted: " + r.summary());
        assertEquals(r.produced(), s.validated(), "validate read every produced sample");
        long split = s.split().count(Side.TRAIN) + s.split().count(Side.VALIDATION) + s.split().count(Side.TEST);
        assertEquals(s.validated() - s.duplicates() - s.invalidPerTarget().get(0), split + s.split().rejected(), "split got every valid sample");
        Exporter.TargetResult t = s.export().targets().get(0);
        assertEquals(split, t.exported().get(ExportSplit.TRAIN) + t.exported().get(ExportSplit.VALIDATION) + t.rejected());
        assertEquals(t.exported().get(ExportSplit.TRAIN), lineCount(t.dir().resolve("support_train.jsonl")));
        assertEquals(t.exported().get(ExportSplit.VALIDATION), lineCount(t.dir().resolve("support_validation.jsonl")));
        Set<String> producedIds = new HashSet<>();
        for (JsonNode g : jsonl(s.generate().samples())) producedIds.add(g.get("id").asText());
        assertEquals(r.produced(), producedIds.size(), "the work file holds each produced sample once");
        List<JsonNode> manifest = jsonl(t.dir().resolve("support_manifest.jsonl"));
        assertEquals(t.exported().get(ExportSplit.TRAIN) + t.exported().get(ExportSplit.VALIDATION), manifest.size());
        for (JsonNode m : manifest) assertTrue(producedIds.contains(m.get("sample_id").asText()), m.toString());
    }

    @Test
    void createModeGroundedInTheDocumentsRunsEveryStageAndAReRunResumesWithoutANewRequest() throws Exception {
        Path out = dir.resolve("out");
        GenerateStage.Options o = options();
        o.plan = PLAN;
        o.size = 24;
        o.maxCost = 5.0;
        // Samples grounded in one chunk stay on one side; the example documents give about one chunk each, so a split
        // weighted by source would keep every document's single group in train.
        Settings settings = settings(out, "create", Map.of("OPENAI_API_KEY", KEY), "split.strategy", "random");

        Pipeline.Summary s = run(settings, o, List.of(PipelineTest.documents().toString()));

        assertEquals(0, s.exitCode(), s.toString());
        assertNotNull(s.extract());
        Generator.Result r = s.generate().outcome().result();
        assertEquals(24, r.requested());
        assertEquals(24, r.produced());
        assertEquals(0, r.resumed());
        assertAddsUp(s, server, 0);
        assertTrue(s.generate().outcome().planTable().contains("cells filled: "), s.generate().outcome().planTable());
        assertTrue(s.generate().outcome().wholeJob().inputTokens() > 0);
        // The journal and every intermediate live under <output>/work/.
        assertTrue(s.generate().outcome().journal().startsWith(out.resolve("work/journal")), s.generate().outcome().journal().toString());
        assertTrue(Files.isRegularFile(s.generate().outcome().journal()));
        assertEquals(out.resolve("work/support_generated.jsonl"), s.generate().samples());

        // Grounded: every sample names a chunk of the extract stage, and that chunk's document.
        Map<String, String> chunkSource = new HashMap<>();
        for (JsonNode c : jsonl(out.resolve("work/support_chunks.jsonl"))) chunkSource.put(c.get("id").asText(), c.at("/metadata/source_file").asText());
        assertFalse(chunkSource.isEmpty());
        Map<String, Integer> byCategory = new HashMap<>();
        for (JsonNode g : jsonl(s.generate().samples())) {
            String chunk = g.at("/metadata/chunk_id").asText();
            assertTrue(chunkSource.containsKey(chunk), "chunk " + chunk + " of " + g);
            assertEquals(chunkSource.get(chunk), g.at("/metadata/source_file").asText());
            assertEquals("generated", g.at("/metadata/mode").asText());
            byCategory.merge(g.at("/metadata/category").asText(), 1, Integer::sum);
        }
        // The plan's 40/35/25 shares of 24 (largest remainder).
        assertEquals(Map.of("orders", 10, "returns", 8, "account", 6), byCategory);
        // The chunk text reached the model: grounding is in the prompts.
        for (RecordedRequest q : server.requests()) {
            assertTrue(q.body().contains("Ground the conversation in the source text below"), q.body());
            String chunk = q.body().replaceFirst("(?s).*<source id=\\\\\"([^\\\\]+)\\\\\".*", "$1");
            assertTrue(chunkSource.containsKey(chunk), "a chunk of the extract stage: " + chunk);
        }
        for (JsonNode m : jsonl(out.resolve("openai-gpt-4o-mini-2024-07-18/support_manifest.jsonl"))) {
            assertEquals("generated", m.get("mode").asText());
            assertEquals("openai/fake-openai-model", m.get("model").asText());
        }

        byte[] train = Files.readAllBytes(out.resolve("openai-gpt-4o-mini-2024-07-18/support_train.jsonl"));
        long requests = server.totalRequests();
        Pipeline.Summary again = run(settings, o, List.of(PipelineTest.documents().toString()));

        assertEquals(requests, server.totalRequests(), "the re-run took every answer from the journal");
        Generator.Result r2 = again.generate().outcome().result();
        assertEquals(24, r2.resumed());
        assertEquals(0, r2.requests());
        assertEquals(24, r2.produced());
        assertEquals(0, again.exitCode());
        assertArrayEquals(train, Files.readAllBytes(out.resolve("openai-gpt-4o-mini-2024-07-18/support_train.jsonl")));
    }

    @Test
    void hybridModeMixesExtractedAndGeneratedAtTheRatioAndNeverGeneratesWhatWasExtracted() throws Exception {
        Path out = dir.resolve("out");
        GenerateStage.Options o = options();
        o.topic = "our product";
        Settings settings = settings(out, "hybrid", Map.of("OPENAI_API_KEY", KEY), "dataset_size", "20",
                "agent.hybrid.generation_ratio", "0.5");

        Pipeline.Summary s = run(settings, o, List.of(PipelineTest.documents().toString()));

        assertEquals(0, s.exitCode(), s.toString());
        assertTrue(s.extract().samples() >= 10, "the example documents hold enough conversations: " + s.extract().samples());
        Generator.Result r = s.generate().outcome().result();
        assertEquals(20, r.requested());
        assertEquals(20, r.produced());
        assertEquals(10, server.totalRequests(), "only the generated half called the model");
        assertAddsUp(s, server, 0);
        Map<String, Integer> byMode = new HashMap<>();
        Set<String> extractedQuestions = new HashSet<>();
        List<String> generatedQuestions = new ArrayList<>();
        for (JsonNode g : jsonl(s.generate().samples())) {
            String mode = g.at("/metadata/mode").asText();
            byMode.merge(mode, 1, Integer::sum);
            String firstUser = null;
            for (JsonNode m : g.get("messages")) {
                if (m.get("role").asText().equals("user")) {
                    firstUser = Generator.normalise(m.get("content").asText());
                    break;
                }
            }
            if (mode.equals("extracted")) extractedQuestions.add(firstUser);
            else generatedQuestions.add(firstUser);
        }
        assertEquals(Map.of("extracted", 10, "generated", 10), byMode);
        for (String q : generatedQuestions) assertFalse(extractedQuestions.contains(q), "generated again: " + q);
        Map<String, Integer> manifestModes = new HashMap<>();
        for (JsonNode m : jsonl(out.resolve("openai-gpt-4o-mini-2024-07-18/support_manifest.jsonl"))) {
            manifestModes.merge(m.get("mode").asText(), 1, Integer::sum);
        }
        assertEquals(Set.of("extracted", "generated"), manifestModes.keySet(), "both kinds reach the upload files");
    }

    @Test
    void freeModeWritesFromTheFreeModeInstructions() throws Exception {
        Path out = dir.resolve("out");
        Path instructions = dir.resolve("free.txt");
        Files.writeString(instructions, "Write conversations between a beekeeper and an assistant about hive inspections.\n");
        GenerateStage.Options o = options();
        o.freePrompt = instructions;
        o.size = 12;
        Settings settings = settings(out, "free", Map.of("OPENAI_API_KEY", KEY));

        Pipeline.Summary s = run(settings, o, List.of());

        assertEquals(0, s.exitCode(), s.toString());
        assertNull(s.extract(), "free mode reads no documents");
        assertEquals(12, s.generate().outcome().result().produced());
        assertAddsUp(s, server, 0);
        assertEquals(12, server.totalRequests());
        for (RecordedRequest q : server.requests()) assertTrue(q.body().contains("beekeeper"), "the instructions reach the model: " + q.body());
        for (JsonNode g : jsonl(s.generate().samples())) assertEquals("generated", g.at("/metadata/mode").asText());
    }

    @Test
    void withoutAnApiKeyCreateModeFailsBeforeAnyWorkNamingTheVariable() throws Exception {
        Path out = dir.resolve("out");
        Settings settings = settings(out, "create", Map.of());

        Pipeline.StageException e = assertThrows(Pipeline.StageException.class,
                () -> run(settings, options(), List.of(PipelineTest.documents().toString())));

        assertTrue(e.usage());
        assertTrue(e.getMessage().contains("OPENAI_API_KEY"), e.getMessage());
        assertTrue(e.getMessage().contains("mode create"), e.getMessage());
        assertFalse(Files.exists(out), "nothing was written");
        assertEquals(0, server.totalRequests());
    }

    @Test
    void aKeyTheProviderRefusesStopsThePipelineAfterGenerateWithAFailure() throws Exception {
        server.close();
        server = FakeLlmServer.builder().requiredKey("sk-the-only-good-key")
                .log(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).start();
        Path out = dir.resolve("out");
        GenerateStage.Options o = options();
        o.topic = "tides";
        o.size = 5;

        IOException e = assertThrows(IOException.class, () -> run(settings(out, "create", Map.of("OPENAI_API_KEY", KEY)), o, List.of()));

        assertTrue(e.getMessage().startsWith("generate stopped"), e.getMessage());
        assertTrue(e.getMessage().contains("a re-run resumes"), e.getMessage());
        assertFalse(Files.exists(out.resolve("openai-gpt-4o-mini-2024-07-18")), "nothing was exported");
    }

    @Test
    void rejectsAndTheBudgetAreReportedAndMakeThePipelinePartial() throws Exception {
        Path out = dir.resolve("out");
        // Three malformed replies in a row for the first task: with one repair attempt it is rejected.
        server.faults().next(Fault.malformedJson(), Fault.malformedJson(), Fault.malformedJson(), Fault.malformedJson());
        GenerateStage.Options o = options();
        o.topic = "tides";
        o.size = 30;
        o.concurrency = 1;
        o.repairAttempts = 0;
        o.maxTokens = 8_000L;
        Settings settings = settings(out, "create", Map.of("OPENAI_API_KEY", KEY), "system.max_retries", "0");

        Pipeline.Summary s = run(settings, o, List.of());

        Generator.Result r = s.generate().outcome().result();
        assertTrue(r.addsUp(), r.summary());
        assertTrue(r.rejected() + r.failed() > 0, r.summary());
        assertTrue(r.notRun() > 0 && s.generate().budgetReached(), "the token budget stopped the run: " + r.summary());
        assertEquals(3, s.exitCode());
        assertTrue(s.notes().stream().anyMatch(n -> n.contains("re-run with a higher budget")), s.notes().toString());
        List<JsonNode> rejects = jsonl(s.generate().rejects());
        assertEquals(r.rejected() + r.failed(), rejects.size());
        assertFalse(rejects.get(0).get("reason").asText().isBlank());
        assertAddsUp(s, server, 0);
    }
}
