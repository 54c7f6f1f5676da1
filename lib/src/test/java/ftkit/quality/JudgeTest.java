package ftkit.quality;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.chat.ChatModel;
import ftkit.devserver.FakeLlmServer;
import ftkit.devserver.Route;
import ftkit.generate.ChatModelSpec;
import ftkit.generate.ChatModels;
import ftkit.io.Json;
import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.prompts.PromptTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The judge through LangChain4j's OpenAI client against the local fake provider server. */
class JudgeTest {
    static final Path RUBRIC = Path.of("../prompts/quality/judge.txt");

    @TempDir
    Path dir;
    FakeLlmServer server;

    @BeforeEach
    void start() {
        server = FakeLlmServer.builder().log(new PrintStream(new ByteArrayOutputStream())).responder(call -> {
            String text = call.userText();
            if (text.contains("GARBAGE")) return "I think it is fine.";
            if (text.contains("Paris is in Italy")) {
                return "```json\n{\"scores\": {\"accuracy\": 1, \"helpfulness\": 2, \"clarity\": 4, \"instruction_following\": 4}, "
                        + "\"overall\": 1.5, \"reason\": \"Paris is in France.\"}\n```";
            }
            return "{\"scores\": {\"accuracy\": 5, \"helpfulness\": 4, \"clarity\": 5, \"instruction_following\": 5}, \"overall\": 4.5, \"reason\": \"Correct and clear.\"}";
        }).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Judge judge(JudgeJournal journal) throws Exception {
        ChatModel model = ChatModels.create(ChatModelSpec.of("openai", "judge-model").withBaseUrl(server.baseUrl(Route.OPENAI))
                .withTimeout(Duration.ofSeconds(10)), Map.of("OPENAI_API_KEY", "sk-test-judge"));
        return new Judge(model, "openai/judge-model", PromptTemplate.load(RUBRIC), journal, 3, 1, 10);
    }

    private static List<Sample> samples() {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            out.add(new Sample().add(Message.user("What is the capital of France? (" + i + ")")).add(Message.assistant("Paris is the capital of France.")));
        }
        out.add(new Sample().add(Message.user("Where is Paris?")).add(Message.assistant("Paris is in Italy.")));
        out.add(new Sample().add(Message.user("GARBAGE please")).add(Message.assistant("Some answer that is long enough.")));
        return out;
    }

    @Test
    void scoresGoToMetadataLowScoresAreRemovedAndReRunsSkipJudgedSamples() throws Exception {
        Path journalFile = dir.resolve("judge.sqlite");
        CurateOptions options = CurateOptions.defaults().withJudgeMin(3.0)
                .withDrop(java.util.Set.of(CurateOptions.EXACT, CurateOptions.NEAR, CurateOptions.JUDGE));
        List<Curator.Outcome> outcomes = new ArrayList<>();
        try (JudgeJournal journal = JudgeJournal.open(journalFile)) {
            Curator curator = new Curator(options, null);
            Curator.Source source = Curator.samples(samples());
            curator.analyse(source);
            curator.emit(source, judge(journal), 4, outcomes::add);
            assertEquals(Map.of("judged", 11L, "failed", 1L, "below_threshold", 1L), curator.judgeCounts());
            assertEquals(11, journal.count());
        }
        assertEquals(12, outcomes.size());
        for (int i = 0; i < 12; i++) assertEquals(i, outcomes.get(i).index(), "input order is kept across batches");
        Curator.Outcome good = outcomes.get(0);
        assertTrue(good.kept());
        Map<String, Object> meta = QualityReport.annotation(good);
        JsonNode judged = Json.MAPPER.valueToTree(meta).path("judge");
        assertEquals(4.5, judged.path("overall").asDouble());
        assertEquals(5.0, judged.path("scores").path("accuracy").asDouble());
        assertEquals("Correct and clear.", judged.path("reason").asText());
        Curator.Outcome wrong = outcomes.get(10);
        assertFalse(wrong.kept());
        assertEquals(CurateOptions.JUDGE, wrong.reasons().get(0).code());
        assertTrue(wrong.reasons().get(0).message().contains("Paris is in France"), wrong.reasons().get(0).message());
        Curator.Outcome garbage = outcomes.get(11);
        assertTrue(garbage.kept(), "no verdict is not a bad verdict");
        assertNull(garbage.verdict());
        assertEquals("judge_failed", garbage.flags().get(0).code());
        long requests = server.totalRequests();
        assertEquals(10 + 1 + 2, requests, "one request per sample; the unparseable reply is asked once more");

        // A re-run asks only about the sample without a verdict.
        try (JudgeJournal journal = JudgeJournal.open(journalFile)) {
            Curator curator = new Curator(options, null);
            Curator.Source source = Curator.samples(samples());
            curator.analyse(source);
            List<Curator.Outcome> again = new ArrayList<>();
            curator.emit(source, judge(journal), 4, again::add);
            assertEquals(Map.of("cached", 11L, "failed", 1L, "below_threshold", 1L), curator.judgeCounts());
            assertEquals(4.5, again.get(0).verdict().overall());
            assertTrue(again.get(0).verdict().cached());
        }
        assertEquals(requests + 2, server.totalRequests());
    }

    @Test
    void retriesAFailedRequest() throws Exception {
        server.faults().next(ftkit.devserver.Fault.serverError());
        try (JudgeJournal journal = JudgeJournal.open(dir.resolve("j.sqlite"))) {
            List<Judge.Verdict> v = judge(journal).judge(samples().subList(0, 1));
            assertTrue(v.get(0).ok(), String.valueOf(v.get(0).error()));
            assertEquals(4.5, v.get(0).overall());
        }
        assertEquals(2, server.totalRequests(), "the 500 and the retry");
    }

    @Test
    void parsesVerdictsInsideProseAndRejectsOutOfRangeScores() {
        assertEquals(3.0, Judge.parse("Sure! {\"overall\": 3, \"reason\": \"ok\"} Hope this helps").overall());
        assertEquals(4.0, Judge.parse("{\"scores\": {\"a\": 4, \"b\": 4}}").overall(), "mean of the scores without overall");
        assertNull(Judge.parse("{\"overall\": 9}"));
        assertNull(Judge.parse("no json here"));
        assertTrue(Files.exists(RUBRIC), "the rubric ships in prompts/quality/judge.txt");
    }
}
