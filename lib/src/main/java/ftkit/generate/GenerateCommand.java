package ftkit.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.langchain4j.model.chat.ChatModel;
import ftkit.cli.ExitCodes;
import ftkit.cli.Log;
import ftkit.cli.SharedOptions;
import ftkit.config.Config;
import ftkit.config.ConfigException;
import ftkit.config.Settings;
import ftkit.io.AtomicOutput;
import ftkit.io.Json;
import ftkit.io.JsonlLine;
import ftkit.io.JsonlReader;
import ftkit.io.JsonlWriter;
import ftkit.io.SampleReader;
import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.model.SampleMetadata;
import ftkit.prompts.TemplateSyntaxException;
import ftkit.providers.ProviderRegistry;
import ftkit.providers.Target;
import ftkit.tokens.Tokenizers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The {@code generate} script: options, inputs and outputs; the run itself is {@link Generator}. */
@Command(name = "generate", mixinStandardHelpOptions = true, version = "ftkit generate 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Generates synthetic chat conversations with an LLM (create, hybrid or free mode) from a plan, without "
                        + "losing or duplicating a paid-for answer.",
                "",
                "Examples:",
                "  generate --plan examples/plans/plan.yaml --dry-run",
                "  generate --plan examples/plans/plan.yaml -o train.jsonl --max-cost 2",
                "  generate --topic 'home networks' -n 30 --llm ollama --llm-model llama3.1",
                "  generate --mode hybrid --extracted samples.jsonl --chunks chunks.jsonl -n 100",
                "  generate --mode free -n 20 -o free.jsonl   (prompts/free_mode/prompt.txt)",
                "",
                "Samples go to stdout (or -o FILE, written atomically); progress, counts and the plan-versus-actual",
                "table go to stderr. Every answer is stored in a SQLite journal before it is emitted: re-running the",
                "same command resumes where it stopped and never emits a sample twice.",
                ""},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {
                "0:every requested sample was produced",
                "1:failure (I/O, provider refused the key or model, internal error)",
                "2:usage error: bad options, plan file, config.yaml, .env or environment",
                "3:partial: some samples were rejected or failed (see the rejects file); a re-run retries the failed",
                "4:budget reached (--max-cost/--max-tokens): stopped cleanly; re-run with a higher budget to continue"})
public final class GenerateCommand implements Callable<Integer> {
    public static final int BUDGET_REACHED = 4;

    @Mixin
    SharedOptions shared;

    @Option(names = "--mode", paramLabel = "MODE", description = "create, hybrid or free (default: config mode; create when it is identify or templates).")
    String mode;

    @Option(names = "--plan", paramLabel = "FILE", description = "Generation plan (YAML, see examples/plans/plan.yaml). Without it: one category from --topic, every dimension evenly.")
    Path planFile;

    @Option(names = {"-n", "--size"}, paramLabel = "N", description = "Samples to produce (default: the plan's total_examples, else dataset_size); capped at what the target accepts.")
    Integer size;

    @Option(names = "--topic", paramLabel = "TEXT", description = "Without --plan: the subject of the conversations.")
    String topic;

    @Option(names = "--system-prompt", paramLabel = "TEXT", description = "Without --plan: the system prompt of every sample.")
    String systemPrompt;

    @Option(names = "--chunks", paramLabel = "FILE", description = "Chunk JSONL from extract ({id, text, metadata}) to ground samples in; each sample records its chunk_id.")
    String chunksFile;

    @Option(names = "--extracted", paramLabel = "FILE", description = "Hybrid mode: samples already extracted (JSONL); they make up 1 - agent.hybrid.generation_ratio of the output and are never generated again.")
    String extractedFile;

    @Option(names = "--free-prompt", paramLabel = "FILE", description = "Free mode: the instructions (default: prompts/free_mode/prompt.txt; asked on the terminal when it is absent or agent.free.use_prompt_file is false and stdin is a terminal).")
    Path freePrompt;

    @Option(names = "--llm", paramLabel = "PROVIDER", description = "LLM provider: openai, anthropic, gemini, mistral, ollama, together, fireworks, openrouter, groq, vllm, openai-compatible (default: system.agentic_llm).")
    String llm;

