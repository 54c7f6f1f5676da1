package ftkit.pipeline;

import ftkit.cli.ExitCodes;
import ftkit.cli.Log;
import ftkit.cli.SharedOptions;
import ftkit.config.Config;
import ftkit.config.ConfigException;
import ftkit.config.Setting;
import ftkit.config.Settings;
import ftkit.export.ExportOptions;
import ftkit.export.ExportSplit;
import ftkit.export.Exporter;
import ftkit.generate.GenerateStage;
import ftkit.generate.Generator;
import ftkit.providers.ProviderRegistry;
import ftkit.providers.Target;
import ftkit.split.Side;
import ftkit.store.ConfigSnapshot;
import ftkit.store.DatabaseUrl;
import ftkit.store.StoreException;
import ftkit.tokens.Llama3Tokenizer;
import ftkit.validate.Finding;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** The {@code pipeline} script: the whole job from config.yaml, with one summary at the end. */
@Command(name = "pipeline", mixinStandardHelpOptions = true, version = "ftkit pipeline 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Runs the whole job from config.yaml: extract -> (generate, when the mode needs it) -> validate -> split",
                "-> export, and prints one summary. Upload-ready files land in <output.dir>/<target>/; the",
                "intermediate files (extracted samples, validation rejects, split sides) in <output.dir>/work/.",
                "",
                "Modes (config.yaml's mode, or --mode):",
                "  identify  extracts the conversations already in the documents (no API key);",
                "  create    generates from a plan (--plan FILE, else --topic and -n), grounded",
                "            in the documents' text when documents are given;",
                "  hybrid    extracted plus generated samples at agent.hybrid.generation_ratio;",
                "  free      generates from prompts/free_mode/prompt.txt (or --free-prompt).",
                "Generating modes call system.agentic_llm (key from the environment or .env),",
                "keep a journal in <output.dir>/work/journal/ (a re-run resumes, nothing is paid",
                "for twice) and stop cleanly at --max-cost/--max-tokens.",
                "",
                "Examples:",
                "  pipeline examples/documents          (mode identify: no API key needed)",
                "  pipeline --mode create --plan examples/plans/plan.yaml --max-cost 2",
                "  pipeline --mode create --topic 'home networks' -n 50 examples/documents",
                "  pipeline --mode hybrid -n 60 examples/documents",
                "  pipeline --mode free -n 20",
                ""},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {
                "0:every stage succeeded and every target accepts its files",
                "1:failure (I/O, unreadable input)",
                "2:usage error (bad option or config, no API key for a generating mode, no documents where the mode needs them)",
                "3:the files were written, but some documents, samples or dataset limits had problems, or generate rejected samples or reached its budget (see the summary)"})
