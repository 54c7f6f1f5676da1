package ftkit.export;

import ftkit.io.SampleReader;
import ftkit.model.Sample;
import ftkit.providers.ProviderRegistry;
import ftkit.providers.Target;
import ftkit.tokens.TokenCounter;
import ftkit.tokens.Tokenizers;
import ftkit.validate.Finding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Exports canonical samples (or any record format {@link SampleReader} reads) to one or more targets in a single
 * streaming pass. Each target's files are written in a hidden staging folder inside the output folder and moved to
 * {@code <output>/<target-slug>/} only when complete, so a failed run leaves the previous export untouched.
 */
public final class Exporter {
    public static final String TOOL = "ftkit export 0.1.0";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ProviderRegistry registry;
    private final ExportOptions options;
    private final Consumer<String> warn;

    /** One input: a file (or "-") and the split all its samples go to, or null to use each sample's metadata.split. */
    public record Input(String path, ExportSplit split) {
    }

    /** What one target got. */
    public record TargetResult(Target target, Path dir, Map<ExportSplit, Long> exported, Map<ExportSplit, List<String>> files,
                               long rejected, Map<String, Long> rejectCodes, Map<String, Long> warningCodes,
                               List<Finding> datasetFindings) {
        public boolean ok() {
            return rejected == 0 && datasetFindings.stream().noneMatch(Finding::isError);
        }
    }

    /** The whole run. {@code unreadable} counts input lines no target could read. */
    public record Result(List<TargetResult> targets, long samples, long unreadable) {
        /** 0 when every sample went to every target and every dataset check passed; else 3. */
        public int exitCode() {
            return unreadable == 0 && targets.stream().allMatch(TargetResult::ok) ? 0 : 3;
        }
    }

    public Exporter(ProviderRegistry registry, ExportOptions options, Consumer<String> warn) {
        this.registry = registry;
        this.options = options;
        this.warn = warn;
    }

    /**
     * A target for a bare record format (export --format alpaca): no provider limits, token counts estimated with
     * o200k_base.
     */
    public static Target formatTarget(ProviderRegistry registry, String formatId) {
        var rules = registry.format(formatId);
        return new Target("format/" + formatId, "format", "format", formatId, List.of(), rules.id(), "estimate:o200k_base",
                "no model chosen: token counts are o200k_base estimates", null, null, null, null, null, null, null, null,
                null, null, null, null, "active", null, "record format " + formatId, null);
    }

    /** The folder name of a target: its id with '/' and other unsafe characters replaced. */
    public static String slug(Target target) {
        String id = target.id().startsWith("format/") ? target.id().substring("format/".length()) : target.id();
        return id.replaceAll("[^A-Za-z0-9._-]+", "-");
    }

    public Result run(List<Input> inputs) throws IOException {
        Path out = options.outputDir().toAbsolutePath();
        Files.createDirectories(out);
        Set<String> slugs = new LinkedHashSet<>();
        for (Target t : options.targets()) {
            if (!slugs.add(slug(t))) throw new IllegalArgumentException("target " + t.id() + " is listed twice");
        }
        String runId = Long.toUnsignedString(RANDOM.nextLong(), 36);
        Path stagingRoot = out.resolve(".export-staging-" + runId);
        Map<String, TokenCounter> counters = new HashMap<>();
        List<TargetExport> exports = new ArrayList<>();
        long samples = 0;
        long unreadable = 0;
        try {
            for (Target t : options.targets()) {
                // Targets with the same tokenizer share a counter; the note is part of the key since the method text shows it.
                TokenCounter counter = counters.computeIfAbsent(t.tokenizer() + "|" + t.tokenizerNote(),
                        k -> Tokenizers.forTarget(t, options.llama3File(), warn));
                ExportGate gate = new ExportGate(t, registry.format(t.format()), counter);
                exports.add(new TargetExport(gate, slug(t), stagingRoot.resolve(slug(t)), options.outputName(),
                        options.includeCsv(), options.includeStats()));
            }
            for (Input input : inputs) {
                try (SampleReader reader = SampleReader.open(input.path(), options.forcedFormat())) {
                    for (SampleReader.Entry entry : reader) {
                        if (!entry.ok()) {
                            unreadable++;
                            for (TargetExport e : exports) {
                                e.reject(entry.line(), null, input.split(), List.of(Finding.error(entry.errorCode(), entry.error())));
                            }
                            continue;
                        }
                        samples++;
                        Sample sample = entry.sample();
                        String id = sample.id() != null ? sample.id() : fileName(input.path()) + ":" + entry.line().number();
                        ExportSplit split = input.split() != null ? input.split() : ExportSplit.parse(sample.metadata().split());
                        for (TargetExport e : exports) {
                            if (split == null) {
                                e.reject(entry.line(), id, null, List.of(Finding.error("unknown_split", "metadata.split is '"
                                        + sample.metadata().split() + "'; expected train, validation or test")));
                            } else {
                                e.add(sample, id, split, entry.line());
                            }
                        }
                    }
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }
            ExportReport.Context context = new ExportReport.Context(inputs.stream().map(Input::path).toList(),
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), TOOL);
            List<TargetResult> results = new ArrayList<>();
            for (TargetExport e : exports) {
                e.finish(context);
            }
            for (TargetExport e : exports) {
                Path dir = out.resolve(e.slug);
                swapInto(e.staging, dir, runId);
                Map<ExportSplit, Long> counts = new java.util.EnumMap<>(ExportSplit.class);
                for (ExportSplit s : ExportSplit.values()) counts.put(s, e.exported(s));
                results.add(new TargetResult(e.target(), dir, counts, e.files, e.rejected, e.rejectCodes, e.warningCodes, e.datasetFindings));
            }
            return new Result(results, samples, unreadable);
        } finally {
            for (TargetExport e : exports) {
                try {
                    e.close();
                } catch (IOException ignored) {
                    // closing after a failure; the staging folder is removed below
                }
            }
            deleteTree(stagingRoot);
        }
    }

    private static String fileName(String path) {
        if (path.equals("-")) return "stdin";
        Path p = Path.of(path).getFileName();
        return p == null ? path : p.toString();
    }

    /** Replaces {@code dir} by the finished staging folder: the old folder is moved aside first, then deleted. */
    static void swapInto(Path staging, Path dir, String runId) throws IOException {
        Path old = null;
        if (Files.exists(dir)) {
            old = dir.resolveSibling("." + dir.getFileName() + ".replaced-" + runId);
            move(dir, old);
        }
        try {
            move(staging, dir);
        } catch (IOException e) {
            if (old != null) move(old, dir);
            throw e;
        }
        if (old != null) deleteTree(old);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
