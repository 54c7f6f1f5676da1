package ftkit.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.devserver.FakeLlmServer;
import ftkit.devserver.Fault;
import ftkit.devserver.RecordedRequest;
import ftkit.devserver.Route;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code generate} end to end: the real LangChain4j client of each provider against {@link FakeLlmServer}. */
@Timeout(120)
class GenerateAgainstFakeServerTest {

    private static final ProviderCase OPENAI = ProviderCase.all().filter(p -> p.providerName().equals("openai"))
            .findFirst().orElseThrow();

    @TempDir
    Path dir;

    private FakeLlmServer server;

    @BeforeEach
    void start() {
        server = FakeLlmServer.builder().log(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static Stream<ProviderCase> providers() {
        return ProviderCase.all();
    }

    private GenerateRun run(ProviderCase provider, String... extra) throws Exception {
        List<String> args = GenerateRun.baseArgs(provider, server, dir);
        args.addAll(List.of(extra));
        return GenerateRun.run(provider.env(), args);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void everyQuotaCellIsFilledExactlyOnceDespiteFaults(ProviderCase provider) throws Exception {
        server.faults().seed(7).randomly(0.3, Fault.serverError(), Fault.unavailable(), Fault.malformedJson(),
                Fault.truncated(), Fault.rateLimited(0));

        GenerateRun run = run(provider, "--plan", GenerateRun.EXAMPLE_PLAN.toString(), "--size", "30",
                "--concurrency", "4", "--max-retries", "8", "--repair-attempts", "4");

        assertEquals(0, run.exit(), run.toString());
        List<JsonNode> samples = run.samples();
        assertEquals(30, samples.size(), run.toString());
        Set<String> ids = new HashSet<>();
        Set<String> tasks = new HashSet<>();
        Map<String, Integer> byCategory = new HashMap<>();
        for (JsonNode s : samples) {
            assertTrue(ids.add(s.get("id").asText()), "duplicate id " + s.get("id"));
            assertTrue(tasks.add(s.get("metadata").get("task").asText()), "duplicate task");
            JsonNode messages = s.get("messages");
            assertTrue(messages.size() >= 2 && messages.size() % 2 == 0, s.toString());
            assertEquals("user", messages.get(0).get("role").asText());
            assertEquals("assistant", messages.get(messages.size() - 1).get("role").asText());
            assertEquals("generated", s.get("metadata").get("mode").asText());
            byCategory.merge(s.get("metadata").get("category").asText(), 1, Integer::sum);
            // Multi-turn scenarios got the number of exchanges the task asked for.
            String scenario = s.get("metadata").get("scenario").asText();
            if (scenario.equals("multi_step") || scenario.equals("follow_ups")) assertTrue(messages.size() >= 4, s.toString());
        }
        // 40% / 35% / 25% of 30 by largest remainder.
        assertEquals(Map.of("orders", 12, "returns", 11, "account", 7), byCategory);
        assertEquals(30, run.count("produced"));
        assertEquals(0, run.count("rejected") + run.count("failed") + run.count("not run"));
        // Every request the server saw is one the generator counted: 30 answers + retries + repairs.
        assertEquals(server.totalRequests(), run.count("requests"), run.toString());
        assertTrue(run.count("retries") + run.count("repairs") > 0, "faults were injected: " + run);
        assertEquals(30 + run.count("retries") + run.count("repairs"), run.count("requests"), run.toString());
        assertTrue(run.stderr().contains("cells filled: 30 of 30"), run.toString());
    }

    @Test
    void retryAfterIsHonouredBeforeTheNextAttempt() throws Exception {
        server.faults().next(Fault.rateLimited(1));

        GenerateRun run = run(OPENAI, "--topic", "tides", "--size", "1", "--concurrency", "1");

        assertEquals(0, run.exit(), run.toString());
        List<RecordedRequest> requests = server.requests();
        assertEquals(2, requests.size());
        long gapMillis = Duration.between(requests.get(0).receivedAt(), requests.get(1).receivedAt()).toMillis();
        assertTrue(gapMillis >= 1000, "the retry came " + gapMillis + " ms after the 429 with Retry-After: 1");
        assertEquals(1, run.count("retries"));
    }

    @Test
    void aHangingRequestTimesOutAfterSystemTimeoutAndIsRetried() throws Exception {
        server.faults().next(Fault.hang());
        List<String> args = GenerateRun.baseArgs(OPENAI, server, dir);
        args.set(args.indexOf("--timeout") + 1, "1");
        args.addAll(List.of("--topic", "tides", "--size", "1"));

        long start = System.nanoTime();
        GenerateRun run = GenerateRun.run(OPENAI.env(), args);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(0, run.exit(), run.toString());
        assertEquals(1, run.samples().size());
        assertEquals(1, run.count("retries"));
        assertEquals(2, server.totalRequests());
        assertTrue(millis >= 1000, "waited for the 1 s timeout, took " + millis + " ms");
    }

    @Test
    void transportFailuresBeyondMaxRetriesAreRecordedAsFailedAndRetriedByAReRun() throws Exception {
        server.faults().next(Fault.serverError(), Fault.serverError(), Fault.serverError());

        GenerateRun first = run(OPENAI, "--topic", "tides", "--size", "1", "--max-retries", "2", "-o",
                dir.resolve("out.jsonl").toString());

        assertEquals(3, first.exit(), first.toString());
        assertEquals(3, server.totalRequests(), "1 attempt + max_retries 2");
        assertEquals(1, first.count("failed"));
        List<JsonNode> rejects = GenerateRun.file(dir.resolve("rejects.jsonl"));
        assertEquals(1, rejects.size());
        assertEquals("failed", rejects.get(0).get("status").asText());
        assertTrue(rejects.get(0).get("reason").asText().contains("HTTP 500"), rejects.toString());
        assertEquals(List.of(), GenerateRun.file(dir.resolve("out.jsonl")));

        GenerateRun second = run(OPENAI, "--topic", "tides", "--size", "1", "--max-retries", "2", "-o",
                dir.resolve("out.jsonl").toString());

        assertEquals(0, second.exit(), second.toString());
        assertEquals(1, GenerateRun.file(dir.resolve("out.jsonl")).size());
        assertEquals(4, server.totalRequests());
    }

    @Test
    void malformedOutputIsRepairedWithAFollowUpRequest() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ftkit.devserver.DefaultResponder normal = new ftkit.devserver.DefaultResponder();
        server.responder(call -> calls.incrementAndGet() == 1
                ? "Sure! Here is your conversation: {\"messages\": [{\"role\": \"assistant\"" : normal.reply(call));

        GenerateRun run = run(OPENAI, "--topic", "tides", "--size", "1", "--concurrency", "1");

        assertEquals(0, run.exit(), run.toString());
        assertEquals(1, run.samples().size());
        assertEquals(1, run.count("repairs"));
        RecordedRequest repair = server.requests().get(1);
        assertTrue(repair.call().userText().contains("could not be used: the reply is not valid JSON"),
                repair.call().userText());
        assertTrue(repair.call().promptText().contains("Sure! Here is your conversation"), "the bad reply is shown");
    }

    @Test
    void outputThatStaysUnusableIsRejectedWithItsReasonAndTheCountsAddUp() throws Exception {
        ftkit.devserver.DefaultResponder normal = new ftkit.devserver.DefaultResponder();
        // Every request for conversation 2 (the repair too) gets a conversation that starts with the assistant.
        server.responder(call -> call.promptText().contains("conversation 2 of 4")
                ? "{\"messages\":[{\"role\":\"assistant\",\"content\":\"hi\"},{\"role\":\"user\",\"content\":\"x\"}]}"
                : normal.reply(call));
        Path instructions = dir.resolve("free.txt");
        Files.writeString(instructions, "Write conversations about sourdough baking.");

        GenerateRun run = run(OPENAI, "--mode", "free", "--free-prompt", instructions.toString(), "--size", "4",
                "--repair-attempts", "1", "--concurrency", "2");

        assertEquals(3, run.exit(), run.toString());
        assertEquals(4, run.count("requested"));
        assertEquals(3, run.count("produced"));
        assertEquals(1, run.count("rejected"));
        assertEquals(3, run.samples().size());
        List<JsonNode> rejects = GenerateRun.file(dir.resolve("rejects.jsonl"));
        assertEquals(1, rejects.size());
        assertEquals("rejected", rejects.get(0).get("status").asText());
        assertTrue(rejects.get(0).get("reason").asText().contains("unusable after 2 replies: message 1 is from assistant"),
                rejects.toString());
        assertTrue(rejects.get(0).get("last_reply").asText().contains("\"role\":\"assistant\""));
        // Free mode sent the author's instructions.
        assertTrue(server.requests().stream().allMatch(r -> r.call().userText().contains("sourdough baking")));

        // A re-run does not pay for the rejected task again unless asked to.
        long before = server.totalRequests();
        GenerateRun again = run(OPENAI, "--mode", "free", "--free-prompt", instructions.toString(), "--size", "4",
                "--repair-attempts", "1", "--concurrency", "2");
        assertEquals(3, again.exit(), again.toString());
        assertEquals(before, server.totalRequests());
        assertEquals("", again.stdout(), "nothing emitted twice");
    }

    @Test
    void budgetStopsTheRunCleanlyAndAReRunWithAHigherBudgetCompletesIt() throws Exception {
        Path out = dir.resolve("out.jsonl");

        GenerateRun first = run(OPENAI, "--topic", "tides", "--size", "20", "--concurrency", "2",
                "--max-tokens", "2500", "-o", out.toString());

        assertEquals(4, first.exit(), first.toString());
        int produced = first.count("produced");
        assertTrue(produced > 0 && produced < 20, first.toString());
        assertEquals(20, produced + first.count("not run"), first.toString());
        assertEquals(produced, GenerateRun.file(out).size());
        assertTrue(first.stderr().contains("--max-tokens 2500 reached"), first.toString());
        long tokensPerRequest = 400; // about 330 input + 60 output tokens per request on this server
        long used = first.count("input") + first.count("output");
        assertTrue(used < 2500 + 2 * tokensPerRequest, "stopped near the budget, used " + used);

        GenerateRun second = run(OPENAI, "--topic", "tides", "--size", "20", "--concurrency", "2",
                "--max-tokens", "100000", "-o", out.toString());

        assertEquals(0, second.exit(), second.toString());
        List<JsonNode> all = GenerateRun.file(out);
        assertEquals(20, all.size());
        assertEquals(20, all.stream().map(s -> s.get("id").asText()).distinct().count());
        assertEquals(20, server.totalRequests(), "no answer was paid for twice");
    }

    @Test
    void maxCostStopsTheRunAtTheDollarBudget() throws Exception {
        Path prices = dir.resolve("prices.yaml");
        Files.writeString(prices, "models:\n  - {match: \"fake-*\", input: 1000, output: 1000}\n"); // ~$0.4 a request

        GenerateRun run = run(OPENAI, "--topic", "tides", "--size", "10", "--concurrency", "1", "--prices",
                prices.toString(), "--max-cost", "1");

        assertEquals(4, run.exit(), run.toString());
        assertTrue(run.stderr().contains("--max-cost 1.0000 reached"), run.toString());
        int produced = run.count("produced");
        assertTrue(produced >= 2 && produced <= 3, "about $0.4 per sample under a $1 budget: " + produced);
        assertEquals(produced, run.samples().size());
        assertEquals(10, produced + run.count("not run"));
    }

    @Test
    void createGroundedInChunksRecordsTheChunkOfEverySample() throws Exception {
        Path chunks = dir.resolve("chunks.jsonl");
        Files.writeString(chunks, String.join("\n",
                "{\"id\":\"c-1\",\"text\":\"Tides are caused by the Moon's gravity pulling on the oceans.\",\"tokens\":12,\"metadata\":{\"source_file\":\"ocean.md\",\"locator\":{\"chars\":\"0-60\"}}}",
                "{\"id\":\"c-2\",\"text\":\"Spring tides happen at full and new moon, when Sun and Moon align.\",\"tokens\":14,\"metadata\":{\"source_file\":\"ocean.md\",\"locator\":{\"chars\":\"61-130\"}}}",
                "not json",
                "{\"id\":\"c-3\",\"text\":\"Neap tides happen at the quarter moons.\",\"tokens\":9,\"metadata\":{\"source_file\":\"moon.md\"}}"))
        ;

        GenerateRun run = run(OPENAI, "--topic", "tides", "--size", "6", "--chunks", chunks.toString());

        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.stderr().contains("chunks.jsonl:3"), "the bad line is named: " + run);
        Map<String, String> chunkText = Map.of("c-1", "Moon's gravity", "c-2", "Spring tides", "c-3", "Neap tides");
        Map<String, Integer> perChunk = new HashMap<>();
        for (JsonNode s : run.samples()) {
            String chunkId = s.get("metadata").get("chunk_id").asText();
            perChunk.merge(chunkId, 1, Integer::sum);
            String task = s.get("metadata").get("task").asText();
            assertNotNull(s.get("metadata").get("source_file"));
            // The request of this sample's task carried its chunk's text.
            RecordedRequest request = server.requests().stream()
                    .filter(r -> r.call().userText().contains(chunkText.get(chunkId))
                            && r.call().userText().contains("id=\"" + chunkId + "\""))
                    .findFirst().orElseThrow(() -> new AssertionError("no request for " + task));
            assertNotNull(request);
        }
        assertEquals(Map.of("c-1", 2, "c-2", 2, "c-3", 2), perChunk);
    }

    @Test
    void hybridMixesExtractedAndGeneratedAndNeverGeneratesFromAnExtractedChunk() throws Exception {
        Path extracted = dir.resolve("extracted.jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            lines.append("{\"id\":\"x-").append(i).append("\",\"messages\":[{\"role\":\"user\",\"content\":\"How high is tide number ")
                    .append(i).append("?\"},{\"role\":\"assistant\",\"content\":\"About ").append(i)
                    .append(" metres.\"}],\"metadata\":{\"source_file\":\"faq.md\",\"mode\":\"extracted\"}}\n");
        }
        Files.writeString(extracted, lines);
        Path chunks = dir.resolve("chunks.jsonl");
        Files.writeString(chunks, String.join("\n",
                "{\"id\":\"c-faq\",\"text\":\"Q: How high is tide number 0? A: About 0 metres.\",\"metadata\":{\"source_file\":\"faq.md\"}}",
                "{\"id\":\"c-new\",\"text\":\"Tidal ranges are largest in funnel-shaped bays.\",\"metadata\":{\"source_file\":\"bays.md\"}}"));
        Files.writeString(dir.resolve("config.yaml"), "agent:\n  hybrid:\n    generation_ratio: 0.6\n");

        GenerateRun run = run(OPENAI, "--mode", "hybrid", "--topic", "tides", "--size", "10", "--extracted",
                extracted.toString(), "--chunks", chunks.toString());

        assertEquals(0, run.exit(), run.toString());
        List<JsonNode> samples = run.samples();
        assertEquals(10, samples.size());
        long extractedCount = samples.stream().filter(s -> s.get("metadata").get("mode").asText().equals("extracted")).count();
        assertEquals(4, extractedCount, "40% extracted");
        for (JsonNode s : samples) {
            if (s.get("metadata").get("mode").asText().equals("generated")) {
                assertEquals("c-new", s.get("metadata").get("chunk_id").asText(), "the chunk holding an extracted Q&A is not used");
            }
        }
        assertEquals(6, server.totalRequests());
        assertTrue(server.requests().stream().noneMatch(r -> r.call().userText().contains("tide number 0")));
    }

    @Test
    void costPerRequestComesFromThePriceTableAndTheProgressBarShowsTheCounters() throws Exception {
        Path prices = dir.resolve("prices.yaml");
        Files.writeString(prices, "models:\n  - {match: \"fake-*\", input: 10, output: 30}\n");
        server.faults().next(Fault.serverError());
        List<String> args = GenerateRun.baseArgs(OPENAI, server, dir);
        args.remove("--no-progress");
        args.addAll(List.of("--topic", "tides", "--size", "3", "--concurrency", "1", "--prices", prices.toString()));

        GenerateRun run = GenerateRun.run(OPENAI.env(), args);

        assertEquals(0, run.exit(), run.toString());
        for (JsonNode s : run.samples()) {
            long in = s.get("metadata").get("input_tokens").asLong();
            long out = s.get("metadata").get("output_tokens").asLong();
            assertTrue(in > 0 && out > 0);
            assertEquals((in * 10 + out * 30) / 1e6, s.get("metadata").get("cost_usd").asDouble(), 1e-8);
        }
        assertTrue(run.stderr().contains("3/3"), "done/total: " + run);
        assertTrue(java.util.regex.Pattern.compile("tok \\d+ \\$0\\.\\d{4} retries 1 rejects 0").matcher(run.stderr()).find(),
                run.toString());
    }

    @Test
    void hybridSendsBackAGeneratedConversationThatRepeatsAnExtractedQuestion() throws Exception {
        Path extracted = dir.resolve("extracted.jsonl");
        Files.writeString(extracted, "{\"id\":\"x-1\",\"messages\":[{\"role\":\"user\",\"content\":\"How   HIGH is the tide?\"},"
                + "{\"role\":\"assistant\",\"content\":\"Two metres.\"}]}\n");
        ftkit.devserver.DefaultResponder normal = new ftkit.devserver.DefaultResponder();
        AtomicInteger calls = new AtomicInteger();
        server.responder(call -> calls.incrementAndGet() == 1
                ? "{\"messages\":[{\"role\":\"user\",\"content\":\"how high is the tide?\"},{\"role\":\"assistant\",\"content\":\"2 m\"}]}"
                : normal.reply(call));

        GenerateRun run = run(OPENAI, "--mode", "hybrid", "--topic", "tides", "--size", "2", "--extracted",
                extracted.toString(), "--concurrency", "1");

        assertEquals(0, run.exit(), run.toString());
        assertEquals(1, run.count("repairs"), run + "\n" + run.stdout());
        assertTrue(server.requests().get(1).call().userText().contains("repeats a conversation that was already extracted"));
        assertEquals(2, run.samples().size());
        // The passed-through sample keeps the provenance the reader gave it (no metadata here: "imported").
        assertEquals(1, run.samples().stream().filter(s -> s.get("id").asText().equals("x-1")
                && !s.get("metadata").get("mode").asText().equals("generated")).count(), run.stdout());
    }

    @Test
    void dryRunShowsPlanPromptsAndCostWithoutCallingAnything() throws Exception {
        List<String> args = GenerateRun.baseArgs(OPENAI, server, dir);
        args.set(args.indexOf("--llm-model") + 1, "gpt-4o-mini"); // a model the bundled price table knows
        args.addAll(List.of("--plan", GenerateRun.EXAMPLE_PLAN.toString(), "--dry-run"));
        GenerateRun run = GenerateRun.run(OPENAI.env(), args);

        assertEquals(0, run.exit(), run.toString());
        assertEquals("", run.stdout());
        assertEquals(0, server.totalRequests());
        assertTrue(run.stderr().contains("dry run: create mode, 120 samples"), run.toString());
        assertTrue(run.stderr().contains("--- prompt of task orders|"), run.toString());
        assertTrue(run.stderr().contains("estimated cost: $"), run.toString());
        assertTrue(java.util.regex.Pattern.compile("category\\s+orders\\s+48\\s").matcher(run.stderr()).find(),
                run.toString());
    }

    @Test
    void requestedSizeIsCappedAtWhatTheTargetAccepts() throws Exception {
        GenerateRun run = run(OPENAI, "--topic", "tides", "--size", "10005", "--target", "bedrock/claude-3-haiku",
                "--dry-run");

        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.stderr().contains("10005 samples requested but target bedrock/claude-3-haiku accepts at most 10000"),
                run.toString());
        assertTrue(run.stderr().contains("dry run: create mode, 10000 samples"), run.toString());
    }

