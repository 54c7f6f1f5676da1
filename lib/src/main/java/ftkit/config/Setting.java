package ftkit.config;

import ftkit.config.Config.Mode;
import ftkit.config.Config.OutputFormat;
import ftkit.config.Config.Provider;
import ftkit.config.Config.SplitStrategy;
import ftkit.config.Config.Variety;
import ftkit.config.Config.WeightBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one table of every setting: its key in config.yaml, its environment variable, the flag scripts use for it,
 * its type and its default. Resolution ({@link Settings}), validation ({@link ConfigFile}) and the documentation
 * ({@link ConfigDocs}, docs/config.md) are all driven by this table, so they cannot drift apart.
 */
public enum Setting {
    PROVIDER("provider", "FTKIT_PROVIDER", "--provider", ValueKind.choice(Provider.class), Provider.GOOGLE,
            "Provider the dataset is for."),
    MODEL("model", "FTKIT_MODEL", "--model", ValueKind.text(), "gemini-2.5-flash",
            "Model to fine-tune; must be one the provider fine-tunes (see the provider registry)."),
    MODE("mode", "FTKIT_MODE", "--mode", ValueKind.choice(Mode.class), Mode.CREATE,
            "How samples are made: generated, extracted verbatim, both, from a free prompt, or from templates."),
    DATASET_SIZE("dataset_size", "FTKIT_DATASET_SIZE", "--dataset-size", ValueKind.integer(1, Integer.MAX_VALUE), 100,
            "Desired number of samples (capped at the provider's maximum)."),
    OUTPUT_NAME("output_name", "FTKIT_OUTPUT_NAME", "--output-name", ValueKind.fileStem(), "my_dataset",
            "Base name of the output files."),

    SPLIT_ENABLED("split.enabled", "FTKIT_SPLIT_ENABLED", "--split", ValueKind.bool(), true,
            "Split into training and validation sets."),
    SPLIT_RATIO("split.ratio", "FTKIT_SPLIT_RATIO", "--split-ratio", ValueKind.decimal(0, false, 1, false), 0.8,
            "Training share; the rest is validation (and test, if test_ratio > 0)."),
    SPLIT_TEST_RATIO("split.test_ratio", "FTKIT_SPLIT_TEST_RATIO", "--test-ratio", ValueKind.decimal(0, true, 1, false),
            0.0, "Test share (0 = no test set); ratio + test_ratio must stay below 1."),
    SPLIT_STRATEGY("split.strategy", "FTKIT_SPLIT_STRATEGY", "--split-strategy", ValueKind.choice(SplitStrategy.class),
            SplitStrategy.WEIGHTED, "Random split, or stratified so each group is represented in both sets."),
    SPLIT_WEIGHT_BY("split.weight_by", "FTKIT_SPLIT_WEIGHT_BY", "--weight-by", ValueKind.choice(WeightBy.class),
            WeightBy.SOURCE, "Group used by the weighted strategy: source file or topic keywords."),
    SPLIT_SEED("split.seed", "FTKIT_SPLIT_SEED", "--seed", ValueKind.longInteger(), 42L,
            "Random seed: the same seed and input give the same split."),

    CREATE_TEMPERATURE("agent.create.temperature", "FTKIT_CREATE_TEMPERATURE", "--temperature",
            ValueKind.decimal(0, true, 2, true), 0.7, "Sampling temperature when generating (create mode)."),
    CREATE_VARIETY("agent.create.variety", "FTKIT_CREATE_VARIETY", "--variety", ValueKind.choice(Variety.class),
            Variety.HIGH, "How different generated samples should be from one another."),
    IDENTIFY_MIN_TURNS("agent.identify.min_turns", "FTKIT_IDENTIFY_MIN_TURNS", "--min-turns",
            ValueKind.integer(1, Integer.MAX_VALUE), 2, "Minimum conversation turns to extract (identify mode)."),
    IDENTIFY_INCLUDE_CONTEXT("agent.identify.include_context", "FTKIT_IDENTIFY_INCLUDE_CONTEXT", "--include-context",
            ValueKind.bool(), true, "Keep the surrounding text of an extracted conversation as context."),
    HYBRID_GENERATION_RATIO("agent.hybrid.generation_ratio", "FTKIT_HYBRID_GENERATION_RATIO", "--generation-ratio",
            ValueKind.decimal(0, true, 1, true), 0.5, "Share of generated samples in hybrid mode; the rest are extracted."),
    FREE_USE_PROMPT_FILE("agent.free.use_prompt_file", "FTKIT_FREE_USE_PROMPT_FILE", "--use-prompt-file",
            ValueKind.bool(), true, "Free mode reads its prompt from a file; false asks interactively."),

