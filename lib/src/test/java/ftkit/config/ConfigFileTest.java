package ftkit.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** config.yaml files written to disk and read through the full resolver, as a script would. */
class ConfigFileTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private Settings load(String yaml) throws IOException, ConfigException {
        return Settings.resolve(Map.of(), Map.of(), write(yaml), dir);
    }

    /** The problems of a file that must be rejected, as the user would read them. */
    private List<String> problems(String yaml) throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> load(yaml));
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    private String onlyProblem(String yaml) throws IOException {
        List<String> problems = problems(yaml);
        assertEquals(1, problems.size(), problems.toString());
        return problems.get(0);
    }

    @Test
    void aFullValidFileGivesTypedImmutableValues() throws Exception {
        Config c = load("""
                provider: Anthropic
                model: claude-3-haiku-20240307
                mode: hybrid
                dataset_size: 250
                output_name: faq.v2
                split: {enabled: false, ratio: 0.9, test_ratio: 0.05, strategy: random, weight_by: keywords, seed: -7}
                agent:
                  create: {temperature: 2, variety: low}
                  identify: {min_turns: 1, include_context: no}
                  hybrid: {generation_ratio: 0}
                  free: {use_prompt_file: false}
                output: {format: JSONL, include_csv: false, include_stats: true, dir: out/data}
                system:
                  agentic_llm: mistral
                  agentic_model: mistral-small-latest
                  base_url: http://127.0.0.1:8080/v1
                  max_retries: 0
                  timeout: 2.5
                """).config();
        assertEquals(Config.Provider.ANTHROPIC, c.provider());
        assertEquals("claude-3-haiku-20240307", c.model());
        assertEquals(Config.Mode.HYBRID, c.mode());
        assertEquals(250, c.datasetSize());
        assertEquals("faq.v2", c.outputName());
        assertEquals(new Config.Split(false, 0.9, 0.05, Config.SplitStrategy.RANDOM, Config.WeightBy.KEYWORDS, -7),
                c.split());
        assertEquals(0.05, c.split().validationRatio(), 1e-12);
        assertEquals(new Config.Create(2.0, Config.Variety.LOW), c.agent().create());
        assertEquals(new Config.Identify(1, false), c.agent().identify());
        assertEquals(0.0, c.agent().hybrid().generationRatio());
        assertFalse(c.agent().free().usePromptFile());
        assertEquals(new Config.Output(Config.OutputFormat.JSONL, false, true, Path.of("out/data")), c.output());
        assertEquals(Config.Provider.MISTRAL, c.system().agenticLlm());
        assertEquals("http://127.0.0.1:8080/v1", c.system().baseUrl().orElseThrow().toString());
        assertEquals(0, c.system().maxRetries());
        assertEquals(java.time.Duration.ofMillis(2500), c.system().timeout());
    }

    @Test
    void anEmptyFileOrOnlyCommentsMeansDefaults() throws Exception {
        assertEquals(Config.defaults(), load("").config());
        assertEquals(Config.defaults(), load("# nothing set yet\n\nagent:\n  # create: {}\n").config());
        Config d = Config.defaults();
        assertEquals(Config.Provider.GOOGLE, d.provider());
        assertEquals("gemini-2.5-flash", d.model());
        assertEquals(Config.Mode.CREATE, d.mode());
        assertEquals(100, d.datasetSize());
        assertEquals(0.8, d.split().ratio());
        assertEquals(Config.SplitStrategy.WEIGHTED, d.split().strategy());
        assertEquals(0.7, d.agent().create().temperature());
        assertEquals(2, d.agent().identify().minTurns());
        assertEquals(60, d.system().timeout().toSeconds());
        assertTrue(d.system().baseUrl().isEmpty());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            provider: gpt                         | provider: must be one of openai, anthropic, google, mistral, llama, got "gpt"
            provider: anthropc                    | provider: must be one of openai, anthropic, google, mistral, llama, got "anthropc" (did you mean anthropic?)
            model: ''                             | model: must not be empty
            mode: templatess                      | mode: must be one of create, identify, hybrid, free, templates, got "templatess" (did you mean templates?)
            dataset_size: 0                       | dataset_size: must be at least 1, got 0
            dataset_size: 10.5                    | dataset_size: must be a whole number, got "10.5"
            dataset_size: lots                    | dataset_size: must be a whole number, got "lots"
            dataset_size: 99999999999999999999    | dataset_size: is too large, got "99999999999999999999"
            dataset_size: 3000000000              | dataset_size: must be at most 2147483647, got 3000000000
            output_name: ../etc/passwd            | output_name: must be a file-name stem
            output_name: .hidden                  | output_name: must be a file-name stem
            split: {ratio: 1.5}                   | split.ratio: must be between 0 and 1 (exclusive), got 1.5
            split: {ratio: 0}                     | split.ratio: must be between 0 and 1 (exclusive), got 0
            split: {ratio: eighty}                | split.ratio: must be a number, got "eighty"
            split: {ratio: 1e400}                 | split.ratio: must be between 0 and 1 (exclusive), got 1e400
            split: {test_ratio: -0.1}             | split.test_ratio: must be between 0 and 1 (1 excluded), got -0.1
            split: {enabled: maybe}               | split.enabled: must be true or false, got "maybe"
            split: {strategy: stratified}         | split.strategy: must be one of random, weighted, got "stratified"
            split: {weight_by: topic}             | split.weight_by: must be one of source, keywords, got "topic"
            split: {seed: 1.5}                    | split.seed: must be a whole number, got "1.5"
            agent: {create: {temperature: 2.1}}   | agent.create.temperature: must be between 0 and 2 (inclusive), got 2.1
            agent: {create: {variety: extreme}}   | agent.create.variety: must be one of low, medium, high, got "extreme"
            agent: {identify: {min_turns: 0}}     | agent.identify.min_turns: must be at least 1, got 0
            agent: {identify: {include_context: 2}} | agent.identify.include_context: must be true or false, got "2"
            agent: {hybrid: {generation_ratio: 1.01}} | agent.hybrid.generation_ratio: must be between 0 and 1 (inclusive), got 1.01
            agent: {free: {use_prompt_file: [true]}} | agent.free.use_prompt_file: must be true or false, got a list
            output: {format: csv}                 | output.format: must be one of jsonl, got "csv"
            output: {include_csv: {a: 1}}         | output.include_csv: must be true or false, got a mapping
            output: {dir: ' '}                    | output.dir: must not be empty
            system: {agentic_llm: openrouter}     | system.agentic_llm: must be one of openai, anthropic, google, mistral, llama, got "openrouter"
            system: {base_url: 'ftp://x/y'}       | system.base_url: must be an http:// or https:// URL with a host, got "ftp://x/y"
            system: {base_url: 'http://u:hunter22@h/v1 x'} | system.base_url: must be an http:// or https:// URL, got "http://u:********@h/v1 x"
            system: {max_retries: -1}             | system.max_retries: must be at least 0, got -1
            system: {timeout: 0}                  | system.timeout: must be > 0 and at most 86400, got 0
            system: {timeout: 60s}                | system.timeout: must be a number of seconds, got "60s"
            """)
    void everyBadValueNamesItsKeyPathAndLine(String yaml, String expected) throws IOException {
        String problem = onlyProblem(yaml + "\n");
        assertTrue(problem.startsWith("config.yaml:1: " + expected), problem);
        assertFalse(problem.contains("hunter22"), "a password in a URL is never echoed: " + problem);
    }

    @Test
    void unknownKeysAreErrorsAtEveryLevelWithSuggestions() throws IOException {
        List<String> problems = problems("""
                provider: openai
                modle: gpt-4o-mini
                split:
                  ratio: 0.8
                  stratgey: random
                agent:
                  idenitfy:
                    min_turns: 2
                  create:
                    temprature: 0.2
                    colour: blue
                ratio: 0.7
                system:
                  api_key: sk-do-not-put-me-here
                shiny: true
                """);
        assertEquals(List.of(
                "config.yaml:2: modle: unknown key (did you mean model?)",
                "config.yaml:5: split.stratgey: unknown key (did you mean split.strategy?)",
                "config.yaml:7: agent.idenitfy: unknown key (did you mean agent.identify?)",
                "config.yaml:10: agent.create.temprature: unknown key (did you mean agent.create.temperature?)",
                "config.yaml:11: agent.create.colour: unknown key; allowed in agent.create: temperature, variety",
                "config.yaml:12: ratio: unknown key (did you mean split.ratio?)",
                "config.yaml:14: system.api_key: unknown key; allowed in system: agentic_llm, agentic_model, base_url, max_retries, timeout",
                "config.yaml:15: shiny: unknown key; allowed at the top level: provider, model, mode, dataset_size, output_name, split, agent, output, system"),
                problems);
        assertFalse(String.join("\n", problems).contains("sk-do-not"), "values of unknown keys are not echoed");
    }

    @Test
    void structuralMistakesAreNamed() throws IOException {
        List<String> problems = problems("""
                split.ratio: 0.5
                agent: create
                output:
                  include_csv:
                dataset_size:
                split:
                  enabled: true
                split:
                  ratio: 0.6
                """);
        assertEquals(List.of(
                "config.yaml:1: split.ratio: unknown key; write nested keys as nested mappings, e.g. \"split:\" and \"ratio:\" indented below it",
                "config.yaml:2: agent: must be a section (a mapping of create, free, hybrid, identify), got \"create\"",
                "config.yaml:4: output.include_csv: has no value; give one or remove the line to use the default (true)",
                "config.yaml:5: dataset_size: has no value; give one or remove the line to use the default (100)",
                "config.yaml:8: split: duplicate key (first set at line 6)"),
                problems);
    }

    @Test
    void allProblemsAreReportedTogetherAcrossKinds() throws IOException {
        List<String> problems = problems("""
                provider: openia
                dataset_size: -5
                split:
                  ratio: 1.5
                  seeed: 1
                system:
                  timeout: never
                """);
        assertEquals(5, problems.size(), problems.toString());
        assertTrue(problems.get(3).startsWith("config.yaml:5: split.seeed: unknown key (did you mean split.seed?)"));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("config.yaml:1: provider: must be one of")));
        assertTrue(problems.stream().anyMatch(p -> p.equals("config.yaml:2: dataset_size: must be at least 1, got -5")));
        assertTrue(problems.stream().anyMatch(p -> p.equals("config.yaml:4: split.ratio: must be between 0 and 1 (exclusive), got 1.5")));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("config.yaml:7: system.timeout: must be a number of seconds")));
        ConfigException e = assertThrows(ConfigException.class, () -> load("dataset_size: 0\nmode: x\n"));
        assertEquals(2, e.getMessage().lines().count(), "the exception message lists every problem, one per line");
    }

    @Test
    void ratioPlusTestRatioMustLeaveAValidationShare() throws IOException {
        assertEquals("config.yaml:3: split.test_ratio: split.ratio (0.8) + split.test_ratio (0.2) must be below 1, "
                + "so that some validation share remains", onlyProblem("split:\n  ratio: 0.8\n  test_ratio: 0.2\n"));
    }

    @Test
    void yamlSyntaxErrorsGiveTheLine() throws IOException {
        String problem = onlyProblem("provider: openai\nsplit:\n  ratio: [0.8\nmode: create\n");
        assertTrue(problem.matches("config\\.yaml:[345]: invalid YAML: .+"), problem);
        String tabs = onlyProblem("provider: openai\nsplit:\n\tratio: 0.5\n");
        assertTrue(tabs.startsWith("config.yaml:3: invalid YAML"), tabs);
    }

    @Test
    void rejectsNonMappingRootsExtraDocumentsAndBadEncoding() throws IOException {
        assertEquals("config.yaml:1: must be a mapping of settings (key: value), got a list", onlyProblem("- provider\n- model\n"));
        assertEquals("config.yaml:3: holds more than one YAML document; keep a single one",
                onlyProblem("provider: openai\n---\nprovider: google\n"));
        Path file = dir.resolve("config.yaml");
        Files.write(file, new byte[]{'m', 'o', 'd', 'e', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
        ConfigException e = assertThrows(ConfigException.class, () -> Settings.resolve(Map.of(), Map.of(), file, dir));
        assertEquals(List.of("config.yaml: is not valid UTF-8 text"), e.problems().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void aNamedConfigFileMustExist() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Settings.resolve(Map.of(), Map.of(), Path.of("missing.yaml"), dir));
        assertEquals("missing.yaml: no such file", e.problems().get(0).toString());
        ConfigException dirError = assertThrows(ConfigException.class,
                () -> Settings.resolve(Map.of(), Map.of(), dir, dir));
        assertTrue(dirError.getMessage().endsWith("is a directory, expected a YAML file"), dirError.getMessage());
    }

    @Test
    void loadReadsOneFileWithDefaultsForTheRest() throws Exception {
        Path file = write("mode: identify\nsplit:\n  seed: 7\n");
        Config c = ConfigFile.load(file);
        assertEquals(Config.Mode.IDENTIFY, c.mode());
        assertEquals(7L, c.split().seed());
        assertEquals(Config.defaults().agent(), c.agent());
        Files.writeString(file, "mode: nope\n", StandardCharsets.UTF_8);
        assertThrows(ConfigException.class, () -> ConfigFile.load(file));
    }

    @Test
    void didYouMeanUsesEditDistanceWithSwaps() {
        assertEquals(1, DidYouMean.distance("idenitfy", "identify"));
        assertEquals(3, DidYouMean.distance("kitten", "sitting"));
        assertEquals("identify", DidYouMean.best("idenitfy", List.of("create", "identify", "hybrid")).orElseThrow());
        assertTrue(DidYouMean.best("zzz", List.of("create", "identify")).isEmpty());
    }
}
