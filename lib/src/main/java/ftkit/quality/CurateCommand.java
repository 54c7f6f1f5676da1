package ftkit.quality;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.chat.ChatModel;
import ftkit.cli.ExitCodes;
import ftkit.cli.Log;
import ftkit.cli.SharedOptions;
import ftkit.config.ConfigException;
import ftkit.config.Setting;
import ftkit.config.Settings;
import ftkit.generate.ChatModelSpec;
import ftkit.generate.ChatModels;
import ftkit.io.AtomicOutput;
import ftkit.io.Json;
import ftkit.io.JsonlWriter;
import ftkit.io.RecordFormat;
import ftkit.model.Sample;
import ftkit.prompts.PromptTemplate;
import ftkit.store.DatabaseUrl;
import ftkit.store.DatasetInfo;
import ftkit.store.DatasetStore;
import ftkit.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** The {@code curate} script: options and outputs; the checks are in {@link Curator}. */
@Command(name = "curate", mixinStandardHelpOptions = true, version = "ftkit curate 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Measures and enforces dataset quality: exact, near (MinHash) and semantic (MiniLM embeddings)",
                "duplicates, diversity and balance metrics, heuristic checks (too short, truncated, refusals,",
                "off-topic answers, language mismatch, template leakage) and an optional LLM judge.",
                "Kept samples go to --out (default stdout) with metadata.quality; removed ones to --removed with reasons.",
                "",
                "Examples:",
                "  curate data.jsonl --out kept.jsonl --removed removed.jsonl --report quality.json",
                "  curate data.jsonl --semantic --drop exact,near,semantic,refusal,truncated -o kept.jsonl",
                "  curate data.jsonl --judge --judge-provider openai --judge-model gpt-4o-mini --judge-min 3.5 -o kept.jsonl",
                "  curate data.jsonl --judge-duplicates --judge-provider openai --judge-model gpt-4o-mini --drop exact,near,semantic -o kept.jsonl",
                "  curate data.jsonl -o kept.jsonl --db ftkit.db",
                "  curate data.jsonl -o kept.jsonl --db jdbc:postgresql://db/ftkit",
                ""},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {
                ExitCodes.OK_LINE,
                "1:failure (unreadable input, I/O, model or provider error)",
                ExitCodes.USAGE_LINE,
                "3:unreadable records in the input (the rest was curated)"})
