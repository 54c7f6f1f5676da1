package ftkit.generate;

import ftkit.cli.SharedOptions;
import ftkit.config.Config;
import ftkit.config.Settings;
import ftkit.prompts.TemplateSyntaxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The generate stage as a library call, for the pipeline: the very run of {@link GenerateCommand} (plan, quota
 * matrix, hybrid mixing, chunk grounding, journal, rejects, budget, plan-versus-actual table), with the inputs and
 * outputs the caller names and a result it can read instead of an exit code alone.
 */
public final class GenerateStage {

    /** The generate options a pipeline exposes; the defaults are {@code generate}'s. */
    public static final class Options {
        /** Plan file; null for the simple plan from {@link #topic}, {@link #systemPrompt} and dataset_size. */
        public Path plan;
        /** Samples to produce; null for the plan's total_examples, else config dataset_size. */
        public Integer size;
        public String topic;
        public String systemPrompt;
        /** Free mode's instructions; null for {@code <prompts>/free_mode/prompt.txt}, else asked on the terminal. */
        public Path freePrompt;
        /** LLM provider name; null for system.agentic_llm. */
        public String llm;
        /** Fine-tuning target whose example limit caps the size; null for config provider/model. */
        public String target;
        public Path prompts = Path.of("prompts");
        public Path prices;
        public int concurrency = 4;
        public int requestsPerMinute;
        public long tokensPerMinute;
        public int repairAttempts = 2;
        public long backoffMillis = 500;
        public int maxOutputTokens = 2048;
        public Double maxCost;
        public Long maxTokens;
        public boolean noSchema;
        public boolean retryRejects;
        public boolean progressBar;
    }

    /** What a run did. {@code result} counts the whole job (earlier runs of the journal included). */
    public record Outcome(Generator.Result result, Journal.Totals wholeJob, int rejectCount, Path journal,
                          String planTable) {
    }

    /** Where the stage reads and writes: chunks and extracted samples (or null), the sample file, rejects, journals. */
    public record Locations(Path chunks, Path extracted, Path output, Path rejects, Path journalDir) {
    }

    /** What the stage's run returns: its exit code ({@link GenerateCommand}'s), and the outcome when it ran. */
    public record Run(int exitCode, Optional<Outcome> outcome) {
        public boolean budgetReached() {
            return exitCode == GenerateCommand.BUDGET_REACHED;
        }
    }

    /** What the user asked for cannot run (bad plan, no key, no free-mode instructions...); nothing was called. */
    public static final class UsageProblem extends Exception {
        UsageProblem(String message) {
            super(message);
        }
    }

    private final Settings settings;
    private final Options options;

    public GenerateStage(Settings settings, Options options) {
        this.settings = settings;
        this.options = options;
    }

    /** The LLM provider this stage calls: {@link Options#llm}, else system.agentic_llm (with base_url for Llama). */
    public LlmProvider provider() throws UsageProblem {
        try {
            return command(Prompts.Mode.CREATE, null).provider(settings.config());
        } catch (GenerateCommand.UsageException e) {
            throw new UsageProblem(e.getMessage());
        }
    }

    /**
     * Checks, before any work, what would make the run fail at once: the provider's API key (the message names the
     * variables to set), the plan file, the prompt files, and free mode's instructions (a file, or a terminal to ask
     * on).
     */
    public void preflight(Prompts.Mode mode) throws UsageProblem, IOException {
        Config config = settings.config();
        if (options.concurrency < 1 || options.repairAttempts < 0 || options.requestsPerMinute < 0
                || options.tokensPerMinute < 0 || options.backoffMillis < 0 || options.maxOutputTokens < 1) {
            throw new UsageProblem("--concurrency must be at least 1; --repair-attempts, --rpm, --tpm and --backoff-ms "
                    + "must not be negative");
        }
        if (options.maxCost != null && options.maxCost <= 0 || options.maxTokens != null && options.maxTokens <= 0) {
            throw new UsageProblem("--max-cost and --max-tokens must be positive");
        }
        LlmProvider provider = provider();
        if (provider.keyRequired() && ChatModels.apiKey(provider, settings.environment().asMap()).isEmpty()) {
            throw new UsageProblem("mode " + mode.name().toLowerCase(java.util.Locale.ROOT) + " calls an LLM ("
                    + provider.configName() + ", " + (options.llm != null ? "--llm" : "system.agentic_llm")
                    + ") and needs its API key: set " + String.join(" or ", provider.keyVariables())
                    + " in the environment or in .env");
        }
        if (options.plan != null) {
            try {
                GenerationPlan.load(options.plan);
            } catch (GenerationPlan.PlanException e) {
                throw new UsageProblem(e.getMessage());
            }
        }
        try {
            Prompts.load(options.prompts);
        } catch (TemplateSyntaxException | IOException e) {
            throw new UsageProblem(e.getMessage());
        }
        if (mode == Prompts.Mode.FREE) {
            try {
                GenerateCommand.freeInstructionsFile(options.freePrompt, options.prompts, config);
            } catch (GenerateCommand.UsageException e) {
                throw new UsageProblem(e.getMessage());
            }
        }
    }

    /**
     * Runs the stage: samples of the whole job go to {@code files.output()} (atomically, in plan order, from the
     * journal), rejected and failed tasks to {@code files.rejects()}, the journal to
     * {@code files.journalDir()/generate-<fingerprint>.sqlite}, so a re-run with the same inputs resumes.
     */
    public Run run(Prompts.Mode mode, Locations files) throws UsageProblem, IOException, InterruptedException {
        GenerateCommand command = command(mode, files);
        Files.createDirectories(files.journalDir());
        try {
            int exit = command.run(settings.config(), settings);
            return new Run(exit, Optional.ofNullable(command.outcome));
        } catch (GenerateCommand.UsageException e) {
            throw new UsageProblem(e.getMessage());
        }
    }

    private GenerateCommand command(Prompts.Mode mode, Locations files) {
        GenerateCommand c = new GenerateCommand();
        c.shared = new SharedOptions();
        c.mode = mode.name();
        c.planFile = options.plan;
        c.size = options.size;
        c.topic = options.topic;
        c.systemPrompt = options.systemPrompt;
        c.freePrompt = options.freePrompt;
        c.llm = options.llm;
        c.target = options.target;
        c.promptsDir = options.prompts;
        c.prices = options.prices;
        c.concurrency = options.concurrency;
        c.requestsPerMinute = options.requestsPerMinute;
        c.tokensPerMinute = options.tokensPerMinute;
        c.repairAttempts = options.repairAttempts;
        c.backoffMillis = options.backoffMillis;
        c.maxOutputTokens = options.maxOutputTokens;
        c.maxCost = options.maxCost;
        c.maxTokens = options.maxTokens;
        c.noSchema = options.noSchema;
        c.retryRejects = options.retryRejects;
        c.noProgress = !options.progressBar;
        if (files != null) {
            c.chunksFile = files.chunks() == null ? null : files.chunks().toString();
            c.chunksOptional = true;
            c.extractedFile = files.extracted() == null ? null : files.extracted().toString();
            c.output = files.output().toString();
            c.rejects = files.rejects();
            c.journalDir = files.journalDir();
        }
        return c;
    }
}
