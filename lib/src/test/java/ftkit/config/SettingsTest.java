package ftkit.config;

import ftkit.config.Origin.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Precedence flag > environment > config > default, config-file discovery, .env merging and describe(). */
class SettingsTest {
    @TempDir
    Path dir;

    private void write(String name, String text) throws IOException {
        Files.createDirectories(dir.resolve(name).getParent());
        Files.writeString(dir.resolve(name), text);
    }

    private Settings resolve(Map<String, String> flags, Map<String, String> env) throws ConfigException {
        return Settings.resolve(flags, env, null, dir);
    }

    @Test
    void eachLevelBeatsTheOnesBelowIt() throws Exception {
        write("config.yaml", "model: from-config\ndataset_size: 20\nsplit:\n  ratio: 0.7\n");
        // default only
        Settings s = resolve(Map.of(), Map.of());
        assertEquals(Config.Mode.CREATE, s.config().mode());
        assertEquals(Origin.DEFAULT, s.origin(Setting.MODE));
        // config over default
        assertEquals("from-config", s.config().model());
        assertEquals(new Origin(Source.CONFIG, "config.yaml:1"), s.origin(Setting.MODEL));
        assertEquals(0.7, s.config().split().ratio());
        assertEquals("config config.yaml:4", s.origin(Setting.SPLIT_RATIO).toString());

        // environment over config
        Map<String, String> env = Map.of("FTKIT_MODEL", "from-env", "FTKIT_SPLIT_RATIO", "0.6", "FTKIT_MODE", "free");
        s = resolve(Map.of(), env);
        assertEquals("from-env", s.config().model());
        assertEquals(new Origin(Source.ENV, "FTKIT_MODEL"), s.origin(Setting.MODEL));
        assertEquals(0.6, s.config().split().ratio());
        assertEquals(Config.Mode.FREE, s.config().mode(), "environment over default");
        assertEquals(20, s.config().datasetSize(), "config still applies where the environment is silent");

        // flag over environment, config and default
        s = resolve(Settings.flags("model", "from-flag", "split.ratio", 0.5, "output_name", "x", "mode", null), env);
        assertEquals("from-flag", s.config().model());
        assertEquals(new Origin(Source.FLAG, "--split-ratio"), s.origin(Setting.SPLIT_RATIO));
        assertEquals(0.5, s.config().split().ratio());
        assertEquals("x", s.config().outputName(), "flag over default");
        assertEquals(Config.Mode.FREE, s.config().mode(), "a null flag is no flag");
        assertEquals("flag --split-ratio", s.origin(Setting.SPLIT_RATIO).toString());
    }

