package ftkit.extract.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import ftkit.config.Config;
import ftkit.extract.SpanProposer;
import ftkit.generate.LlmProvider;
import ftkit.io.Json;
import ftkit.model.Message;
import ftkit.prompts.PromptTemplate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optional LLM stage of identify mode: asks a LangChain4j chat model which conversations a document holds,
 * with the prompt {@code prompts/system/identify_mode.txt}. The model's answer is only a proposal: the
 * {@link ftkit.extract.Extractor} keeps a conversation only when every message occurs verbatim in the document
 * ({@link SpanProposer#acceptVerbatim}). Long documents are sent in windows cut at blank lines, at most
 * {@code maxWindows} per document, so one huge file cannot run up an unbounded bill.
 *
 * <p>Lives in its own package because it needs LangChain4j, which the pattern-only extract layer does not.
 */
public final class LlmSpanProposer implements SpanProposer {
    /** Where the prompt lives, relative to the project (or working) directory. */
    public static final String PROMPT_FILE = "prompts/system/identify_mode.txt";

    private final ChatModel model;
    private final PromptTemplate prompt;
    private final int minTurns;
    private final int windowChars;
    private final int maxWindows;

    /**
     * @param prompt      the template; it may use {@code {{source_file}}}, {@code {{document}}}, {@code {{part}}}
     *                    and {@code {{min_turns}}}
     * @param windowChars characters of document text per request
     * @param maxWindows  requests per document at most; text beyond them is not sent
     */
    public LlmSpanProposer(ChatModel model, PromptTemplate prompt, int minTurns, int windowChars, int maxWindows) {
        if (windowChars < 1000) throw new IllegalArgumentException("the LLM window must be at least 1000 characters");
        if (maxWindows < 1) throw new IllegalArgumentException("at least one LLM request per document");
        this.model = model;
        this.prompt = prompt;
        this.minTurns = minTurns;
        this.windowChars = windowChars;
        this.maxWindows = maxWindows;
    }

    @Override
    public List<List<Message>> propose(String sourceFile, String documentText) throws Exception {
        List<String> windows = windows(documentText, windowChars, maxWindows);
        List<List<Message>> proposals = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            Map<String, Object> variables = new LinkedHashMap<>();
            variables.put("source_file", sourceFile);
            variables.put("document", windows.get(i));
            variables.put("part", windows.size() == 1 ? "" : " (part " + (i + 1) + " of " + windows.size() + ")");
            variables.put("min_turns", minTurns);
            ChatResponse response = model.chat(ChatRequest.builder()
                    .messages(UserMessage.from(prompt.render(variables)))
                    .build());
            proposals.addAll(parse(response.aiMessage().text()));
        }
        return proposals;
    }

    /** Pieces of at most {@code size} characters, cut at the last blank line (else line break) before the limit. */
    static List<String> windows(String text, int size, int max) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start < text.length() && out.size() < max) {
            int end = Math.min(text.length(), start + size);
            if (end < text.length()) {
                int cut = text.lastIndexOf("\n\n", end);
                if (cut <= start) cut = text.lastIndexOf('\n', end);
                if (cut > start + size / 2) end = cut;
            }
            out.add(text.substring(start, end));
            start = end;
        }
        return out;
    }

    /**
     * The conversations in the model's answer: {@code {"conversations": [{"messages": [{role, content}]}]}},
     * tolerating a code fence or prose around the JSON. Anything else is an error naming what came back.
     */
    static List<List<Message>> parse(String answer) throws IOException {
        if (answer == null) throw new IOException("the model gave no text");
        int open = answer.indexOf('{');
        int close = answer.lastIndexOf('}');
        if (open < 0 || close < open) throw new IOException("the model's answer is not JSON: " + abbreviate(answer));
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(answer.substring(open, close + 1));
        } catch (IOException e) {
            throw new IOException("the model's answer is not valid JSON: " + abbreviate(answer));
        }
        JsonNode conversations = root.get("conversations");
        if (conversations == null || !conversations.isArray()) {
            throw new IOException("the model's answer has no \"conversations\" list: " + abbreviate(answer));
        }
        List<List<Message>> out = new ArrayList<>();
        for (JsonNode c : conversations) {
            JsonNode messages = c.isArray() ? c : c.get("messages");
            if (messages == null || !messages.isArray()) continue;
            List<Message> conversation = new ArrayList<>();
            for (JsonNode m : messages) {
                conversation.add(new Message(m.path("role").asText(""), m.path("content").asText("")));
            }
            out.add(conversation);
        }
        return out;
    }

    private static String abbreviate(String s) {
        String oneLine = s.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }

    /**
     * The LangChain4j provider for the config's {@code system.agentic_llm}. Llama models run on a server the
     * user names with {@code system.base_url} (an OpenAI-compatible /v1 endpoint such as vLLM or Ollama's), else
     * on a local Ollama.
     */
    public static LlmProvider provider(Config.Provider agenticLlm, boolean baseUrlGiven) {
        return switch (agenticLlm) {
            case OPENAI -> LlmProvider.OPENAI;
            case ANTHROPIC -> LlmProvider.ANTHROPIC;
            case GOOGLE -> LlmProvider.GEMINI;
            case MISTRAL -> LlmProvider.MISTRAL;
            case LLAMA -> baseUrlGiven ? LlmProvider.VLLM : LlmProvider.OLLAMA;
        };
    }
}