    OUTPUT_FORMAT("output.format", "FTKIT_OUTPUT_FORMAT", "--format", ValueKind.choice(OutputFormat.class),
            OutputFormat.JSONL, "Dataset file format (always JSONL for fine-tuning)."),
    OUTPUT_INCLUDE_CSV("output.include_csv", "FTKIT_OUTPUT_INCLUDE_CSV", "--csv", ValueKind.bool(), true,
            "Also write a CSV of sample metadata."),
    OUTPUT_INCLUDE_STATS("output.include_stats", "FTKIT_OUTPUT_INCLUDE_STATS", "--stats", ValueKind.bool(), true,
            "Also write a statistics file."),
    OUTPUT_DIR("output.dir", "FTKIT_OUTPUT_DIR", "--output-dir", ValueKind.text(), "output",
            "Folder for output files, relative to the working directory."),

    AGENTIC_LLM("system.agentic_llm", "AGENT_PROVIDER", "--agent-provider", ValueKind.choice(Provider.class),
            Provider.GOOGLE, "Provider of the LLM that runs the agents themselves."),
    AGENTIC_MODEL("system.agentic_model", "AGENT_MODEL", "--agent-model", ValueKind.text(), "gemini-2.0-flash-exp",
            "Model of the agents' LLM."),
    BASE_URL("system.base_url", "FTKIT_BASE_URL", "--base-url", ValueKind.optionalHttpUrl(), null,
            "Endpoint of an OpenAI-compatible or local server (e.g. http://127.0.0.1:11434/v1); unset = the provider's own."),
    MAX_RETRIES("system.max_retries", "FTKIT_MAX_RETRIES", "--max-retries", ValueKind.integer(0, 100), 3,
            "Retries of a failed LLM call."),
    TIMEOUT("system.timeout", "FTKIT_TIMEOUT", "--timeout", ValueKind.seconds(), Duration.ofSeconds(60),
            "Timeout of one LLM call, in seconds.");

    /** Environment variable naming the config file (after --config, before ./config.yaml). */
    public static final String CONFIG_ENV = "FTKIT_CONFIG";

    private final String key;
    private final String envVar;
    private final String flag;
    private final ValueKind kind;
    private final Object defaultValue;
    private final String description;

    Setting(String key, String envVar, String flag, ValueKind kind, Object defaultValue, String description) {
        this.key = key;
        this.envVar = envVar;
        this.flag = flag;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** Dotted path in config.yaml, e.g. {@code split.ratio}; also the key of the flags map. */
    public String key() {
        return key;
    }

    public String envVar() {
        return envVar;
    }

    /** The option name scripts use when they offer this setting on the command line. */
    public String flag() {
        return flag;
    }

    public ValueKind kind() {
        return kind;
    }

    /** The Java value used when no source sets this setting (null only for optional settings). */
    public Object defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The default as written in config.yaml. */
    public String defaultText() {
        return kind.format(defaultValue);
    }

    /** Last segment of the key, e.g. {@code ratio}. */
    public String leaf() {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    /** Section of the key, e.g. {@code split}; empty for top-level settings. */
    public String section() {
        int dot = key.lastIndexOf('.');
        return dot < 0 ? "" : key.substring(0, dot);
    }

    public static Optional<Setting> byKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }

    public static Optional<Setting> byEnvVar(String name) {
        return Arrays.stream(values()).filter(s -> s.envVar.equals(name)).findFirst();
    }

    /** Every mapping in the schema: "split", "agent", "agent.create", … (derived from the keys). */
    public static Set<String> sections() {
        Set<String> sections = new LinkedHashSet<>();
        for (Setting s : values()) {
            String section = s.section();
            while (!section.isEmpty()) {
                sections.add(section);
                int dot = section.lastIndexOf('.');
                section = dot < 0 ? "" : section.substring(0, dot);
            }
        }
        return Collections.unmodifiableSet(sections);
    }

    static Map<Setting, Object> defaults() {
        Map<Setting, Object> values = new EnumMap<>(Setting.class);
        for (Setting s : values()) values.put(s, s.defaultValue);
        return values;
    }
}
