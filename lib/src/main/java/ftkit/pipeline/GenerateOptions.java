package ftkit.pipeline;

import ftkit.config.Settings;
import ftkit.generate.GenerateStage;
import ftkit.providers.Target;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The pipeline's options for the generate stage (modes create, hybrid and free), named as {@code generate} names
 * them. The journal, the samples and the rejects are not options here: they live in {@code <output.dir>/work/}.
 */
public final class GenerateOptions {
    @Option(names = "--plan", paramLabel = "FILE", description = "Generation plan (YAML, see examples/plans/plan.yaml). Without it: one category from --topic, every dimension evenly.")
    Path plan;

    @Option(names = {"-n", "--size"}, paramLabel = "N", description = "Samples to produce (default: the plan's total_examples, else dataset_size); capped at what the target accepts.")
    Integer size;

    @Option(names = "--topic", paramLabel = "TEXT", description = "Without --plan: the subject of the conversations.")
    String topic;

    @Option(names = "--system-prompt", paramLabel = "TEXT", description = "Without --plan: the system prompt of every sample.")
    String systemPrompt;

    @Option(names = "--free-prompt", paramLabel = "FILE", description = "Free mode: the instructions (default: <prompts>/free_mode/prompt.txt; asked on the terminal when absent).")
    Path freePrompt;

    @Option(names = "--prompts", paramLabel = "DIR", defaultValue = "prompts", description = "Folder with system/*.txt and free_mode/ (default: ${DEFAULT-VALUE}).")
    Path prompts;

    @Option(names = "--llm", paramLabel = "PROVIDER", description = "LLM provider: openai, anthropic, gemini, mistral, ollama, together, fireworks, openrouter, groq, vllm, openai-compatible (default: system.agentic_llm).")
    String llm;

    @Option(names = "--llm-model", paramLabel = "MODEL", description = "Model of the LLM (default: system.agentic_model).")
    String llmModel;

    @Option(names = "--base-url", paramLabel = "URL", description = "Endpoint of the LLM (default: system.base_url, else the provider's).")
    String baseUrl;

    @Option(names = {"-c", "--concurrency"}, paramLabel = "N", defaultValue = "4", description = "Requests in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--rpm", paramLabel = "N", defaultValue = "0", description = "At most N requests per minute (0 = no limit).")
    int requestsPerMinute;

    @Option(names = "--tpm", paramLabel = "N", defaultValue = "0", description = "At most N tokens per minute (0 = no limit).")
    long tokensPerMinute;

    @Option(names = "--max-retries", paramLabel = "N", description = "Retries of a request after 429/5xx/timeouts (default: system.max_retries).")
    Integer maxRetries;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Timeout of one request (default: system.timeout).")
    String timeout;

    @Option(names = "--repair-attempts", paramLabel = "N", defaultValue = "2", description = "Requests asking the model to fix an unusable reply before it is rejected (default: ${DEFAULT-VALUE}).")
    int repairAttempts;

    @Option(names = "--backoff-ms", paramLabel = "MS", defaultValue = "500", description = "Base of the exponential backoff between retries (default: ${DEFAULT-VALUE}).")
    long backoffMillis;

    @Option(names = "--max-cost", paramLabel = "USD", description = "Stop generating once this many dollars are spent (whole job, earlier runs included).")
    Double maxCost;

    @Option(names = "--max-tokens", paramLabel = "N", description = "Stop generating once this many tokens are used (whole job).")
    Long maxTokens;

    @Option(names = "--prices", paramLabel = "FILE", description = "Price table (YAML) instead of the bundled example prices.")
    Path prices;

    @Option(names = "--no-schema", description = "Do not ask for structured output (for endpoints that reject response_format).")
    boolean noSchema;

    @Option(names = "--retry-rejects", description = "Also retry generate tasks rejected by an earlier run.")
    boolean retryRejects;

    @Option(names = "--no-progress", description = "No progress bar while generating.")
    boolean noProgress;

    /** The settings these options override (flag &gt; environment &gt; config &gt; default), as {@code generate} does. */
    Map<String, String> settingFlags() {
        return Settings.flags("dataset_size", size, "system.agentic_model", llmModel, "system.base_url", baseUrl,
                "system.max_retries", maxRetries, "system.timeout", timeout);
    }

    /** The stage's options; the size is capped at the smallest example limit of the targets. */
    GenerateStage.Options stageOptions(List<Target> targets, boolean quiet) {
        GenerateStage.Options o = new GenerateStage.Options();
        o.plan = plan;
        o.size = size;
        o.topic = topic;
        o.systemPrompt = systemPrompt;
        o.freePrompt = freePrompt;
        o.prompts = prompts;
        o.llm = llm;
        o.prices = prices;
        o.concurrency = concurrency;
        o.requestsPerMinute = requestsPerMinute;
        o.tokensPerMinute = tokensPerMinute;
        o.repairAttempts = repairAttempts;
        o.backoffMillis = backoffMillis;
        o.maxCost = maxCost;
        o.maxTokens = maxTokens;
        o.noSchema = noSchema;
        o.retryRejects = retryRejects;
        o.progressBar = !noProgress && !quiet;
        o.target = targets.stream().filter(t -> limit(t) != null).min(Comparator.comparingLong(GenerateOptions::limit))
                .or(() -> targets.stream().findFirst()).map(Target::id).orElse(null);
        return o;
    }

    private static Long limit(Target t) {
        return t.maxExamples() != null ? t.maxExamples() : t.maxTotalExamples();
    }
}
