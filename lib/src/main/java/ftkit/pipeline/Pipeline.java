package ftkit.pipeline;

import ftkit.config.Config;
import ftkit.export.ExportOptions;
import ftkit.export.ExportSplit;
import ftkit.export.Exporter;
import ftkit.extract.ExtractOptions;
import ftkit.extract.Extractor;
import ftkit.extract.RunReport;
import ftkit.providers.ProviderRegistry;
import ftkit.providers.Target;
import ftkit.split.Ratio;
import ftkit.split.Side;
import ftkit.split.SplitException;
import ftkit.split.SplitOptions;
import ftkit.split.SplitReport;
import ftkit.split.Splitter;
import ftkit.io.JsonlWriter;
import ftkit.io.SampleReader;
import ftkit.validate.ContentKey;
import ftkit.validate.TargetTally;
import ftkit.validate.ValidationOptions;
import ftkit.validate.Validator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The whole job from {@code config.yaml}: extract → (generate, when the mode needs it) → validate → split → export.
 * Each stage is the lib's own API, the same code its script runs. Intermediate files stay in
 * {@code <output.dir>/work/} for inspection; the upload-ready files are export's, in {@code <output.dir>/<target>/}.
 */
public final class Pipeline {
    private final ProviderRegistry registry;
    private final Config config;
    private final List<Target> targets;
    private final Path llama3File;
    private final Consumer<String> progress;

    /** What each stage did; {@link #exitCode()} is the worst of them. */
    public record Summary(RunReport extract, long validated, List<Long> invalidPerTarget, long duplicates, SplitReport split,
                          Exporter.Result export, List<String> notes) {
        public int exitCode() {
            boolean problems = extract.hasProblems() || export.exitCode() != 0 || (split != null && split.rejected() > 0);
            return problems ? 3 : 0;
        }
    }

    /** A stage that cannot run: the mode needs what this build lacks, or the input gives nothing to work on. */
    public static final class StageException extends Exception {
        private final boolean usage;

        public StageException(String message, boolean usage) {
            super(message);
            this.usage = usage;
        }

        public boolean usage() {
            return usage;
        }
    }

    public Pipeline(ProviderRegistry registry, Config config, List<Target> targets, Path llama3File, Consumer<String> progress) {
        this.registry = registry;
        this.config = config;
        this.targets = targets;
        this.llama3File = llama3File;
        this.progress = progress;
    }

    /**
     * Keeps the first of each group of exact duplicates (validate's {@link ContentKey}): what validate's valid-out does
     * for one target, for a run with several targets where validate can only report.
     */
    static Path dropDuplicates(Path in, Path out) throws IOException {
        Set<ContentKey> seen = new HashSet<>();
        try (SampleReader reader = SampleReader.open(in.toString()); JsonlWriter writer = JsonlWriter.open(out)) {
            for (SampleReader.Entry e : reader) {
                if (!e.ok() || seen.add(ContentKey.of(e.sample()))) writer.writeRaw(e.line().bytes());
            }
            writer.commit();
        }
        return out;
    }