    @Option(names = "--llm-model", paramLabel = "MODEL", description = "Model of the LLM (default: system.agentic_model).")
    String llmModel;

    @Option(names = "--base-url", paramLabel = "URL", description = "Endpoint of the LLM (default: system.base_url, else the provider's).")
    String baseUrl;

    @Option(names = "--target", paramLabel = "ID", description = "Fine-tuning target whose example limit caps --size (default: provider/model of config.yaml).")
    String target;

    @Option(names = {"-c", "--concurrency"}, paramLabel = "N", defaultValue = "4", description = "Requests in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--rpm", paramLabel = "N", defaultValue = "0", description = "At most N requests per minute (0 = no limit).")
    int requestsPerMinute;

    @Option(names = "--tpm", paramLabel = "N", defaultValue = "0", description = "At most N tokens per minute, estimated before each request (0 = no limit).")
    long tokensPerMinute;

    @Option(names = "--max-retries", paramLabel = "N", description = "Retries of a request after 429/5xx/timeout/connection errors (default: system.max_retries).")
    Integer maxRetries;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Timeout of one request (default: system.timeout).")
    String timeout;

    @Option(names = "--repair-attempts", paramLabel = "N", defaultValue = "2", description = "Follow-up requests asking the model to fix an unusable reply before it is rejected (default: ${DEFAULT-VALUE}).")
    int repairAttempts;

    @Option(names = "--backoff-ms", paramLabel = "MS", defaultValue = "500", description = "Base of the exponential backoff between retries (default: ${DEFAULT-VALUE}); Retry-After wins when sent.")
    long backoffMillis;

    @Option(names = "--max-output-tokens", paramLabel = "N", defaultValue = "2048", description = "Output token limit per request (default: ${DEFAULT-VALUE}).")
    int maxOutputTokens;

    @Option(names = "--max-cost", paramLabel = "USD", description = "Stop dispatching once this many dollars are spent (whole job, earlier runs included).")
    Double maxCost;

    @Option(names = "--max-tokens", paramLabel = "N", description = "Stop dispatching once this many tokens (input + output) are used (whole job).")
    Long maxTokens;

    @Option(names = "--dry-run", description = "Show the expanded plan, sample prompts and the estimated tokens and cost; call nothing.")
    boolean dryRun;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write all samples of the job here, atomically, in plan order (default: stream to stdout).")
    String output;

    @Option(names = "--rejects", paramLabel = "FILE", description = "Rejected and failed tasks with their reasons (default: beside -o, else <output.dir>/<output_name>.rejects.jsonl).")
    Path rejects;

    @Option(names = "--journal", paramLabel = "FILE", description = "SQLite journal (default: .ftkit/journal/generate-<run fingerprint>.sqlite).")
    Path journalFile;

    @Option(names = "--prices", paramLabel = "FILE", description = "Price table (YAML) instead of the bundled example prices.")
    Path prices;

    @Option(names = "--prompts", paramLabel = "DIR", defaultValue = "prompts", description = "Folder with system/*.txt and free_mode/ (default: ${DEFAULT-VALUE}).")
    Path promptsDir;

    @Option(names = "--no-schema", description = "Do not ask for structured output (for endpoints that reject response_format).")
    boolean noSchema;

    @Option(names = "--retry-rejects", description = "Also retry tasks rejected by an earlier run.")
    boolean retryRejects;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    /** Where journals go without --journal; the pipeline keeps them under its output's work folder. */
    Path journalDir = Path.of(".ftkit", "journal");
    /** Chunks ground samples when there are usable ones (the pipeline hands over whatever extract found). */
    boolean chunksOptional;
    /** What the last run did, for {@link GenerateStage}; null until a run reached the generator. */
    GenerateStage.Outcome outcome;

    private Map<String, String> env = System.getenv();
    private PrintStream stdout = System.out;
    private PrintStream stderr = System.err;

    public static CommandLine commandLine() {
        return new CommandLine(new GenerateCommand());
    }

