package ftkit.cli;

import ftkit.io.AtomicOutput;
import ftkit.io.Json;
import ftkit.providers.ProviderRegistry;
import ftkit.providers.Target;
import ftkit.split.InteractiveSplit;
import ftkit.split.Ratio;
import ftkit.split.SplitException;
import ftkit.split.SplitOptions;
import ftkit.split.SplitReport;
import ftkit.split.Splitter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** The {@code split} script: options and output; the logic is in {@link Splitter}. */
@Command(name = "split", mixinStandardHelpOptions = true, version = "ftkit split 0.1.0", sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
                "Splits samples into train and validation (and optionally test) without",
                "leakage: exact duplicates, near-duplicates and samples cut from one source",
                "chunk (metadata.chunk_id) always land on the same side. Seeded: the same",
                "input and seed give byte-identical files. Writes canonical samples with",
                "metadata.split set. The summary (distribution by source and keyword before",
                "and after, balance, groups kept together) goes to stderr.",
                "On a terminal without arguments it asks the questions instead.",
                "",
                "Examples:",
                "  split data.jsonl --ratio 80/20 --train train.jsonl --validation val.jsonl",
                "  split data.jsonl --ratio 90/10 --strategy weighted --weight-by source \\",
                "        --output-dir out/ --report out/split.json",
                "  split data.jsonl --ratio 80/10/10 --output-dir out/ \\",
                "        --target bedrock/claude-3-haiku --seed 7",
                "  cat data.jsonl | split - --respect-existing --output-dir out/",
                ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:split written",
                "1:failure (unreadable input, I/O error, validation limit exceeded by the input's own splits)",
                "2:usage error (bad option, missing output)",
                "3:split written, but some input lines were unreadable (see the rejects file)"})