    @Test
    void everySettingHonoursItsEnvironmentVariableAndFlag() throws Exception {
        Map<Setting, String> samples = new java.util.EnumMap<>(Setting.class);
        samples.put(Setting.PROVIDER, "llama");
        samples.put(Setting.MODEL, "m");
        samples.put(Setting.MODE, "templates");
        samples.put(Setting.DATASET_SIZE, "7");
        samples.put(Setting.OUTPUT_NAME, "n");
        samples.put(Setting.SPLIT_ENABLED, "false");
        samples.put(Setting.SPLIT_RATIO, "0.25");
        samples.put(Setting.SPLIT_TEST_RATIO, "0.5");
        samples.put(Setting.SPLIT_STRATEGY, "random");
        samples.put(Setting.SPLIT_WEIGHT_BY, "keywords");
        samples.put(Setting.SPLIT_SEED, "9");
        samples.put(Setting.CREATE_TEMPERATURE, "1.5");
        samples.put(Setting.CREATE_VARIETY, "medium");
        samples.put(Setting.IDENTIFY_MIN_TURNS, "4");
        samples.put(Setting.IDENTIFY_INCLUDE_CONTEXT, "false");
        samples.put(Setting.HYBRID_GENERATION_RATIO, "0.25");
        samples.put(Setting.FREE_USE_PROMPT_FILE, "false");
        samples.put(Setting.OUTPUT_FORMAT, "jsonl");
        samples.put(Setting.OUTPUT_INCLUDE_CSV, "false");
        samples.put(Setting.OUTPUT_INCLUDE_STATS, "false");
        samples.put(Setting.OUTPUT_DIR, "elsewhere");
        samples.put(Setting.AGENTIC_LLM, "openai");
        samples.put(Setting.AGENTIC_MODEL, "gpt-4.1-mini");
        samples.put(Setting.BASE_URL, "http://127.0.0.1:11434/v1");
        samples.put(Setting.MAX_RETRIES, "5");
        samples.put(Setting.TIMEOUT, "30");
        assertEquals(Setting.values().length, samples.size(), "a sample value for every setting");
        Map<String, String> env = new HashMap<>();
        Map<String, String> flags = new HashMap<>();
        samples.forEach((s, v) -> {
            env.put(s.envVar(), v);
            flags.put(s.key(), v);
        });
        Settings fromEnv = resolve(Map.of(), env);
        Settings fromFlags = resolve(flags, Map.of());
        for (Setting s : Setting.values()) {
            assertEquals(samples.get(s), fromEnv.text(s), s.key());
            assertEquals(Source.ENV, fromEnv.origin(s).source(), s.key());
            assertEquals(samples.get(s), fromFlags.text(s), s.key());
            assertEquals(Source.FLAG, fromFlags.origin(s).source(), s.key());
            if (s != Setting.OUTPUT_FORMAT) { // jsonl is its only value
                assertNotEquals(samples.get(s), s.defaultText(), s.key() + ": the sample must differ from the default");
            }
        }
        assertEquals(Config.Provider.OPENAI, fromEnv.config().system().agenticLlm(), "AGENT_PROVIDER");
        assertEquals("gpt-4.1-mini", fromEnv.config().system().agenticModel(), "AGENT_MODEL");
    }

    @Test
    void dotEnvIsMergedUnderTheRealEnvironment() throws Exception {
        write("config.yaml", "model: from-config\ndataset_size: 20\n");
        write(".env", "# local settings\nFTKIT_MODEL=from-dotenv\nFTKIT_DATASET_SIZE=30\nOPENAI_API_KEY=sk-dotenv-secret-1\n");
        Settings s = resolve(Map.of(), Map.of("FTKIT_DATASET_SIZE", "40", "OPENAI_API_KEY", "sk-real-secret-2"));
        assertEquals("from-dotenv", s.config().model(), ".env over config");
        assertEquals(new Origin(Source.ENV, "FTKIT_MODEL (.env:2)"), s.origin(Setting.MODEL));
        assertEquals(40, s.config().datasetSize(), "the real environment over .env");
        assertEquals(new Origin(Source.ENV, "FTKIT_DATASET_SIZE"), s.origin(Setting.DATASET_SIZE));
        assertEquals("sk-real-secret-2", s.secret("OPENAI_API_KEY").orElseThrow());
        assertEquals("environment", s.environment().origin("OPENAI_API_KEY").orElseThrow());
        // a flag still beats both
        assertEquals(50, Settings.resolve(Map.of("dataset_size", "50"), Map.of("FTKIT_DATASET_SIZE", "40"), null, dir)
                .config().datasetSize());
    }

    @Test
    void anEmptyVariableCountsAsUnset() throws Exception {
        write("config.yaml", "model: from-config\n");
        write(".env", "OPENAI_API_KEY=\n");
        Settings s = resolve(Map.of(), Map.of("FTKIT_MODEL", "  "));
        assertEquals("from-config", s.config().model());
        assertTrue(s.secret("OPENAI_API_KEY").isEmpty());
    }

