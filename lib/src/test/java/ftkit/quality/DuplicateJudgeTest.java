package ftkit.quality;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.chat.ChatModel;
import ftkit.devserver.Fault;
import ftkit.devserver.FakeLlmServer;
import ftkit.devserver.Route;
import ftkit.generate.ChatModelSpec;
import ftkit.generate.ChatModels;
import ftkit.io.Json;
import ftkit.io.SampleReader;
import ftkit.model.Sample;
import ftkit.prompts.PromptTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The duplicate judge through LangChain4j's OpenAI client against the local fake provider server, on the held-out
 * paraphrase fixture of SemanticDuplicatesTest. The fake judge is an oracle: it reads the two questions out of the
 * rendered prompt and answers from the fixture's known groups. So this measures what the mechanism can reach with a
 * judge that is right (recall bounded by the embedding candidates, precision by the judge), not what a given LLM
 * reaches, which needs the real model.
 */
class DuplicateJudgeTest {
    static final Path PROMPT = Path.of("../prompts/quality/duplicate.txt");
    static final Path HELD_OUT = SemanticDuplicatesTest.HELD_OUT;
    private static final Pattern QUESTIONS = Pattern.compile(
            "First conversation:\\s*\\[user]\\s*(.*?)\\s*\\[assistant].*Second conversation:\\s*\\[user]\\s*(.*?)\\s*\\[assistant]", Pattern.DOTALL);

    static List<Sample> samples;
    static Map<Integer, Integer> groups;
    static Map<String, Integer> groupOfQuestion;

    @TempDir
    Path dir;
    FakeLlmServer server;

    @BeforeAll
    static void readFixture() throws Exception {
        samples = new ArrayList<>();
        groups = new HashMap<>();
        groupOfQuestion = new HashMap<>();
        try (SampleReader reader = SampleReader.open(HELD_OUT.toString())) {
            for (SampleReader.Entry e : reader) {
                int group = Integer.parseInt(e.sample().metadata().getString("group"));
                groups.put(samples.size(), group);
                groupOfQuestion.put(SampleTokens.of(e.sample()).question().strip(), group);
                samples.add(e.sample());
            }
        }
    }

