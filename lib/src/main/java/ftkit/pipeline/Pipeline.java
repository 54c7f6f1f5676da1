package ftkit.pipeline;

import ftkit.config.Config;
import ftkit.export.ExportOptions;
import ftkit.export.ExportSplit;
import ftkit.export.Exporter;
import ftkit.extract.ExtractOptions;
import ftkit.extract.Extractor;
import ftkit.extract.RunReport;
import ftkit.generate.GenerateStage;
import ftkit.generate.Prompts;
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
    private GenerateStage generate;

    /**
     * What each stage did; {@link #exitCode()} is the worst of them. {@code extract} is null when no documents were
     * read (create or free mode without documents), {@code generate} when the mode generates nothing (identify).
     */
    public record Summary(RunReport extract, Generation generate, long validated, List<Long> invalidPerTarget, long duplicates,
                         SplitReport split, Exporter.Result export, List<String> notes) {
        public int exitCode() {
            boolean problems = (extract != null && extract.hasProblems()) || (generate != null && generate.exitCode() != 0)
                    || export.exitCode() != 0 || (split != null && split.rejected() > 0);
            return problems ? 3 : 0;
        }
    }

    /**
     * What the generate stage did: its exit code ({@code generate}'s: 0, 3 partial, 4 budget reached), the counts of
     * the whole job (earlier runs of the same journal included) and where its samples and rejects are.
     */
    public record Generation(Prompts.Mode mode, int exitCode, GenerateStage.Outcome outcome, Path samples, Path rejects) {
        public boolean budgetReached() {
            return exitCode == ftkit.generate.GenerateCommand.BUDGET_REACHED;
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
     * How create, hybrid and free modes call the generate stage (LLM, plan, budget...). Without it only identify mode
     * runs.
     */
    public Pipeline withGenerate(GenerateStage stage) {
        this.generate = stage;
        return this;
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
        Prompts.Mode generateMode = switch (config.mode()) {
            case IDENTIFY -> null;
            case CREATE -> Prompts.Mode.CREATE;
            case HYBRID -> Prompts.Mode.HYBRID;
            case FREE -> Prompts.Mode.FREE;
            case TEMPLATES -> throw new StageException("mode templates is not a pipeline mode: turn a labelled dataset into "
                    + "chat samples with the templates script, then run export on its output", true);
        };
        String modeId = config.mode().id();
        // Everything that would stop the run later is checked before any work: the key, the plan, the prompts.
        if (generateMode != null) {
            if (generate == null) throw new StageException("mode " + modeId + " needs the generate stage's settings (LLM, plan)", true);
            try {
                generate.preflight(generateMode);
            } catch (GenerateStage.UsageProblem e) {
                throw new StageException(e.getMessage(), true);
            }
        }
        if (documents.isEmpty() && (generateMode == null || generateMode == Prompts.Mode.HYBRID)) {
            throw new StageException("mode " + modeId + " needs documents (files or folders) to extract conversations from", true);
        }
        if (!documents.isEmpty() && generateMode == Prompts.Mode.FREE) {
            throw new StageException("mode free writes from the free-mode instructions alone and does not read documents; "
                    + "use mode create to ground generated samples in documents, or hybrid to mix in extracted ones", true);
        }
        String name = config.outputName();
        Path work = config.output().dir().resolve("work");
        Files.createDirectories(work);
        List<String> notes = new ArrayList<>();

        // 1. extract: the conversations already in the documents, and (for generate) the text chunks to ground in
        RunReport extract = null;
        Path extracted = work.resolve(name + "_extracted.jsonl");
        Path chunks = null;
        if (!documents.isEmpty()) {
            progress.accept("extract: reading " + String.join(", ", documents));
            ExtractOptions eo = new ExtractOptions();
            eo.minTurns = config.agent().identify().minTurns();
            eo.includeContext = config.agent().identify().includeContext();
            Extractor extractor = new Extractor(eo);
            List<Extractor.InputFile> files = Extractor.discover(documents, eo);
            if (files.isEmpty()) throw new StageException("no supported documents found in " + String.join(", ", documents), true);
            if (generateMode != null) chunks = work.resolve(name + "_chunks.jsonl");
            extract = extractor.run(files, extracted.toString(), chunks == null ? null : chunks.toString(), r -> { });
            progress.accept("extract: " + extract.summary());
            if (generateMode == null && extract.samples() == 0) {
                throw new StageException("extract found no conversation in the documents (mode identify keeps only "
                        + "conversations already there: FAQs, Q&A tables, chat logs, transcripts)", false);
            }
        }

        // 1b. generate (create, hybrid, free): the journal makes a re-run resume instead of paying again
        Generation generation = null;
        Path samples = extracted;
        if (generateMode != null) {
            Path generated = work.resolve(name + "_generated.jsonl");
            Path rejects = work.resolve(name + "_generate_rejects.jsonl");
            GenerateStage.Locations where = new GenerateStage.Locations(chunks,
                    generateMode == Prompts.Mode.HYBRID ? extracted : null, generated, rejects, work.resolve("journal"));
            progress.accept("generate: " + modeId + " mode" + (chunks == null ? "" : ", grounded in " + chunks)
                    + (generateMode == Prompts.Mode.HYBRID ? ", extracted samples from " + extracted : ""));
            GenerateStage.Run run;
            try {
                run = generate.run(generateMode, where);
            } catch (GenerateStage.UsageProblem e) {
                throw new StageException("generate: " + e.getMessage(), true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted during generate", e);
            }
            if (run.outcome().isEmpty() || run.exitCode() == 1) {
                String reason = run.outcome().map(o -> o.result().stopReason()).orElse(null);
                throw new IOException("generate stopped" + (reason == null ? "" : ": " + reason) + " (answers so far are kept in "
                        + "the journal under " + where.journalDir() + "; a re-run resumes)");
            }
            generation = new Generation(generateMode, run.exitCode(), run.outcome().get(), generated, rejects);
            var r = generation.outcome().result();
            if (generation.budgetReached()) {
                notes.add(r.stopReason() + ": " + r.notRun() + " samples not generated; re-run with a higher budget to continue");
            }
            if (r.rejected() + r.failed() > 0) {
                notes.add((r.rejected() + r.failed()) + " generate tasks rejected or failed, reasons in " + rejects
                        + " (a re-run retries the failed ones)");
            }
            if (r.produced() == 0) {
                throw new StageException("generate produced no sample (" + r.summary() + ")", false);
            }
            samples = generated;
        }

        // 2. validate: duplicates rejected; with one target its valid records go on; with several, validate reports
        // the matrix, exact duplicates are dropped here and each target's export gate decides per record.
        Path valid = work.resolve(name + "_valid.jsonl");
        Path validateRejects = work.resolve(name + "_validate_rejects.jsonl");
        boolean single = targets.size() == 1;
        ValidationOptions vo = new ValidationOptions(targets, null, llama3File, Runtime.getRuntime().availableProcessors(),
                validateRejects.toString(), single ? valid.toString() : null, null, ValidationOptions.DuplicatePolicy.REJECT, false);
        Validator.Run vrun = new Validator(registry, vo, progress).run(List.of(samples.toString()), null);
        Validator.FileResult vf = vrun.files().get(0);
        List<Long> invalid = new ArrayList<>();
        for (TargetTally t : vf.tallies()) invalid.add(t.invalid());
        progress.accept(String.format(Locale.ROOT, "validate: %d records, %d exact duplicates, invalid per target %s%s", vf.lines(),
                vf.duplicates(), invalid, single ? "" : " (several targets: export gates each)"));
        Path splitInput = single ? valid : dropDuplicates(samples, work.resolve(name + "_unique.jsonl"));

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
        return new Summary(extract, generation, vf.lines(), invalid, vf.duplicates(), splitReport, export, notes);
    }

    // ---- the dataset store export saves into (set by PipelineCommand; none by default)
    private ExportOptions.Store exportStore;

    /** Saves the exported dataset in this store (see {@link ExportOptions.Store}); null saves nothing. */
    public Pipeline saveTo(ExportOptions.Store store) {
        this.exportStore = store;
        return this;
    }
}
