package ftkit.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ftkit.cli.ExitCodes;
import ftkit.cli.Log;
import ftkit.cli.SharedOptions;
import ftkit.config.Config;
import ftkit.config.ConfigException;
import ftkit.config.Setting;
import ftkit.config.Settings;
import ftkit.io.AtomicOutput;
import ftkit.io.Json;
import ftkit.io.RecordFormat;
import ftkit.providers.FormatRules;
import ftkit.providers.ProviderRegistry;
import ftkit.providers.Target;
import ftkit.store.ConfigSnapshot;
import ftkit.store.DatabaseUrl;
import ftkit.store.Dataset;
import ftkit.store.DatasetStore;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** The {@code export} script: options and the closing summary; the work is in {@link Exporter}. */
@Command(name = "export", mixinStandardHelpOptions = true, version = Exporter.TOOL,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Writes samples (canonical JSONL, or any format validate reads) as each target's own upload-ready JSONL:",
                "<output-dir>/<target>/<output_name>_train.jsonl, _validation.jsonl and _test.jsonl (by metadata.split or",
                "by --train/--validation/--test), cut into parts at the target's size limit, with a CSV of metadata,",
                "dataset_info.txt, a dataset card (README.md), a provenance manifest, and the rejected samples with reasons.",
                "Every record passes the target's validate rules before it is written; a sample the target cannot hold",
                "is rejected, never reshaped.",
                "Every export is also saved in the dataset store (default memory/dataset_builder.db, or $FTKIT_DATABASE_URL;",
                "--db, --no-store) as the dataset <output_name>, each sample with its split; saving that name again backs",
                "the database up, then replaces it. --dataset exports a stored dataset again, e.g. for another target.",
                "",
                "Examples:",
                "  export --target openai/gpt-4o-mini-2024-07-18 samples.jsonl",
                "  export --target bedrock/claude-3-haiku --target vertex/gemini-2.5-flash --format alpaca samples.jsonl",
                "  export --train train.jsonl --validation val.jsonl --target mistral/open-mistral-7b -o out",
                "  export --dataset my_dataset --target vertex/gemini-2.5-flash     (re-export a stored dataset; see `datasets list`)",
                ""},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {
                "0:every sample was exported to every target and every dataset check passed",
                "1:failure (unreadable input file, I/O error)",
                "2:usage error (bad option, unknown target or format, bad config)",
                "3:some samples were rejected (see <target>/<name>_rejects.jsonl) or a dataset limit is not met"})
