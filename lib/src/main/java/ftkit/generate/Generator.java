package ftkit.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import ftkit.io.Json;
import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.model.SampleMetadata;
import ftkit.prompts.MissingVariableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Consumer;

/**
 * Runs the tasks of a plan against a chat model without losing or duplicating a sample: concurrency with request
 * and token rate limits, retries with backoff on 429/5xx/timeouts (honouring {@code Retry-After}), repair requests
 * for malformed output, a journal commit before every emission, budgets that stop dispatching cleanly, and counts
 * that always add up ({@code requested = produced + rejected + failed + not run}).
 */
public final class Generator {

    /** How a run behaves; see {@code GenerateCommand} for the flags behind each. */
    public record Options(Prompts.Mode mode, LlmProvider provider, String model, int concurrency, int maxRetries,
                          int repairAttempts, int requestsPerMinute, long tokensPerMinute, Double maxCost,
                          Long maxTokens, boolean structuredOutput, Backoff backoff, boolean retryRejects,
                          String freeInstructions, Set<String> forbiddenUserTexts) {
    }

    /** Where samples go as they are produced: stdout in streaming mode, nowhere when -o is written at the end. */
    public interface Sink {
        void write(String sampleJson) throws IOException;
    }

    /** Live counters, read by the progress bar. */
    public static final class Counters {
        public final AtomicInteger produced = new AtomicInteger();
        public final AtomicInteger rejected = new AtomicInteger();
        public final AtomicInteger failed = new AtomicInteger();
        public final AtomicInteger retries = new AtomicInteger();
        public final AtomicInteger repairs = new AtomicInteger();
        public final AtomicInteger requests = new AtomicInteger();
        public final AtomicLong inputTokens = new AtomicLong();
        public final AtomicLong outputTokens = new AtomicLong();
        public final DoubleAdder cost = new DoubleAdder();
    }

    /** What a run did. Counts are over the plan's tasks, earlier runs of the same journal included. */
    public record Result(int requested, int produced, int rejected, int failed, int notRun, int resumed,
                         int retries, int repairs, int requests, long inputTokens, long outputTokens, double cost,
                         boolean budgetReached, String stopReason, boolean aborted) {
        public boolean addsUp() {
            return requested == produced + rejected + failed + notRun;
        }

        public String summary() {
            return String.format(Locale.ROOT, "requested %d = produced %d + rejected %d + failed %d + not run %d"
                            + " (resumed from journal: %d); this run: %d requests, %d retries, %d repairs, "
                            + "%d input + %d output tokens, $%.4f",
                    requested, produced, rejected, failed, notRun, resumed, requests, retries, repairs, inputTokens,
                    outputTokens, cost);
        }
    }

    private final ChatModel model;
    private final Options options;
    private final Prompts prompts;
    private final GenerationPlan plan;
    private final List<GenerationTask> tasks;
    private final Journal journal;
    private final PriceTable.Price price;
    private final Sink sink;
    private final RateLimiter limiter;
    private final Counters counters = new Counters();
    private final AtomicBoolean stopDispatch = new AtomicBoolean();
    private final AtomicBoolean aborted = new AtomicBoolean();
    private volatile String stopReason;
    private Consumer<Counters> onProgress = c -> { };

    public Generator(ChatModel model, Options options, Prompts prompts, GenerationPlan plan,
                     List<GenerationTask> tasks, Journal journal, PriceTable.Price price, Sink sink) {
        this.model = model;
        this.options = options;
        this.prompts = prompts;
        this.plan = plan;
        this.tasks = tasks;
        this.journal = journal;
        this.price = price;
        this.sink = sink;
        this.limiter = new RateLimiter(options.requestsPerMinute(), options.tokensPerMinute());
    }

    /** Called after every finished task (from worker threads). */
    public Generator onProgress(Consumer<Counters> listener) {
        this.onProgress = listener;
        return this;
    }

    public Counters counters() {
        return counters;
    }

    /** Built once: the same for every request (immutable). */
    private static final ResponseFormat CONVERSATION_FORMAT = ResponseFormat.builder().type(ResponseFormatType.JSON)
            .jsonSchema(conversationSchema()).build();
    /** One per worker thread: MessageDigest is not thread-safe, and looking one up per sample costs more than hashing. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    /** The JSON schema every reply must follow: {@code {"messages": [{role: user|assistant, content}]}}. */
    public static JsonSchema conversationSchema() {
        JsonObjectSchema turn = JsonObjectSchema.builder()
                .addProperty("role", JsonEnumSchema.builder().enumValues("user", "assistant").build())
                .addProperty("content", JsonStringSchema.builder().build())
                .required("role", "content")
                .build();
        return JsonSchema.builder().name("conversation")
                .rootElement(JsonObjectSchema.builder()
                        .addProperty("messages", JsonArraySchema.builder().items(turn).build())
                        .required("messages")
                        .build())
                .build();
    }

