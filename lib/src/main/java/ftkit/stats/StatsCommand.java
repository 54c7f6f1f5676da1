package ftkit.stats;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ftkit.cli.ExitCodes;
import ftkit.cli.Log;
import ftkit.cli.SharedOptions;
import ftkit.config.ConfigException;
import ftkit.config.Settings;
import ftkit.io.Json;
import ftkit.notebook.Notebooks;
import ftkit.providers.ProviderRegistry;
import ftkit.providers.Target;
import ftkit.store.Dataset;
import ftkit.store.DatasetStore;
import ftkit.store.SampleCursor;
import ftkit.store.SampleQuery;
import ftkit.store.StoredSample;
import ftkit.tokens.Llama3Tokenizer;
import ftkit.tokens.TokenCounter;
import ftkit.tokens.Tokenizers;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** The {@code stats} script: the notebooks' summaries as aligned tables (or JSON), and their charts as PNG files. */
@Command(name = "stats", mixinStandardHelpOptions = true, version = "ftkit stats 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Summarises a dataset in the terminal: counts, tokens per target with the limit, tokens by split,",
                "source, keyword, category and complexity, train/validation balance, roles, turns, duplicates.",
                "Reads a JSONL file (any format validate reads) or a dataset of the SQLite database.",
                "Tables go to stdout (or JSON with --json); logs to stderr.",
                "",
                "Examples:",
                "  stats examples/datasets/support-chat.jsonl",
                "  stats train.jsonl --target openai/gpt-4o-mini-2024-07-18 --target mistral/open-mistral-7b",
                "  stats --db memory/dataset_builder.db --dataset my_dataset --charts charts/",
                "  stats data.jsonl --json | jq '.sections.Overview'",
                ""},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE,
                "3:some lines could not be read (the tables cover the rest; they are listed)"})
public final class StatsCommand implements Callable<Integer> {
    @Mixin
    SharedOptions shared;

    @Parameters(paramLabel = "FILE", arity = "0..1", description = "JSONL dataset; - reads stdin.")
    String file;

    @Option(names = "--db", paramLabel = "FILE", description = "SQLite database of the store (e.g. memory/dataset_builder.db) instead of a file.")
    Path db;

    @Option(names = "--dataset", paramLabel = "ID", description = "Dataset id in --db (default: the only one there).")
    String dataset;

    @Option(names = "--target", paramLabel = "ID", description = "Target whose tokenizer and limit to use; repeat for more rows in 'Tokens per target' (default: provider/model of the config).")
    List<String> targetIds = new ArrayList<>();

    @Option(names = "--token-limit", paramLabel = "N", description = "Per-example limit to check instead of the first target's documented one.")
    String tokenLimit;

    @Option(names = "--llama3-tokenizer", paramLabel = "FILE", description = "Meta's Llama 3 tokenizer.model for exact Llama counts (or env " + Llama3Tokenizer.ENV + ").")
    String llama3Tokenizer;

    @Option(names = "--charts", paramLabel = "DIR", description = "Also write the notebooks' charts as PNG files into DIR.")
    Path chartsDir;

    @Option(names = "--json", description = "Print the tables as one JSON object instead of text.")
    boolean json;

    private PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    public static CommandLine commandLine() {
        return new CommandLine(new StatsCommand());
    }

    /** For tests and the menu: tables go to {@code stdout}. */
    public static CommandLine commandLine(PrintStream stdout) {
        StatsCommand command = new StatsCommand();
        command.stdout = stdout;
        return new CommandLine(command);
    }