    @Test
    void configFileIsTheFlagElseFtkitConfigElseTheWorkingDirectoryFile() throws Exception {
        write("config.yaml", "model: cwd\n");
        write("conf/env.yaml", "model: env\n");
        write("conf/flag.yaml", "model: flag\n");
        Map<String, String> env = Map.of("FTKIT_CONFIG", "conf/env.yaml");

        Settings s = Settings.resolve(Map.of(), env, Path.of("conf/flag.yaml"), dir);
        assertEquals("flag", s.config().model());
        assertEquals(dir.resolve("conf/flag.yaml"), s.configFile().orElseThrow());
        assertEquals("from --config", s.configReason());

        s = Settings.resolve(Map.of(), env, null, dir);
        assertEquals("env", s.config().model());
        assertEquals("from FTKIT_CONFIG", s.configReason());
        assertEquals("config conf/env.yaml:1", s.origin(Setting.MODEL).toString());

        write(".env", "FTKIT_CONFIG=conf/env.yaml\n");
        s = Settings.resolve(Map.of(), Map.of(), null, dir);
        assertEquals("env", s.config().model());
        assertEquals("from FTKIT_CONFIG (.env:1)", s.configReason());
        Files.delete(dir.resolve(".env"));

        s = Settings.resolve(Map.of(), Map.of(), null, dir);
        assertEquals("cwd", s.config().model());
        assertTrue(s.configReason().startsWith("found in the working directory"), s.configReason());

        Files.delete(dir.resolve("config.yaml"));
        s = Settings.resolve(Map.of(), Map.of(), null, dir);
        assertTrue(s.configFile().isEmpty());
        assertEquals(Config.defaults(), s.config());
        assertTrue(s.configReason().startsWith("none"), s.configReason());

        ConfigException e = assertThrows(ConfigException.class,
                () -> Settings.resolve(Map.of(), Map.of("FTKIT_CONFIG", "nope.yaml"), null, dir));
        assertEquals("nope.yaml: no such file", e.getMessage());
    }

    @Test
    void badValuesFromEveryLevelAreReportedTogetherNamingTheirSource() throws Exception {
        write("config.yaml", "dataset_size: 0\n");
        write(".env", "FTKIT_MODE=freestyle\nFTKIT_TIMEOUT=soon\n");
        ConfigException e = assertThrows(ConfigException.class, () -> resolve(
                Map.of("split.ratio", "1", "provider", "openaai"),
                Map.of("FTKIT_SPLIT_SEED", "abc", "AGENT_PROVIDER", "gemini")));
        List<String> problems = e.problems().stream().map(ConfigProblem::toString).toList();
        assertEquals(List.of(
                ".env:1 FTKIT_MODE: mode: must be one of create, identify, hybrid, free, templates, got \"freestyle\"",
                ".env:2 FTKIT_TIMEOUT: system.timeout: must be a number of seconds, got \"soon\"",
                "config.yaml:1: dataset_size: must be at least 1, got 0",
                "environment FTKIT_SPLIT_SEED: split.seed: must be a whole number, got \"abc\"",
                "environment AGENT_PROVIDER: system.agentic_llm: must be one of openai, anthropic, google, mistral, llama, got \"gemini\"",
                "flag --provider: provider: must be one of openai, anthropic, google, mistral, llama, got \"openaai\" (did you mean openai?)",
                "flag --split-ratio: split.ratio: must be between 0 and 1 (exclusive), got 1"),
                problems);
        assertEquals("split.ratio", e.problems().get(6).key());
    }

    @Test
    void crossChecksBlameTheLevelThatSetTheValue() throws Exception {
        write("config.yaml", "split:\n  ratio: 0.9\n");
        ConfigException e = assertThrows(ConfigException.class, () -> resolve(Map.of("split.test_ratio", "0.1"), Map.of()));
        assertEquals("flag --test-ratio: split.test_ratio: split.ratio (0.9) + split.test_ratio (0.1) must be below 1, "
                + "so that some validation share remains", e.getMessage());
        assertEquals(0.05, resolve(Map.of("split.test_ratio", "0.05"), Map.of()).config().split().validationRatio(), 1e-9);
    }