    /** For tests: an explicit environment and stdout. */
    public static CommandLine commandLine(Map<String, String> env, PrintStream stdout, PrintStream stderr) {
        GenerateCommand command = new GenerateCommand();
        command.env = env;
        command.stdout = stdout;
        command.stderr = stderr;
        return new CommandLine(command);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    @Override
    public Integer call() {
        Settings settings;
        try {
            settings = Settings.resolve(Settings.flags("dataset_size", size, "system.agentic_model", llmModel,
                    "system.base_url", baseUrl, "system.max_retries", maxRetries, "system.timeout", timeout),
                    env, shared.config());
            Log.addSecrets(settings.secretValues());
            for (String warning : settings.warnings()) Log.warn("%s", warning);
            if (shared.verbose()) Log.verbose("%s", settings.describe().stripTrailing());
        } catch (ConfigException e) {
            return SharedOptions.reportConfigProblems(e);
        }
        Config config = settings.config();
        try {
            return run(config, settings);
        } catch (UsageException e) {
            Log.error("%s", e.getMessage());
            return ExitCodes.USAGE;
        } catch (IOException e) {
            Log.error("%s", e.getMessage());
            return ExitCodes.FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Log.error("interrupted");
            return ExitCodes.FAILURE;
        }
    }

    /** A problem with what the user asked for; nothing was called. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    int run(Config config, Settings settings) throws UsageException, IOException, InterruptedException {
        Prompts.Mode runMode = mode(config);
        if (concurrency < 1 || repairAttempts < 0 || requestsPerMinute < 0 || tokensPerMinute < 0 || backoffMillis < 0
                || maxOutputTokens < 1) {
            throw new UsageException("--concurrency and --max-output-tokens must be at least 1; --repair-attempts, "
                    + "--rpm, --tpm and --backoff-ms must not be negative");
        }
        if (maxCost != null && maxCost <= 0 || maxTokens != null && maxTokens <= 0) {
            throw new UsageException("--max-cost and --max-tokens must be positive");
        }
        LlmProvider provider = provider(config);
        String modelName = config.system().agenticModel();
        String endpoint = config.system().baseUrl().map(Object::toString).orElse(null);

        // The plan and the requested size, capped at what the target accepts.
        GenerationPlan plan;
        try {
            plan = planFile != null ? GenerationPlan.load(planFile)
                    : GenerationPlan.simple(topic, config.datasetSize(), systemPrompt);
        } catch (GenerationPlan.PlanException e) {
            throw new UsageException(e.getMessage());
        }
        int requested = size != null ? size : planFile != null ? plan.totalExamples() : config.datasetSize();
        requested = capToTarget(config, requested);
        if (requested != plan.totalExamples()) plan = plan.withTotal(requested);

        Prompts prompts;
        try {
            prompts = Prompts.load(promptsDir);
        } catch (TemplateSyntaxException e) {
            throw new UsageException(e.getMessage());
        } catch (IOException e) {
            throw new UsageException(e.getMessage());
        }
        String instructions = runMode == Prompts.Mode.FREE ? freeInstructions(config) : null;

        // Tasks: the quota matrix, plus in hybrid mode the extracted samples passed through.
        List<GenerationTask> tasks = new ArrayList<>();
        Set<String> forbidden = new HashSet<>();
        List<Sample> extracted = new ArrayList<>();
        int generatedCount = requested;
        if (runMode == Prompts.Mode.HYBRID) {
            if (extractedFile == null) throw new UsageException("hybrid mode needs --extracted FILE (samples from extract)");
            double ratio = config.agent().hybrid().generationRatio();
            int wantExtracted = (int) Math.round(requested * (1 - ratio));
            readExtracted(extractedFile, wantExtracted, extracted, forbidden);
            if (extracted.size() < wantExtracted) {
                Log.warn("%s holds %d usable samples, fewer than the %d that generation_ratio %.2f leaves for "
                        + "extraction; generating the rest", extractedFile, extracted.size(), wantExtracted, ratio);
            }
            generatedCount = requested - extracted.size();
        }
        QuotaMatrix matrix = QuotaMatrix.expand(generatedCount == plan.totalExamples() ? plan : plan.withTotal(generatedCount));
        List<GenerationTask> generated = matrix.tasks();
        List<JsonNode> chunks = chunksFile == null ? List.of() : readChunks(chunksFile, forbidden);
        if (chunksFile != null && chunks.isEmpty()) {
            String why = chunksFile + ": no usable chunks" + (forbidden.isEmpty() ? "" : " (every chunk holds an extracted conversation)");
            if (!chunksOptional) throw new UsageException(why);
            Log.warn("%s; generating without grounding", why);
        }
        for (int i = 0; i < generated.size(); i++) {
            GenerationTask t = generated.get(i);
            tasks.add(chunks.isEmpty() ? t : t.withChunk(chunks.get(i % chunks.size())));
        }
        QuotaMatrix.Cell extractedCell = new QuotaMatrix.Cell("extracted", "-", "-", "-", "-", extracted.size());
        GenerationPlan.Category extractedCategory = new GenerationPlan.Category("extracted", extracted.size(), null,
                "extracted verbatim from the documents", List.of());
        for (int i = 0; i < extracted.size(); i++) {
            Sample s = extracted.get(i);
            String key = "extracted#" + (s.id() != null ? s.id() : Integer.toString(i));
            tasks.add(new GenerationTask(key, tasks.size(), extractedCell, extractedCategory, null, "-", "-", null, 1,
                    null, null, s));
        }
        for (int i = 0; i < tasks.size(); i++) tasks.set(i, tasks.get(i).withIndex(i));

        PriceTable priceTable = prices != null ? PriceTable.load(prices) : PriceTable.bundled();
        Optional<PriceTable.Price> price = priceTable.price(provider, modelName);
        if (price.isEmpty()) {
            Log.warn("no price for %s model %s in %s: costs count as $0, so --max-cost cannot stop this run "
                    + "(use --max-tokens, or --prices FILE)", provider.configName(), modelName,
                    prices != null ? prices : "the bundled example prices");
        }

        if (dryRun) {
            dryRun(runMode, plan, matrix, tasks, prompts, instructions, provider, modelName, price.orElse(null),
                    priceTable);
            return ExitCodes.OK;
        }

        String fingerprint = fingerprint(runMode, provider, modelName, endpoint, plan, prompts, instructions);
        Path journalPath = journalFile != null ? journalFile
                : journalDir.resolve("generate-" + fingerprint.substring(0, 16) + ".sqlite");
        ChatModel model;
        try {
            model = ChatModels.create(new ChatModelSpec(provider, modelName, endpoint, config.system().timeout(),
                    config.agent().create().temperature(), maxOutputTokens), settings.environment().asMap());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Generator.Options options = new Generator.Options(runMode, provider, modelName, concurrency,
                config.system().maxRetries(), repairAttempts, requestsPerMinute, tokensPerMinute, maxCost, maxTokens,
                !noSchema, new Backoff(Duration.ofMillis(backoffMillis), Duration.ofSeconds(60)), retryRejects,
                instructions, forbidden);
        Log.info("generate: %s mode, %d samples, %s %s%s, concurrency %d; journal %s", runMode.name().toLowerCase(Locale.ROOT),
                tasks.size(), provider.configName(), modelName, endpoint == null ? "" : " at " + endpoint, concurrency,
                journalPath);

        try (Journal journal = Journal.open(journalPath, fingerprint, runMode + " " + provider.configName() + "/" + modelName)) {
            Generator.Sink sink = output == null ? streaming(stdout) : null;
            Generator generator = new Generator(model, options, prompts, plan, tasks, journal, price.orElse(null), sink);
            Generator.Result result;
            ProgressBar bar = progressBar(tasks.size(), journal);
            try {
                if (bar != null) {
                    long startDone = bar.getCurrent();
                    generator.onProgress(c -> {
                        bar.stepTo(startDone + c.produced.get() + c.rejected.get() + c.failed.get());
                        bar.setExtraMessage(String.format(Locale.ROOT, " tok %d $%.4f retries %d rejects %d",
                                c.inputTokens.get() + c.outputTokens.get(), c.cost.sum(), c.retries.get() + c.repairs.get(),
                                c.rejected.get() + c.failed.get()));
                    });
                }
                result = generator.run();
            } finally {
                if (bar != null) bar.close();
            }
            if (output != null) writeOutput(journal, tasks);
            Map<String, Journal.Status> states = journal.states();
            int rejectCount = writeRejects(journal, tasks, config);
            String planTable = PlanReport.table(tasks, states);
            Log.info("%s", planTable.stripTrailing());
            Log.info("%s", result.summary());
            Journal.Totals totals = journal.totals();
            outcome = new GenerateStage.Outcome(result, totals, rejectCount, journalPath, planTable);
            Log.info("whole job (journal): %d input + %d output tokens, $%.4f%s", totals.inputTokens(),
                    totals.outputTokens(), totals.cost(), price.isEmpty() ? " (price unknown)" : "");
            if (!result.addsUp()) {
                Log.error("internal error: the counts do not add up");
                return ExitCodes.FAILURE;
            }
            if (result.aborted()) {
                Log.error("%s", result.stopReason());
                return ExitCodes.FAILURE;
            }
            if (result.budgetReached() && result.notRun() > 0) {
                Log.warn("%s; %d samples not generated; re-run with a higher budget to continue", result.stopReason(),
                        result.notRun());
                return BUDGET_REACHED;
            }
            if (rejectCount > 0 || result.notRun() > 0) return ExitCodes.INVALID;
            return ExitCodes.OK;
        } catch (Journal.JournalMismatchException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private Prompts.Mode mode(Config config) throws UsageException {
        String m = mode != null ? mode : config.mode().id();
        return switch (m.toLowerCase(Locale.ROOT)) {
            case "create" -> Prompts.Mode.CREATE;
            case "hybrid" -> Prompts.Mode.HYBRID;
            case "free" -> Prompts.Mode.FREE;
            case "identify", "templates" -> {
                if (mode != null) throw new UsageException("--mode " + m + " is not a generate mode (use extract or templates); choose create, hybrid or free");
                yield Prompts.Mode.CREATE;
            }
            default -> throw new UsageException("unknown --mode '" + m + "'; choose create, hybrid or free");
        };
    }

    LlmProvider provider(Config config) throws UsageException {
        try {
            if (llm != null) return LlmProvider.parse(llm);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return switch (config.system().agenticLlm()) {
            case OPENAI -> LlmProvider.OPENAI;
            case ANTHROPIC -> LlmProvider.ANTHROPIC;
            case GOOGLE -> LlmProvider.GEMINI;
            case MISTRAL -> LlmProvider.MISTRAL;
            // Llama: a configured endpoint is OpenAI-compatible (Together, Groq, vLLM...), else a local Ollama.
            case LLAMA -> config.system().baseUrl().isPresent() ? LlmProvider.OPENAI_COMPATIBLE : LlmProvider.OLLAMA;
        };
    }

    private int capToTarget(Config config, int requested) {
        Target t;
        try {
            ProviderRegistry registry = ProviderRegistry.bundled();
            t = target != null ? registry.target(target) : registry.resolve(config.provider().id(), config.model(), null);
        } catch (RuntimeException e) {
            Log.verbose("no fine-tuning target to cap the size at: %s", e.getMessage());
            return requested;
        }
        Long max = t.maxExamples() != null ? t.maxExamples() : t.maxTotalExamples();
        if (max != null && requested > max) {
            Log.warn("%d samples requested but target %s accepts at most %d examples (%s); generating %d",
                    requested, t.id(), max, t.source() == null ? "provider registry" : t.source(), max);
            return (int) (long) max;
        }
        return requested;
    }

    private String freeInstructions(Config config) throws UsageException, IOException {
        Path file = freeInstructionsFile(freePrompt, promptsDir, config);
        if (file != null) {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) throw new UsageException(file + ": the free-mode instructions are empty");
            return text;
        }
        stderr.println("Free mode: type the instructions for the conversations, then an empty line:");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        StringBuilder text = new StringBuilder();
        for (String line = in.readLine(); line != null && !line.isBlank(); line = in.readLine()) {
            text.append(line).append('\n');
        }
        if (text.toString().isBlank()) throw new UsageException("no free-mode instructions given");
        return text.toString().strip();
    }

    /**
     * Where free mode's instructions come from: the file to read, or null when they are to be asked on the terminal;
     * a UsageException when neither can be (no such --free-prompt file, or stdin is not a terminal).
     */
    static Path freeInstructionsFile(Path freePrompt, Path promptsDir, Config config) throws UsageException {
        Path file = freePrompt != null ? freePrompt : promptsDir.resolve("free_mode").resolve("prompt.txt");
        boolean useFile = freePrompt != null || config.agent().free().usePromptFile();
        if (useFile && Files.isRegularFile(file)) return file;
        if (freePrompt != null) throw new UsageException(freePrompt + ": no such file");
        if (!stdinIsTerminal()) {
            throw new UsageException(useFile
                    ? "free mode needs instructions: write them to " + file
                            + " or pass --free-prompt FILE (stdin is not a terminal to ask on)"
                    : "free mode needs instructions: agent.free.use_prompt_file is false, so they are asked on the "
                            + "terminal, but stdin is not a terminal; pass --free-prompt FILE or set "
                            + "agent.free.use_prompt_file: true and write them to " + file);
        }
        return null;
    }

    /**
     * Whether stdin is a terminal. Java cannot ask this directly: System.console() also needs stdout to be a terminal
     * on JDK 17-21 (so {@code generate --mode free > out.jsonl} would not ask) and exists even when redirected on 22+.
     * Linux answers through /proc; other Unix systems through {@code test -t 0} on the inherited stdin.
     */
    static boolean stdinIsTerminal() {
        Path fd0 = Path.of("/proc/self/fd/0");
        try {
            if (Files.isSymbolicLink(fd0)) {
                String target = Files.readSymbolicLink(fd0).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // no /proc: ask test(1) below
        }
        if (!System.getProperty("os.name", "").startsWith("Windows")) {
            try {
                Process test = new ProcessBuilder("test", "-t", "0").redirectInput(ProcessBuilder.Redirect.INHERIT)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (test.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) return test.exitValue() == 0;
                test.destroyForcibly();
            } catch (IOException e) {
                // no test(1): fall back on the console below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        java.io.Console console = System.console();
        if (console == null) return false;
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console); // JDK 22+
        } catch (ReflectiveOperationException e) {
            return true; // JDK 17-21: a console exists only when attached to a terminal
        }
    }

    private static void readExtracted(String file, int want, List<Sample> out, Set<String> firstUserTexts)
            throws IOException {
        try (SampleReader reader = SampleReader.open(file)) {
            for (SampleReader.Entry e : reader) {
                if (!e.ok()) {
                    Log.warn("%s (skipped)", e.describeError());
                    continue;
                }
                Sample s = e.sample();
                Optional<Message> firstUser = s.messages().stream().filter(m -> Message.USER.equals(m.role())).findFirst();
                firstUser.ifPresent(m -> firstUserTexts.add(Generator.normalise(m.contentOrEmpty())));
                if (out.size() < want) {
                    if (s.metadata() == null) s.metadata(new SampleMetadata());
                    if (s.metadata().mode() == null) s.metadata().mode(SampleMetadata.MODE_EXTRACTED);
                    out.add(s);
                }
            }
        }
    }

    /** Chunks in file order, minus those holding an already extracted conversation (never generate it again). */
    private static List<JsonNode> readChunks(String file, Set<String> extractedUserTexts) throws IOException {
        List<JsonNode> chunks = new ArrayList<>();
        int skipped = 0;
        try (JsonlReader reader = JsonlReader.open(file)) {
            for (JsonlLine line : reader) {
                if (!line.ok() || !line.node().path("text").isTextual() || !line.node().path("id").isTextual()) {
                    Log.warn("%s: not a chunk {id, text, metadata} (skipped)%s", line.where(),
                            line.error() == null ? "" : ": " + line.error());
                    continue;
                }
                String text = Generator.normalise(line.node().get("text").asText());
                boolean holdsExtracted = false;
                for (String q : extractedUserTexts) {
                    if (!q.isEmpty() && text.contains(q)) {
                        holdsExtracted = true;
                        break;
                    }
                }
                if (holdsExtracted) {
                    skipped++;
                    continue;
                }
                chunks.add(line.node());
            }
        }
        if (skipped > 0) Log.info("%d chunks skipped: they hold conversations that were already extracted", skipped);
        return chunks;
    }

    private static Generator.Sink streaming(PrintStream stdout) {
        return json -> {
            byte[] line = (json + "\n").getBytes(StandardCharsets.UTF_8);
            stdout.write(line, 0, line.length);
            stdout.flush();
            if (stdout.checkError()) throw new IOException("cannot write to stdout (closed pipe?)");
        };
    }

    private ProgressBar progressBar(int total, Journal journal) throws IOException {
        if (noProgress || shared.quiet()) return null;
        Map<String, Journal.Status> states = journal.states();
        return new ProgressBarBuilder().setTaskName("generate").setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                // Room for the counters after the bar even when stderr is not a terminal (80 columns otherwise).
                .setConsumer(new ConsoleProgressBarConsumer(stderr, 150))
                .setUpdateIntervalMillis(500)
                .showSpeed()
                .startsFrom(Math.min(total, states.size()), Duration.ZERO)
                .build();
    }

    private void writeOutput(Journal journal, List<GenerationTask> tasks) throws IOException {
        Set<String> keys = new HashSet<>();
        for (GenerationTask t : tasks) keys.add(t.key());
        try (AtomicOutput out = AtomicOutput.open(output)) {
            OutputStream stream = out.stream();
            long[] written = {0};
            journal.forEach(Journal.Status.OK, false, e -> {
                if (!keys.contains(e.key())) return;
                stream.write(e.sample().getBytes(StandardCharsets.UTF_8));
                stream.write('\n');
                written[0]++;
            });
            out.commit();
            Log.info("wrote %d samples to %s", written[0], output);
        }
    }

    private int writeRejects(Journal journal, List<GenerationTask> tasks, Config config) throws IOException {
        Set<String> keys = new HashSet<>();
        for (GenerationTask t : tasks) keys.add(t.key());
        List<Journal.Entry> entries = new ArrayList<>();
        Journal.RowVisitor collect = e -> {
            if (keys.contains(e.key())) entries.add(e);
        };
        journal.forEach(Journal.Status.REJECTED, false, collect);
        journal.forEach(Journal.Status.FAILED, false, collect);
        if (entries.isEmpty()) return 0;
        Path path = rejects != null ? rejects : output != null
                ? Path.of(output.replaceFirst("\\.jsonl$", "") + ".rejects.jsonl")
                : config.output().dir().resolve(config.outputName() + ".rejects.jsonl");
        if (path.toAbsolutePath().getParent() != null) Files.createDirectories(path.toAbsolutePath().getParent());
        try (JsonlWriter writer = JsonlWriter.open(path)) {
            for (Journal.Entry e : entries) {
                ObjectNode row = Json.MAPPER.createObjectNode();
                row.put("task", e.key());
                row.put("status", e.status().name().toLowerCase(Locale.ROOT));
                row.put("reason", e.reason());
                row.put("attempts", e.attempts());
                if (e.lastReply() != null) row.put("last_reply", e.lastReply());
                writer.write(row);
            }
            writer.commit();
        }
        Log.warn("%d tasks rejected or failed; reasons in %s", entries.size(), path);
        return entries.size();
    }

    private String fingerprint(Prompts.Mode runMode, LlmProvider provider, String modelName, String endpoint,
                               GenerationPlan plan, Prompts prompts, String instructions) throws IOException {
        // The size and the shares are left out: a re-run asking for more (or a re-balanced plan) reuses the answers
        // of the cells it shares with the earlier run.
        ObjectNode f = Json.MAPPER.createObjectNode();
        f.put("mode", runMode.name());
        f.put("provider", provider.configName());
        f.put("model", modelName);
        f.put("endpoint", endpoint);
        ObjectNode p = plan.toJson();
        p.remove("totalExamples");
        p.remove("trainShare");
        ArrayNode cats = Json.MAPPER.createArrayNode();
        for (GenerationPlan.Category c : plan.categories()) {
            cats.addObject().put("name", c.name()).put("description", c.description())
                    .set("topics", Json.MAPPER.valueToTree(c.topics()));
        }
        p.set("categories", cats);
        for (String dim : List.of("scenarios", "expertise", "phrasing")) {
            p.set(dim, Json.MAPPER.valueToTree(new ArrayList<>(((ObjectNode) p.get(dim)).properties().stream().map(Map.Entry::getKey).toList())));
        }
        p.remove("complexity");
        f.set("plan", p);
        f.put("prompts", prompts.fingerprintText());
        f.put("instructions", instructions);
        f.put("chunks", chunksFile == null ? null : Path.of(chunksFile).toAbsolutePath().normalize().toString());
        f.put("extracted", extractedFile == null ? null : Path.of(extractedFile).toAbsolutePath().normalize().toString());
        f.put("schema", !noSchema);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(Json.MAPPER.writeValueAsBytes(f));
            return HexFormat.of().formatHex(hash);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void dryRun(Prompts.Mode runMode, GenerationPlan plan, QuotaMatrix matrix, List<GenerationTask> tasks,
                        Prompts prompts, String instructions, LlmProvider provider, String modelName,
                        PriceTable.Price price, PriceTable priceTable) throws UsageException {
        PrintStream err = stderr;
        err.printf("dry run: %s mode, %d samples (%s, %s), model %s %s; nothing is called%n",
                runMode.name().toLowerCase(Locale.ROOT), tasks.size(), plan.taskType(), plan.domain(),
                provider.configName(), modelName);
        err.printf("train/validation split of the plan: %.0f/%.0f%n", plan.trainShare() * 100, (1 - plan.trainShare()) * 100);
        err.println();
        err.print(matrix.describe());
        err.println();
        err.print(PlanReport.table(tasks, Map.of()));
        Encoding encoding = Tokenizers.encoding(EncodingType.O200K_BASE);
        long inputTokens = 0;
        long outputTokens = 0;
        int shown = 0;
        int generatedTasks = 0;
        for (GenerationTask t : tasks) {
            if (t.extracted() != null) continue;
            generatedTasks++;
            Prompts.Rendered r;
            try {
                r = prompts.render(t, plan, runMode, instructions, tasks.size());
            } catch (ftkit.prompts.MissingVariableException e) {
                throw new UsageException(e.getMessage());
            }
            inputTokens += encoding.countTokens(r.system()) + encoding.countTokens(r.user()) + 10;
            // A rough guess of a reply: ~60 tokens per user turn and ~200 per answer, plus the JSON around them.
            outputTokens += 260L * t.turns() + 20;
            if (shown < 3 && (shown == 0 || t.index() % Math.max(1, tasks.size() / 3) == 0)) {
                err.printf("%n--- prompt of task %s ---%n[system]%n%s%n[user]%n%s%n", t.key(), r.system().strip(),
                        r.user().strip());
                shown++;
            }
        }
        err.println();
        err.printf(Locale.ROOT, "estimate for %d generated samples (o200k token counts; replies guessed at 260 tokens "
                + "per exchange): %d input + %d output tokens = %d tokens%n", generatedTasks, inputTokens,
                outputTokens, inputTokens + outputTokens);
        if (price != null) {
            err.printf(Locale.ROOT, "estimated cost: $%.4f at $%.3f/$%.3f per million input/output tokens "
                    + "(price entry '%s' from %s), before repairs and retries%n", price.cost(inputTokens, outputTokens),
                    price.inputPerMillion(), price.outputPerMillion(), price.match(), priceTable.source());
        } else {
            err.println("estimated cost: unknown (no price for this model; see --prices)");
        }
    }
}
