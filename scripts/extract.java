///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION extract: find the conversations already in your documents (verbatim) and cut them into chunks
//JAVA 17+
//SOURCES ../lib/extract.java
//SOURCES ../lib/generate.java
//SOURCES ../lib/src/main/java/ftkit/extract/llm/*.java
//FILES prompts/system/identify_mode.txt=../prompts/system/identify_mode.txt
//RUNTIME_OPTIONS -Djava.awt.headless=true

import ftkit.cli.Log;
import ftkit.cli.SharedOptions;
import ftkit.config.ConfigException;
import ftkit.config.Origin;
import ftkit.config.Setting;
import ftkit.config.Settings;
import ftkit.extract.ExtractOptions;
import ftkit.extract.Extractor;
import ftkit.extract.FileReport;
import ftkit.extract.ProgressReporter;
import ftkit.extract.llm.LlmSpanProposer;
import ftkit.generate.ChatModelSpec;
import ftkit.generate.ChatModels;
import ftkit.generate.LlmProvider;
import ftkit.prompts.PromptTemplate;
import ftkit.prompts.TemplateSyntaxException;
import ftkit.extract.RunReport;
import ftkit.extract.SpanProposer;
import ftkit.io.AtomicOutput;
import ftkit.io.Json;
import ftkit.providers.ProviderRegistry;
import ftkit.providers.Target;
import ftkit.tokens.Llama3Tokenizer;
import ftkit.tokens.TokenCounter;
import ftkit.tokens.Tokenizers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "extract", mixinStandardHelpOptions = true, version = "extract 0.1.0", sortOptions = false,
        description = {"Find the conversations already in your documents (FAQs, Q&A sheets, chat logs, interview "
                + "transcripts) and write them verbatim as sample JSONL with their source, locator, detector and "
                + "keywords; optionally cut the documents into token-sized chunks for generate.",
                "Reads PDF, DOCX, PPTX, XLSX, CSV, TXT, Markdown, HTML, EPUB, ODT, RTF and JSON/JSONL chat exports.",
                "",
                "Example:  jbang extract@. examples/documents --chunks chunks.jsonl --report report.json | jbang validate@. -"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every file was read", "1:the run failed (e.g. an output could not be written)",
                "2:usage error (unknown option, missing input)",
                "3:some files failed or were only partly read (see stderr or --report); the others were extracted"})
