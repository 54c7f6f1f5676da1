package ftkit.templates;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ftkit.io.Json;
import ftkit.io.JsonlWriter;
import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.model.SampleMetadata;
import ftkit.prompts.MissingVariableException;
import ftkit.prompts.PromptTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Turns labelled records into chat samples through a {@link TemplateSet}, one output set per strategy, keeping
 * the records' original splits. No LLM is involved: the assistant answer is rendered from the record's fields.
 *
 * <p>Per input file: a file whose name names a split ({@code *train*}, {@code *val*}, {@code *test*}) or that
 * was given for one keeps only the records whose split field says that split; if none does, a warning is
 * logged and all its records are used. A file naming no split is mixed: each record goes to the split its
 * field names. A record that cannot be read or rendered goes to the rejects file with its file:line and the
 * reason, in every strategy at once (so the strategies' files hold the same records in the same order), and
 * the run goes on. Outputs are committed atomically only when the whole run succeeded.
 */
public final class TemplatedDataGenerator {
    /** Errors printed one by one before the rest are only counted (all of them are in the rejects file). */
    static final int MAX_ERRORS_LOGGED = 20;

    /** One input file and the split it holds; {@code split == null} means mixed (routed per record). */
    public record InputFile(Path path, String split) {
    }

    /**
     * What to do.
     *
     * @param strategies strategies to write besides the simple one; empty means every strategy in the file
     * @param rejects    where rejected records go; null means {@code rejects.jsonl} in the output folder
     */
    public record Options(List<InputFile> inputs, Path template, List<String> strategies, boolean simpleOnly,
                          boolean includeTest, Path outputDir, Path rejects, String splitField) {
        public Options {
            inputs = List.copyOf(inputs);
            strategies = strategies == null ? List.of() : List.copyOf(strategies);
            if (splitField == null || splitField.isBlank()) splitField = "split";
        }

        public Path rejectsFile() {
            return rejects != null ? rejects : outputDir.resolve("rejects.jsonl");
        }
    }

    /** A file written: which strategy and split, and how many samples. */
    public record OutputFile(String strategy, String split, Path path, long samples) {
    }

    /** What happened to one input file's records; they add up: read = written + otherSplit + skippedTest + rejected. */
    public static final class InputStats {
        public final InputFile input;
        public long read;
        public long written;
        public long otherSplit;
        public long skippedTest;
        public long rejected;
        public boolean fellBackToAll;
        public boolean skippedFile;

        InputStats(InputFile input) {
            this.input = input;
        }
    }

    /** The outcome of a run. */
    public record Result(TemplateSet template, List<String> strategies, List<OutputFile> files, List<InputStats> inputs,
                         long rejected, Path rejectsFile, List<String> warnings) {
        public long samples(String strategy, String split) {
            return files.stream().filter(f -> f.strategy.equals(strategy) && f.split.equals(split))
                    .mapToLong(OutputFile::samples).sum();
        }
    }

    private final Options options;
    private final TemplateSet template;
    private final Consumer<String> log;
    private final List<String> warnings = new ArrayList<>();
    private final List<TemplateSet.Strategy> strategies = new ArrayList<>();
    private final Map<String, JsonlWriter> writers = new LinkedHashMap<>();
    private final Map<String, OutputFile> planned = new LinkedHashMap<>();
    private JsonlWriter rejectsWriter;
    private long rejected;
    private long errorsLogged;

    private TemplatedDataGenerator(Options options, TemplateSet template, Consumer<String> log) {
        this.options = options;
        this.template = template;
        this.log = log;
    }

    /**
     * Runs the whole conversion. Warnings and per-record errors go to {@code log} (stderr in the script).
     *
     * @throws LabelledRecords.UnreadableInputException when an input cannot be read past a syntax error; nothing is written
     */
    public static Result run(Options options, TemplateSet template, Consumer<String> log) throws IOException {
        return new TemplatedDataGenerator(options, template, log).run();
    }

    /** Expands folders (their supported files, sorted) and judges each file's split by its name. */
    public static List<InputFile> discover(List<Path> paths) throws IOException {
        List<InputFile> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> children = Files.list(path)) {
                    List<Path> found = children.filter(Files::isRegularFile)
                            .filter(p -> !p.getFileName().toString().startsWith("."))
                            .filter(LabelledRecords::isSupported).sorted().toList();
                    if (found.isEmpty()) throw new IOException(path + ": no .jsonl, .json or .csv files in this folder");
                    for (Path p : found) files.add(new InputFile(p, Splits.fromFileName(p)));
                }
            } else if (Files.isRegularFile(path)) {
                files.add(new InputFile(path, Splits.fromFileName(path)));
            } else {
                throw new IOException(path + ": no such file or folder");
            }
        }
        return files;
    }

    /** The output file name: {@code train.jsonl} for the simple strategy, {@code train_<strategy>.jsonl} otherwise. */
    public static String fileName(TemplateSet template, String strategy, String split) {
        return strategy.equals(template.simple().name()) ? split + ".jsonl" : split + "_" + strategy + ".jsonl";
    }

    private Result run() throws IOException {
        chooseStrategies();
        List<InputStats> stats = new ArrayList<>();
        try {
            for (InputFile input : options.inputs()) {
                InputStats s = new InputStats(input);
                stats.add(s);
                try {
                    process(input, s);
                } catch (UncheckedIOException e) {
                    throw e.getCause(); // the record iterators wrap read failures
                }
            }
            List<OutputFile> files = new ArrayList<>();
            for (Map.Entry<String, JsonlWriter> e : writers.entrySet()) {
                e.getValue().commit();
                OutputFile f = planned.get(e.getKey());
                files.add(new OutputFile(f.strategy(), f.split(), f.path(), e.getValue().count()));
            }
            files.sort((a, b) -> {
                int byStrategy = Integer.compare(strategyIndex(a.strategy()), strategyIndex(b.strategy()));
                return byStrategy != 0 ? byStrategy : Integer.compare(Splits.ALL.indexOf(a.split()), Splits.ALL.indexOf(b.split()));
            });
            for (TemplateSet.Strategy st : strategies) {
                for (String split : List.of(Splits.TRAIN, Splits.VALIDATION)) {
                    if (files.stream().noneMatch(f -> f.strategy().equals(st.name()) && f.split().equals(split))) {
                        warn("WARNING: no " + split + " records: " + fileName(template, st.name(), split) + " not written");
                    }
                }
            }
            Path rejectsFile = options.rejectsFile();
            if (rejectsWriter != null) {
                rejectsWriter.commit();
            } else if (options.rejects() == null) {
                // A rejects file left by an earlier run in this folder would describe records this run accepted.
                Files.deleteIfExists(rejectsFile);
            }
            if (errorsLogged > MAX_ERRORS_LOGGED) {
                log.accept("... " + (errorsLogged - MAX_ERRORS_LOGGED) + " more rejected records, all listed in " + rejectsFile);
            }
            warnAboutEarlierOutputs(files);
            return new Result(template, strategies.stream().map(TemplateSet.Strategy::name).toList(), files, stats,
                    rejected, rejectsWriter == null ? null : rejectsFile, List.copyOf(warnings));
        } finally {
            // Without a commit above (an exception), this discards every temporary file: no half-written outputs.
            for (JsonlWriter w : writers.values()) w.close();
            if (rejectsWriter != null) rejectsWriter.close();
        }
    }

    /**
     * Output files of this template that an earlier run left and this one did not write (say test.jsonl from a
     * run with --include-test) are not deleted, since they may be wanted, but are named so nobody mistakes them
     * for this run's.
     */
    private void warnAboutEarlierOutputs(List<OutputFile> written) {
        for (String strategy : template.strategies().keySet()) {
            for (String split : Splits.ALL) {
                Path p = options.outputDir().resolve(fileName(template, strategy, split));
                if (Files.exists(p) && written.stream().noneMatch(f -> f.path().equals(p))) {
                    warn("WARNING: " + p + " is left from an earlier run (not written by this one)");
                }
            }
        }
    }

    private int strategyIndex(String name) {
        for (int i = 0; i < strategies.size(); i++) if (strategies.get(i).name().equals(name)) return i;
        return Integer.MAX_VALUE;
    }

    private void chooseStrategies() {
        TemplateSet.Strategy simple = template.simple();
        strategies.add(simple);
        if (options.simpleOnly()) return;
        List<String> wanted = options.strategies().isEmpty()
                ? List.copyOf(template.strategies().keySet()) : options.strategies();
        for (String name : wanted) {
            if (name.equals(simple.name()) || strategies.stream().anyMatch(s -> s.name().equals(name))) continue;
            TemplateSet.Strategy s = template.strategy(name);
            if (s == null) {
                warn("WARNING: Strategy " + name + " not found in template " + template.file() + " (it has: "
                        + String.join(", ", template.strategies().keySet()) + ")."
                        + (wanted.size() == 1 ? " Using simple format only." : " Skipping it."));
            } else {
                strategies.add(s);
            }
        }
    }

    private void process(InputFile input, InputStats stats) throws IOException {
        String expected = input.split();
        if (Splits.TEST.equals(expected) && !options.includeTest()) {
            stats.skippedFile = true;
            log.accept("INFO: " + input.path() + " holds the test split: skipped (pass --include-test to write it)");
            return;
        }
        boolean useAll = false;
        if (expected != null) {
            long matching = countMatching(input.path(), expected);
            if (matching == 0) {
                useAll = true;
                stats.fellBackToAll = true;
                long readable = countReadable(input.path());
                warn("WARNING: No samples found with " + options.splitField() + "=" + Splits.shortName(expected)
                        + " in " + input.path());
                warn("INFO: Using all " + readable + " samples from file instead");
            }
        }
        try (LabelledRecords records = LabelledRecords.open(input.path())) {
            for (LabelledRecords.Entry entry : records) {
                stats.read++;
                if (!entry.ok()) {
                    reject(entry, null, null, entry.errorCode(), entry.where() + ": " + entry.error());
                    stats.rejected++;
                    continue;
                }
                String split;
                if (expected != null) {
                    String own = Splits.normalize(splitValue(entry.record()));
                    if (!useAll && !expected.equals(own)) {
                        stats.otherSplit++;
                        continue;
                    }
                    split = expected;
                } else {
                    String raw = splitValue(entry.record());
                    split = Splits.normalize(raw);
                    if (split == null) {
                        String why = raw == null
                                ? "no '" + options.splitField() + "' field, and the file name names no split"
                                + " (name it *train*/*val*/*test* or pass it with --train/--validation/--test)"
                                : "'" + options.splitField() + "' is '" + raw + "', expected train, val, validation or test";
                        reject(entry, null, null, "no_split", entry.where() + ": " + why);
                        stats.rejected++;
                        continue;
                    }
                    if (Splits.TEST.equals(split) && !options.includeTest()) {
                        stats.skippedTest++;
                        continue;
                    }
                }
                if (render(entry, split)) stats.written++;
                else stats.rejected++;
            }
        }
    }

    /**
     * Renders one record in every strategy; writes all or, on any failure, rejects the record. Every template is
     * tried, so the reason lists all the record's missing fields at once.
     */
    private boolean render(LabelledRecords.Entry entry, String split) throws IOException {
        JsonNode record = entry.record();
        Rendering r = new Rendering(record);
        List<Sample> samples = new ArrayList<>(strategies.size());
        for (TemplateSet.Strategy strategy : strategies) {
            Sample sample = new Sample();
            JsonNode id = record.get("id");
            sample.id(id != null && (id.isTextual() || id.isNumber()) ? id.asText()
                    : Path.of(entry.source()).getFileName() + ":" + entry.line());
            if (strategy.system() != null) sample.system(r.render(strategy.name(), strategy.system()));
            sample.add(Message.user(r.render(strategy.name(), strategy.user())));
            sample.add(Message.assistant(r.render(strategy.name(), strategy.assistant())));
            SampleMetadata m = sample.metadata();
            m.mode(SampleMetadata.MODE_TEMPLATED).split(split).sourceFile(entry.source()).locate("line", entry.line());
            m.put("strategy", strategy.name());
            m.put("template", template.name());
            if (template.version() != null) m.put("template_version", template.version());
            m.put("template_hash", template.shortHash());
            samples.add(sample);
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (Map.Entry<String, PromptTemplate> t : template.tags().entrySet()) {
            tags.put(t.getKey(), r.render(null, t.getValue()));
        }
        if (!r.missing.isEmpty()) {
            String fields = r.missing.size() == 1 ? "field '" + r.missing.get(0) + "'"
                    : "fields " + String.join(", ", r.missing.stream().map(f -> "'" + f + "'").toList());
            reject(entry, split, r.firstFailedStrategy, "missing_field", entry.where() + ": missing " + fields
                    + " (needed by " + String.join(", ", r.neededBy) + " in " + template.file().getFileName() + ")");
            return false;
        }
        for (int i = 0; i < strategies.size(); i++) {
            TemplateSet.Strategy strategy = strategies.get(i);
            Sample sample = samples.get(i);
            sample.metadata().tags(tags);
            String answer = sample.messages().get(1).content();
            if (strategy.assistantIsJson()) {
                String problem = jsonProblem(answer);
                if (problem != null) {
                    reject(entry, split, strategy.name(), "invalid_assistant_json", entry.where() + ": the " + strategy.name()
                            + " assistant answer is not valid JSON (" + problem + "); use {{field|json}} for values inside JSON."
                            + " Rendered: " + abbreviate(answer));
                    return false;
                }
            }
        }
        for (int i = 0; i < samples.size(); i++) writer(strategies.get(i).name(), split).write(samples.get(i));
        return true;
    }

    /** Renders a record's templates, collecting missing fields instead of stopping at the first. */
    private static final class Rendering {
        final JsonNode record;
        final List<String> missing = new ArrayList<>();
        final List<String> neededBy = new ArrayList<>();
        String firstFailedStrategy;

        Rendering(JsonNode record) {
            this.record = record;
        }

        /** The rendered text without trailing newlines, or "" after recording what was missing. */
        String render(String strategy, PromptTemplate t) {
            try {
                return trimEnd(t.render(record));
            } catch (MissingVariableException e) {
                for (String v : e.variables()) if (!missing.contains(v)) missing.add(v);
                String name = t.name().substring(t.name().indexOf('#') + 1);
                if (!neededBy.contains(name)) neededBy.add(name);
                if (firstFailedStrategy == null) firstFailedStrategy = strategy;
                return "";
            }
        }
    }

    /** Null if the text is one JSON value; else why not. Checked, but written as rendered: the template decides the layout. */
    private static String jsonProblem(String text) {
        try {
            JsonNode parsed = Json.MAPPER.readTree(text);
            return parsed == null || parsed.isMissingNode() ? "it is empty" : null;
        } catch (JsonProcessingException e) {
            return e.getOriginalMessage();
        }
    }

    /** YAML block scalars end in a newline that is no part of the message. */
    private static String trimEnd(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) end--;
        return s.substring(0, end);
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    private JsonlWriter writer(String strategy, String split) throws IOException {
        String key = strategy + "/" + split;
        JsonlWriter w = writers.get(key);
        if (w == null) {
            Path path = options.outputDir().resolve(fileName(template, strategy, split));
            w = JsonlWriter.open(path);
            writers.put(key, w);
            planned.put(key, new OutputFile(strategy, split, path, 0));
        }
        return w;
    }

    private void reject(LabelledRecords.Entry entry, String split, String strategy, String code, String reason) throws IOException {
        rejected++;
        if (++errorsLogged <= MAX_ERRORS_LOGGED) log.accept("ERROR " + reason);
        if (rejectsWriter == null) rejectsWriter = JsonlWriter.open(options.rejectsFile());
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("source_file", entry.source());
        r.put("line", entry.line());
        if (split != null) r.put("split", split);
        if (strategy != null) r.put("strategy", strategy);
        r.put("code", code);
        r.put("reason", reason);
        if (entry.record() != null) r.set("record", entry.record());
        else if (entry.raw() != null) r.put("text", entry.raw());
        rejectsWriter.write(r);
    }

    private String splitValue(JsonNode record) {
        JsonNode v = PromptTemplate.resolve(record, options.splitField());
        return v == null || v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    private long countMatching(Path file, String split) throws IOException {
        long n = 0;
        try (LabelledRecords records = LabelledRecords.open(file)) {
            for (LabelledRecords.Entry e : records) {
                if (e.ok() && split.equals(Splits.normalize(splitValue(e.record())))) n++;
            }
        }
        return n;
    }

    private long countReadable(Path file) throws IOException {
        long n = 0;
        try (LabelledRecords records = LabelledRecords.open(file)) {
            for (LabelledRecords.Entry e : records) if (e.ok()) n++;
        }
        return n;
    }

    private void warn(String message) {
        warnings.add(message);
        log.accept(message);
    }

}