    public Summary run(List<String> documents) throws IOException, StageException {
        if (config.mode() != Config.Mode.IDENTIFY) {
            // create, hybrid and free need the generate stage (branch llm), which is not part of this build yet.
            throw new StageException("mode " + config.mode().id() + " needs the generate stage, which this build does not include yet; "
                    + "use mode identify (extract only) or run generate and then `export` on its output", true);
        }
        String name = config.outputName();
        Path work = config.output().dir().resolve("work");
        Files.createDirectories(work);
        List<String> notes = new ArrayList<>();

        // 1. extract
        progress.accept("extract: reading " + String.join(", ", documents));
        ExtractOptions eo = new ExtractOptions();
        eo.minTurns = config.agent().identify().minTurns();
        eo.includeContext = config.agent().identify().includeContext();
        Extractor extractor = new Extractor(eo);
        List<Extractor.InputFile> files = Extractor.discover(documents, eo);
        if (files.isEmpty()) throw new StageException("no supported documents found in " + String.join(", ", documents), true);
        Path extracted = work.resolve(name + "_extracted.jsonl");
        RunReport extract = extractor.run(files, extracted.toString(), null, r -> { });
        progress.accept("extract: " + extract.summary());
        if (extract.samples() == 0) throw new StageException("extract found no conversation in the documents (mode identify keeps only "
                + "conversations already there: FAQs, Q&A tables, chat logs, transcripts)", false);

        // 2. validate: duplicates rejected; with one target its valid records go on; with several, validate reports
        // the matrix, exact duplicates are dropped here and each target's export gate decides per record.
        Path valid = work.resolve(name + "_valid.jsonl");
        Path validateRejects = work.resolve(name + "_validate_rejects.jsonl");
        boolean single = targets.size() == 1;
        ValidationOptions vo = new ValidationOptions(targets, null, llama3File, Runtime.getRuntime().availableProcessors(),
                validateRejects.toString(), single ? valid.toString() : null, null, ValidationOptions.DuplicatePolicy.REJECT, false);
        Validator.Run vrun = new Validator(registry, vo, progress).run(List.of(extracted.toString()), null);
        Validator.FileResult vf = vrun.files().get(0);
        List<Long> invalid = new ArrayList<>();
        for (TargetTally t : vf.tallies()) invalid.add(t.invalid());
        progress.accept(String.format(Locale.ROOT, "validate: %d records, %d exact duplicates, invalid per target %s%s", vf.lines(),
                vf.duplicates(), invalid, single ? "" : " (several targets: export gates each)"));
        Path splitInput = single ? valid : dropDuplicates(extracted, work.resolve(name + "_unique.jsonl"));

        // 3. split
        SplitReport splitReport = null;
        List<Exporter.Input> exportInputs = new ArrayList<>();
        Config.Split sc = config.split();
        if (sc.enabled()) {
            Ratio ratio = new Ratio(sc.ratio(), sc.validationRatio(), sc.testRatio());
            SplitOptions so = SplitOptions.of(ratio).withSeed(sc.seed());
            if (sc.strategy() == Config.SplitStrategy.WEIGHTED) {
                so = so.weighted(sc.weightBy() == Config.WeightBy.KEYWORDS ? SplitOptions.WeightBy.KEYWORDS : SplitOptions.WeightBy.SOURCE);
            }
            Long cap = targets.stream().map(Target::maxValidationExamples).filter(x -> x != null).min(Long::compare).orElse(null);
            if (cap != null) so = so.withMaxValidation(Math.toIntExact(cap));
            Splitter.Outputs outs = Splitter.Outputs.inDirectory(work, name, sc.testRatio() > 0);
            try {
                splitReport = Splitter.split(splitInput, so, outs);
            } catch (SplitException e) {
                throw new StageException("split: " + e.getMessage(), e.usage());
            }
            progress.accept(String.format(Locale.ROOT, "split: %s → train %d, validation %d, test %d", so.describe(),
                    splitReport.count(Side.TRAIN), splitReport.count(Side.VALIDATION), splitReport.count(Side.TEST)));
            exportInputs.add(new Exporter.Input(outs.train().toString(), ExportSplit.TRAIN));
            exportInputs.add(new Exporter.Input(outs.validation().toString(), ExportSplit.VALIDATION));
            if (outs.test() != null) exportInputs.add(new Exporter.Input(outs.test().toString(), ExportSplit.TEST));
        } else {
            notes.add("split disabled in config: every sample goes to the training file");
            exportInputs.add(new Exporter.Input(splitInput.toString(), ExportSplit.TRAIN));
        }

        // 4. export
        ExportOptions xo = new ExportOptions(targets, config.output().dir(), name, null, llama3File,
                config.output().includeCsv(), config.output().includeStats(), Runtime.getRuntime().availableProcessors(), exportStore);
        Exporter.Result export = new Exporter(registry, xo, progress).run(exportInputs);
        return new Summary(extract, vf.lines(), invalid, vf.duplicates(), splitReport, export, notes);
    }

    // ---- the dataset store export saves into (set by PipelineCommand; none by default)
    private ExportOptions.Store exportStore;

    /** Saves the exported dataset in this store (see {@link ExportOptions.Store}); null saves nothing. */
    public Pipeline saveTo(ExportOptions.Store store) {
        this.exportStore = store;
        return this;
    }
}
