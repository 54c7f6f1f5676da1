package ftkit.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ftkit.io.Json;
import ftkit.io.JsonlLine;
import ftkit.io.SampleReader;
import ftkit.model.Sample;
import ftkit.providers.ProviderRegistry;
import ftkit.providers.Target;
import ftkit.store.Dataset;
import ftkit.store.DatasetInfo;
import ftkit.store.DatasetStore;
import ftkit.store.SampleCursor;
import ftkit.store.SampleQuery;
import ftkit.store.StoreException;
import ftkit.store.StoredSample;
import ftkit.tokens.TokenCounter;
import ftkit.tokens.Tokenizers;
import ftkit.validate.Finding;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Exports canonical samples (or any record format {@link SampleReader} reads) to one or more targets in a single
 * streaming pass. Each target's files are written in a hidden staging folder inside the output folder and moved to
 * {@code <output>/<target-slug>/} only when complete, so a failed run leaves the previous export untouched.
 *
 * <p>With a {@link ExportOptions.Store}, the samples are also saved, as they stream by, as the dataset
 * {@code output_name} (each with the split it was exported to) in one transaction that commits once the files are in
 * place; a dataset of that name is backed up first and then replaced. A stored dataset can be an input too
 * ({@link Input#stored}): its samples are exported with their stored splits, exactly as a file's would be.
 */
public final class Exporter {
    public static final String TOOL = "ftkit export 0.1.0";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BATCH = 256;

    private final ProviderRegistry registry;
    private final ExportOptions options;
    private final Consumer<String> warn;

    /**
     * One input: a file (or "-") and the split all its samples go to, or null to use each sample's metadata.split;
     * or, when {@code storedDataset} is set, that dataset of the export's store (path is then only a label).
     */
    public record Input(String path, ExportSplit split, String storedDataset) {
        public Input(String path, ExportSplit split) {
            this(path, split, null);
        }

        /** A dataset of the export's store (by id or name), each sample going to its stored split. */
        public static Input stored(String datasetIdOrName) {
            return new Input("dataset:" + datasetIdOrName, null, datasetIdOrName);
        }

        public boolean isStored() {
            return storedDataset != null;
        }
    }

    /**
     * What the store got: the dataset saved (null when nothing was saved, with the reason in {@code note}), whether it
     * replaced an earlier one and the backup taken before, and the database (credentials hidden).
     */
    public record Saved(Dataset dataset, boolean replaced, Path backup, String database, String note) {
    }

    /** What one target got. */
    public record TargetResult(Target target, Path dir, Map<ExportSplit, Long> exported, Map<ExportSplit, List<String>> files,
                               long rejected, Map<String, Long> rejectCodes, Map<String, Long> warningCodes,
                               List<Finding> datasetFindings) {
        public boolean ok() {
            return rejected == 0 && datasetFindings.stream().noneMatch(Finding::isError);
        }
    }

    /** The whole run. {@code unreadable} counts input lines no target could read; {@code saved} is null without a store. */
    public record Result(List<TargetResult> targets, long samples, long unreadable, Saved saved) {
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
        Set<String> slugs = new LinkedHashSet<>();
        for (Target t : options.targets()) {
            if (!slugs.add(slug(t))) throw new IllegalArgumentException("target " + t.id() + " is listed twice");
        }
        ExportOptions.Store storeOptions = options.store();
        boolean readsStore = inputs.stream().anyMatch(Input::isStored);
        if (readsStore && storeOptions == null) throw new IllegalArgumentException("a stored dataset is an input, but no store is given");
        // The store is opened (and a dataset about to be replaced backed up) before any file is written.
        try (DatasetStore store = storeOptions == null || !(storeOptions.save() || readsStore) ? null
                : DatasetStore.open(storeOptions.database(), storeOptions.storeOptions())) {
            List<Input> resolved = new ArrayList<>();
            for (Input in : inputs) resolved.add(in.isStored() ? resolveStored(store, in) : in);
            StoreSaver saver = null;
            String note = null;
            if (store != null && storeOptions.save()) {
                String id = DatasetInfo.slug(options.outputName());
                if (resolved.stream().anyMatch(in -> id.equals(in.storedDataset()))) {
                    note = "not saved again: the stored dataset '" + id + "' is this export's input";
                } else {
                    saver = new StoreSaver(store, datasetInfo(resolved, storeOptions));
                }
            }
            try (StoreSaver s = saver) {
                Result r = export(resolved, store, s);
                Saved saved = null;
                if (s != null) {
                    DatasetStore.SaveResult sr = s.commit();
                    saved = new Saved(sr.dataset(), sr.replaced(), sr.backup(), store.url().toString(), null);
                } else if (store != null && storeOptions.save()) {
                    saved = new Saved(null, false, null, store.url().toString(), note);
                }
                return new Result(r.targets(), r.samples(), r.unreadable(), saved);
            }
        }
    }

    private static Input resolveStored(DatasetStore store, Input in) {
        Dataset d = store.find(in.storedDataset()).orElseThrow(() -> new IllegalArgumentException("no dataset '"
                + in.storedDataset() + "' in " + store.url() + "; there are: " + (store.listDatasets().isEmpty() ? "none"
                : store.listDatasets().stream().map(Dataset::id).collect(Collectors.joining(", ")))));
        return new Input("dataset:" + d.id(), in.split(), d.id());
    }

    private DatasetInfo datasetInfo(List<Input> inputs, ExportOptions.Store s) {
        String providers = options.targets().stream().map(Target::provider).distinct().collect(Collectors.joining(","));
        String models = options.targets().stream().map(Target::model).distinct().collect(Collectors.joining(","));
        ObjectNode config = Json.MAPPER.createObjectNode();
        if (s.config() != null) config.set("config", s.config());
        ObjectNode export = config.putObject("export");
        var targets = export.putArray("targets");
        options.targets().forEach(t -> targets.add(t.id()));
        var in = export.putArray("inputs");
        for (Input i : inputs) {
            ObjectNode o = in.addObject().put("input", i.path());
            if (i.split() != null) o.put("split", i.split().id());
        }
        export.put("output_dir", options.outputDir().toAbsolutePath().toString());
        export.put("output_name", options.outputName());
        export.put("tool", TOOL);
        return DatasetInfo.named(options.outputName()).withProvider(providers, models).withMode(s.mode()).withConfig(config)
                .withSource(inputs.stream().map(Input::path).collect(Collectors.joining(", ")));
    }

    /**
     * Saves the samples as they are exported. The store wants a token count per sample; the first target's gate has
     * just counted it, so that count is handed over instead of counting again.
     */
    private static final class StoreSaver implements AutoCloseable {
        private final DatasetStore.DatasetWriter writer;
        private int tokens;

        StoreSaver(DatasetStore store, DatasetInfo info) {
            this.writer = store.begin(info, sample -> tokens);
        }

        void add(Sample sample, ExportSplit split, Long line, int tokens) {
            sample.metadata().split(split.id());
            this.tokens = tokens;
            writer.add(sample, line);
        }

        DatasetStore.SaveResult commit() {
            return writer.commit();
        }

        @Override
        public void close() {
            writer.close();
        }
    }

    private Result export(List<Input> inputs, DatasetStore store, StoreSaver saver) throws IOException {
        Path out = options.outputDir().toAbsolutePath();
        Files.createDirectories(out);
        String runId = Long.toUnsignedString(RANDOM.nextLong(), 36);
        Path stagingRoot = out.resolve(".export-staging-" + runId);
        Map<String, TokenCounter> counters = new HashMap<>();
        List<TargetExport> exports = new ArrayList<>();
        long samples;
        long unreadable;
        long[] counts = new long[2];
        ExecutorService pool = options.threads() > 1 ? Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "export-worker");
            t.setDaemon(true);
            return t;
        }) : null;
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
                try (Entries reader = open(input, store)) {
                    if (pool == null) {
                        while (reader.hasNext()) fold(gate(input, reader.next(), exports), exports, counts, saver);
                    } else {
                        // Lines are read here and gated in batches on the workers; results are folded in input order,
                        // so the files are the same whatever the thread count. The window bounds memory.
                        ArrayDeque<Future<List<Item>>> inFlight = new ArrayDeque<>();
                        List<SampleReader.Entry> batch = new ArrayList<>(BATCH);
                        while (reader.hasNext()) {
                            batch.add(reader.next());
                            if (batch.size() == BATCH) {
                                List<SampleReader.Entry> b = batch;
                                inFlight.add(pool.submit(() -> gateAll(input, b, exports)));
                                batch = new ArrayList<>(BATCH);
                                if (inFlight.size() >= options.threads() * 4) foldAll(inFlight.poll(), exports, counts, saver);
                            }
                        }
                        if (!batch.isEmpty()) {
                            List<SampleReader.Entry> b = batch;
                            inFlight.add(pool.submit(() -> gateAll(input, b, exports)));
                        }
                        while (!inFlight.isEmpty()) foldAll(inFlight.poll(), exports, counts, saver);
                    }
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }
            samples = counts[0];
            unreadable = counts[1];
            ExportReport.Context context = new ExportReport.Context(inputs.stream().map(Input::path).toList(),
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), TOOL);
            List<TargetResult> results = new ArrayList<>();
            for (TargetExport e : exports) {
                e.finish(context);
            }
            for (TargetExport e : exports) {
                Path dir = out.resolve(e.slug);
                swapInto(e.staging, dir, runId);
                Map<ExportSplit, Long> exported = new java.util.EnumMap<>(ExportSplit.class);
                for (ExportSplit s : ExportSplit.values()) exported.put(s, e.exported(s));
                results.add(new TargetResult(e.target(), dir, exported, e.files, e.rejected, e.rejectCodes, e.warningCodes, e.datasetFindings));
            }
            return new Result(results, samples, unreadable, null);
        } finally {
            if (pool != null) pool.shutdownNow();
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

    /** One input line with what every target's gate said about it (null outcomes: unreadable or no split). */
    private record Item(SampleReader.Entry entry, Input input, String id, ExportSplit split, ExportGate.Outcome[] outcomes) {
    }

    private static Item gate(Input input, SampleReader.Entry entry, List<TargetExport> exports) {
        if (!entry.ok()) return new Item(entry, input, null, input.split(), null);
        Sample sample = entry.sample();
        String id = sample.id() != null ? sample.id() : fileName(input.path()) + ":" + entry.line().number();
        ExportSplit split = input.split() != null ? input.split() : ExportSplit.parse(sample.metadata().split());
        if (split == null) return new Item(entry, input, id, null, null);
        ExportGate.Outcome[] outcomes = new ExportGate.Outcome[exports.size()];
        for (int i = 0; i < outcomes.length; i++) outcomes[i] = exports.get(i).gate.check(sample);
        return new Item(entry, input, id, split, outcomes);
    }

    private static List<Item> gateAll(Input input, List<SampleReader.Entry> entries, List<TargetExport> exports) {
        List<Item> out = new ArrayList<>(entries.size());
        for (SampleReader.Entry e : entries) out.add(gate(input, e, exports));
        return out;
    }

    private static void foldAll(Future<List<Item>> future, List<TargetExport> exports, long[] counts, StoreSaver saver) throws IOException {
        try {
            for (Item item : future.get()) fold(item, exports, counts, saver);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException("export worker failed: " + e.getCause(), e.getCause());
        }
    }

    /** Writes one line's outcome for every target, in input order. counts: samples read, unreadable lines. */
    private static void fold(Item item, List<TargetExport> exports, long[] counts, StoreSaver saver) throws IOException {
        SampleReader.Entry entry = item.entry();
        if (!entry.ok()) {
            counts[1]++;
            for (TargetExport e : exports) {
                e.reject(entry.line(), null, item.split(), List.of(Finding.error(entry.errorCode(), entry.error())));
            }
            return;
        }
        counts[0]++;
        for (int i = 0; i < exports.size(); i++) {
            TargetExport e = exports.get(i);
            if (item.split() == null) {
                e.reject(entry.line(), item.id(), null, List.of(Finding.error("unknown_split", "metadata.split is '"
                        + entry.sample().metadata().split() + "'; expected train, validation or test")));
            } else {
                e.add(entry.sample(), item.id(), item.split(), entry.line(), item.outcomes()[i]);
            }
        }
        // After every target has written it: the saved copy carries the split it went to, and the id this export gave
        // it (file:line) when it had none, so that exporting it again from the store names it the same.
        if (saver != null && item.split() != null) {
            if (entry.sample().id() == null) entry.sample().id(item.id());
            saver.add(entry.sample(), item.split(), entry.line().number(), exports.isEmpty() ? 0 : item.outcomes()[0].tokens());
        }
    }

    /** An input's entries, from a file or from the store. */
    private interface Entries extends Iterator<SampleReader.Entry>, Closeable {
    }

    private Entries open(Input input, DatasetStore store) throws IOException {
        if (!input.isStored()) {
            SampleReader reader = SampleReader.open(input.path(), options.forcedFormat());
            return new Entries() {
                @Override
                public boolean hasNext() {
                    return reader.hasNext();
                }

                @Override
                public SampleReader.Entry next() {
                    return reader.next();
                }

                @Override
                public void close() throws IOException {
                    reader.close();
                }
            };
        }
        SampleCursor cursor = store.stream(SampleQuery.dataset(input.storedDataset()));
        String label = input.path();
        return new Entries() {
            private long row;
            private SampleReader.Entry broken;

            @Override
            public boolean hasNext() {
                if (broken != null) return true;
                try {
                    return cursor.hasNext();
                } catch (StoreException e) {
                    // A row whose stored JSON cannot be read is reported like an unreadable line; the cursor has moved on.
                    if (!(e.getCause() instanceof JsonProcessingException)) throw e;
                    row++;
                    broken = new SampleReader.Entry(new JsonlLine(label, row, new byte[0], null, e.getMessage()), null, null,
                            "unreadable_stored_sample", e.getMessage());
                    return true;
                }
            }

            @Override
            public SampleReader.Entry next() {
                if (!hasNext()) throw new java.util.NoSuchElementException();
                if (broken != null) {
                    SampleReader.Entry b = broken;
                    broken = null;
                    return b;
                }
                StoredSample s = cursor.next();
                row++;
                Sample sample = s.sample();
                if (s.split() != null) sample.metadata().split(s.split());
                byte[] bytes;
                try {
                    bytes = Json.MAPPER.writeValueAsBytes(sample);
                } catch (JsonProcessingException e) {
                    throw new UncheckedIOException(e);
                }
                // The line number is the sample's place in the stored dataset (1-based), as a file's line would be.
                return new SampleReader.Entry(new JsonlLine(label, s.ordinal() + 1, bytes, null, null), null, sample, null, null);
            }

            @Override
            public void close() {
                cursor.close();
            }
        };
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