public final class PipelineCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Documents: files or folders (read recursively). Needed by identify and hybrid; optional for create (grounding).")
    List<String> documents = new ArrayList<>();

    @Option(names = "--target", paramLabel = "ID", description = "Target id (repeatable); default: config.yaml's provider and model.")
    List<String> targetIds = new ArrayList<>();

    @Option(names = "--mode", description = "create, identify, hybrid or free (default: config.yaml's mode).")
    String mode;

    @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR", description = "Output folder (default: config.yaml's output.dir).")
    String outputDir;

    @Option(names = "--output-name", paramLabel = "NAME", description = "Base name of the files (default: config.yaml's output_name).")
    String outputName;

    @Option(names = "--llama3-tokenizer", paramLabel = "FILE", description = "Meta's Llama 3 tokenizer.model for exact Llama counts (or env " + Llama3Tokenizer.ENV + ").")
    String llama3Tokenizer;

    @Option(names = "--registry", paramLabel = "FILE", description = "Your own provider registry YAML, overlaid on the bundled one (or env FTKIT_REGISTRY).")
    String registryFile;

    @Option(names = "--db", paramLabel = "FILE|JDBC-URL", description = "The dataset store the export is saved in: an SQLite file or a JDBC URL (default: $FTKIT_DATABASE_URL, else memory/dataset_builder.db).")
    String db;

    @Option(names = "--no-store", description = "Do not save the exported dataset in the store.")
    boolean noStore;

    @CommandLine.ArgGroup(exclusive = false, validate = false, heading = "%nGenerate stage (modes create, hybrid, free):%n")
    GenerateOptions generate = new GenerateOptions();

    @CommandLine.Mixin
    SharedOptions shared = new SharedOptions();

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new PipelineCommand());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Throwable cause = ex instanceof UncheckedIOException u ? u.getCause() : ex;
            commandLine.getErr().println("pipeline: " + (cause.getMessage() == null ? cause.toString() : cause.getMessage()));
            return ExitCodes.FAILURE;
        });
        return cl;
    }

    @Override
    public Integer call() throws Exception {
        ProviderRegistry registry;
        try {
            String reg = registryFile != null ? registryFile : System.getenv("FTKIT_REGISTRY");
            registry = ProviderRegistry.load(reg == null ? null : Path.of(reg));
        } catch (IOException e) {
            return usage("provider registry: " + e.getMessage());
        }
        Settings settings;
        try {
            Map<String, String> flags = Settings.flags("mode", mode, "output_name", outputName, "output.dir", outputDir);
            flags.putAll(generate.settingFlags());
            settings = shared.settings(flags);
        } catch (ConfigException e) {
            return SharedOptions.reportConfigProblems(e);
        }
        Config config = settings.config();
        List<Target> targets = new ArrayList<>();
        try {
            for (String id : targetIds) targets.add(registry.target(id));
            if (targets.isEmpty()) {
                String p = config.provider().name().toLowerCase(Locale.ROOT);
                Log.info("target from provider %s (%s) and model %s (%s)", p, settings.origin(Setting.PROVIDER),
                        config.model(), settings.origin(Setting.MODEL));
                targets.add(registry.resolve(p, config.model(), null));
            }
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        Log.info("mode %s (%s), output %s/", config.mode().id(), settings.origin(Setting.MODE), config.output().dir());
        Pipeline pipeline = new Pipeline(registry, config, targets, Llama3Tokenizer.locate(llama3Tokenizer, System.getenv()),
                line -> Log.info("%s", line));
        if (!noStore) {
            try {
                pipeline.saveTo(ExportOptions.Store.saveTo(DatabaseUrl.parse(db), ConfigSnapshot.of(config), config.mode().id()));
            } catch (StoreException e) {
                return usage("--db: " + e.getMessage());
            }
        }
        pipeline.withGenerate(new GenerateStage(settings, generate.stageOptions(targets, shared.quiet())));
        Pipeline.Summary summary;
        try {
            summary = pipeline.run(documents);
        } catch (Pipeline.StageException e) {
            if (e.usage()) return usage(e.getMessage());
            System.err.println("pipeline: " + e.getMessage());
            return ExitCodes.INVALID;
        }
        print(summary, System.err);
        return summary.exitCode();
    }

    static void print(Pipeline.Summary s, PrintStream err) {
        err.println();
        err.println("==== pipeline summary");
        if (s.extract() != null) {
            err.printf(Locale.ROOT, "extract   %d files (%d with problems), %d samples%n", s.extract().files(),
                    s.extract().failed() + s.extract().partial(), s.extract().samples());
        }
        if (s.generate() != null) printGenerate(s.generate(), err);
        err.printf(Locale.ROOT, "validate  %d records, %d exact duplicates dropped, invalid per target %s%n", s.validated(), s.duplicates(), s.invalidPerTarget());
        if (s.split() != null) {
            err.printf(Locale.ROOT, "split     train %d, validation %d, test %d (%d groups kept together)%n", s.split().count(Side.TRAIN),
                    s.split().count(Side.VALIDATION), s.split().count(Side.TEST), s.split().groups().keptTogetherGroups());
        }
        for (String n : s.notes()) err.println("note      " + n);
        for (Exporter.TargetResult t : s.export().targets()) {
            err.printf(Locale.ROOT, "export    %-32s %s train %d, validation %d, test %d, rejected %d -> %s%n", t.target().id(),
                    t.ok() ? "OK      " : "PROBLEMS", t.exported().get(ExportSplit.TRAIN), t.exported().get(ExportSplit.VALIDATION),
                    t.exported().get(ExportSplit.TEST), t.rejected(), t.dir());
            for (Finding f : t.datasetFindings()) err.printf(Locale.ROOT, "          %s %s: %s%n", f.isError() ? "error" : "note", f.code(), f.message());
        }
        Exporter.Saved saved = s.export().saved();
        if (saved != null) {
            err.printf(Locale.ROOT, "store     %s%n", saved.dataset() == null ? saved.note() : String.format(Locale.ROOT,
                    "dataset '%s' (%d samples) in %s%s", saved.dataset().id(), saved.dataset().totalSamples(), saved.database(),
                    saved.backup() == null ? "" : ", backup of the earlier one: " + saved.backup()));
        }
        err.println("result    " + (s.exitCode() == 0 ? "OK: ready to upload" : "finished with problems (exit 3): see above"));
    }

    private static void printGenerate(Pipeline.Generation g, PrintStream err) {
        Generator.Result r = g.outcome().result();
        var job = g.outcome().wholeJob();
        err.printf(Locale.ROOT, "generate  %s: requested %d = produced %d + rejected %d + failed %d + not run %d (%d resumed from the journal)%n",
                g.mode().name().toLowerCase(Locale.ROOT), r.requested(), r.produced(), r.rejected(), r.failed(), r.notRun(), r.resumed());
        err.printf(Locale.ROOT, "          this run: %d requests, %d retries, %d repairs, %d input + %d output tokens, $%.4f%n",
                r.requests(), r.retries(), r.repairs(), r.inputTokens(), r.outputTokens(), r.cost());
        err.printf(Locale.ROOT, "          whole job: %d input + %d output tokens, $%.4f; journal %s%n", job.inputTokens(), job.outputTokens(),
                job.cost(), g.outcome().journal());
        if (g.outcome().rejectCount() > 0) err.printf(Locale.ROOT, "          %d rejected or failed -> %s%n", g.outcome().rejectCount(), g.rejects());
        for (String line : g.outcome().planTable().split("\n")) err.println("          " + line);
    }

    private int usage(String message) {
        System.err.println("pipeline: " + message);
        System.err.println("Try 'pipeline --help' for more information.");
        return ExitCodes.USAGE;
    }
}