public final class CurateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "JSONL dataset (any format the readers detect); - reads stdin.")
    String input;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Kept samples (canonical JSONL, metadata.quality added). Default: stdout.")
    String out;

    @Option(names = "--removed", paramLabel = "FILE", description = "Removed records with line and reasons.")
    String removed;

    @Option(names = "--report", paramLabel = "FILE", description = "The full report as JSON (clusters, metrics, balance, judge).")
    String report;

    @Option(names = "--input-format", paramLabel = "FMT", description = "Read every line as this format instead of detecting it.")
    String inputFormat;

    @Option(names = "--near", paramLabel = "JACCARD", defaultValue = "0.7", description = "Near-duplicate threshold (MinHash over word 3-grams), 0..1; default ${DEFAULT-VALUE}.")
    double near;

    @Option(names = "--no-near", description = "Skip near-duplicate detection.")
    boolean noNear;

    @Option(names = "--semantic", paramLabel = "SCORE", arity = "0..1", fallbackValue = "default",
            description = "Find semantic duplicates at this score: cosine of MiniLM embeddings (question and answer) plus "
                    + SampleVectors.LEXICAL_WEIGHT + " × overlap of answer terms (without a value: "
                    + SampleVectors.DEFAULT_SEMANTIC_THRESHOLD + ", or " + SampleVectors.DEFAULT_JUDGE_CANDIDATE_THRESHOLD
                    + " with --judge-duplicates).")
    String semantic;

    @Option(names = "--embeddings", description = "Compute embeddings even without --semantic (off-topic check, dispersion).")
    boolean embeddings;

    @Option(names = "--off-topic", paramLabel = "COSINE", defaultValue = "0.30", description = "Flag answers whose similarity to the question is below this; default ${DEFAULT-VALUE}.")
    double offTopic;

    @Option(names = "--language", paramLabel = "CODE",
            description = "Expected language (ISO 639-1, e.g. en): questions or answers detected in another are flagged wrong_language.")
    String language;

    @Option(names = "--min-answer-words", paramLabel = "N", defaultValue = "3", description = "Flag answers with fewer words; default ${DEFAULT-VALUE}.")
    int minAnswerWords;

    @Option(names = "--drop", paramLabel = "CHECKS", split = ",", defaultValue = "exact,near",
            description = "Remove samples failing these checks (others are only reported): exact, near, semantic, short, truncated, "
                    + "refusal, leakage, language, wrong-language, off-topic, no-answer, judge, all, none. Default: ${DEFAULT-VALUE}.")
    List<String> drop = new ArrayList<>();

    @Option(names = "--plan", paramLabel = "FILE", description = "Generation plan (YAML/JSON) whose category, complexity, expertise and phrasing shares the balance table compares against.")
    Path plan;

    @Option(names = "--judge", description = "Score kept samples with an LLM judge (rubric: <prompts>/quality/judge.txt).")
    boolean judge;

    @Option(names = "--judge-provider", paramLabel = "NAME", description = "Judge provider (default: --provider resolution: FTKIT_PROVIDER, config.yaml).")
    String judgeProvider;

    @Option(names = "--judge-model", paramLabel = "NAME", description = "Judge model (default: FTKIT_MODEL, config.yaml).")
    String judgeModel;

    @Option(names = "--judge-base-url", paramLabel = "URL", description = "Endpoint of the judge's provider (e.g. a local server).")
    String judgeBaseUrl;

    @Option(names = "--judge-duplicates", description = "Ask the judge model about each semantic-duplicate candidate pair "
            + "(implies --semantic, candidates from " + SampleVectors.DEFAULT_JUDGE_CANDIDATE_THRESHOLD + "): only the pairs it "
            + "confirms are duplicates. Verdicts are journaled like --judge's.")
    boolean judgeDuplicates;

    @Option(names = "--judge-no-schema", description = "Do not ask the duplicate judge for structured output (for endpoints that reject response_format).")
    boolean judgeNoSchema;

    @Option(names = "--judge-max-pairs", paramLabel = "N", defaultValue = "5000",
            description = "Ask about at most this many candidate pairs, best scores first; the others are not duplicates. Default ${DEFAULT-VALUE}.")
    int judgeMaxPairs;

    @Option(names = "--judge-min", paramLabel = "SCORE", description = "Remove samples the judge scores below this (1..5); implies --drop judge.")
    Double judgeMin;

    @Option(names = "--judge-journal", paramLabel = "FILE", description = "SQLite file of verdicts, so that re-runs skip judged samples (default: <input>.judge.sqlite).")
    Path judgeJournal;

    @Option(names = "--judge-concurrency", paramLabel = "N", defaultValue = "4", description = "Requests in flight; default ${DEFAULT-VALUE}.")
    int judgeConcurrency;

    @Option(names = "--judge-batch", paramLabel = "N", defaultValue = "32", description = "Samples per judged batch; default ${DEFAULT-VALUE}.")
    int judgeBatch;

    @Option(names = "--judge-retries", paramLabel = "N", defaultValue = "3", description = "Retries of a failed judge request; default ${DEFAULT-VALUE}.")
    int judgeRetries;

    @Option(names = "--prompts", paramLabel = "DIR", defaultValue = "prompts", description = "Folder of the prompt files; default ${DEFAULT-VALUE}.")
    Path prompts;

    @Option(names = "--db", paramLabel = "FILE|JDBC-URL", description = "Store the kept samples (with metadata.quality) as a dataset and the report "
            + "beside it in this store: an SQLite file or a JDBC URL such as jdbc:postgresql://host/db (credentials from FTKIT_DATABASE_USER/_PASSWORD).")
    String db;

    @Option(names = "--dataset-name", paramLabel = "NAME", description = "Name of the dataset stored with --db (default: the input's file name + \" (curated)\").")
    String datasetName;

    @Mixin
    SharedOptions shared;

    private DatabaseUrl database;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final InputStream stdin;
    private final Map<String, String> env;

    public CurateCommand() {
        this(System.out, System.err, System.in);
    }

    public CurateCommand(PrintStream stdout, PrintStream stderr, InputStream stdin) {
        this(stdout, stderr, stdin, System.getenv());
    }

    /** @param env the environment the judge's key is read from (with .env and config.yaml) */
    public CurateCommand(PrintStream stdout, PrintStream stderr, InputStream stdin, Map<String, String> env) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.stdin = stdin;
        this.env = env;
    }

    public static CommandLine commandLine() {
        return commandLine(new CurateCommand());
    }

    public static CommandLine commandLine(CurateCommand command) {
        CommandLine cl = new CommandLine(command);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            Log.error("curate: %s", e.getMessage() == null ? e.toString() : e.getMessage());
            return ExitCodes.FAILURE;
        });
        return cl;
    }

    @Override
    public Integer call() throws Exception {
        Settings settings;
        try {
            settings = shared.settings(Settings.flags("provider", judgeProvider, "model", judgeModel), env);
        } catch (ConfigException e) {
            return SharedOptions.reportConfigProblems(e);
        }
        CurateOptions options;
        RecordFormat forced = null;
        try {
            var codes = new java.util.LinkedHashSet<>(CurateOptions.parseDrop(drop));
            if (judgeMin != null) {
                if (!judge) throw new IllegalArgumentException("--judge-min needs --judge");
                codes.add(CurateOptions.JUDGE);
            }
            if (codes.contains(CurateOptions.SEMANTIC) && semantic == null && !judgeDuplicates) {
                throw new IllegalArgumentException("--drop semantic needs --semantic or --judge-duplicates");
            }
            if (judgeMaxPairs < 0) throw new IllegalArgumentException("--judge-max-pairs must be 0 or more, got " + judgeMaxPairs);
            if (inputFormat != null) forced = RecordFormat.fromId(inputFormat);
            options = CurateOptions.defaults().withDrop(codes).withNear(noNear ? null : near).withSemantic(semanticThreshold())
                    .withOffTopicThreshold(offTopic).withMinAnswerWords(minAnswerWords)
                    .withJudgeMin(judgeMin).withLanguage(language);
            if (codes.contains(HeuristicChecks.WRONG_LANGUAGE) && language == null) {
                throw new IllegalArgumentException("--drop wrong-language needs --language");
            }
            if (embeddings) options = options.withEmbeddings(true);
            if (plan != null) options = options.withPlan(PlanShares.read(plan));
            if (db != null) database = DatabaseUrl.parse(db);
        } catch (IllegalArgumentException | StoreException e) {
            Log.error("curate: %s", e.getMessage());
            return ExitCodes.USAGE;
        }
        Path temp = null;
        String path = input;
        if ("-".equals(input)) {
            // Two passes need the data twice: stdin is spooled to a temporary file first.
            temp = Files.createTempFile("curate-stdin", ".jsonl");
            Files.copy(stdin, temp, StandardCopyOption.REPLACE_EXISTING);
            path = temp.toString();
        } else if (!Files.isReadable(Path.of(input))) {
            Log.error("curate: %s: no such readable file", input);
            return ExitCodes.FAILURE;
        }
        JudgeJournal journal = null;
        try {
            Judge judgeRunner = null;
            DuplicateJudge duplicateJudge = null;
            if (judge || judgeDuplicates) {
                String provider = settings.text(Setting.PROVIDER);
                String model = settings.text(Setting.MODEL);
                ChatModelSpec spec = ChatModelSpec.of(provider, model).withBaseUrl(judgeBaseUrl)
                        .withTemperature(0.0).withTimeout(Duration.ofSeconds(120));
                var env = settings.environment();
                ChatModel chat = ChatModels.create(spec, new AbstractMap<>() {
                    @Override
                    public String get(Object key) {
                        return env.nonBlank(String.valueOf(key)).orElse(null);
                    }

                    @Override
                    public Set<Entry<String, String>> entrySet() {
                        return Set.of();
                    }
                });
                Path journalFile = judgeJournal != null ? judgeJournal
                        : Path.of(("-".equals(input) ? "stdin" : input.replaceFirst("\\.jsonl$", "")) + ".judge.sqlite");
                journal = JudgeJournal.open(journalFile);
                if (judge) {
                    PromptTemplate rubric = PromptTemplate.load(prompts.resolve("quality").resolve("judge.txt"));
                    judgeRunner = new Judge(chat, provider + "/" + model, rubric, journal, judgeConcurrency, judgeRetries, 1000);
                }
                if (judgeDuplicates) {
                    PromptTemplate pairPrompt = PromptTemplate.load(prompts.resolve("quality").resolve("duplicate.txt"));
                    duplicateJudge = new DuplicateJudge(chat, provider + "/" + model, pairPrompt, journal, judgeConcurrency, judgeRetries, 1000,
                            !judgeNoSchema);
                }
                Log.info("curate: judging with %s/%s, verdicts kept in %s", provider, model, journalFile);
            }
            return run(path, forced, options, judgeRunner, duplicateJudge);
        } catch (ChatModels.MissingApiKeyException e) {
            Log.error("curate: %s", e.getMessage());
            return ExitCodes.USAGE;
        } finally {
            if (journal != null) journal.close();
            if (temp != null) Files.deleteIfExists(temp);
        }
    }

    /** The threshold of --semantic; with --judge-duplicates alone, the judge's candidate threshold; null: no semantic check. */
    private Double semanticThreshold() {
        if (semantic == null) return judgeDuplicates ? SampleVectors.DEFAULT_JUDGE_CANDIDATE_THRESHOLD : null;
        if (semantic.isBlank() || semantic.equals("default")) {
            return judgeDuplicates ? SampleVectors.DEFAULT_JUDGE_CANDIDATE_THRESHOLD : SampleVectors.DEFAULT_SEMANTIC_THRESHOLD;
        }
        try {
            return Double.parseDouble(semantic);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--semantic: not a number: '" + semantic + "'");
        }
    }

    private int run(String path, RecordFormat forced, CurateOptions options, Judge judgeRunner, DuplicateJudge duplicateJudge) throws IOException {
        TextEmbedder embedder = options.embeddings() ? MiniLmEmbedder.shared() : null;
        Curator curator = new Curator(options, embedder);
        Curator.Source source = Curator.file(path, forced);
        Log.info("curate: pass 1 (fingerprints, checks, metrics) over %s", input);
        curator.analyse(source);
        if (duplicateJudge != null) {
            curator.confirmSemanticDuplicates(source, duplicateJudge, Math.max(1, judgeBatch), judgeMaxPairs);
        }
        long[] kept = {0};
        long[] removedCount = {0};
        DatasetStore store = database == null ? null : DatasetStore.open(database);
        String name = datasetName != null ? datasetName
                : ("-".equals(input) ? "stdin" : Path.of(input).getFileName().toString()) + " (curated)";
        ObjectNode[] json = {null};
        ObjectNode runConfig = Json.MAPPER.valueToTree(Map.of("drop", options.drop(), "near", String.valueOf(options.nearThreshold()),
                "semantic", String.valueOf(options.semanticThreshold()), "judge_min", String.valueOf(options.judgeMin())));
        try (store; DatasetStore.DatasetWriter dbOut = store == null ? null
                : store.begin(DatasetInfo.named(name).withSource(input).withMode("curated").withConfig(runConfig), null);
             JsonlWriter keptOut = JsonlWriter.open(out == null ? AtomicOutput.STDOUT : out);
             JsonlWriter removedOut = removed == null ? null : JsonlWriter.open(removed)) {
            curator.emit(source, judgeRunner, Math.max(1, judgeBatch), o -> {
                if (o.kept()) {
                    Sample s = o.record().sample();
                    Map<String, Object> q = QualityReport.annotation(o);
                    if (!q.isEmpty()) s.metadata().put("quality", q);
                    keptOut.write(s);
                    if (dbOut != null) dbOut.add(s, o.record().line());
                    kept[0]++;
                } else {
                    removedCount[0]++;
                    if (removedOut != null) removedOut.write(removedRecord(path, o));
                }
            });
            keptOut.commit();
            if (removedOut != null) removedOut.commit();
            json[0] = QualityReport.json(curator, input, kept[0], removedCount[0]);
            if (dbOut != null) {
                var saved = dbOut.commit();
                QualityStore.saveReport(store, saved.dataset(), json[0]);
                // the URL's toString hides passwords
                Log.info("curate: stored %d kept samples as dataset %s and the report in %s", kept[0], saved.dataset().id(), store.url());
            }
        }
        if (report != null) {
            try (AtomicOutput a = AtomicOutput.open(report)) {
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(a.stream(), json[0]);
                a.commit();
            }
        }
        if (!Log.level().equals(Log.Level.QUIET)) QualityReport.text(json[0], stderr);
        return curator.invalid() > 0 ? ExitCodes.INVALID : ExitCodes.OK;
    }

    private static ObjectNode removedRecord(String file, Curator.Outcome o) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("file", file);
        r.put("line", o.record().line());
        var reasons = r.putArray("reasons");
        for (Curator.Reason reason : o.reasons()) reasons.addObject().put("code", reason.code()).put("message", reason.message());
        if (o.verdict() != null) r.set("judge", Json.MAPPER.valueToTree(o.verdict().asMetadata()));
        if (o.record().sample() != null) r.set("sample", Json.MAPPER.valueToTree(o.record().sample()));
        else r.put("record", o.record().raw());
        return r;
    }

}