    @Test
    void warningsForSettingsWithoutEffectAndMisspeltVariables() throws Exception {
        write("config.yaml", "split:\n  strategy: random\n  weight_by: keywords\n");
        Settings s = resolve(Map.of(), Map.of("FTKIT_SPLIT_RATOI", "0.5", "FTKIT_UNRELATED_THING", "x"));
        assertEquals(List.of(
                "split.weight_by (config config.yaml:3) is ignored because split.strategy is random",
                "environment variable FTKIT_SPLIT_RATOI is not used (did you mean FTKIT_SPLIT_RATIO?)"), s.warnings());
    }

    @Test
    void flagsMustUseSettingKeys() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> resolve(Map.of("ratio", "0.5"), Map.of()));
        assertTrue(e.getMessage().contains("ratio"));
        assertThrows(IllegalArgumentException.class, () -> Settings.flags("model"));
        assertEquals(Map.of("split.ratio", "0.5"), Settings.flags(Setting.SPLIT_RATIO, 0.5, "model", null));
    }

    @Test
    void describeShowsEveryValueAndOriginButNoSecret() throws Exception {
        write("config.yaml", "model: from-config\nsystem:\n  base_url: https://proxy-user:proxy-pass-123@llm.example/v1\n");
        write(".env", """
                ANTHROPIC_API_KEY="sk-ant-dotenv-abcdef"
                FTKIT_DATABASE_URL=postgresql://ftkit:db-pass-456@localhost:5432/ftkit?sslmode=disable
                MY_SERVICE_TOKEN=tok-789xyz
                DB_PASSWORD='pw-000aaa'
                """);
        Settings s = resolve(Map.of("mode", "identify"),
                Map.of("OPENAI_API_KEY", "sk-real-environment-key", "FTKIT_DATASET_SIZE", "12"));
        String text = s.describe();
        for (String secret : List.of("sk-real-environment-key", "sk-ant-dotenv-abcdef", "db-pass-456", "tok-789xyz",
                "pw-000aaa", "proxy-pass-123")) {
            assertFalse(text.contains(secret), "describe() leaks " + secret + ":\n" + text);
        }
        assertTrue(text.contains("config file: " + dir.resolve("config.yaml") + " (found in the working directory"), text);
        assertTrue(text.contains(".env file: " + dir.resolve(".env") + " (4 variables"), text);
        assertTrue(text.matches("(?s).*\\n  mode +identify +flag --mode\\n.*"), text);
        assertTrue(text.matches("(?s).*\\n  dataset_size +12 +environment FTKIT_DATASET_SIZE\\n.*"), text);
        assertTrue(text.matches("(?s).*\\n  model +from-config +config config.yaml:1\\n.*"), text);
        assertTrue(text.matches("(?s).*\\n  provider +google +default\\n.*"), text);
        assertTrue(text.contains("https://proxy-user:********@llm.example/v1"), text);
        assertTrue(text.matches("(?s).*\\n  OPENAI_API_KEY +\\*{8} +environment\\n.*"), text);
        assertTrue(text.matches("(?s).*\\n  ANTHROPIC_API_KEY +\\*{8} +\\.env:1\\n.*"), text);
        assertTrue(text.matches("(?s).*\\n  GOOGLE_API_KEY +\\(unset\\)\\n.*"), text);
        assertTrue(text.contains("postgresql://ftkit:********@localhost:5432/ftkit?sslmode=disable"), text);
        assertTrue(text.matches("(?s).*\\n  MY_SERVICE_TOKEN +\\*{8} +\\.env:3\\n.*"), text);
        assertTrue(text.matches("(?s).*\\n  DB_PASSWORD +\\*{8} +\\.env:4\\n.*"), text);
        assertEquals(Setting.values().length, text.lines().filter(l -> l.startsWith("  ") && Setting.byKey(l.strip().split(" +")[0]).isPresent()).count());

        assertTrue(s.secretValues().containsAll(List.of("sk-real-environment-key", "sk-ant-dotenv-abcdef",
                "db-pass-456", "tok-789xyz", "pw-000aaa")), s.secretValues().toString());
    }
}
