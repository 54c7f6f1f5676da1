package ftkit.cli;

import ftkit.config.ConfigException;
import ftkit.config.Setting;
import ftkit.config.Settings;
import ftkit.io.AtomicOutput;
import ftkit.io.Json;
import ftkit.io.RecordFormat;
import ftkit.providers.ProviderRegistry;
import ftkit.providers.Target;
import ftkit.tokens.Llama3Tokenizer;
import ftkit.validate.Summary;
import ftkit.validate.ValidationOptions;
import ftkit.validate.ValidationReport;
import ftkit.validate.Validator;
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
import java.util.concurrent.Callable;

/** The {@code validate} script: options and output; the checks are in {@link Validator}. */
@Command(name = "validate", mixinStandardHelpOptions = true, version = "ftkit validate 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Checks JSONL fine-tuning data against a target's record format, roles and",
                "ordering, token limit, dataset limits, duplicates and train/validation overlap,",
                "before you upload it.",
                "",
                "Examples:",
                "  validate --target openai/gpt-4o-mini-2024-07-18 train.jsonl \\",
                "           --validation val.jsonl",
                "  validate --provider anthropic train.jsonl --valid-out good.jsonl",
                "  validate --all-targets train.jsonl   (which targets accept it, and why not)",
                "  extract docs/ | validate --target bedrock/claude-3-haiku -",
                ""},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {
                "0:every record and the dataset are valid for the target (in --all-targets: at least one target accepts the file)",
                "1:other failure (unreadable file, I/O error)",
                "2:usage error (bad option, unknown target)",
                "3:invalid records or dataset-level errors found"})