public final class SplitCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "0..1", description = "JSONL samples (any supported record format); - reads stdin.")
    String input;

    @Option(names = "--ratio", description = "90/10, 80/20, 70/30, any train/validation like 85/15, or train/validation/test like 80/10/10 (default 80/20).")
    String ratio = "80/20";

    @Option(names = "--strategy", description = "random (default) or weighted (every --weight-by group split in the ratio).")
    String strategy = "random";

    @Option(names = "--weight-by", description = "source (default) or keywords (the first keyword of each sample).")
    String weightBy;

    @Option(names = "--seed", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed = SplitOptions.DEFAULT_SEED;

    @Option(names = "--respect-existing", description = "Keep each record's own metadata.split (train/validation/test); split only the rest.")
    boolean respectExisting;

    @Option(names = "--max-validation", paramLabel = "N", description = "At most N validation records (a target's limit).")
    Integer maxValidation;

    @Option(names = "--target", paramLabel = "ID", description = "Take the validation limit from this target of the provider registry, e.g. bedrock/claude-3-haiku.")
    String target;

    @Option(names = "--no-near-duplicates", description = "Keep only exact duplicates and shared chunks together (faster; near-duplicates may leak).")
    boolean noNearDuplicates;

    @Option(names = "--near-duplicate-threshold", paramLabel = "J", description = "Estimated Jaccard similarity of word 3-grams from which two samples are near-duplicates (default ${DEFAULT-VALUE}).")
    double nearDuplicateThreshold = SplitOptions.DEFAULT_NEAR_DUPLICATE_THRESHOLD;

    @Option(names = "--train", paramLabel = "FILE", description = "Train output.")
    Path train;

    @Option(names = "--validation", paramLabel = "FILE", description = "Validation output.")
    Path validation;

    @Option(names = "--test", paramLabel = "FILE", description = "Test output (needed when the ratio has a test share).")
    Path test;

    @Option(names = "--output-dir", paramLabel = "DIR", description = "Write NAME.train.jsonl, NAME.validation.jsonl (, NAME.test.jsonl) here instead.")
    Path outputDir;

    @Option(names = "--name", description = "Base name in --output-dir (default: the input's name without .jsonl).")
    String name;

    @Option(names = "--rejects", paramLabel = "FILE", description = "Unreadable lines with line number and reason (default: beside the train output, only when there are some).")
    Path rejects;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the JSON report here (- for stdout).")
    String report;

    @Option(names = {"-q", "--quiet"}, description = "Print only the one-line result on stderr.")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SplitCommand());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("split: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return 1;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** No arguments on a terminal: the brief's questions. */
    public static int run(String[] args) {
        if (args.length == 0 && System.console() != null) {
            PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            return new InteractiveSplit(in, err, null).run(null);
        }
        return commandLine().execute(args);
    }

    @Override
    public Integer call() throws Exception {
        java.io.PrintWriter err = spec.commandLine().getErr();
        if (input == null) throw usage("name an input FILE (or - for stdin); run on a terminal without arguments to be asked");
        SplitOptions options;
        try {
            options = SplitOptions.of(Ratio.parse(ratio)).withSeed(seed).respectingExisting(respectExisting)
                    .withNearDuplicates(!noNearDuplicates, nearDuplicateThreshold);
            switch (strategy.toLowerCase(Locale.ROOT)) {
                case "random", "uniform" -> {
                    if (weightBy != null) throw usage("--weight-by needs --strategy weighted");
                }
                case "weighted" -> options = options.weighted(weightBy == null ? SplitOptions.WeightBy.SOURCE : switch (weightBy.toLowerCase(Locale.ROOT)) {
                    case "source" -> SplitOptions.WeightBy.SOURCE;
                    case "keywords", "keyword" -> SplitOptions.WeightBy.KEYWORDS;
                    default -> throw usage("--weight-by must be source or keywords, not '" + weightBy + "'");
                });
                default -> throw usage("--strategy must be random or weighted, not '" + strategy + "'");
            }
            Integer cap = maxValidation;
            if (target != null) {
                Target t = ProviderRegistry.bundled().target(target);
                if (t.maxValidationExamples() != null && (cap == null || t.maxValidationExamples() < cap)) {
                    cap = Math.toIntExact(t.maxValidationExamples());
                    if (!quiet) err.println("split: " + t.id() + " accepts at most " + cap + " validation records");
                }
            }
            options = options.withMaxValidation(cap);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }

        Path spooled = null;
        try {
            Path in;
            if ("-".equals(input)) {
                spooled = Splitter.spool(System.in, Path.of(System.getProperty("java.io.tmpdir")));
                in = spooled;
            } else {
                in = Path.of(input);
                if (!Files.isRegularFile(in)) {
                    err.println("split: " + input + ": no such file");
                    return 1;
                }
            }
            Splitter.Outputs outputs = outputs(options);
            SplitReport result = Splitter.split(in, options, outputs);
            if (report != null) {
                try (AtomicOutput o = AtomicOutput.open(report)) {
                    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(o.stream(), result.toJson());
                    o.stream().write('\n');
                    o.commit();
                }
            }
            if (!quiet) err.print(result.toText(20));
            err.printf(Locale.ROOT, "split: train %,d, validation %,d%s → %s%s%n", result.count(ftkit.split.Side.TRAIN),
                    result.count(ftkit.split.Side.VALIDATION),
                    outputs.test() == null ? "" : String.format(Locale.ROOT, ", test %,d", result.count(ftkit.split.Side.TEST)),
                    outputs.train().toAbsolutePath().getParent(),
                    result.rejected() > 0 ? String.format(Locale.ROOT, "; %,d unreadable lines in %s", result.rejected(), outputs.rejects()) : "");
            return result.rejected() > 0 ? 3 : 0;
        } catch (SplitException e) {
            err.println("split: " + e.getMessage());
            return e.usage() ? 2 : 1;
        } catch (IOException e) {
            err.println("split: " + e.getMessage());
            return 1;
        } finally {
            if (spooled != null) Files.deleteIfExists(spooled);
        }
    }

    private Splitter.Outputs outputs(SplitOptions options) {
        boolean wantTest = options.ratio().test() > 0;
        if (outputDir != null) {
            if (train != null || validation != null || test != null) throw usage("use either --output-dir or --train/--validation/--test");
            String base = name != null ? name : "-".equals(input) ? "split" : Path.of(input).getFileName().toString().replaceFirst("\\.jsonl?$", "");
            Splitter.Outputs d = Splitter.Outputs.inDirectory(outputDir, base, wantTest);
            return new Splitter.Outputs(d.train(), d.validation(), d.test(), rejects != null ? rejects : d.rejects());
        }
        if (train == null || validation == null) throw usage("name the outputs: --train FILE --validation FILE, or --output-dir DIR");
        if (wantTest && test == null) throw usage("the ratio " + options.ratio() + " has a test share: add --test FILE");
        if (!wantTest && test != null) throw usage("--test given but the ratio " + options.ratio() + " has no test share (e.g. use 80/10/10)");
        Path rej = rejects != null ? rejects : train.toAbsolutePath().resolveSibling(
                train.getFileName().toString().replaceFirst("\\.jsonl?$", "") + ".rejects.jsonl");
        return new Splitter.Outputs(train, validation, test, rej);
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
