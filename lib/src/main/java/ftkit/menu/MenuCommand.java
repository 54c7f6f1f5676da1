package ftkit.menu;

import ftkit.cli.ExitCodes;
import ftkit.generate.GenerateCommand;
import ftkit.cli.Log;
import ftkit.cli.SplitCommand;
import ftkit.cli.ValidateCommand;
import ftkit.config.Config;
import ftkit.config.ConfigException;
import ftkit.config.ConfigFile;
import ftkit.config.Setting;
import ftkit.config.Settings;
import ftkit.config.ValueKind;
import ftkit.export.ExportCommand;
import ftkit.generate.LlmProvider;
import ftkit.io.SampleReader;
import ftkit.model.Sample;
import ftkit.providers.ProviderRegistry;
import ftkit.providers.Target;
import ftkit.stats.StatsCommand;
import ftkit.store.Dataset;
import ftkit.store.DatasetInfo;
import ftkit.store.DatasetStore;
import ftkit.store.DatabaseUrl;
import ftkit.tokens.TokenCounter;
import ftkit.tokens.Tokenizers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The brief's menu: configure, generate, statistics, export, settings, exit, as numbered choices on a terminal.
 * Every action runs the same library code as the scripts (generate, validate, split, stats, the store); the menu
 * only asks the questions, checks every answer and shows the results in colour.
 */
@Command(name = "menu", mixinStandardHelpOptions = true, version = "ftkit menu 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Interactive menu over the whole toolkit: Configure Dataset (provider, model, mode, size, split),",
                "Generate Dataset (generate, validate, split, save to the database), View Dataset Statistics,",
                "Export Dataset (JSONL, CSV metadata) and Settings (view and edit config.yaml).",
                "Answer with the number of a choice; Enter takes the default in brackets; Ctrl-D leaves.",
                "Colour unless NO_COLOR is set or the output is not a terminal.",
                "",
                "Examples:",
                "  menu                                   (config.yaml in this folder, memory/dataset_builder.db)",
                "  menu --config my-config.yaml --db my.db",
                ""},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:left through Exit", ExitCodes.FAILURE_LINE, "2:usage error, or the input was closed (Ctrl-D)"})
