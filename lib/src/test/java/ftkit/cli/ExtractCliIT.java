package ftkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/** The extract script run through ./jbang as a user would: outputs, bad input, config precedence, the pipe into validate. */
class ExtractCliIT {
    @TempDir
    Path dir;

    static final Path DOCUMENTS = ScriptRunner.projectRoot().resolve("examples/documents");
    static final Set<String> TEXT_FILES = Set.of("faq.md", "founder-interview.txt", "support-chat.txt");

    static List<JsonNode> jsonl(String text) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : text.split("\n")) if (!line.isBlank()) out.add(Json.MAPPER.readTree(line));
        return out;
    }

    static String fileName(JsonNode record) {
        String source = record.at("/metadata/source_file").asText();
        return source.substring(source.lastIndexOf('/') + 1);
    }

    @Test
    void helpListsExitCodesAndAnExample() throws Exception {
        ScriptRunner.Result r = ScriptRunner.run(dir, Map.of(), null, "extract", "--help");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains("Exit codes:"), r.stdout());
        assertTrue(r.stdout().contains("3   some files failed"), r.stdout());
        assertTrue(r.stdout().contains("Example:"), r.stdout());
        assertTrue(r.stdout().contains("| jbang validate@. -"), r.stdout());
        assertTrue(r.stdout().contains("--config"), "the shared options are there: " + r.stdout());
    }

    @Test
    void examplesGiveVerbatimSamplesChunksAndAReportThatValidateAccepts() throws Exception {
        Path chunks = dir.resolve("chunks.jsonl");
        Path report = dir.resolve("report.json");
        ScriptRunner.Result r = ScriptRunner.run(dir, Map.of(), null, "extract", DOCUMENTS.toString(),
                "--chunks", chunks.toString(), "--report", report.toString(), "--chunk-tokens", "64", "--chunk-overlap", "8");
        assertEquals(0, r.exitCode(), r.toString());
        List<JsonNode> samples = jsonl(r.stdout());
        assertEquals(23, samples.size(), "stdout is sample JSONL only: " + r.stdout());
        Set<String> sources = new TreeSet<>();
        for (JsonNode s : samples) {
            sources.add(fileName(s));
            assertEquals("extracted", s.at("/metadata/mode").asText());
            assertFalse(s.at("/metadata/detector").asText().isEmpty());
            assertTrue(s.at("/metadata/keywords").size() > 0, "keywords on every sample: " + s);
            assertTrue(s.get("messages").size() >= 2);
            if (TEXT_FILES.contains(fileName(s))) {
                String source = Files.readString(DOCUMENTS.resolve(fileName(s)), StandardCharsets.UTF_8);
                for (JsonNode m : s.get("messages")) {
                    assertTrue(source.contains(m.get("content").asText()), "verbatim: " + m);
                }
                if (s.has("system")) assertTrue(source.contains(s.get("system").asText()), "context verbatim: " + s);
                assertTrue(s.at("/metadata/locator/line").asInt() > 0, "text files carry a line: " + s);
            }
        }
        assertEquals(Set.of("chat-export.jsonl", "faq.md", "founder-interview.txt", "onboarding-deck.pptx",
                "product-faq.docx", "product-faq.pdf", "qa-sheet.xlsx", "support-chat.txt"), sources);
        JsonNode interview = samples.stream().filter(s -> fileName(s).equals("founder-interview.txt")).findFirst().orElseThrow();
        assertEquals("speaker-transcript", interview.at("/metadata/detector").asText());
        JsonNode sheetRow = samples.stream().filter(s -> fileName(s).equals("qa-sheet.xlsx")).findFirst().orElseThrow();
        assertEquals("Support FAQ", sheetRow.at("/metadata/locator/sheet").asText());
        assertEquals(2, sheetRow.at("/metadata/locator/row").asInt());

        List<JsonNode> chunkLines = jsonl(Files.readString(chunks));
        assertTrue(chunkLines.size() > 8, "every document gives chunks: " + chunkLines.size());
        for (JsonNode c : chunkLines) {
            assertTrue(c.get("tokens").asInt() <= 64, "chunk within --chunk-tokens: " + c);
            assertEquals("chunker", c.at("/metadata/detector").asText());
            if (TEXT_FILES.contains(fileName(c))) {
                assertTrue(Files.readString(DOCUMENTS.resolve(fileName(c))).contains(c.get("text").asText()), "chunk verbatim: " + c);
            }
        }

        JsonNode rep = Json.MAPPER.readTree(report.toFile());
        assertEquals(8, rep.get("files").asInt(), "make-examples.java is not a document: " + rep);
        assertEquals(0, rep.get("failed").asInt());
        assertEquals(23, rep.get("samples").asInt());
        assertEquals(chunkLines.size(), rep.get("chunks").asInt());

        // extract@. docs | validate@. -  : the saved stdout fed to validate on stdin
        Path stdout = Files.writeString(dir.resolve("samples.jsonl"), r.stdout());
        ScriptRunner.Result v = ScriptRunner.run(dir, Map.of(), stdout, "validate", "--target", "openai/gpt-4o-mini-2024-07-18", "-");
        assertEquals(0, v.exitCode(), v.toString());
        assertTrue(v.stderr().contains("ACCEPTED"), v.stderr());
    }

    @Test
    void corruptAndEmptyFilesAreReportedAndTheGoodFilesStillExtracted() throws Exception {
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.copy(DOCUMENTS.resolve("support-chat.txt"), docs.resolve("support-chat.txt"));
        Files.copy(DOCUMENTS.resolve("product-faq.docx"), docs.resolve("product-faq.docx"));
        byte[] docx = Files.readAllBytes(DOCUMENTS.resolve("product-faq.docx"));
        Files.write(docs.resolve("broken.docx"), java.util.Arrays.copyOf(docx, docx.length / 2));
        Files.write(docs.resolve("empty.pdf"), new byte[0]);
        Path report = dir.resolve("report.json");
        ScriptRunner.Result r = ScriptRunner.run(dir, Map.of(), null, "extract", "docs", "--report", report.toString());
        assertEquals(3, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("extract: docs/broken.docx: failed: corrupt or unreadable"), r.stderr());
        assertTrue(r.stderr().contains("extract: docs/empty.pdf: failed: empty file (0 bytes)"), r.stderr());
        List<JsonNode> samples = jsonl(r.stdout());
        assertEquals(Set.of("support-chat.txt", "product-faq.docx"),
                new TreeSet<>(samples.stream().map(ExtractCliIT::fileName).toList()), "nothing extracted is lost");
        assertEquals(5, samples.size(), r.stdout());
        JsonNode rep = Json.MAPPER.readTree(report.toFile());
        assertEquals(2, rep.get("failed").asInt());
        assertEquals(2, rep.get("ok").asInt());

        // --quiet still names the failed files (they are errors), but prints no summary
        ScriptRunner.Result quiet = ScriptRunner.run(dir, Map.of(), null, "extract", "docs", "-q");
        assertEquals(3, quiet.exitCode(), quiet.toString());
        assertTrue(quiet.stderr().contains("docs/empty.pdf: failed"), quiet.stderr());
        assertFalse(quiet.stderr().contains("samples,"), quiet.stderr());
        assertEquals(r.stdout(), quiet.stdout(), "same samples, same order");
    }

    @Test
    void minTurnsAndIncludeContextFollowFlagThenEnvironmentThenConfig() throws Exception {
        Path docs = Files.createDirectories(dir.resolve("docs"));
        for (String f : TEXT_FILES) Files.copy(DOCUMENTS.resolve(f), docs.resolve(f));
        // defaults: 3 two-message FAQ samples and 2 six-message transcripts, with context
        Files.writeString(dir.resolve("config.yaml"), "agent:\n  identify:\n    min_turns: 4\n    include_context: false\n");

        ScriptRunner.Result fromConfig = ScriptRunner.run(dir, Map.of(), null, "extract", "docs", "-q");
        assertEquals(0, fromConfig.exitCode(), fromConfig.toString());
        List<JsonNode> configured = jsonl(fromConfig.stdout());
        assertEquals(2, configured.size(), fromConfig.stdout());
        for (JsonNode s : configured) {
            assertTrue(s.get("messages").size() >= 4, s.toString());
            assertFalse(s.has("system"), "include_context: false in config.yaml: " + s);
        }

        ScriptRunner.Result fromEnv = ScriptRunner.run(dir, Map.of("FTKIT_IDENTIFY_MIN_TURNS", "2",
                "FTKIT_IDENTIFY_INCLUDE_CONTEXT", "true"), null, "extract", "docs", "-q");
        assertEquals(0, fromEnv.exitCode(), fromEnv.toString());
        List<JsonNode> env = jsonl(fromEnv.stdout());
        assertEquals(5, env.size(), "the environment beats config.yaml: " + fromEnv.stdout());
        assertTrue(env.stream().anyMatch(s -> s.has("system") && s.at("/metadata/context").isTextual()), fromEnv.stdout());

        ScriptRunner.Result fromFlag = ScriptRunner.run(dir, Map.of("FTKIT_IDENTIFY_MIN_TURNS", "9"), null, "extract", "docs",
                "--min-turns", "6", "--include-context", "-v");
        assertEquals(0, fromFlag.exitCode(), fromFlag.toString());
        List<JsonNode> flagged = jsonl(fromFlag.stdout());
        assertEquals(2, flagged.size(), "the flag beats the environment: " + fromFlag.stdout());
        assertTrue(flagged.stream().anyMatch(s -> fileName(s).equals("founder-interview.txt") && s.has("system")),
                "--include-context beats config.yaml: " + fromFlag.stdout());
        assertTrue(fromFlag.stderr().contains("min_turns 6 (flag --min-turns)"), fromFlag.stderr());

        ScriptRunner.Result bad = ScriptRunner.run(dir, Map.of("FTKIT_IDENTIFY_MIN_TURNS", "zero"), null, "extract", "docs");
        assertEquals(2, bad.exitCode(), bad.toString());
        assertTrue(bad.stderr().contains("FTKIT_IDENTIFY_MIN_TURNS"), bad.stderr());
    }

    @Test
    void chunkTokensFollowTheTargetsTokenizer() throws Exception {
        Path doc = Files.writeString(dir.resolve("notes.txt"), "Tokenizers differ. ".repeat(400));
        Path openai = dir.resolve("openai.jsonl");
        Path estimate = dir.resolve("estimate.jsonl");
        ScriptRunner.Result a = ScriptRunner.run(dir, Map.of(), null, "extract", doc.toString(), "--chunks", openai.toString(),
                "--target", "openai/gpt-4o-mini-2024-07-18", "-v");
        assertEquals(0, a.exitCode(), a.toString());
        assertTrue(a.stderr().contains("chunk tokens counted with o200k_base (target openai/gpt-4o-mini-2024-07-18)"), a.stderr());
        ScriptRunner.Result b = ScriptRunner.run(dir, Map.of("FTKIT_PROVIDER", "google", "FTKIT_MODEL", "gemini-2.5-flash"), null,
                "extract", doc.toString(), "--chunks", estimate.toString(), "-v");
        assertEquals(0, b.exitCode(), b.toString());
        assertTrue(b.stderr().contains("chunk tokens counted with estimate:o200k_base (target vertex/gemini-2.5-flash)"), b.stderr());
        assertFalse(b.stderr().contains("o200k_base (no target known)"), "provider and model from the environment pick the target: " + b.stderr());
        assertEquals(2, ScriptRunner.run(dir, Map.of(), null, "extract", doc.toString(), "--target", "nope/none").exitCode());
    }

    @Test
    void llmProposalsKeepOnlyVerbatimSpansThroughTheScript() throws Exception {
        String minutes = "Minutes of the support meeting, 3 March.\n\n"
                + "Dana raised a customer's question: can the Lumo lamp be mounted on a wall?\n"
                + "Eli replied that the wall bracket WB-2 fits every Lumo model and ships with screws.\n";
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("minutes.txt"), minutes);
        Files.copy(DOCUMENTS.resolve("support-chat.txt"), docs.resolve("support-chat.txt"));
        try (ftkit.devserver.FakeLlmServer server = ftkit.devserver.FakeLlmServer.builder().requiredKey("test-key")
                .responder(call -> "{\"conversations\": [{\"messages\": ["
                        + "{\"role\": \"user\", \"content\": \"can the Lumo lamp be mounted on a wall?\"},"
                        + "{\"role\": \"assistant\", \"content\": \"the wall bracket WB-2 fits every Lumo model and ships with screws.\"}]},"
                        + "{\"messages\": [{\"role\": \"user\", \"content\": \"Is it waterproof?\"},"
                        + "{\"role\": \"assistant\", \"content\": \"Yes, IP65.\"}]}]}")
                .start()) {
            Map<String, String> env = Map.of("AGENT_PROVIDER", "openai", "AGENT_MODEL", "gpt-4o-mini",
                    "FTKIT_BASE_URL", server.baseUrl(ftkit.devserver.Route.OPENAI), "OPENAI_API_KEY", "test-key");

            ScriptRunner.Result without = ScriptRunner.run(dir, env, null, "extract", "docs");
            assertEquals(0, without.exitCode(), without.toString());
            assertEquals(0, server.totalRequests(), "no LLM call unless --llm-proposals is given");

            ScriptRunner.Result r = ScriptRunner.run(dir, env, null, "extract", "docs", "--llm-proposals");
            assertEquals(0, r.exitCode(), r.toString());
            assertEquals(1, server.totalRequests(), "asked only for the file where patterns found nothing");
            assertTrue(server.requests().get(0).call().userText().contains("Document \"docs/minutes.txt\""),
                    "the bundled prompt, rendered: " + server.requests().get(0).call().userText());
            List<JsonNode> samples = jsonl(r.stdout());
            List<JsonNode> llm = samples.stream().filter(s -> s.at("/metadata/detector").asText().equals("llm")).toList();
            assertEquals(1, llm.size(), r.stdout());
            assertEquals("can the Lumo lamp be mounted on a wall?", llm.get(0).at("/messages/0/content").asText());
            assertEquals("docs/minutes.txt", llm.get(0).at("/metadata/source_file").asText());
            assertEquals(jsonl(without.stdout()).size() + 1, samples.size());
            assertTrue(r.stderr().contains("1 of 2 proposed conversations were not verbatim"), r.stderr());
            assertFalse(r.stderr().contains("test-key"), "the key never reaches the logs");
        }

        ScriptRunner.Result noKey = ScriptRunner.run(dir, Map.of("AGENT_PROVIDER", "openai", "AGENT_MODEL", "gpt-4o-mini"),
                null, "extract", "docs", "--llm-proposals");
        assertEquals(2, noKey.exitCode(), noKey.toString());
        assertTrue(noKey.stderr().contains("OPENAI_API_KEY"), noKey.stderr());
    }
}
