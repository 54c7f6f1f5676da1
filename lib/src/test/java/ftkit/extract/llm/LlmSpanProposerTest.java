package ftkit.extract.llm;

import ftkit.cli.ScriptRunner;
import ftkit.devserver.FakeLlmServer;
import ftkit.devserver.RecordedRequest;
import ftkit.devserver.Route;
import ftkit.extract.ExtractOptions;
import ftkit.extract.Extractor;
import ftkit.extract.FileReport;
import ftkit.generate.ChatModelSpec;
import ftkit.generate.ChatModels;
import ftkit.generate.LlmProvider;
import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.prompts.PromptTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The LLM stage with LangChain4j's real OpenAI client against {@link FakeLlmServer} on 127.0.0.1. */
@Timeout(120)
class LlmSpanProposerTest {
    static final String PROSE = "Minutes of the support meeting, 3 March.\n\n"
            + "Dana raised a customer's question: can the Lumo lamp be mounted on a wall?\n"
            + "Eli replied that the wall bracket WB-2 fits every Lumo model and ships with screws.\n\n"
            + "Next meeting: 10 March.\n";
    static final String VERBATIM_USER = "can the Lumo lamp be mounted on a wall?";
    static final String VERBATIM_ASSISTANT = "the wall bracket WB-2 fits every Lumo model and ships with screws.";

    @TempDir
    Path dir;

    FakeLlmServer server;

    @BeforeEach
    void start() {
        server = FakeLlmServer.builder().requiredKey("test-key").start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static PromptTemplate projectPrompt() throws Exception {
        Path file = ScriptRunner.projectRoot().resolve(LlmSpanProposer.PROMPT_FILE);
        return PromptTemplate.load(file);
    }

    ExtractOptions optionsWithProposer() throws Exception {
        var model = ChatModels.create(new ChatModelSpec(LlmProvider.OPENAI, "gpt-4o-mini", server.baseUrl(Route.OPENAI),
                null, 0.0, null), Map.of("OPENAI_API_KEY", "test-key"));
        ExtractOptions o = new ExtractOptions();
        o.spanProposer = new LlmSpanProposer(model, projectPrompt(), o.minTurns, 24_000, 4);
        return o;
    }

    @Test
    void onlyTheVerbatimSpanIsKept() throws Exception {
        server.responder(call -> """
                ```json
                {"conversations": [
                  {"messages": [{"role": "user", "content": "%s"}, {"role": "assistant", "content": "%s"}]},
                  {"messages": [{"role": "user", "content": "Is the lamp waterproof?"},
                                {"role": "assistant", "content": "Yes, it is rated IP65."}]}
                ]}
                ```""".formatted(VERBATIM_USER, VERBATIM_ASSISTANT));
        Path prose = Files.writeString(dir.resolve("minutes.txt"), PROSE);
        Extractor x = new Extractor(optionsWithProposer());
        Extractor.FileResult r = x.extractFile(new Extractor.InputFile(prose, "minutes.txt", Files.size(prose)));

        assertEquals(1, r.samples().size(), r.samples().toString());
        Sample s = r.samples().get(0);
        assertEquals(List.of(Message.USER, Message.ASSISTANT), s.messages().stream().map(Message::role).toList());
        assertEquals(VERBATIM_USER, s.messages().get(0).content());
        assertEquals(VERBATIM_ASSISTANT, s.messages().get(1).content());
        for (Message m : s.messages()) assertTrue(PROSE.contains(m.content()), "verbatim: " + m.content());
        assertEquals(Extractor.LLM_DETECTOR, s.metadata().detector());
        assertEquals(3, s.metadata().locator().get("line"));
        assertEquals(FileReport.WARNING, r.report().status());
        assertTrue(r.report().reason().contains("1 of 2 proposed conversations were not verbatim"), r.report().reason());

        // one request, whose prompt is the project's file rendered with the document and its name
        List<RecordedRequest> requests = server.requests(Route.OPENAI);
        assertEquals(1, requests.size());
        String body = requests.get(0).call().userText();
        assertTrue(body.contains("minutes.txt"), body);
        assertTrue(body.contains("Eli replied that the wall bracket"), body);
        assertTrue(body.contains("at least 2 messages"), "{{min_turns}} rendered: " + body);
        assertFalse(body.contains("{{"), "no placeholder left: " + body);
    }

    @Test
    void notAskedWherePatternsFoundConversations() throws Exception {
        server.responder(call -> "{\"conversations\": []}");
        Path faq = Files.writeString(dir.resolve("faq.txt"), "Q: Does it float?\nA: No, it sinks.\n");
        Extractor.FileResult r = new Extractor(optionsWithProposer())
                .extractFile(new Extractor.InputFile(faq, "faq.txt", Files.size(faq)));
        assertEquals(1, r.samples().size());
        assertEquals(0, server.totalRequests());
    }

    @Test
    void aBrokenAnswerIsAWarningAndThePatternResultStands() throws Exception {
        server.responder(call -> "I found two conversations, here they are!");
        Path prose = Files.writeString(dir.resolve("minutes.txt"), PROSE);
        Extractor.FileResult r = new Extractor(optionsWithProposer())
                .extractFile(new Extractor.InputFile(prose, "minutes.txt", Files.size(prose)));
        assertEquals(0, r.samples().size());
        assertEquals(FileReport.WARNING, r.report().status());
        assertFalse(r.report().problem(), "the file itself was read");
        assertTrue(r.report().reason().startsWith("LLM stage failed: the model's answer is not JSON"), r.report().reason());
        assertFalse(r.chunks().isEmpty(), "chunks are still cut");
    }

    @Test
    void longDocumentsAreSentInBoundedWindowsCutAtBlankLines() {
        String para = "word ".repeat(300).strip();
        String text = String.join("\n\n", List.of(para, para, para, para, para));
        List<String> windows = LlmSpanProposer.windows(text, 4000, 2);
        assertEquals(2, windows.size(), "at most maxWindows");
        assertTrue(windows.get(0).endsWith("word"), "cut at a blank line, not inside a word");
        assertTrue(windows.get(0).length() <= 4000);
        assertEquals(text, String.join("", LlmSpanProposer.windows(text, 4000, 100)), "nothing lost or repeated");
    }

    @Test
    void configProvidersMapToLangChain4jClients() {
        assertEquals(LlmProvider.GEMINI, LlmSpanProposer.provider(ftkit.config.Config.Provider.GOOGLE, false));
        assertEquals(LlmProvider.OLLAMA, LlmSpanProposer.provider(ftkit.config.Config.Provider.LLAMA, false));
        assertEquals(LlmProvider.VLLM, LlmSpanProposer.provider(ftkit.config.Config.Provider.LLAMA, true));
    }
}
