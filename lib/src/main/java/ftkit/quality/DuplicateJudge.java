package ftkit.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import ftkit.io.Json;
import ftkit.model.Sample;
import ftkit.prompts.MissingVariableException;
import ftkit.prompts.PromptTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A second opinion on semantic-duplicate candidates: renders {@code prompts/quality/duplicate.txt} with the two
 * conversations and asks the model whether they are the same request answered the same way, parsing
 * {@code {"duplicate": true|false, "reason": "..."}}. Why: sentence embeddings measure topic more than intent, so
 * same-topic questions with different answers score like paraphrases (see SampleVectors); the embeddings propose
 * pairs at a lower threshold (high recall) and the judge decides (precision). Requests, retries and the journal are
 * the sample judge's ({@link JudgeRequests}); a pair is journaled under both samples' content hashes in a fixed
 * order, so a re-run, or the same pair in another file, is not asked again.
 */
public final class DuplicateJudge {

    /** The judge's answer on one pair; {@code error} is set (and {@code duplicate} false) when there was none. */
    public record PairVerdict(boolean duplicate, String reason, boolean cached, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    private final PromptTemplate prompt;
    private final String fingerprint;
    private final JudgeRequests<PairVerdict> requests;

    /**
     * The reply's shape as structured output: providers that support it (OpenAI strictly, Gemini, Ollama, compatible
     * servers) then return parseable verdicts only. The sample judge asks without one, because its rubric file names
     * its own criteria.
     */
    static final ResponseFormat VERDICT_FORMAT = ResponseFormat.builder().type(ResponseFormatType.JSON)
            .jsonSchema(JsonSchema.builder().name("duplicate_verdict").rootElement(JsonObjectSchema.builder()
                    .addBooleanProperty("duplicate").addStringProperty("reason").required("duplicate", "reason").build()).build())
            .build();

    /**
     * @param modelName        identifies the judge with the prompt text in the journal (a new prompt or model asks again)
     * @param journal          may be null (no resumption)
     * @param structuredOutput ask for {@link #VERDICT_FORMAT} (off for endpoints that reject response_format)
     */
    public DuplicateJudge(ChatModel model, String modelName, PromptTemplate prompt, JudgeJournal journal, int concurrency,
                          int retries, long backoffMillis, boolean structuredOutput) {
        this.prompt = prompt;
        if (!prompt.variables().contains("first") || !prompt.variables().contains("second")) {
            throw new IllegalArgumentException("the duplicate prompt " + prompt.name() + " needs {{first}} and {{second}} placeholders");
        }
        this.fingerprint = "duplicate:" + modelName + "#" + Judge.sha256(prompt.text()).substring(0, 12);
        this.requests = new JudgeRequests<>(model, fingerprint, journal, concurrency, retries, backoffMillis,
                DuplicateJudge::parse, v -> Json.MAPPER.createObjectNode().put("duplicate", v.duplicate()).put("reason", v.reason()).toString(),
                structuredOutput ? VERDICT_FORMAT : null);
    }

    public String fingerprint() {
        return fingerprint;
    }

    /** Verdicts on pairs of samples, in order. */
    public List<PairVerdict> judge(List<Sample[]> pairs) {
        List<JudgeRequests.Request> asks = new ArrayList<>();
        for (Sample[] pair : pairs) {
            String a = Judge.contentKey(pair[0]);
            String b = Judge.contentKey(pair[1]);
            // One order for a pair, whichever comes first in the file: the same question gets the same journal entry.
            boolean swap = a.compareTo(b) > 0;
            Sample first = swap ? pair[1] : pair[0];
            Sample second = swap ? pair[0] : pair[1];
            asks.add(new JudgeRequests.Request(swap ? b + ":" + a : a + ":" + b, render(first, second)));
        }
        List<PairVerdict> out = new ArrayList<>();
        for (JudgeRequests.Answer<PairVerdict> a : requests.ask(asks)) {
            out.add(a.ok() ? new PairVerdict(a.answer().duplicate(), a.answer().reason(), a.cached(), null)
                    : new PairVerdict(false, null, false, a.error()));
        }
        return out;
    }

    private String render(Sample first, Sample second) {
        try {
            return prompt.render(Map.of("first", Judge.transcript(first), "second", Judge.transcript(second)));
        } catch (MissingVariableException e) {
            throw new IllegalArgumentException("the duplicate prompt " + prompt.name() + " " + e.getMessage(), e);
        }
    }

    /** The verdict in a reply (JSON, possibly inside a code fence or prose), or null without a boolean "duplicate". */
    static PairVerdict parse(String reply) {
        ObjectNode root = JudgeRequests.jsonObjectIn(reply);
        JsonNode duplicate = root == null ? null : root.get("duplicate");
        if (duplicate == null || !duplicate.isBoolean()) return null;
        return new PairVerdict(duplicate.booleanValue(), root.path("reason").asText(null), false, null);
    }
}