public final class ValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "0..*", description = "JSONL files to check as training data; - reads stdin.")
    List<String> files = new ArrayList<>();

    @Option(names = "--target", paramLabel = "ID", description = "Target id, e.g. openai/gpt-4o-mini-2024-07-18 (see --list-targets).")
    String target;

    @Option(names = "--provider", description = "openai, anthropic, google, mistral or llama (default: FTKIT_PROVIDER, then config.yaml's provider).")
    String provider;

    @Option(names = "--model", description = "Model name or alias within the provider (default: FTKIT_MODEL, then config.yaml's model).")
    String model;

    @Option(names = "--route", description = "For models served on several platforms (Llama): bedrock, together, fireworks, huggingface, …")
    String route;

    @Option(names = "--all-targets", description = "Check against every registered target (narrowed by --provider/--route) and print a matrix.")
    boolean allTargets;

    @Option(names = "--validation", paramLabel = "FILE", description = "A validation file to check with the training data (limits and overlap).")
    String validation;

    @Option(names = "--input-format", paramLabel = "FMT", description = "Read every line as this format instead of detecting it: ${COMPLETION-CANDIDATES}.",
            completionCandidates = FormatIds.class)
    String inputFormat;

    @Option(names = "--rejects", paramLabel = "FILE", description = "Write rejected records with line and reasons here (default: <input>.rejects.jsonl beside the input, only when there are rejects).")
    String rejects;

    @Option(names = "--no-rejects", description = "Do not write a rejects file.")
    boolean noRejects;

    @Option(names = "--valid-out", paramLabel = "FILE", description = "Write the records without errors here (- for stdout).")
    String validOut;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the machine-readable JSON report here (- for stdout).")
    String report;

    @Option(names = "--duplicates", paramLabel = "POLICY", description = "warn (default) or reject exact duplicates after normalisation.")
    String duplicates = "warn";

    @Option(names = "--llama3-tokenizer", paramLabel = "FILE", description = "Meta's Llama 3 tokenizer.model for exact Llama counts (or env " + Llama3Tokenizer.ENV + ").")
    String llama3Tokenizer;

    @Option(names = "--registry", paramLabel = "FILE", description = "Your own provider registry YAML, overlaid on the bundled one (or env FTKIT_REGISTRY).")
    String registryFile;

    @Option(names = "--threads", description = "Worker threads (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--list-targets", description = "List the registered targets and exit.")
    boolean listTargets;

    @CommandLine.Mixin
    SharedOptions shared = new SharedOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static final class FormatIds extends ArrayList<String> {
        FormatIds() {
            for (RecordFormat f : RecordFormat.values()) add(f.id());
        }
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ValidateCommand());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("validate: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return ex instanceof IOException || ex instanceof UncheckedIOException ? 1 : 1;
        });
        return cl;
    }

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        ProviderRegistry registry;
        try {
            String reg = registryFile != null ? registryFile : System.getenv("FTKIT_REGISTRY");
            registry = ProviderRegistry.load(reg == null ? null : Path.of(reg));
        } catch (IOException e) {
            return usage("provider registry: " + e.getMessage());
        }
        if (listTargets) {
            listTargets(registry, System.out);
            return 0;
        }
        if (files.isEmpty()) return usage("no input file given (use - for stdin)");
        Settings settings;
        try {
            settings = shared.settings(Settings.flags("provider", provider, "model", model));
        } catch (ConfigException e) {
            return SharedOptions.reportConfigProblems(e);
        }
        if (threads < 1) return usage("--threads must be at least 1");
        List<Target> targets;
        try {
            targets = chooseTargets(registry, settings);
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        if (targets.size() > 1 && validOut != null) return usage("--valid-out needs a single target (valid for which one?)");
        RecordFormat forced = null;
        if (inputFormat != null) {
            try {
                forced = RecordFormat.fromId(inputFormat);
            } catch (IllegalArgumentException e) {
                return usage(e.getMessage());
            }
        }
        ValidationOptions.DuplicatePolicy policy;
        switch (duplicates.toLowerCase(Locale.ROOT)) {
            case "warn" -> policy = ValidationOptions.DuplicatePolicy.WARN;
            case "reject" -> policy = ValidationOptions.DuplicatePolicy.REJECT;
            default -> {
                return usage("--duplicates must be warn or reject, got " + duplicates);
            }
        }
        for (String f : files) {
            if (!f.equals("-") && !Files.isRegularFile(Path.of(f))) {
                err.println("validate: " + f + ": no such file");
                return 1;
            }
        }
        String rejectsPath = noRejects ? null : rejects != null ? rejects : defaultRejectsPath(files.get(0));
        Path llamaFile = Llama3Tokenizer.locate(llama3Tokenizer, System.getenv());
        ValidationOptions options = new ValidationOptions(targets, forced, llamaFile, threads, rejectsPath, validOut, null, policy, rejects != null);
        List<String> warnings = new ArrayList<>();
        Validator validator = new Validator(registry, options, warnings::add);
        warnings.forEach(w -> err.println("validate: warning: " + w));
        Validator.Run run = validator.run(files, validation);
        if (!shared.quiet()) Summary.print(run, err);
        if (report != null) {
            try (AtomicOutput out = AtomicOutput.open(report)) {
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out.stream(), ValidationReport.toJson(run));
                out.stream().write('\n');
                out.commit();
            }
        }
        int code = run.exitCode();
        long rejected = run.files().stream().mapToLong(f -> f.tallies().stream().mapToLong(t -> t.invalid()).max().orElse(0)).sum();
        if (rejectsPath != null && rejected > 0) err.println("validate: rejected records with reasons: " + rejectsPath);
        if (shared.quiet()) err.println("validate: " + (code == 0 ? "ACCEPTED" : "REJECTED"));
        return code;
    }

    private List<Target> chooseTargets(ProviderRegistry registry, Settings settings) {
        if (allTargets) {
            return registry.targets().stream()
                    .filter(t -> provider == null || t.provider().equalsIgnoreCase(provider) || t.route().equalsIgnoreCase(provider))
                    .filter(t -> route == null || t.route().equalsIgnoreCase(route))
                    .toList();
        }
        if (target != null) return List.of(registry.target(target));
        // provider and model come from the flag, else FTKIT_PROVIDER/FTKIT_MODEL, else config.yaml, else the defaults.
        String p = settings.config().provider().name().toLowerCase(Locale.ROOT);
        String m = provider != null && model == null ? null : settings.config().model();
        Log.info("target from provider %s (%s) and model %s (%s)", p, settings.origin(Setting.PROVIDER),
                m == null ? "any" : m, m == null ? "--provider given alone" : settings.origin(Setting.MODEL));
        if (m == null) {
            List<Target> ofProvider = registry.byProvider(p);
            if (ofProvider.isEmpty()) throw new IllegalArgumentException("unknown provider '" + p + "'");
            List<Target> narrowed = ofProvider.stream().filter(t -> route == null || t.route().equalsIgnoreCase(route)).toList();
            if (narrowed.size() == 1) return narrowed;
            throw new IllegalArgumentException("provider " + p + " has several models; add --model (one of: "
                    + String.join(", ", narrowed.stream().map(Target::id).toList()) + ") or use --all-targets --provider " + p);
        }
        return List.of(registry.resolve(p, m, route));
    }

    private static String defaultRejectsPath(String input) {
        if (input.equals("-")) return "stdin.rejects.jsonl";
        String name = input.endsWith(".jsonl") ? input.substring(0, input.length() - ".jsonl".length()) : input;
        return name + ".rejects.jsonl";
    }

    private int usage(String message) {
        System.err.println("validate: " + message);
        System.err.println("Try 'validate --help' for more information.");
        return 2;
    }

    static void listTargets(ProviderRegistry registry, PrintStream out) {
        out.printf(Locale.ROOT, "%-34s %-10s %-26s %-12s %-10s %s%n", "target", "provider", "format", "tokens/ex", "tokenizer", "status");
        for (Target t : registry.targets()) {
            out.printf(Locale.ROOT, "%-34s %-10s %-26s %-12s %-10s %s%n", t.id(), t.provider(), t.format(),
                    t.maxTokensPerExample() == null ? "not stated" : String.format(Locale.ROOT, "%,d", t.maxTokensPerExample()),
                    t.tokenCountIsEstimate() ? "estimate" : t.tokenizer(), t.status());
        }
    }
}
