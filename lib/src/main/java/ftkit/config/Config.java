package ftkit.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The effective configuration, immutable and fully validated: one record per section of {@code config.yaml}.
 * Build it with {@link Settings#resolve} (flags, environment, file and defaults) or {@link #defaults()}.
 */
public record Config(
        Provider provider,
        String model,
        Mode mode,
        int datasetSize,
        String outputName,
        Split split,
        Agent agent,
        Output output,
        SystemSettings system) {

    /** A choice whose YAML spelling is its lower-case name. */
    public interface Choice {
        String id();
    }

    public enum Provider implements Choice {
        OPENAI, ANTHROPIC, GOOGLE, MISTRAL, LLAMA;

        @Override
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Mode implements Choice {
        /** Generate new conversations from the documents. */
        CREATE,
        /** Extract conversations that already exist in the documents, verbatim. */
        IDENTIFY,
        /** Both, mixed by {@code agent.hybrid.generation_ratio}. */
        HYBRID,
        /** Generate from a free-form prompt. */
        FREE,
        /** Fill format templates. */
        TEMPLATES;

        @Override
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum SplitStrategy implements Choice {
        RANDOM, WEIGHTED;

        @Override
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum WeightBy implements Choice {
        SOURCE, KEYWORDS;

        @Override
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Variety implements Choice {
        LOW, MEDIUM, HIGH;

        @Override
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum OutputFormat implements Choice {
        JSONL;

        @Override
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Train/validation(/test) split. {@code ratio} is the training share; {@code testRatio} (0 = no test set) is
     * taken from what remains, the rest is validation.
     */
    public record Split(boolean enabled, double ratio, double testRatio, SplitStrategy strategy, WeightBy weightBy,
                        long seed) {
        public double validationRatio() {
            return 1.0 - ratio - testRatio;
        }
    }

    public record Agent(Create create, Identify identify, Hybrid hybrid, Free free) {
    }

    public record Create(double temperature, Variety variety) {
    }

    public record Identify(int minTurns, boolean includeContext) {
    }

    public record Hybrid(double generationRatio) {
    }

    public record Free(boolean usePromptFile) {
    }

    /** {@code dir} is as written; relative paths are relative to the working directory. */
    public record Output(OutputFormat format, boolean includeCsv, boolean includeStats, Path dir) {
    }

    /** {@code baseUrl} is empty unless an OpenAI-compatible or local server is configured. */
    public record SystemSettings(Provider agenticLlm, String agenticModel, Optional<URI> baseUrl, int maxRetries,
                                 Duration timeout) {
    }

    /** The brief's defaults, with no file and no environment. */
    public static Config defaults() {
        return from(Setting.defaults());
    }

    /** Builds the record from one already-validated value per setting. */
    static Config from(Map<Setting, Object> v) {
        return new Config(
                (Provider) v.get(Setting.PROVIDER),
                (String) v.get(Setting.MODEL),
                (Mode) v.get(Setting.MODE),
                (Integer) v.get(Setting.DATASET_SIZE),
                (String) v.get(Setting.OUTPUT_NAME),
                new Split((Boolean) v.get(Setting.SPLIT_ENABLED), (Double) v.get(Setting.SPLIT_RATIO),
                        (Double) v.get(Setting.SPLIT_TEST_RATIO), (SplitStrategy) v.get(Setting.SPLIT_STRATEGY),
                        (WeightBy) v.get(Setting.SPLIT_WEIGHT_BY), (Long) v.get(Setting.SPLIT_SEED)),
                new Agent(
                        new Create((Double) v.get(Setting.CREATE_TEMPERATURE), (Variety) v.get(Setting.CREATE_VARIETY)),
                        new Identify((Integer) v.get(Setting.IDENTIFY_MIN_TURNS),
                                (Boolean) v.get(Setting.IDENTIFY_INCLUDE_CONTEXT)),
                        new Hybrid((Double) v.get(Setting.HYBRID_GENERATION_RATIO)),
                        new Free((Boolean) v.get(Setting.FREE_USE_PROMPT_FILE))),
                new Output((OutputFormat) v.get(Setting.OUTPUT_FORMAT), (Boolean) v.get(Setting.OUTPUT_INCLUDE_CSV),
                        (Boolean) v.get(Setting.OUTPUT_INCLUDE_STATS), Path.of((String) v.get(Setting.OUTPUT_DIR))),
                new SystemSettings((Provider) v.get(Setting.AGENTIC_LLM), (String) v.get(Setting.AGENTIC_MODEL),
                        Optional.ofNullable((URI) v.get(Setting.BASE_URL)), (Integer) v.get(Setting.MAX_RETRIES),
                        (Duration) v.get(Setting.TIMEOUT)));
    }
}