    @Test
    void badPlanIsAUsageErrorNamingFileAndField() throws Exception {
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(plan, "total_examples: 10\ncategories:\n  - {name: a, percentage: 60}\n  - {name: b, percentage: 30}\n");

        GenerateRun run = run(OPENAI, "--plan", plan.toString());

        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.stderr().contains(plan + ": categories percentages add up to 90.0, not 100"), run.toString());
        assertEquals(0, server.totalRequests());
    }

    @Test
    void wrongKeyStopsTheRunWithoutRejectingAnything() throws Exception {
        server.close();
        server = FakeLlmServer.builder().requiredKey("the-real-key")
                .log(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).start();

        GenerateRun run = run(OPENAI, "--topic", "tides", "--size", "5", "--concurrency", "1");

        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.stderr().contains("aborted: HTTP 401"), run.toString());
        assertEquals(5, run.count("not run"));
        assertFalse(run.stderr().contains(ProviderCase.KEY), "the key is never printed");
        assertEquals(1, server.totalRequests());
    }

    @Test
    void aJournalOfAnotherRunIsRefused() throws Exception {
        assertEquals(0, run(OPENAI, "--topic", "tides", "--size", "1").exit());

        GenerateRun other = run(OPENAI, "--topic", "volcanoes", "--size", "1");

        assertEquals(2, other.exit(), other.toString());
        assertTrue(other.stderr().contains("is the journal of another run"), other.toString());
    }

    @Test
    void configChoosesTheAgentLlmAndModel() throws Exception {
        Files.writeString(dir.resolve("config.yaml"), "system:\n  agentic_llm: mistral\n  agentic_model: mistral-small-latest\n"
                + "  base_url: " + server.baseUrl(Route.MISTRAL) + "\n");
        List<String> args = GenerateRun.baseArgs(OPENAI, server, dir);
        for (String flag : List.of("--llm", "--llm-model", "--base-url")) {
            int at = args.indexOf(flag);
            args.remove(at + 1);
            args.remove(at);
        }
        args.addAll(List.of("--topic", "tides", "--size", "2"));

        GenerateRun run = GenerateRun.run(Map.of("MISTRAL_API_KEY", ProviderCase.KEY), args);

        assertEquals(0, run.exit(), run.toString());
        assertEquals(2, server.requestCount(Route.MISTRAL));
        assertEquals("mistral-small-latest", server.requests().get(0).call().model());
        assertTrue(run.samples().get(0).get("metadata").get("detector").asText().equals("llm:mistral/mistral-small-latest"));

        // Llama with a base URL is an OpenAI-compatible endpoint (Together, Groq, vLLM...), keyed by LLAMA_API_KEY.
        Files.writeString(dir.resolve("config.yaml"), "system:\n  agentic_llm: llama\n  agentic_model: llama-3.1-8b\n"
                + "  base_url: " + server.baseUrl(Route.OPENAI_COMPATIBLE) + "\n");
        args.set(args.indexOf("--journal") + 1, dir.resolve("llama.sqlite").toString());
        GenerateRun llama = GenerateRun.run(Map.of("LLAMA_API_KEY", ProviderCase.KEY), args);
        assertEquals(0, llama.exit(), llama.toString());
        assertEquals(2, server.requestCount(Route.OPENAI_COMPATIBLE));
    }

    @Test
    void withoutAPlanTheConfigGivesTheSizeAndFreeModeWithoutInstructionsOrTerminalIsAUsageError() throws Exception {
        Files.writeString(dir.resolve("config.yaml"), "dataset_size: 3\nmode: free\n");
        Path prompts = dir.resolve("prompts");
        Files.createDirectories(prompts.resolve("system"));
        try (var files = Files.list(GenerateRun.PROMPTS.resolve("system"))) {
            for (Path f : files.toList()) Files.copy(f, prompts.resolve("system").resolve(f.getFileName()));
        }
        List<String> args = GenerateRun.baseArgs(OPENAI, server, dir);
        args.set(args.indexOf("--prompts") + 1, prompts.toString());

        GenerateRun free = GenerateRun.run(OPENAI.env(), args);

        assertEquals(2, free.exit(), free.toString());
        assertTrue(free.stderr().contains("free mode needs instructions: write them to " + prompts.resolve("free_mode")
                .resolve("prompt.txt")), free.toString());
        assertEquals(0, server.totalRequests());

        Files.createDirectories(prompts.resolve("free_mode"));
        Files.writeString(prompts.resolve("free_mode").resolve("prompt.txt"), "Conversations about kites.\n");
        GenerateRun run = GenerateRun.run(OPENAI.env(), args);
        assertEquals(0, run.exit(), run.toString());
        assertEquals(3, run.samples().size(), "dataset_size from config.yaml");
        assertTrue(server.requests().get(0).call().userText().contains("Conversations about kites."));

        // use_prompt_file: false means "ask me", which needs a terminal even though the file exists.
        Files.writeString(dir.resolve("config.yaml"), "dataset_size: 3\nmode: free\nagent:\n  free:\n"
                + "    use_prompt_file: false\n");
        server.reset();
        GenerateRun asked = GenerateRun.run(OPENAI.env(), args);
        assertEquals(2, asked.exit(), asked.toString());
        assertTrue(asked.stderr().contains("agent.free.use_prompt_file is false, so they are asked on the terminal, "
                + "but stdin is not a terminal"), asked.toString());
        assertEquals(0, server.totalRequests());
    }

    @Test
    void missingKeyIsAUsageError() throws Exception {
        List<String> args = GenerateRun.baseArgs(OPENAI, server, dir);
        args.addAll(List.of("--topic", "tides", "--size", "1"));
        GenerateRun run = GenerateRun.run(Map.of(), args);
        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.stderr().contains("OPENAI_API_KEY"), run.toString());
        assertEquals(Route.OPENAI, OPENAI.route());
        assertEquals(0, server.totalRequests());
    }
}