public final class MenuCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "The config file to show and edit (default: $FTKIT_CONFIG, else ./config.yaml).")
    Path configFile;

    @Option(names = "--db", paramLabel = "FILE", description = "SQLite database for generated datasets (default: $FTKIT_DATABASE_URL, else memory/dataset_builder.db).")
    Path db;

    @Option(names = "--prompts", paramLabel = "DIR", defaultValue = "prompts", description = "Folder with the generation prompts (default: ${DEFAULT-VALUE}).")
    Path prompts;

    private Prompter ui;
    private Map<String, String> env = System.getenv();
    private final ProviderRegistry registry = ProviderRegistry.bundled();
    /** The last dataset generated or opened in this session: the default for statistics and export. */
    private Path lastDataset;
    private String lastDatasetId;

    public static CommandLine commandLine() {
        return new CommandLine(new MenuCommand());
    }

    @Override
    public Integer call() {
        boolean colour = Log.colourWanted(env, System.console() != null);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        ui = new Prompter(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out, colour);
        if (configFile == null) {
            String fromEnv = env.get(Setting.CONFIG_ENV);
            configFile = Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : Settings.DEFAULT_CONFIG_NAME);
        }
        try {
            while (true) {
                ui.info("");
                ui.title("=== Fine-Tuning Dataset Builder ===");
                ui.info(summary());
                List<Prompter.Choice<Integer>> main = List.of(
                        new Prompter.Choice<>(1, "Configure Dataset"),
                        new Prompter.Choice<>(2, "Generate Dataset"),
                        new Prompter.Choice<>(3, "View Dataset Statistics"),
                        new Prompter.Choice<>(4, "Export Dataset"),
                        new Prompter.Choice<>(5, "Settings"),
                        new Prompter.Choice<>(6, "Exit"));
                int choice = ui.choose("Choose", main, null);
                try {
                    switch (choice) {
                        case 1 -> configure();
                        case 2 -> generate();
                        case 3 -> statistics();
                        case 4 -> export();
                        case 5 -> settingsMenu();
                        default -> {
                            ui.success("Bye.");
                            return ExitCodes.OK;
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    ui.error(e.getMessage() == null ? e.toString() : e.getMessage());
                }
            }
        } catch (Prompter.InputClosed e) {
            ui.info("");
            ui.warning("input closed; leaving the menu");
            return ExitCodes.USAGE;
        }
    }

    // ---------------------------------------------------------------- configuration

    /** The config as the scripts see it (flags none, environment and .env, the file, defaults), or null with the problems shown. */
    private Settings settings() {
        try {
            return Settings.resolve(Map.of(), env, Files.exists(configFile) ? configFile : null);
        } catch (ConfigException e) {
            for (var p : e.problems()) ui.error(p.toString());
            return null;
        }
    }

    private String summary() {
        Settings s = settings();
        if (s == null) return "config: " + configFile + " has problems (see Settings)";
        Config c = s.config();
        String split = c.split().enabled() ? String.format(Locale.ROOT, "split %s/%s %s", Prompter.strip(c.split().ratio()),
                Prompter.strip(1 - c.split().ratio()), c.split().strategy().id()) : "no split";
        return String.format(Locale.ROOT, "config %s · %s / %s · mode %s · size %d · %s",
                Files.exists(configFile) ? configFile : configFile + " (not yet written; defaults)",
                c.provider().id(), c.model(), c.mode().id(), c.datasetSize(), split);
    }

    private void configure() throws Prompter.InputClosed, IOException {
        Settings s = settings();
        if (s == null) return;
        Config c = s.config();
        ui.title("--- Configure Dataset ---");
        List<Prompter.Choice<Config.Provider>> providers = new ArrayList<>();
        for (Config.Provider p : Config.Provider.values()) {
            int n = registry.byProvider(p.id()).size();
            providers.add(new Prompter.Choice<>(p, String.format(Locale.ROOT, "%-10s (%d model%s in the registry)", p.id(), n, n == 1 ? "" : "s")));
        }
        Config.Provider provider = ui.choose("LLM provider (the fine-tuning target)", providers, c.provider().ordinal());

        List<Target> targets = registry.byProvider(provider.id());
        List<Prompter.Choice<Target>> models = new ArrayList<>();
        Integer currentModel = null;
        for (Target t : targets) {
            if (provider == c.provider() && t.matchesModel(c.model()) && currentModel == null) currentModel = models.size();
            models.add(new Prompter.Choice<>(t, describe(t)));
        }
        Target target = ui.choose("Model", models, currentModel != null ? currentModel : 0);

        List<Prompter.Choice<Config.Mode>> modes = List.of(
                new Prompter.Choice<>(Config.Mode.CREATE, "create    - generate new conversations with an LLM"),
                new Prompter.Choice<>(Config.Mode.IDENTIFY, "identify  - extract the Q&A already in your documents, verbatim"),
                new Prompter.Choice<>(Config.Mode.HYBRID, "hybrid    - both, mixed by agent.hybrid.generation_ratio"),
                new Prompter.Choice<>(Config.Mode.FREE, "free      - generate from your own instructions (prompts/free_mode)"),
                new Prompter.Choice<>(Config.Mode.TEMPLATES, "templates - fill prompt templates from labelled records"));
        Config.Mode mode = ui.choose("Generation mode", modes, c.mode().ordinal());

        // The target's own bounds: it rejects a training file with fewer or more examples.
        long minSize = target.minExamples() != null ? target.minExamples() : 1L;
        long maxSize = target.maxExamples() != null ? target.maxExamples() : 1_000_000L;
        if (target.minExamples() != null) ui.info("  " + target.id() + " needs at least " + minSize + " examples.");
        long size = ui.askWhole("Dataset size (samples)", minSize, maxSize, Math.max(minSize, Math.min(maxSize, c.datasetSize())));

        boolean split = ui.askYesNo("Split into train and validation sets?", c.split().enabled());
        Map<Setting, String> values = new LinkedHashMap<>();
        values.put(Setting.PROVIDER, provider.id());
        values.put(Setting.MODEL, target.model());
        values.put(Setting.MODE, mode.id());
        values.put(Setting.DATASET_SIZE, Long.toString(size));
        values.put(Setting.SPLIT_ENABLED, Boolean.toString(split));
        if (split) {
            double ratio = ui.askFraction("Training share", 0, 1 - c.split().testRatio(), c.split().ratio());
            List<Prompter.Choice<Config.SplitStrategy>> strategies = List.of(
                    new Prompter.Choice<>(Config.SplitStrategy.RANDOM, "random   - seeded shuffle"),
                    new Prompter.Choice<>(Config.SplitStrategy.WEIGHTED, "weighted - every source (or keyword) in both sets"));
            Config.SplitStrategy strategy = ui.choose("Split strategy", strategies, c.split().strategy().ordinal());
            values.put(Setting.SPLIT_RATIO, Prompter.strip(ratio));
            values.put(Setting.SPLIT_STRATEGY, strategy.id());
            if (strategy == Config.SplitStrategy.WEIGHTED) {
                List<Prompter.Choice<Config.WeightBy>> by = List.of(
                        new Prompter.Choice<>(Config.WeightBy.SOURCE, "source   - the file a sample came from"),
                        new Prompter.Choice<>(Config.WeightBy.KEYWORDS, "keywords - the sample's first keyword"));
                values.put(Setting.SPLIT_WEIGHT_BY, ui.choose("Balance by", by, c.split().weightBy().ordinal()).id());
            }
        }
        ui.info("");
        values.forEach((k, v) -> ui.info(String.format(Locale.ROOT, "  %-16s %s", k.key(), v)));
        if (ui.askYesNo("Save to " + configFile + "?", true)) saveValues(values);
        else ui.warning("not saved");
    }

    static String describe(Target t) {
        String limit = t.maxTokensPerExample() != null ? String.format(Locale.ROOT, "%,d tokens/example", t.maxTokensPerExample()) : "limit not stated";
        String status = t.isActive() ? "" : " [" + t.status() + "]";
        String route = t.route().equals(t.provider()) ? "" : " via " + t.route();
        return t.model() + route + " - " + limit + (t.tokenCountIsEstimate() ? ", estimated counts" : "") + status;
    }

    private boolean saveValues(Map<Setting, String> values) throws IOException {
        String text = Files.exists(configFile) ? Files.readString(configFile) : "";
        try {
            ConfigEditor.save(configFile, ConfigEditor.setAll(text, values));
            ui.success("saved " + configFile + " (comments kept)");
            return true;
        } catch (ConfigException e) {
            ui.error("not saved, the result would be invalid:");
            for (var p : e.problems()) ui.error("  " + p);
            return false;
        }
    }

    // ---------------------------------------------------------------- generate

    private void generate() throws Prompter.InputClosed, IOException {
        Settings s = settings();
        if (s == null) return;
        Config c = s.config();
        ui.title("--- Generate Dataset ---");
        if (c.mode() == Config.Mode.IDENTIFY || c.mode() == Config.Mode.TEMPLATES) {
            ui.warning("mode " + c.mode().id() + " does not call an LLM; the menu generates in create mode "
                    + "(use the extract or templates script for " + c.mode().id() + ")");
        }
        String topic = ui.askText("Topic of the conversations", null,
                t -> t.length() < 3 ? "say in a few words what the conversations are about" : null);
        List<Prompter.Choice<LlmProvider>> llms = new ArrayList<>();
        int defaultLlm = 0;
        for (LlmProvider p : LlmProvider.values()) {
            if (p.configName().equals(LlmProvider.parse(c.system().agenticLlm().id()).configName())) defaultLlm = llms.size();
            llms.add(new Prompter.Choice<>(p, p.configName() + (p.keyRequired() ? " (key: " + String.join(" or ", p.keyVariables()) + ")" : "")));
        }
        LlmProvider llm = ui.choose("LLM that writes the samples", llms, defaultLlm);
        String llmModel = ui.askText("Model of that LLM", c.system().agenticModel(), m -> m.isBlank() ? "a model name is needed" : null);
        String defaultUrl = c.system().baseUrl().map(URI::toString).orElse(llm.defaultBaseUrl());
        String baseUrl = ui.askText("Endpoint (base URL)", defaultUrl, MenuCommand::urlProblem);
        if (llm.keyRequired() && llm.keyVariables().stream().noneMatch(v -> s.secret(v).isPresent() || env.containsKey(v))) {
            ui.error("no API key: set " + String.join(" or ", llm.keyVariables()) + " in the environment or .env, then try again");
            return;
        }
        long size = ui.askWhole("Samples to generate", 1, 100_000, (long) c.datasetSize());
        Path outDir = c.output().dir();
        Path output = outDir.resolve(c.outputName() + ".jsonl");
        if (Files.exists(output) && !ui.askYesNo(output + " exists; replace it?", false)) {
            ui.warning("nothing generated");
            return;
        }

        ui.info("");
        ui.title("[1/4] Generating " + size + " samples with " + llm.configName() + " " + llmModel);
        List<String> args = new ArrayList<>(List.of("--topic", topic, "-n", Long.toString(size), "--llm", llm.configName(),
                "--llm-model", llmModel, "--base-url", baseUrl, "-o", output.toString(), "--prompts", prompts.toString()));
        if (Files.exists(configFile)) args.addAll(0, List.of("--config", configFile.toString()));
        if (c.mode() == Config.Mode.IDENTIFY || c.mode() == Config.Mode.TEMPLATES || c.mode() == Config.Mode.HYBRID) {
            args.addAll(List.of("--mode", "create"));
        }
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        int generated = GenerateCommand.commandLine(env, ui.out(), err).execute(args.toArray(String[]::new));
        if (generated != ExitCodes.OK && !Files.exists(output)) {
            ui.error("generation failed (exit " + generated + "); see the messages above");
            return;
        }
        if (generated != ExitCodes.OK) ui.warning("generation finished with exit " + generated + " (some samples failed or were rejected)");
        else ui.success("generated " + output);
        lastDataset = output;

        ui.title("[2/4] Validating against " + c.provider().id() + "/" + c.model());
        List<String> validateArgs = new ArrayList<>(List.of(output.toString(), "--rejects",
                outDir.resolve(c.outputName() + ".invalid.jsonl").toString()));
        if (Files.exists(configFile)) validateArgs.addAll(List.of("--config", configFile.toString()));
        int valid = ValidateCommand.commandLine().execute(validateArgs.toArray(String[]::new));
        if (valid == ExitCodes.OK) ui.success("every sample is valid for the target");
        else ui.warning("validate exit " + valid + ": some samples are not valid for the target (see above)");

        List<Path> parts = new ArrayList<>();
        if (c.split().enabled()) {
            ui.title("[3/4] Splitting " + Prompter.strip(c.split().ratio()) + " train / " + Prompter.strip(1 - c.split().ratio()) + " validation");
            int train = (int) Math.round(c.split().ratio() * 100);
            List<String> splitArgs = new ArrayList<>(List.of(output.toString(), "--ratio", train + "/" + (100 - train),
                    "--strategy", c.split().strategy().id(), "--seed", Long.toString(c.split().seed()),
                    "--output-dir", outDir.toString(), "--name", c.outputName()));
            if (c.split().strategy() == Config.SplitStrategy.WEIGHTED) splitArgs.addAll(List.of("--weight-by", c.split().weightBy().id()));
            int splitExit = SplitCommand.commandLine().execute(splitArgs.toArray(String[]::new));
            Path trainFile = outDir.resolve(c.outputName() + ".train.jsonl");
            Path validationFile = outDir.resolve(c.outputName() + ".validation.jsonl");
            if (Files.exists(trainFile)) parts.add(trainFile);
            if (Files.exists(validationFile)) parts.add(validationFile);
            if (splitExit == ExitCodes.OK) ui.success("wrote " + trainFile + " and " + validationFile);
            else ui.warning("split exit " + splitExit);
        } else {
            ui.title("[3/4] Split disabled in the config; keeping one file");
            parts.add(output);
        }

        ui.title("[4/4] Saving to the database");
        try (DatasetStore store = openStore()) {
            TokenCounter counter = Tokenizers.forTarget(registry.resolve(c.provider().id(), c.model(), null), null, w -> ui.warning(w));
            DatasetInfo info = DatasetInfo.named(c.outputName()).withProvider(c.provider().id(), c.model()).withMode("generated")
                    .withSource(output.toString());
            DatasetStore.SaveResult result;
            try (DatasetStore.DatasetWriter writer = store.begin(info, counter::count)) {
                for (Path part : parts) {
                    // NAME.train.jsonl / NAME.validation.jsonl: the file says the split, whatever the records carry
                    String name = part.getFileName().toString();
                    String split = name.endsWith(".train.jsonl") ? "train" : name.endsWith(".validation.jsonl") ? "validation" : null;
                    try (SampleReader reader = SampleReader.open(part.toString())) {
                        for (SampleReader.Entry entry : reader) {
                            if (!entry.ok()) continue;
                            if (split != null) entry.sample().metadata().split(split);
                            writer.add(entry.sample(), entry.line().number());
                        }
                    }
                }
                result = writer.commit();
            }
            lastDatasetId = result.dataset().id();
            ui.success(String.format(Locale.ROOT, "saved dataset '%s' (%d samples) in %s%s", result.dataset().id(),
                    result.dataset().totalSamples(), store.url(), result.replaced() ? ", replacing the earlier one" : ""));
        } catch (RuntimeException e) {
            ui.error("could not save to the database: " + e.getMessage());
        }
        ui.pause();
    }

    static String urlProblem(String text) {
        try {
            URI uri = URI.create(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) return null;
        } catch (IllegalArgumentException e) {
            // reported below
        }
        return "'" + text + "' is not an http(s) URL";
    }

    private DatasetStore openStore() {
        if (db != null) return DatasetStore.open(db);
        return DatasetStore.open(DatabaseUrl.fromEnvironment(env, DatabaseUrl.DEFAULT_SQLITE_FILE));
    }

    // ---------------------------------------------------------------- statistics

    private void statistics() throws Prompter.InputClosed, IOException {
        ui.title("--- View Dataset Statistics ---");
        List<String> args = new ArrayList<>();
        Optional<Path> file = chooseDataset(true, args);
        if (file.isEmpty() && args.isEmpty()) return;
        file.ifPresent(f -> args.add(f.toString()));
        if (Files.exists(configFile)) args.addAll(List.of("--config", configFile.toString()));
        if (ui.askYesNo("Also write the charts as PNG files?", false)) {
            Settings s = settings();
            Path dir = (s == null ? Path.of("output") : s.config().output().dir()).resolve("charts");
            String answer = ui.askText("Folder for the charts", dir.toString(), t -> Files.isRegularFile(Path.of(t)) ? t + " is a file" : null);
            args.addAll(List.of("--charts", answer));
        }
        ui.info("");
        int exit = StatsCommand.commandLine(ui.out()).execute(args.toArray(String[]::new));
        if (exit == ExitCodes.OK) ui.success("statistics done");
        else if (exit == ExitCodes.INVALID) ui.warning("some lines could not be read (listed above)");
        else ui.error("stats failed (exit " + exit + ")");
        ui.pause();
    }

    /**
     * Asks which dataset: the last one of this session, a JSONL file, or (when {@code allowDb}) a dataset in the
     * database, which adds {@code --db/--dataset} to {@code args}. Empty when there is nothing to choose.
     */
    private Optional<Path> chooseDataset(boolean allowDb, List<String> args) throws Prompter.InputClosed {
        List<Prompter.Choice<Integer>> sources = new ArrayList<>();
        if (lastDataset != null) sources.add(new Prompter.Choice<>(1, "the dataset generated in this session (" + lastDataset + ")"));
        sources.add(new Prompter.Choice<>(2, "a JSONL file"));
        if (allowDb) sources.add(new Prompter.Choice<>(3, "a dataset in the database"));
        int source = ui.choose("Which dataset?", sources, 0);
        switch (source) {
            case 1 -> {
                return Optional.of(lastDataset);
            }
            case 2 -> {
                String path = ui.askText("JSONL file", null, t -> Files.isRegularFile(Path.of(t)) ? null : t + ": no such file");
                return Optional.of(Path.of(path));
            }
            default -> {
                try (DatasetStore store = openStore()) {
                    List<Dataset> datasets = store.listDatasets();
                    if (datasets.isEmpty()) {
                        ui.warning("the database " + store.url() + " holds no dataset yet; generate one first");
                        return Optional.empty();
                    }
                    List<Prompter.Choice<String>> choices = new ArrayList<>();
                    int current = 0;
                    for (Dataset d : datasets) {
                        if (d.id().equals(lastDatasetId)) current = choices.size();
                        choices.add(new Prompter.Choice<>(d.id(), String.format(Locale.ROOT, "%s (%d samples, %s/%s, %s)",
                                d.id(), d.totalSamples(), d.provider(), d.model(), d.createdAt())));
                    }
                    String id = ui.choose("Dataset", choices, current);
                    Path dbFile = db != null ? db : sqlitePath(store);
                    if (dbFile == null) {
                        ui.error("statistics read SQLite databases; " + store.url() + " is not one");
                        return Optional.empty();
                    }
                    args.addAll(List.of("--db", dbFile.toString(), "--dataset", id));
                    return Optional.empty();
                }
            }
        }
    }

    private static Path sqlitePath(DatasetStore store) {
        return store.dialect() == ftkit.store.Dialect.SQLITE ? store.url().sqliteFile() : null;
    }

    // ---------------------------------------------------------------- export

    private void export() throws Prompter.InputClosed, IOException {
        ui.title("--- Export Dataset ---");
        Optional<Path> chosen = chooseDataset(false, new ArrayList<>());
        if (chosen.isEmpty()) return;
        Path input = chosen.get();
        List<Prompter.Choice<Integer>> formats = List.of(
                new Prompter.Choice<>(1, "JSONL in the target's own format (train/validation files, gated by validate)"),
                new Prompter.Choice<>(2, "CSV metadata (id, split, source, keywords, category, complexity, turns, tokens)"),
                new Prompter.Choice<>(3, "both, with dataset_info.txt and a dataset card"));
        int format = ui.choose("Format", formats, 2);
        Settings s = settings();
        if (s == null) return;
        Config c = s.config();
        Path dir = Path.of(ui.askText("Folder", c.output().dir().resolve("export").toString(),
                t -> Files.isRegularFile(Path.of(t)) ? t + " is a file" : null));
        String stem = input.getFileName().toString().replaceFirst("\\.jsonl$", "");
        Target target = registry.resolve(c.provider().id(), c.model(), null);
        if (format == 1 || format == 3) {
            // The export stage itself (ftkit.export): the target's record format, split files, rejects with reasons.
            List<String> args = new ArrayList<>();
            Path train = siblingSplit(input, "train");
            Path validation = siblingSplit(input, "validation");
            if (train != null && validation != null) {
                args.addAll(List.of("--train", train.toString(), "--validation", validation.toString()));
                ui.info("  using the split files " + train + " and " + validation);
            } else {
                args.add(input.toString());
            }
            args.addAll(List.of("--target", target.id(), "-o", dir.toString(), "--output-name", stem));
            if (Files.exists(configFile)) args.addAll(List.of("--config", configFile.toString()));
            // export saves what it exported in the store: the menu's store.
            if (db != null) args.addAll(List.of("--db", db.toString()));
            if (format == 1) args.addAll(List.of("--no-csv", "--no-stats"));
            int exit = ExportCommand.commandLine().execute(args.toArray(String[]::new));
            if (exit == ExitCodes.OK) ui.success("exported for " + target.id() + " into " + dir);
            else if (exit == ExitCodes.INVALID) ui.warning("exported for " + target.id() + " into " + dir + "; some samples were rejected or a dataset limit is not met (see above)");
            else ui.error("export failed (exit " + exit + ")");
        }
        if (format == 2) {
            DatasetExport export = new DatasetExport(Tokenizers.forTarget(target, null, w -> ui.warning(w)), ui);
            report(export.metadataCsv(input, dir.resolve(stem + ".metadata.csv")));
        }
        ui.pause();
    }

    /** NAME.train.jsonl beside NAME.jsonl, as the generate step's split writes them; null when absent. */
    static Path siblingSplit(Path input, String split) {
        String name = input.getFileName().toString();
        if (!name.endsWith(".jsonl") || name.matches(".*\\.(train|validation|test)\\.jsonl")) return null;
        Path sibling = input.resolveSibling(name.substring(0, name.length() - ".jsonl".length()) + "." + split + ".jsonl");
        return Files.isRegularFile(sibling) ? sibling : null;
    }

    private void report(DatasetExport.Result r) {
        if (r.skipped() == 0) ui.success(String.format(Locale.ROOT, "wrote %s (%d records)", r.file(), r.written()));
        else ui.warning(String.format(Locale.ROOT, "wrote %s (%d records); %d unreadable lines skipped", r.file(), r.written(), r.skipped()));
    }

    // ---------------------------------------------------------------- settings

    private void viewSettings() {
        Settings s = settings();
        if (s == null) return;
        ui.info(s.describe().stripTrailing());
    }

    private void settingsMenu() throws Prompter.InputClosed, IOException {
        while (true) {
            ui.title("--- Settings (" + configFile + ") ---");
            List<Prompter.Choice<Integer>> actions = List.of(
                    new Prompter.Choice<>(1, "View current configuration (every setting and where it comes from)"),
                    new Prompter.Choice<>(2, "Edit config.yaml (one setting at a time, checked before saving)"),
                    new Prompter.Choice<>(3, "Show the file as written"),
                    new Prompter.Choice<>(4, "Back"));
            int action = ui.choose("Choose", actions, 3);
            switch (action) {
                case 1 -> viewSettings();
                case 2 -> editSetting();
                case 3 -> {
                    if (Files.exists(configFile)) ui.info(Files.readString(configFile).stripTrailing());
                    else ui.warning(configFile + " does not exist yet; built-in defaults apply");
                }
                default -> {
                    return;
                }
            }
        }
    }

    private void editSetting() throws Prompter.InputClosed, IOException {
        Settings s = settings();
        if (s == null) return;
        List<Prompter.Choice<Setting>> choices = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            String current = s.text(setting);
            choices.add(new Prompter.Choice<>(setting, String.format(Locale.ROOT, "%-32s = %s", setting.key(), current == null ? "" : current)));
        }
        Setting setting = ui.choose("Setting to change", choices, null);
        ValueKind kind = setting.kind();
        ui.info("  " + setting.description() + " Allowed: " + kind.allowed());
        String value = ui.askText("New value for " + setting.key(), s.text(setting), text -> {
            try {
                kind.parse(text);
                return null;
            } catch (ValueKind.InvalidValue e) {
                return e.getMessage();
            }
        });
        if (saveValues(Map.of(setting, value))) {
            Settings after = settings();
            if (after != null && !String.valueOf(after.text(setting)).equals(value)) {
                ui.warning(setting.key() + " is still " + after.text(setting) + ": " + after.origin(setting) + " overrides the file");
            }
        }
    }

    /** For tests: the environment the menu passes to generate and reads keys from. */
    static CommandLine commandLine(Map<String, String> env) {
        MenuCommand command = new MenuCommand();
        command.env = env;
        return new CommandLine(command);
    }
}