public final class ExportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Sample files; each sample goes to the split in its metadata.split (none: train). - reads stdin.")
    List<String> files = new ArrayList<>();

    @Option(names = "--train", paramLabel = "FILE", description = "A file whose samples all go to the training split.")
    List<String> train = new ArrayList<>();

    @Option(names = "--validation", paramLabel = "FILE", description = "A file whose samples all go to the validation split.")
    List<String> validation = new ArrayList<>();

    @Option(names = "--test", paramLabel = "FILE", description = "A file whose samples all go to the test split.")
    List<String> test = new ArrayList<>();

    @Option(names = "--dataset", paramLabel = "ID|NAME", description = "Export this dataset of the store (--db) again, each sample to its stored split; instead of or beside FILEs.")
    String dataset;

    @Option(names = "--db", paramLabel = "FILE|JDBC-URL", description = "The dataset store: an SQLite file or a JDBC URL such as jdbc:postgresql://host/db (credentials from FTKIT_DATABASE_USER/_PASSWORD). Default: $FTKIT_DATABASE_URL, else memory/dataset_builder.db.")
    String db;

    @Option(names = "--no-store", description = "Do not save this export in the dataset store.")
    boolean noStore;

    @Option(names = "--target", paramLabel = "ID", description = "Target id (repeatable), e.g. bedrock/claude-3-haiku; see --list-targets.")
    List<String> targetIds = new ArrayList<>();

    @Option(names = "--format", paramLabel = "ID", description = "A record format without a target (repeatable): openai-chat, alpaca, sharegpt, trl-messages, …")
    List<String> formatIds = new ArrayList<>();

    @Option(names = "--provider", description = "Without --target/--format: the provider (default: config.yaml's provider).")
    String provider;

    @Option(names = "--model", description = "Without --target/--format: the model (default: config.yaml's model).")
    String model;

    @Option(names = "--route", description = "For models on several platforms (Llama): bedrock, together, fireworks, huggingface, …")
    String route;

    @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR", description = "Output folder (default: config.yaml's output.dir, else ./output).")
    String outputDir;

    @Option(names = "--output-name", paramLabel = "NAME", description = "Base name of the files and name of the stored dataset (default: config.yaml's output_name; with --dataset, that dataset's id).")
    String outputName;

    @Option(names = "--no-csv", description = "Do not write the CSV metadata.")
    boolean noCsv;

    @Option(names = "--no-stats", description = "Do not write dataset_info.txt.")
    boolean noStats;

    @Option(names = "--input-format", paramLabel = "FMT", description = "Read every line as this format instead of detecting it.")
    String inputFormat;

    @Option(names = "--llama3-tokenizer", paramLabel = "FILE", description = "Meta's Llama 3 tokenizer.model for exact Llama counts (or env " + Llama3Tokenizer.ENV + ").")
    String llama3Tokenizer;

    @Option(names = "--registry", paramLabel = "FILE", description = "Your own provider registry YAML, overlaid on the bundled one (or env FTKIT_REGISTRY).")
    String registryFile;

    @Option(names = "--threads", description = "Worker threads that check and convert samples (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--report", paramLabel = "FILE", description = "Write a JSON summary of the run here (- for stdout).")
    String report;

    @Option(names = "--list-targets", description = "List the registered targets and formats and exit.")
    boolean listTargets;

    @CommandLine.Mixin
    SharedOptions shared = new SharedOptions();

    /** Runs the command as the script does (benchmarks and the lib's own launchers use it). */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ExportCommand());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Throwable cause = ex instanceof UncheckedIOException u ? u.getCause() : ex;
            commandLine.getErr().println("export: " + (cause.getMessage() == null ? cause.toString() : cause.getMessage()));
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
        if (listTargets) {
            PrintStream out = System.out;
            for (Target t : registry.targets()) {
                out.printf(Locale.ROOT, "%-34s %-26s %s%n", t.id(), t.format(), t.status());
            }
            for (FormatRules f : registry.formats()) out.printf(Locale.ROOT, "format %-27s %s%n", f.id(), f.description());
            return ExitCodes.OK;
        }
        List<Exporter.Input> inputs = new ArrayList<>();
        for (String f : files) inputs.add(new Exporter.Input(f, null));
        for (String f : train) inputs.add(new Exporter.Input(f, ExportSplit.TRAIN));
        for (String f : validation) inputs.add(new Exporter.Input(f, ExportSplit.VALIDATION));
        for (String f : test) inputs.add(new Exporter.Input(f, ExportSplit.TEST));
        if (threads < 1) return usage("--threads must be at least 1");
        DatabaseUrl database;
        try {
            database = DatabaseUrl.parse(db);
        } catch (StoreException e) {
            return usage("--db: " + e.getMessage());
        }
        String storedName = null;
        if (dataset != null) {
            // Resolved here (not only in Exporter) because its id is the default output name.
            if (database.sqliteFile() != null && !Files.isRegularFile(database.sqliteFile())) {
                return usage("--dataset: " + database.sqliteFile() + ": no such database file (give --db)");
            }
            try (DatasetStore store = DatasetStore.open(database)) {
                Dataset d = store.find(dataset).orElse(null);
                if (d == null) {
                    return usage("no dataset '" + dataset + "' in " + database + "; there are: " + (store.listDatasets().isEmpty()
                            ? "none" : String.join(", ", store.listDatasets().stream().map(Dataset::id).toList())));
                }
                storedName = d.id();
                inputs.add(0, Exporter.Input.stored(d.id()));
            } catch (IllegalArgumentException e) {
                return usage(e.getMessage());
            }
        }
        if (inputs.isEmpty()) return usage("no input given (FILE, --train, --validation, --test or --dataset; - reads stdin)");
        if (inputs.stream().filter(i -> i.path().equals("-")).count() > 1) return usage("stdin (-) can be read only once");
        Settings settings;
        try {
            settings = shared.settings(Settings.flags("provider", provider, "model", model,
                    "output_name", outputName != null ? outputName : storedName,
                    "output.dir", outputDir, "output.include_csv", noCsv ? "false" : null, "output.include_stats", noStats ? "false" : null));
        } catch (ConfigException e) {
            return SharedOptions.reportConfigProblems(e);
        }
        Config config = settings.config();
        List<Target> targets = new ArrayList<>();
        try {
            for (String id : targetIds) targets.add(registry.target(id));
            for (String id : formatIds) targets.add(Exporter.formatTarget(registry, id));
            if (targets.isEmpty()) {
                String p = config.provider().name().toLowerCase(Locale.ROOT);
                Log.info("target from provider %s (%s) and model %s (%s)", p, settings.origin(Setting.PROVIDER),
                        config.model(), settings.origin(Setting.MODEL));
                targets.add(registry.resolve(p, config.model(), route));
            }
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        RecordFormat forced = null;
        if (inputFormat != null) {
            try {
                forced = RecordFormat.fromId(inputFormat);
            } catch (IllegalArgumentException e) {
                return usage(e.getMessage());
            }
        }
        for (Exporter.Input in : inputs) {
            if (!in.isStored() && !in.path().equals("-") && !Files.isRegularFile(Path.of(in.path()))) {
                System.err.println("export: " + in.path() + ": no such file");
                return ExitCodes.FAILURE;
            }
        }
        ExportOptions options = new ExportOptions(targets, config.output().dir(), config.outputName(), forced,
                Llama3Tokenizer.locate(llama3Tokenizer, System.getenv()), config.output().includeCsv(), config.output().includeStats(), threads);
        if (!noStore) options = options.withStore(ExportOptions.Store.saveTo(database, ConfigSnapshot.of(config), null));
        else if (dataset != null) options = options.withStore(ExportOptions.Store.readOnly(database));
        Exporter exporter = new Exporter(registry, options, w -> Log.warn("%s", w));
        Exporter.Result result;
        try {
            result = exporter.run(inputs);
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        if (!shared.quiet()) printSummary(result, System.err);
        if (report != null) {
            try (AtomicOutput out = AtomicOutput.open(report)) {
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out.stream(), toJson(result));
                out.stream().write('\n');
                out.commit();
            }
        }
        return result.exitCode();
    }

    static void printSummary(Exporter.Result result, PrintStream err) {
        err.printf(Locale.ROOT, "export: %d samples read%s%n", result.samples(),
                result.unreadable() == 0 ? "" : ", " + result.unreadable() + " unreadable lines");
        for (Exporter.TargetResult t : result.targets()) {
            Map<ExportSplit, Long> n = t.exported();
            err.printf(Locale.ROOT, "  %-34s %s  train %d, validation %d, test %d, rejected %d%s%n", t.target().id(),
                    t.ok() ? "OK      " : "PROBLEMS", n.get(ExportSplit.TRAIN), n.get(ExportSplit.VALIDATION), n.get(ExportSplit.TEST),
                    t.rejected(), ExportReport.codes(t.rejectCodes()));
            for (Finding f : t.datasetFindings()) {
                err.printf(Locale.ROOT, "      %s %s: %s%n", f.isError() ? "error" : "note", f.code(), f.message());
            }
            err.printf(Locale.ROOT, "      -> %s%n", t.dir());
        }
        Exporter.Saved saved = result.saved();
        if (saved != null && saved.dataset() != null) {
            Dataset d = saved.dataset();
            err.printf(Locale.ROOT, "  stored as dataset '%s' (%d samples) in %s%s%n", d.id(), d.totalSamples(), saved.database(),
                    saved.replaced() ? ", replacing the earlier one" + (saved.backup() == null ? "" : " (backup: " + saved.backup() + ")") : "");
        } else if (saved != null) {
            err.printf(Locale.ROOT, "  store: %s%n", saved.note());
        }
    }

    static ObjectNode toJson(Exporter.Result result) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("samples", result.samples());
        root.put("unreadable", result.unreadable());
        root.put("exit_code", result.exitCode());
        ArrayNode targets = root.putArray("targets");
        for (Exporter.TargetResult t : result.targets()) {
            ObjectNode o = targets.addObject();
            o.put("target", t.target().id());
            o.put("format", t.target().format());
            o.put("dir", t.dir().toString());
            o.put("ok", t.ok());
            ObjectNode counts = o.putObject("exported");
            ObjectNode files = o.putObject("files");
            for (ExportSplit s : ExportSplit.values()) {
                counts.put(s.id(), t.exported().get(s));
                ArrayNode names = files.putArray(s.id());
                t.files().get(s).forEach(names::add);
            }
            o.put("rejected", t.rejected());
            o.set("reject_codes", Json.MAPPER.valueToTree(t.rejectCodes()));
            o.set("warning_codes", Json.MAPPER.valueToTree(t.warningCodes()));
            ArrayNode d = o.putArray("dataset_findings");
            for (Finding f : t.datasetFindings()) d.addObject().put("code", f.code()).put("severity", f.severity().name().toLowerCase(Locale.ROOT)).put("message", f.message());
        }
        Exporter.Saved saved = result.saved();
        if (saved != null) {
            ObjectNode st = root.putObject("stored");
            st.put("database", saved.database());
            st.put("dataset", saved.dataset() == null ? null : saved.dataset().id());
            st.put("samples", saved.dataset() == null ? null : saved.dataset().totalSamples());
            st.put("replaced", saved.replaced());
            st.put("backup", saved.backup() == null ? null : saved.backup().toString());
            if (saved.note() != null) st.put("note", saved.note());
        }
        return root;
    }

    private int usage(String message) {
        System.err.println("export: " + message);
        System.err.println("Try 'export --help' for more information.");
        return ExitCodes.USAGE;
    }
}