public class extract implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or folders (folders are read recursively).")
    List<String> inputs = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Sample JSONL output (default: - = stdout).")
    String output = "-";

    @Option(names = "--chunks", paramLabel = "FILE", description = "Also write token-sized chunks (JSONL) to FILE.")
    String chunks;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the per-file report (JSON) to FILE.")
    String report;

    @Option(names = "--min-turns", paramLabel = "N", description = "Keep conversations with at least N messages (default: agent.identify.min_turns of the config, else 2).")
    Integer minTurns;

    @Option(names = "--include-context", negatable = true,
            description = "Put the heading or paragraph around a conversation in its system field, marked metadata.context (default: agent.identify.include_context of the config, else on).")
    Boolean includeContext;

    @Option(names = "--question-columns", split = ",", paramLabel = "NAME", description = "Table header names of question columns (default: ${DEFAULT-VALUE}).")
    List<String> questionColumns = new ArrayList<>(ftkit.extract.ConversationDetector.DEFAULT_QUESTION_COLUMNS);

    @Option(names = "--answer-columns", split = ",", paramLabel = "NAME", description = "Table header names of answer columns (default: ${DEFAULT-VALUE}).")
    List<String> answerColumns = new ArrayList<>(ftkit.extract.ConversationDetector.DEFAULT_ANSWER_COLUMNS);

    @Option(names = "--include", paramLabel = "GLOB", description = "Only read files in folders matching GLOB (repeatable), e.g. '*.pdf' or 'faq/**'.")
    List<String> includes = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "Skip files in folders matching GLOB (repeatable).")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--target", paramLabel = "ID", description = "Count chunk tokens with this fine-tuning target's tokenizer, e.g. openai/gpt-4o-mini-2024-07-18 (default: the config's provider and model when set, else o200k_base).")
    String target;

    @Option(names = "--provider", description = "Provider the dataset is for (default: FTKIT_PROVIDER, then the config's provider); picks the chunk tokenizer.")
    String provider;

    @Option(names = "--model", description = "Model within the provider (default: FTKIT_MODEL, then the config's model); picks the chunk tokenizer.")
    String model;

    @Option(names = "--llm-proposals", description = "Optional LLM stage: for documents where the patterns found nothing, ask the agents' LLM (system.agentic_llm, agentic_model, base_url; key from the environment or .env) to propose conversations; a proposal is kept only if every message is verbatim in the document. Off unless given.")
    boolean llmProposals;

    @Option(names = "--agent-provider", paramLabel = "NAME", description = "LLM for --llm-proposals: openai, anthropic, google, mistral or llama (default: AGENT_PROVIDER, then system.agentic_llm).")
    String agentProvider;

    @Option(names = "--agent-model", paramLabel = "NAME", description = "Model for --llm-proposals (default: AGENT_MODEL, then system.agentic_model).")
    String agentModel;

    @Option(names = "--base-url", paramLabel = "URL", description = "Endpoint for --llm-proposals, e.g. a local OpenAI-compatible server (default: FTKIT_BASE_URL, then system.base_url, else the provider's).")
    String baseUrl;

    @Option(names = "--llm-prompt", paramLabel = "FILE", description = "Prompt of the LLM stage (default: ./" + LlmSpanProposer.PROMPT_FILE + " if present, else the bundled one).")
    Path llmPrompt;

    @Option(names = "--chunk-tokens", paramLabel = "N", description = "Target chunk size in tokens (default: ${DEFAULT-VALUE}).")
    int chunkTokens = 512;

    @Option(names = "--chunk-overlap", paramLabel = "N", description = "Tokens shared by consecutive chunks (default: ${DEFAULT-VALUE}).")
    int chunkOverlap = 64;

    @Option(names = "--keywords", paramLabel = "N", description = "Topic keywords per sample (TF-IDF over the corpus; default: ${DEFAULT-VALUE}).")
    int keywords = 5;

    @Option(names = "--max-chars", paramLabel = "N", description = "Characters read per file; larger files are reported as partial (default: ${DEFAULT-VALUE}).")
    int maxChars = 5_000_000;

    @Option(names = {"-j", "--threads"}, paramLabel = "N", description = "Worker threads (default: all cores, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @CommandLine.Mixin
    SharedOptions shared = new SharedOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new extract()).execute(args));
    }

    @Override
    public Integer call() {
        Settings settings;
        try {
            settings = shared.settings(Settings.flags(Setting.IDENTIFY_MIN_TURNS, minTurns,
                    Setting.IDENTIFY_INCLUDE_CONTEXT, includeContext, Setting.PROVIDER, provider, Setting.MODEL, model,
                    Setting.AGENTIC_LLM, agentProvider, Setting.AGENTIC_MODEL, agentModel, Setting.BASE_URL, baseUrl));
        } catch (ConfigException e) {
            return SharedOptions.reportConfigProblems(e);
        }
        boolean quiet = shared.quiet();
        ExtractOptions o = new ExtractOptions();
        o.minTurns = settings.config().agent().identify().minTurns();
        o.includeContext = settings.config().agent().identify().includeContext();
        Log.verbose("min_turns %d (%s), include_context %s (%s)", o.minTurns, settings.origin(Setting.IDENTIFY_MIN_TURNS),
                o.includeContext, settings.origin(Setting.IDENTIFY_INCLUDE_CONTEXT));
        try {
            o.tokenCounter = chunkTokenCounter(settings);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("extract: " + e.getMessage());
            return 2;
        }
        if (llmProposals) {
            try {
                o.spanProposer = spanProposer(settings, o.minTurns);
            } catch (IOException | TemplateSyntaxException e) {
                System.err.println("extract: LLM prompt: " + e.getMessage());
                return 2;
            } catch (IllegalArgumentException e) {  // no key, no base URL, unknown provider
                System.err.println("extract: --llm-proposals: " + e.getMessage());
                return 2;
            }
        }
        o.questionColumns = questionColumns;
        o.answerColumns = answerColumns;
        o.includes = includes;
        o.excludes = excludes;
        o.chunkTokens = chunkTokens;
        o.chunkOverlap = chunkOverlap;
        o.keywords = keywords;
        o.maxChars = maxChars;
        o.threads = threads;
        Extractor extractor;
        List<Extractor.InputFile> files;
        try {
            extractor = new Extractor(o);
            files = Extractor.discover(inputs, o);
        } catch (IllegalArgumentException e) {
            System.err.println("extract: " + e.getMessage());
            return 2;
        } catch (NoSuchFileException e) {
            System.err.println("extract: " + e.getFile() + ": no such file or directory");
            return 2;
        } catch (IOException e) {
            System.err.println("extract: " + e.getMessage());
            return 1;
        }
        if (files.isEmpty()) {
            System.err.println("extract: no supported files found in " + String.join(", ", inputs));
            return 2;
        }
        RunReport result;
        long totalBytes = files.stream().mapToLong(f -> Math.max(0, f.bytes())).sum();
        try (ProgressReporter progress = quiet ? null : new ProgressReporter(files.size(), totalBytes, System.err)) {
            result = extractor.run(files, output, chunks, progress);
        } catch (IOException | RuntimeException e) {
            System.err.println("extract: failed: " + e.getMessage());
            return 1;
        }
        // failed and partial files are errors, shown even with --quiet; warnings and the summary are not
        for (FileReport r : result.entries()) {
            if (r.problem() || !quiet && !FileReport.OK.equals(r.status())) System.err.println("extract: " + r.line());
        }
        if (!quiet) System.err.println("extract: " + result.summary());
        if (report != null) {
            try (AtomicOutput out = AtomicOutput.open(report)) {
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out.stream(), result);
                out.stream().write('\n');
                out.commit();
            } catch (IOException e) {
                System.err.println("extract: cannot write report " + report + ": " + e.getMessage());
                return 1;
            }
        }
        return result.hasProblems() ? 3 : 0;
    }

    /**
     * The tokenizer of the target the dataset is for: --target, else provider and model when the flags, the
     * environment or the config set them; o200k_base when no target is known or the config's pair names none.
     */
    private TokenCounter chunkTokenCounter(Settings settings) throws IOException {
        String registryFile = System.getenv("FTKIT_REGISTRY");
        ProviderRegistry registry = ProviderRegistry.load(registryFile == null ? null : Path.of(registryFile));
        Target chosen = null;
        if (target != null) {
            chosen = registry.target(target);  // an unknown --target is a usage error
        } else if (settings.origin(Setting.PROVIDER).source() != Origin.Source.DEFAULT
                || settings.origin(Setting.MODEL).source() != Origin.Source.DEFAULT) {
            String p = settings.config().provider().id();
            String m = settings.config().model();
            try {
                chosen = registry.resolve(p, m, null);
            } catch (IllegalArgumentException e) {
                Log.warn("chunk sizes counted with o200k_base: %s", e.getMessage());
            }
        }
        TokenCounter counter = chosen == null ? ExtractOptions.defaultTokenCounter()
                : Tokenizers.forTarget(chosen, Llama3Tokenizer.locate(null, System.getenv()), w -> Log.warn("%s", w));
        Log.verbose("chunk tokens counted with %s", chosen == null ? "o200k_base (no target known)" : chosen.tokenizer() + " (target " + chosen.id() + "): " + counter.method());
        return counter;
    }

    /** The LLM stage from system.agentic_llm / agentic_model / base_url / timeout, with the identify_mode prompt. */
    private SpanProposer spanProposer(Settings settings, int minTurns) throws IOException, TemplateSyntaxException {
        var system = settings.config().system();
        LlmProvider provider = LlmSpanProposer.provider(system.agenticLlm(), system.baseUrl().isPresent());
        ChatModelSpec spec = new ChatModelSpec(provider, system.agenticModel(), system.baseUrl().map(Object::toString).orElse(null),
                system.timeout(), 0.0, null);
        var model = ChatModels.create(spec, settings.environment().asMap());
        PromptTemplate prompt;
        Path local = llmPrompt != null ? llmPrompt : Path.of(LlmSpanProposer.PROMPT_FILE);
        if (llmPrompt != null || Files.isRegularFile(local)) {
            prompt = PromptTemplate.load(local);
        } else {
            try (InputStream in = extract.class.getResourceAsStream("/" + LlmSpanProposer.PROMPT_FILE)) {
                if (in == null) throw new IOException(LlmSpanProposer.PROMPT_FILE + " is not bundled with the script; give --llm-prompt FILE");
                prompt = PromptTemplate.parse(LlmSpanProposer.PROMPT_FILE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        Log.info("LLM stage on: %s %s%s for documents where patterns find nothing (prompt %s)", provider.configName(),
                system.agenticModel(), system.baseUrl().map(u -> " at " + u).orElse(""), prompt.name());
        return new LlmSpanProposer(model, prompt, minTurns, 24_000, 8);
    }
}
