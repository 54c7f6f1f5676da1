package ftkit.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import ftkit.io.Json;
import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.prompts.PromptTemplate;
import ftkit.validate.ContentKey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LLM-as-judge: renders the rubric ({@code prompts/quality/judge.txt}) with the sample's conversation, asks the
 * model, and parses {@code {"scores": {...}, "overall": n, "reason": "..."}}. Batches run {@code concurrency}
 * requests at a time; a failed request is retried with exponential backoff, an unparseable reply is asked again
 * once; verdicts go to the {@link JudgeJournal} as they arrive, so re-runs only ask about new samples.
 */
public final class Judge {
    private static final Pattern JSON_OBJECT = Pattern.compile("\\{.*}", Pattern.DOTALL);

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

    private final ChatModel model;
    private final PromptTemplate rubric;
    private final String fingerprint;
    private final JudgeJournal journal;
    private final int concurrency;
    private final int retries;
    private final long backoffMillis;

    /**
     * @param modelName   identifies the judge with the rubric text in the journal (a new rubric or model re-judges)
     * @param journal     may be null (no resumption)
     */
    public Judge(ChatModel model, String modelName, PromptTemplate rubric, JudgeJournal journal, int concurrency,
                 int retries, long backoffMillis) {
        this.model = model;
        this.rubric = rubric;
        this.journal = journal;
        this.concurrency = Math.max(1, concurrency);
        this.retries = Math.max(0, retries);
        this.backoffMillis = Math.max(0, backoffMillis);
        if (!rubric.variables().contains("conversation")) {
            throw new IllegalArgumentException("the judge rubric " + rubric.name() + " has no {{conversation}} placeholder");
        }
        this.fingerprint = modelName + "#" + sha256(rubric.text()).substring(0, 12);
    }

    public String fingerprint() {
        return fingerprint;
    }

    /** Judges a batch; the verdicts are in the same order as the samples. */
    public List<Verdict> judge(List<Sample> batch) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, Math.max(1, batch.size())), r -> {
            Thread t = new Thread(r, "judge");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Verdict>> futures = new ArrayList<>();
            for (Sample s : batch) futures.add(pool.submit(() -> judgeOne(s)));
            List<Verdict> out = new ArrayList<>();
            for (Future<Verdict> f : futures) {
                try {
                    out.add(f.get());
                } catch (Exception e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    if (cause instanceof UncheckedIOException io) throw io;
                    out.add(new Verdict(null, Map.of(), null, fingerprint, false, String.valueOf(cause.getMessage())));
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    Verdict judgeOne(Sample sample) throws IOException, InterruptedException {
        ContentKey ck = ContentKey.of(sample);
        String key = String.format("%016x%016x", ck.high(), ck.low());
        if (journal != null) {
            var cached = journal.find(key, fingerprint);
            if (cached.isPresent()) {
                Verdict v = parse(cached.get());
                if (v != null) return new Verdict(v.overall(), v.scores(), v.reason(), fingerprint, true, null);
            }
        }
        String prompt;
        try {
            prompt = rubric.render(Map.of("conversation", transcript(sample)));
        } catch (ftkit.prompts.MissingVariableException e) {
            throw new IllegalArgumentException("the judge rubric " + rubric.name() + " " + e.getMessage(), e);
        }
        String lastError = null;
        int parseFailures = 0;
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0) Thread.sleep(backoffMillis * (1L << Math.min(6, attempt - 1)));
            String reply;
            try {
                reply = model.chat(UserMessage.from(prompt)).aiMessage().text();
            } catch (RuntimeException e) {
                lastError = "request failed: " + e.getMessage();
                continue;
            }
            Verdict v = parse(reply);
            if (v == null) {
                lastError = "unparseable judge reply: " + abbreviate(reply);
                if (++parseFailures >= 2) break;
                continue;
            }
            if (journal != null) journal.put(key, fingerprint, Json.MAPPER.writeValueAsString(v.asMetadata()));
            return new Verdict(v.overall(), v.scores(), v.reason(), fingerprint, false, null);
        }
        return new Verdict(null, Map.of(), null, fingerprint, false, lastError);
    }

    /** The verdict in a reply (JSON, possibly inside a code fence or prose), or null. */
    static Verdict parse(String reply) {
        if (reply == null) return null;
        Matcher m = JSON_OBJECT.matcher(reply);
        if (!m.find()) return null;
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(m.group());
        } catch (IOException e) {
            return null;
        }
        if (!(root instanceof ObjectNode)) return null;
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

    private static String abbreviate(String s) {
        String t = s.replaceAll("\\s+", " ");
        return t.length() > 120 ? t.substring(0, 120) + "…" : t;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