    @Override
    public Integer call() {
        if ((file == null) == (db == null)) {
            Log.error("give a JSONL FILE or --db FILE (one of them)");
            return ExitCodes.USAGE;
        }
        if (dataset != null && db == null) {
            Log.error("--dataset needs --db");
            return ExitCodes.USAGE;
        }
        Settings settings;
        try {
            settings = shared.settings(Map.of());
        } catch (ConfigException e) {
            return SharedOptions.reportConfigProblems(e);
        }
        List<DatasetStats.TargetCounter> targets;
        try {
            targets = targets(settings);
        } catch (IllegalArgumentException e) {
            Log.error("%s", e.getMessage());
            return ExitCodes.USAGE;
        }
        DatasetStats stats;
        try {
            if (db != null) {
                stats = fromStore(targets);
                if (stats == null) return ExitCodes.USAGE;
            } else {
                if (!file.equals("-") && !Files.isRegularFile(Path.of(file))) {
                    Log.error("%s: no such file", file);
                    return ExitCodes.FAILURE;
                }
                stats = DatasetStats.ofFile(file, targets);
            }
        } catch (IOException | RuntimeException e) {
            Log.error("%s: %s", db != null ? db : file, e.getMessage());
            return ExitCodes.FAILURE;
        }
        for (String problem : stats.problems().stream().limit(20).toList()) Log.warn("%s", problem);
        if (stats.problems().size() > 20) Log.warn("%d more unreadable lines", stats.problems().size() - 20);
        Map<String, Table> sections = stats.sections();
        if (json) {
            stdout.println(toJson(sections).toPrettyString());
        } else {
            boolean first = true;
            for (Map.Entry<String, Table> section : sections.entrySet()) {
                if (!first) stdout.println();
                stdout.print(TextTables.render("== " + section.getKey(), section.getValue()));
                first = false;
            }
        }
        stdout.flush();
        if (chartsDir != null) {
            try {
                List<Path> files = StatsCharts.write(stats, chartsDir);
                Log.info("wrote %d charts to %s: %s", files.size(), chartsDir,
                        String.join(", ", files.stream().map(p -> p.getFileName().toString()).toList()));
            } catch (IOException | RuntimeException e) {
                Log.error("charts: %s", e.getMessage());
                return ExitCodes.FAILURE;
            }
        }
        return stats.problems().isEmpty() ? ExitCodes.OK : ExitCodes.INVALID;
    }

    private List<DatasetStats.TargetCounter> targets(Settings settings) {
        ProviderRegistry registry = ProviderRegistry.bundled();
        List<Target> chosen = new ArrayList<>();
        if (targetIds.isEmpty()) {
            String provider = settings.config().provider().name().toLowerCase(Locale.ROOT);
            chosen.add(registry.resolve(provider, settings.config().model(), null));
        } else {
            for (String id : targetIds) chosen.add(registry.target(id));
        }
        Path llamaFile = Llama3Tokenizer.locate(llama3Tokenizer, System.getenv());
        List<DatasetStats.TargetCounter> out = new ArrayList<>();
        for (Target target : chosen) {
            TokenCounter counter = Tokenizers.forTarget(target, llamaFile, warning -> Log.warn("%s", warning));
            int limit;
            try {
                limit = Notebooks.tokenLimit(target, out.isEmpty() ? tokenLimit : null);
            } catch (IllegalArgumentException e) {
                if (out.isEmpty() && tokenLimit != null) throw e;
                limit = 0;
            }
            out.add(new DatasetStats.TargetCounter(target, counter, limit));
        }
        return out;
    }

    /** Null (after an error message) when the dataset cannot be chosen. */
    private DatasetStats fromStore(List<DatasetStats.TargetCounter> targets) {
        if (!Files.isRegularFile(db)) {
            Log.error("%s: no such database file", db);
            return null;
        }
        try (DatasetStore store = DatasetStore.open(db)) {
            List<Dataset> datasets = store.listDatasets();
            String id = dataset;
            if (id == null) {
                if (datasets.size() != 1) {
                    Log.error("%s holds %d datasets; choose one with --dataset: %s", db, datasets.size(),
                            String.join(", ", datasets.stream().map(Dataset::id).toList()));
                    return null;
                }
                id = datasets.get(0).id();
            } else if (store.dataset(id).isEmpty()) {
                Log.error("%s: no dataset '%s'; there are: %s", db, id,
                        String.join(", ", datasets.stream().map(Dataset::id).toList()));
                return null;
            }
            DatasetStats stats = new DatasetStats(db + " dataset " + id, targets);
            try (SampleCursor cursor = store.stream(SampleQuery.dataset(id))) {
                while (cursor.hasNext()) {
                    StoredSample row = cursor.next();
                    if (row.sample().metadata().split() == null && row.split() != null) row.sample().metadata().split(row.split());
                    stats.add(row.lineNumber() != null ? row.lineNumber() : row.ordinal(), null, row.sample());
                }
            }
            return stats;
        }
    }

    /** {"sections": {title: [{column: value, ...}, ...]}} with numbers as numbers. */
    static ObjectNode toJson(Map<String, Table> sections) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode out = root.putObject("sections");
        sections.forEach((title, table) -> {
            ArrayNode rows = out.putArray(title);
            for (int r = 0; r < table.rowCount(); r++) {
                ObjectNode row = rows.addObject();
                for (Column<?> column : table.columns()) {
                    Object value = column.isMissing(r) ? null : column.get(r);
                    if (value == null) row.putNull(column.name());
                    else if (value instanceof Integer i) row.put(column.name(), i);
                    else if (value instanceof Long l) row.put(column.name(), l);
                    else if (value instanceof Double d) row.put(column.name(), d);
                    else row.put(column.name(), value.toString());
                }
            }
        });
        return root;
    }
}
