package ftkit.quality;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.chat.ChatModel;
import ftkit.io.Json;
import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.prompts.PromptTemplate;
import ftkit.validate.ContentKey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LLM-as-judge: renders the rubric ({@code prompts/quality/judge.txt}) with the sample's conversation, asks the
 * model, and parses {@code {"scores": {...}, "overall": n, "reason": "..."}}. Batches run {@code concurrency}
 * requests at a time; a failed request is retried with exponential backoff, an unparseable reply is asked again
 * once; verdicts go to the {@link JudgeJournal} as they arrive, so re-runs only ask about new samples (see
 * {@link JudgeRequests}).
 */
public final class Judge {

    /** The verdict on one sample. {@code error} is set (and the rest empty) when no usable verdict was obtained. */
    public record Verdict(Double overall, Map<String, Double> scores, String reason, String judge, boolean cached,
                          String error) {
        public boolean ok() {
            return error == null;
        }

        /** What goes into {@code metadata.quality.judge}. */
        public Map<String, Object> asMetadata() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("overall", overall);
            m.put("scores", scores);
            m.put("reason", reason);
            m.put("judge", judge);
            return m;
        }
    }

    private final PromptTemplate rubric;
    private final String fingerprint;
    private final JudgeRequests<Verdict> requests;

    /**
     * @param modelName   identifies the judge with the rubric text in the journal (a new rubric or model re-judges)
     * @param journal     may be null (no resumption)
     */
    public Judge(ChatModel model, String modelName, PromptTemplate rubric, JudgeJournal journal, int concurrency,
                 int retries, long backoffMillis) {
        this.rubric = rubric;
        if (!rubric.variables().contains("conversation")) {
            throw new IllegalArgumentException("the judge rubric " + rubric.name() + " has no {{conversation}} placeholder");
        }
        this.fingerprint = modelName + "#" + sha256(rubric.text()).substring(0, 12);
        this.requests = new JudgeRequests<>(model, fingerprint, journal, concurrency, retries, backoffMillis, Judge::parse,
                v -> Json.MAPPER.valueToTree(v.asMetadata()).toString(), null);
    }

    public String fingerprint() {
        return fingerprint;
    }

    /** Judges a batch; the verdicts are in the same order as the samples. */
    public List<Verdict> judge(List<Sample> batch) {
        List<JudgeRequests.Request> asks = new ArrayList<>();
        for (Sample s : batch) asks.add(new JudgeRequests.Request(contentKey(s), prompt(s)));
        List<Verdict> out = new ArrayList<>();
        for (JudgeRequests.Answer<Verdict> a : requests.ask(asks)) {
            Verdict v = a.answer();
            out.add(a.ok() ? new Verdict(v.overall(), v.scores(), v.reason(), fingerprint, a.cached(), null)
                    : new Verdict(null, Map.of(), null, fingerprint, false, a.error()));
        }
        return out;
    }

    private String prompt(Sample sample) {
        try {
            return rubric.render(Map.of("conversation", transcript(sample)));
        } catch (ftkit.prompts.MissingVariableException e) {
            throw new IllegalArgumentException("the judge rubric " + rubric.name() + " " + e.getMessage(), e);
        }
    }

    /** The journal key of a sample: its content hash (validate's ContentKey), so reordered inputs still match. */
    static String contentKey(Sample sample) {
        ContentKey ck = ContentKey.of(sample);
        return String.format("%016x%016x", ck.high(), ck.low());
    }

    /** The verdict in a reply (JSON, possibly inside a code fence or prose), or null. */
    static Verdict parse(String reply) {
        ObjectNode root = JudgeRequests.jsonObjectIn(reply);
        if (root == null) return null;
        Map<String, Double> scores = new LinkedHashMap<>();
        root.path("scores").fields().forEachRemaining(e -> {
            if (e.getValue().isNumber()) scores.put(e.getKey(), e.getValue().asDouble());
        });
        Double overall = root.path("overall").isNumber() ? root.path("overall").asDouble() : null;
        if (overall == null && !scores.isEmpty()) {
            overall = scores.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        }
        if (overall == null || overall < 1 || overall > 5) return null;
        String reason = root.path("reason").asText(null);
        return new Verdict(Math.round(overall * 100) / 100.0, scores, reason, null, false, null);
    }

    static String transcript(Sample sample) {
        StringBuilder sb = new StringBuilder();
        for (Message m : sample.conversation()) {
            sb.append('[').append(m.role()).append("]\n").append(m.contentOrEmpty()).append("\n\n");
        }
        return sb.toString().trim();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