    @BeforeEach
    void start() {
        server = FakeLlmServer.builder().log(new PrintStream(new ByteArrayOutputStream())).responder(call -> {
            Matcher m = QUESTIONS.matcher(call.userText());
            if (!m.find()) return "I cannot tell.";
            Integer a = groupOfQuestion.get(m.group(1).strip());
            Integer b = groupOfQuestion.get(m.group(2).strip());
            if (a == null || b == null) return "I cannot tell.";
            return a.equals(b) ? "```json\n{\"duplicate\": true, \"reason\": \"Same request, same answer.\"}\n```"
                    : "{\"duplicate\": false, \"reason\": \"They ask different things.\"}";
        }).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private DuplicateJudge judge(JudgeJournal journal) throws Exception {
        ChatModel model = ChatModels.create(ChatModelSpec.of("openai", "judge-model").withBaseUrl(server.baseUrl(Route.OPENAI))
                .withTimeout(Duration.ofSeconds(10)), Map.of("OPENAI_API_KEY", "sk-test-judge"));
        return new DuplicateJudge(model, "openai/judge-model", PromptTemplate.load(PROMPT), journal, 4, 1, 10, true);
    }

    private static Curator analysed() throws Exception {
        CurateOptions options = CurateOptions.defaults().withSemantic(SampleVectors.DEFAULT_JUDGE_CANDIDATE_THRESHOLD)
                .withDrop(Set.of(CurateOptions.EXACT, CurateOptions.NEAR, CurateOptions.SEMANTIC));
        Curator curator = new Curator(options, MiniLmEmbedder.shared());
        curator.analyse(Curator.samples(samples));
        return curator;
    }

    @Test
    void confirmedPairsOnlyAndReRunsAskNothing() throws Exception {
        Path journalFile = dir.resolve("judge.sqlite");
        Curator curator = analysed();
        PairScore before = PairScore.of(groups, curator.semanticClusters());
        try (JudgeJournal journal = JudgeJournal.open(journalFile)) {
            curator.confirmSemanticDuplicates(Curator.samples(samples), judge(journal), 8, 5000);
        }
        PairScore after = PairScore.of(groups, curator.semanticClusters());
        Map<String, Long> counts = curator.duplicateJudgeCounts();
        System.err.println("embedding candidates at " + SampleVectors.DEFAULT_JUDGE_CANDIDATE_THRESHOLD + " as clusters: " + before
                + "; after the oracle judge: " + after + "; " + counts);
        // The held-out set's 27 candidate pairs hold all 16 of its true pairs (SemanticDuplicatesTest).
        assertEquals(27L, counts.get("candidates"));
        assertEquals(16, after.correct(), after.toString());
        assertEquals(1.0, after.precision(), after.toString());
        long asked = counts.get("asked");
        assertEquals(asked, server.totalRequests(), "one request per asked pair");
        assertEquals(27L, asked + counts.getOrDefault("joined_without_asking", 0L));
        assertEquals(asked, counts.get("confirmed") + counts.get("rejected"));
        // Removal follows the confirmed clusters, and says so.
        long removedAsSemantic = curator.removals().values().stream().filter(r -> r.get(0).code().equals(CurateOptions.SEMANTIC)).count();
        assertEquals(curator.semanticClusters().stream().mapToInt(c -> c.members().size()).sum(), removedAsSemantic);
        assertTrue(curator.removals().values().stream().flatMap(List::stream).filter(r -> r.code().equals(CurateOptions.SEMANTIC))
                .allMatch(r -> r.message().contains("confirmed by the duplicate judge")));

        // A second run with the same journal asks nothing and decides the same.
        Curator again = analysed();
        try (JudgeJournal journal = JudgeJournal.open(journalFile)) {
            again.confirmSemanticDuplicates(Curator.samples(samples), judge(journal), 8, 5000);
        }
        assertEquals(asked, server.totalRequests(), "no request on the re-run");
        assertEquals(asked, again.duplicateJudgeCounts().get("cached"));
        assertEquals(curator.semanticClusters(), again.semanticClusters());
    }

    @Test
    void pairsPastTheLimitAreNotAskedAndNotDuplicates() throws Exception {
        Curator curator = analysed();
        curator.confirmSemanticDuplicates(Curator.samples(samples), judge(null), 2, 3);
        Map<String, Long> counts = curator.duplicateJudgeCounts();
        assertEquals(24L, counts.get("not_asked_over_limit"));
        assertEquals(3, server.totalRequests());
        assertTrue(curator.semanticClusters().stream().mapToInt(c -> c.members().size()).sum() <= 3);
    }

    @Test
    void noVerdictMeansNotADuplicate() throws Exception {
        for (int i = 0; i < 200; i++) server.faults().next(Fault.serverError());
        Curator curator = analysed();
        curator.confirmSemanticDuplicates(Curator.samples(samples), judge(null), 8, 5000);
        assertEquals(27L, curator.duplicateJudgeCounts().get("failed"));
        assertTrue(curator.semanticClusters().isEmpty());
        assertTrue(curator.removals().values().stream().flatMap(List::stream).noneMatch(r -> r.code().equals(CurateOptions.SEMANTIC)));
    }

    /**
     * The verdict's shape goes with each request as structured output: the fake server's default responder, which
     * follows a requested schema, then always gives a parseable verdict; without the schema it answers with a
     * conversation, which is no verdict.
     */
    @Test
    void asksForTheVerdictAsStructuredOutput() throws Exception {
        server.responder(new ftkit.devserver.DefaultResponder());
        ChatModel model = ChatModels.create(ChatModelSpec.of("openai", "judge-model").withBaseUrl(server.baseUrl(Route.OPENAI))
                .withTimeout(Duration.ofSeconds(10)), Map.of("OPENAI_API_KEY", "sk-test-judge"));
        Sample a = samples.get(0);
        Sample b = samples.get(1);
        var withSchema = new DuplicateJudge(model, "m", PromptTemplate.load(PROMPT), null, 2, 0, 10, true).judge(List.<Sample[]>of(new Sample[]{a, b}));
        assertTrue(withSchema.get(0).ok(), String.valueOf(withSchema.get(0).error()));
        JsonNode schema = server.requests().get(0).call().jsonSchema();
        assertTrue(schema != null && schema.toString().contains("duplicate"), String.valueOf(schema));
        var without = new DuplicateJudge(model, "m", PromptTemplate.load(PROMPT), null, 2, 0, 10, false).judge(List.<Sample[]>of(new Sample[]{a, b}));
        assertFalse(without.get(0).ok());
        assertNull(server.requests().get(server.requests().size() - 1).call().jsonSchema());
    }

    @Test
    void parsesVerdictsAndRejectsAnswersWithoutABoolean() {
        assertTrue(DuplicateJudge.parse("Sure: {\"duplicate\": true, \"reason\": \"same\"}").duplicate());
        assertFalse(DuplicateJudge.parse("```json\n{\"duplicate\": false}\n```").duplicate());
        assertNull(DuplicateJudge.parse("{\"duplicate\": \"yes\"}"));
        assertNull(DuplicateJudge.parse("{\"same\": true}"));
        assertNull(DuplicateJudge.parse("they look the same to me"));
    }

    /** The script end to end: --judge-duplicates, the key from the environment given, removed records, report. */
    @Test
    void curateScriptWithTheDuplicateJudge() throws Exception {
        Path kept = dir.resolve("kept.jsonl");
        Path removed = dir.resolve("removed.jsonl");
        Path report = dir.resolve("report.json");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        ftkit.cli.Log.to(errStream, false);
        int exit;
        try {
            exit = CurateCommand.commandLine(new CurateCommand(System.out, errStream, new ByteArrayInputStream(new byte[0]),
                    Map.of("OPENAI_API_KEY", "sk-test-duplicates"))).execute(HELD_OUT.toString(), "--judge-duplicates",
                    "--judge-provider", "openai", "--judge-model", "judge-model", "--judge-base-url", server.baseUrl(Route.OPENAI),
                    "--judge-journal", dir.resolve("j.sqlite").toString(), "--prompts", "../prompts",
                    "--drop", "exact,near,semantic", "-o", kept.toString(), "--removed", removed.toString(), "--report", report.toString());
        } finally {
            ftkit.cli.Log.reset();
        }
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, stderr);
        assertFalse(stderr.contains("sk-test-duplicates"), "the key is never printed");
        JsonNode r = Json.MAPPER.readTree(report.toFile());
        JsonNode judged = r.path("semantic_duplicates").path("duplicate_judge");
        assertEquals(27, judged.path("candidates").asInt(), r.toPrettyString());
        long removedSemantic = Files.readAllLines(removed).stream().filter(l -> l.contains("semantic_duplicate")).count();
        assertEquals(r.path("semantic_duplicates").path("duplicates").asLong(), removedSemantic);
        assertEquals(50 - removedSemantic, Files.readAllLines(kept).stream().filter(l -> !l.isBlank()).count());
        assertTrue(stderr.contains("duplicate judge: 27 candidate pairs"), stderr);
    }
}