    /** Runs every task the journal does not already hold; returns when all finished or dispatching stopped. */
    public Result run() throws IOException, InterruptedException {
        Map<String, Journal.Status> states = journal.states();
        Set<String> taskKeys = new HashSet<>();
        for (GenerationTask t : tasks) taskKeys.add(t.key());
        // Samples stored by an earlier run that was killed before emitting them.
        if (sink != null) {
            journal.forEach(Journal.Status.OK, true, e -> {
                if (taskKeys.contains(e.key())) emit(e.key(), e.sample());
            });
        }
        Journal.Totals before = journal.totals();
        List<GenerationTask> pending = new ArrayList<>();
        int resumed = 0;
        for (GenerationTask t : tasks) {
            Journal.Status s = states.get(t.key());
            if (s == null || s == Journal.Status.FAILED || s == Journal.Status.REJECTED && options.retryRejects()) {
                pending.add(t);
            } else {
                resumed++;
            }
        }
        int workers = Math.min(Math.max(1, options.concurrency()), pending.size());
        List<Throwable> crashes = java.util.Collections.synchronizedList(new ArrayList<>());
        if (workers > 0) {
            ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
                Thread thread = new Thread(r, "generate-worker");
                thread.setDaemon(true);
                return thread;
            });
            AtomicInteger inFlight = new AtomicInteger();
            AtomicBoolean budgetStop = new AtomicBoolean();
            int[] next = {0};
            Object dispatch = new Object();
            // Each worker takes the next task itself, in plan order: no hand-off through a dispatching thread
            // between one answer and the next request (two thread wake-ups per task, which cost throughput at 32
            // requests in flight on a busy 2-core machine).
            Runnable worker = () -> {
                while (true) {
                    GenerationTask task;
                    synchronized (dispatch) {
                        if (next[0] >= pending.size() || budgetStop.get() || stopDispatch.get() || !crashes.isEmpty()) {
                            return;
                        }
                        if (budgetReached(before, inFlight.get())) {
                            budgetStop.set(true);
                            return;
                        }
                        task = pending.get(next[0]++);
                        inFlight.incrementAndGet();
                    }
                    try {
                        work(task);
                    } catch (Throwable t) {
                        crashes.add(t);
                        stopDispatch.set(true);
                    } finally {
                        inFlight.decrementAndGet();
                        onProgress.accept(counters);
                    }
                }
            };
            for (int w = 0; w < workers; w++) pool.execute(worker);
            pool.shutdown();
            try {
                while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                    // wait for the requests in flight: they are paid for, so their answers are kept
                }
            } catch (InterruptedException e) {
                stopDispatch.set(true); // no new requests; the ones in flight are still kept
                while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                    // as above
                }
                throw e;
            }
        }
        if (!crashes.isEmpty()) {
            Throwable first = crashes.get(0);
            if (first instanceof UncheckedIOException u) throw u.getCause();
            if (first instanceof RuntimeException r) throw r;
            throw new IOException("generation failed: " + first, first);
        }
        return result(resumed);
    }

    private Result result(int resumed) throws IOException {
        Map<String, Journal.Status> states = journal.states();
        int produced = 0;
        int rejected = 0;
        int failed = 0;
        for (GenerationTask t : tasks) {
            Journal.Status s = states.get(t.key());
            if (s == Journal.Status.OK) produced++;
            else if (s == Journal.Status.REJECTED) rejected++;
            else if (s == Journal.Status.FAILED) failed++;
        }
        int notRun = tasks.size() - produced - rejected - failed;
        boolean budget = stopReason != null && stopReason.startsWith("budget");
        return new Result(tasks.size(), produced, rejected, failed, notRun, resumed, counters.retries.get(),
                counters.repairs.get(), counters.requests.get(), counters.inputTokens.get(),
                counters.outputTokens.get(), counters.cost.sum(), budget, stopReason, aborted.get());
    }

    private boolean budgetReached(Journal.Totals before, int inFlight) {
        long tokens = before.inputTokens() + before.outputTokens() + counters.inputTokens.get()
                + counters.outputTokens.get();
        double cost = before.cost() + counters.cost.sum();
        int done = Math.max(1, counters.requests.get());
        // What the requests already in flight will most likely add, from the average so far.
        double tokensAhead = inFlight * (counters.inputTokens.get() + counters.outputTokens.get()) / (double) done;
        double costAhead = inFlight * counters.cost.sum() / done;
        if (options.maxTokens() != null && tokens + tokensAhead >= options.maxTokens()) {
            stopReason = "budget: --max-tokens " + options.maxTokens() + " reached (" + tokens + " tokens used)";
            return true;
        }
        if (options.maxCost() != null && cost + costAhead >= options.maxCost()) {
            stopReason = String.format(Locale.ROOT, "budget: --max-cost %.4f reached ($%.4f spent)", options.maxCost(), cost);
            return true;
        }
        return false;
    }

    private void work(GenerationTask task) throws IOException, InterruptedException {
        if (task.extracted() != null) {
            Sample sample = task.extracted();
            String json = Json.MAPPER.writeValueAsString(sample);
            journal.record(new Journal.Entry(task.key(), task.index(), Journal.Status.OK, json, null, null, 0, 0, 0, 0));
            counters.produced.incrementAndGet();
            emit(task.key(), json);
            return;
        }
        Prompts.Rendered rendered;
        try {
            rendered = prompts.render(task, plan, options.mode(), options.freeInstructions(), tasks.size());
        } catch (MissingVariableException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        List<ChatMessage> conversation = new ArrayList<>(List.of(SystemMessage.from(rendered.system()),
                UserMessage.from(rendered.user())));
        long estimate = (rendered.system().length() + rendered.user().length()) / 4 + 300L * task.turns();
        int transportRetries = 0;
        int repairs = 0;
        long in = 0;
        long out = 0;
        double cost = 0;
        int attempts = 0;
        String lastReply = null;
        while (true) {
            if (aborted.get()) return;
            limiter.acquire(estimate);
            ChatRequest.Builder request = ChatRequest.builder().messages(conversation);
            if (options.structuredOutput()) request.responseFormat(CONVERSATION_FORMAT);
            attempts++;
            counters.requests.incrementAndGet();
            ChatResponse response;
            try {
                response = model.chat(request.build());
            } catch (RuntimeException thrown) {
                LlmFailure failure = LlmFailure.of(thrown);
                if (failure.kind() == LlmFailure.Kind.AUTHENTICATION || failure.kind() == LlmFailure.Kind.MODEL_NOT_FOUND) {
                    // Every other request would fail the same way: stop the run, keep the task for a re-run.
                    if (aborted.compareAndSet(false, true)) stopReason = "aborted: " + failure.message();
                    stopDispatch.set(true);
                    return;
                }
                if (failure.retryable() && transportRetries < options.maxRetries()) {
                    transportRetries++;
                    counters.retries.incrementAndGet();
                    Duration wait = options.backoff().delay(transportRetries, failure.retryAfter());
                    if (failure.retryAfter().isPresent()) limiter.holdUntil(System.nanoTime() + wait.toNanos());
                    Thread.sleep(wait.toMillis());
                    continue;
                }
                Journal.Status status = failure.retryable() ? Journal.Status.FAILED : Journal.Status.REJECTED;
                String reason = failure.retryable()
                        ? "gave up after " + (transportRetries + 1) + " attempts: " + failure.message()
                        : "the provider refused the request: " + failure.message();
                finish(task, status, null, reason, lastReply, in, out, cost, attempts);
                return;
            }
            TokenUsage usage = response.tokenUsage();
            long callIn = usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
            long callOut = usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
            double callCost = price == null ? 0 : price.cost(callIn, callOut);
            in += callIn;
            out += callOut;
            cost += callCost;
            counters.inputTokens.addAndGet(callIn);
            counters.outputTokens.addAndGet(callOut);
            counters.cost.add(callCost);
            AiMessage ai = response.aiMessage();
            lastReply = ai == null ? null : ai.text();
            String problem;
            boolean truncated = response.finishReason() == FinishReason.LENGTH;
            List<Message> turns = null;
            if (truncated) {
                problem = "the reply was cut off at the output token limit";
            } else {
                ConversationParser.Result parsed = ConversationParser.parse(lastReply, task.turns());
                if (parsed instanceof ConversationParser.Turns t) {
                    turns = t.messages();
                    problem = duplicateOfExtracted(turns);
                } else {
                    problem = ((ConversationParser.Problem) parsed).reason();
                }
            }
            if (problem == null) {
                Sample sample = sample(task, turns, callIn, callOut, in, out, cost);
                finish(task, Journal.Status.OK, Json.MAPPER.writeValueAsString(sample), null, null, in, out, cost,
                        attempts);
                return;
            }
            if (repairs >= options.repairAttempts()) {
                finish(task, Journal.Status.REJECTED, null,
                        "unusable after " + (repairs + 1) + " replies: " + problem, lastReply, in, out, cost, attempts);
                return;
            }
            repairs++;
            counters.repairs.incrementAndGet();
            if (truncated || lastReply == null || lastReply.isBlank()) {
                // Nothing worth repairing: ask again from scratch.
                conversation = new ArrayList<>(conversation.subList(0, 2));
            } else {
                try {
                    conversation = new ArrayList<>(List.of(conversation.get(0), conversation.get(1),
                            AiMessage.from(lastReply), UserMessage.from(prompts.repair(problem, task.turns()))));
                } catch (MissingVariableException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }
        }
    }

    private String duplicateOfExtracted(List<Message> turns) {
        if (options.forbiddenUserTexts() == null || options.forbiddenUserTexts().isEmpty()) return null;
        String first = normalise(turns.get(0).content());
        return options.forbiddenUserTexts().contains(first)
                ? "the first user message repeats a conversation that was already extracted; write a new one" : null;
    }

    /** Lower case, single spaces: how extracted and generated questions are compared. */
    public static String normalise(String text) {
        return text == null ? "" : text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").trim();
    }

    private void finish(GenerationTask task, Journal.Status status, String sampleJson, String reason,
                        String lastReply, long in, long out, double cost, int attempts) throws IOException {
        // Committed before it is emitted: a kill after this line loses nothing that was paid for.
        boolean stored = journal.record(new Journal.Entry(task.key(), task.index(), status, sampleJson, reason,
                lastReply, in, out, cost, attempts));
        switch (status) {
            case OK -> counters.produced.incrementAndGet();
            case REJECTED -> counters.rejected.incrementAndGet();
            case FAILED -> counters.failed.incrementAndGet();
        }
        if (status == Journal.Status.OK && stored) emit(task.key(), sampleJson);
    }

    private void emit(String key, String sampleJson) throws IOException {
        if (sink == null) return;
        synchronized (sink) {
            // Marked first, written second: at most once, even if the process dies between the two.
            if (journal.markEmitted(key)) sink.write(sampleJson);
        }
    }

    private Sample sample(GenerationTask task, List<Message> turns, long callIn, long callOut, long in, long out,
                          double cost) {
        SampleMetadata meta = new SampleMetadata().mode(SampleMetadata.MODE_GENERATED)
                .detector("llm:" + options.provider().configName() + "/" + options.model());
        if (task.chunk() != null) {
            var chunkMeta = task.chunk().path("metadata");
            if (chunkMeta.hasNonNull("source_file")) meta.sourceFile(chunkMeta.get("source_file").asText());
            if (chunkMeta.path("locator").isObject()) {
                meta.locator(Json.MAPPER.convertValue(chunkMeta.get("locator"), Map.class));
            }
            meta.put("chunk_id", task.chunkId());
        }
        QuotaMatrix.Cell cell = task.cell();
        meta.put("generation_mode", options.mode().name().toLowerCase(Locale.ROOT));
        meta.put("task", task.key());
        meta.put("category", cell.category());
        meta.put("scenario", cell.scenario());
        meta.put("expertise", cell.expertise());
        meta.put("phrasing", cell.phrasing());
        meta.put("complexity", cell.complexity());
        meta.put("input_tokens", in);
        meta.put("output_tokens", out);
        meta.put("cost_usd", Math.round(cost * 1e8) / 1e8);
        Sample sample = new Sample().id(sampleId(task.key())).messages(turns).metadata(meta);
        if (task.systemPrompt() != null) sample.system(task.systemPrompt());
        return sample;
    }

    private static String sampleId(String key) {
        byte[] hash = SHA256.get().digest(key.getBytes(StandardCharsets.UTF_8));
        return "gen-" + HexFormat.of().formatHex(hash, 0, 8);
    }

    /** Sample JSON for the journal; kept here so every stored sample is written the same way. */
    static String json(Sample sample) {
        try {
            return Json.MAPPER.writeValueAsString(sample);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
