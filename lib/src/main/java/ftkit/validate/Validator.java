package ftkit.validate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ftkit.io.Json;
import ftkit.io.JsonlLine;
import ftkit.io.JsonlReader;
import ftkit.io.JsonlWriter;
import ftkit.io.RecordConverter;
import ftkit.io.RecordException;
import ftkit.io.RecordFormat;
import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.providers.FormatRules;
import ftkit.providers.ProviderRegistry;
import ftkit.providers.Target;
import ftkit.tokens.Llama3Tokenizer;
import ftkit.tokens.TokenCounter;
import ftkit.tokens.Tokenizers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Validates JSONL files against one target or many in one streaming pass per file. Lines are split on the
 * calling thread and analysed (parse, convert, check, count tokens) in batches on worker threads; results are
 * folded in input order, so outputs are the same whatever the thread count. Memory holds the batches in flight,
 * the duplicate index (16 bytes + overhead per distinct example) and bounded histograms.
 */
public final class Validator {
    private static final int BATCH = 256;

    private final ProviderRegistry registry;
    private final ValidationOptions options;
    private final Consumer<String> warn;
    private final List<Target> targets;
    private final List<FormatRules> rules = new ArrayList<>();
    /** One counter per distinct tokenizer: targets sharing a tokenizer share the count. */
    private final Map<String, TokenCounter> counters = new LinkedHashMap<>();
    private final int[] counterOf;

    public Validator(ProviderRegistry registry, ValidationOptions options, Consumer<String> warn) {
        this.registry = registry;
        this.options = options;
        this.warn = warn;
        this.targets = options.targets();
        this.counterOf = new int[targets.size()];
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            rules.add(registry.format(t.format()));
            String key = t.tokenizer();
            if (!counters.containsKey(key)) {
                counters.put(key, Tokenizers.forTarget(t, options.llama3File(), warn));
                keys.add(key);
            }
            counterOf[i] = keys.indexOf(key);
        }
    }

    public TokenCounter counterFor(Target target) {
        return counters.get(target.tokenizer());
    }

    /** The analysis of one line, computed on a worker thread. */
    private record Outcome(JsonlLine line, RecordFormat format, boolean readable, List<List<Finding>> findings,
                           int[] tokens, ContentKey key) {
    }

    private Outcome analyse(JsonlLine rawLine) {
        JsonlLine line = JsonlReader.parse(rawLine.source(), rawLine.number(), rawLine.bytes());
        List<List<Finding>> perTarget = new ArrayList<>(targets.size());
        if (!line.ok()) {
            Finding f = Finding.error(line.error().startsWith("blank") ? "blank_line" : "invalid_json", line.error());
            for (int i = 0; i < targets.size(); i++) perTarget.add(List.of(f));
            return new Outcome(line, null, false, perTarget, null, null);
        }
        if (!line.node().isObject()) {
            Finding f = Finding.error("not_an_object", "line is a JSON " + line.node().getNodeType().name().toLowerCase() + ", expected an object");
            for (int i = 0; i < targets.size(); i++) perTarget.add(List.of(f));
            return new Outcome(line, null, false, perTarget, null, null);
        }
        RecordFormat format = options.forcedFormat() != null ? options.forcedFormat() : RecordFormat.detect(line.node());
        if (format == null) {
            Finding f = Finding.error("unknown_format", "record matches no known format; keys: " + keys(line));
            for (int i = 0; i < targets.size(); i++) perTarget.add(List.of(f));
            return new Outcome(line, null, false, perTarget, null, null);
        }
        Sample sample = null;
        Finding unreadable = null;
        try {
            sample = RecordConverter.toSample(line.node(), format);
        } catch (RecordException e) {
            unreadable = Finding.error(e.code(), e.getMessage());
        }
        int[] countByCounter = null;
        if (sample != null) {
            countByCounter = new int[counters.size()];
            int k = 0;
            for (TokenCounter c : counters.values()) countByCounter[k++] = c.count(sample);
        }
        boolean specialText = sample != null && hasSpecialTokenText(sample);
        for (int i = 0; i < targets.size(); i++) {
            List<Finding> findings = new ArrayList<>(RecordRules.check(rules.get(i), line.node(), format, sample));
            if (unreadable != null && findings.stream().noneMatch(f -> f.code().equals("wrong_format"))) findings.add(unreadable);
            Target t = targets.get(i);
            if (countByCounter != null && t.maxTokensPerExample() != null) {
                int tokens = countByCounter[counterOf[i]];
                if (tokens > t.maxTokensPerExample()) {
                    TokenCounter c = counters.get(t.tokenizer());
                    String msg = c.mark() + tokens + " tokens exceed the " + t.maxTokensPerExample() + "-token limit per example"
                            + (c.exact() ? "" : " (estimated)");
                    findings.add(t.truncatesOverLimit()
                            ? Finding.warning("over_token_limit", msg + "; the target truncates it, dropping the end")
                            : Finding.error("over_token_limit", msg));
                }
            }
            if (specialText && "llama3".equals(t.tokenizer())) {
                findings.add(Finding.warning("special_token_text", "content spells a Llama special token (e.g. <|eot_id|>), which trainers turn into the token itself"));
            }
            perTarget.add(findings);
        }
        ContentKey key = sample == null ? null : ContentKey.of(sample);
        return new Outcome(line, format, sample != null, perTarget, countByCounter, key);
    }

    private static boolean hasSpecialTokenText(Sample s) {
        if (s.system() != null && s.system().contains("<|") && Llama3Tokenizer.SPECIAL_TEXT.matcher(s.system()).find()) return true;
        for (Message m : s.messages()) {
            String c = m.content();
            if (c != null && c.contains("<|") && Llama3Tokenizer.SPECIAL_TEXT.matcher(c).find()) return true;
        }
        return false;
    }

    private static String keys(JsonlLine line) {
        List<String> names = new ArrayList<>();
        line.node().fieldNames().forEachRemaining(names::add);
        return names.toString();
    }

    /** The result for one input file. */
    public static final class FileResult {
        final String file;
        final boolean validationFile;
        long bytes;
        long lines;
        final Map<RecordFormat, Long> formats = new EnumMap<>(RecordFormat.class);
        long unreadable;
        long duplicates;
        final List<long[]> duplicatePairs = new ArrayList<>();
        long overlap;
        final List<long[]> overlapPairs = new ArrayList<>();
        final List<TargetTally> tallies = new ArrayList<>();

        FileResult(String file, boolean validationFile) {
            this.file = file;
            this.validationFile = validationFile;
        }

        public String file() {
            return file;
        }

        public boolean validationFile() {
            return validationFile;
        }

        public long bytes() {
            return bytes;
        }

        public long lines() {
            return lines;
        }

        public Map<RecordFormat, Long> formats() {
            return formats;
        }

        public long duplicates() {
            return duplicates;
        }

        public List<long[]> duplicatePairs() {
            return duplicatePairs;
        }

        public long overlap() {
            return overlap;
        }

        public List<long[]> overlapPairs() {
            return overlapPairs;
        }

        public List<TargetTally> tallies() {
            return tallies;
        }
    }

    /** Everything one run found. */
    public record Run(List<FileResult> files, List<Target> targets, Map<String, TokenCounter> counters) {
        /** Per target: accepted only if every file is. */
        public boolean accepted(int targetIndex) {
            for (FileResult f : files) if (!f.tallies.get(targetIndex).accepted()) return false;
            return true;
        }

        /** 0 when the (single) target accepts everything, or in the matrix when at least one target does; else 3. */
        public int exitCode() {
            for (int i = 0; i < targets.size(); i++) if (accepted(i)) return 0;
            return 3;
        }
    }

    /**
     * @param trainingInputs files (or "-") to check as training data
     * @param validationInput a validation file to check with them (overlap and validation-set limits), or null
     */
    public Run run(List<String> trainingInputs, String validationInput) throws IOException {
        List<FileResult> results = new ArrayList<>();
        ExecutorService pool = options.threads() > 1 ? Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "validate-worker");
            t.setDaemon(true);
            return t;
        }) : null;
        Map<ContentKey, Long> trainingIndex = new HashMap<>();
        JsonlWriter rejects = options.rejectsPath() == null ? null : JsonlWriter.open(options.rejectsPath());
        JsonlWriter valid = options.validOutPath() == null ? null : JsonlWriter.open(options.validOutPath());
        try {
            for (String input : trainingInputs) {
                results.add(validateFile(input, false, trainingIndex, null, pool, rejects, valid));
            }
            if (validationInput != null) {
                results.add(validateFile(validationInput, true, new HashMap<>(), trainingIndex, pool, rejects, null));
            }
            trainingIndex.clear();
            checkDataset(results);
            // An empty default rejects file would only be clutter; one the user named is written even when empty.
            if (rejects != null && (rejects.count() > 0 || options.keepEmptyRejects())) rejects.commit();
            if (valid != null) valid.commit();
        } finally {
            if (pool != null) pool.shutdownNow();
            if (rejects != null) rejects.close();
            if (valid != null) valid.close();
        }
        return new Run(results, targets, counters);
    }

    private FileResult validateFile(String input, boolean validationFile, Map<ContentKey, Long> index,
                                    Map<ContentKey, Long> trainingIndex, ExecutorService pool,
                                    JsonlWriter rejects, JsonlWriter valid) throws IOException {
        FileResult result = new FileResult(input, validationFile);
        for (Target t : targets) result.tallies.add(new TargetTally(t, counters.get(t.tokenizer())));
        try (JsonlReader reader = JsonlReader.open(input, false)) {
            if (pool == null) {
                for (JsonlLine line : reader) fold(result, analyse(line), index, trainingIndex, rejects, valid);
            } else {
                ArrayDeque<Future<List<Outcome>>> inFlight = new ArrayDeque<>();
                int window = options.threads() * 4;
                List<JsonlLine> batch = new ArrayList<>(BATCH);
                for (JsonlLine line : reader) {
                    batch.add(line);
                    if (batch.size() == BATCH) {
                        List<JsonlLine> b = batch;
                        inFlight.add(pool.submit(() -> analyseAll(b)));
                        batch = new ArrayList<>(BATCH);
                        if (inFlight.size() >= window) foldBatch(result, inFlight.poll(), index, trainingIndex, rejects, valid);
                    }
                }
                if (!batch.isEmpty()) {
                    List<JsonlLine> b = batch;
                    inFlight.add(pool.submit(() -> analyseAll(b)));
                }
                while (!inFlight.isEmpty()) foldBatch(result, inFlight.poll(), index, trainingIndex, rejects, valid);
            }
            result.bytes = reader.bytesRead();
        }
        return result;
    }

    private List<Outcome> analyseAll(List<JsonlLine> lines) {
        List<Outcome> out = new ArrayList<>(lines.size());
        for (JsonlLine l : lines) out.add(analyse(l));
        return out;
    }

    private void foldBatch(FileResult result, Future<List<Outcome>> future, Map<ContentKey, Long> index,
                           Map<ContentKey, Long> trainingIndex, JsonlWriter rejects, JsonlWriter valid) throws IOException {
        try {
            for (Outcome o : future.get()) fold(result, o, index, trainingIndex, rejects, valid);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("validation failed: " + e.getCause(), e.getCause());
        }
    }

    /** Folds one line's analysis into the file's totals, in input order. */
    private void fold(FileResult result, Outcome o, Map<ContentKey, Long> index, Map<ContentKey, Long> trainingIndex,
                      JsonlWriter rejects, JsonlWriter valid) throws IOException {
        long lineNo = o.line.number();
        result.lines++;
        if (o.format != null) result.formats.merge(o.format, 1L, Long::sum);
        if (!o.readable) result.unreadable++;
        Finding duplicate = null;
        Finding overlap = null;
        if (o.key != null) {
            Long first = index.putIfAbsent(o.key, lineNo);
            if (first != null) {
                result.duplicates++;
                if (result.duplicatePairs.size() < TargetTally.LISTED) result.duplicatePairs.add(new long[]{lineNo, first});
                String msg = "duplicate of line " + first + " (same conversation after normalising case, spacing and Unicode)";
                duplicate = options.duplicates() == ValidationOptions.DuplicatePolicy.REJECT
                        ? Finding.error("duplicate", msg) : Finding.warning("duplicate", msg);
            }
            if (trainingIndex != null) {
                Long inTraining = trainingIndex.get(o.key);
                if (inTraining != null) {
                    result.overlap++;
                    if (result.overlapPairs.size() < TargetTally.LISTED) result.overlapPairs.add(new long[]{lineNo, inTraining});
                    overlap = Finding.error("train_validation_overlap", "also in the training file at line " + inTraining
                            + "; the same data must not be in both training and validation files");
                }
            }
        }
        boolean anyError = false;
        ArrayNode errorsJson = null;
        for (int i = 0; i < targets.size(); i++) {
            List<Finding> findings = o.findings.get(i);
            if (duplicate != null || overlap != null) {
                findings = new ArrayList<>(findings);
                if (duplicate != null) findings.add(duplicate);
                if (overlap != null) findings.add(overlap);
            }
            TargetTally tally = result.tallies.get(i);
            tally.add(lineNo, findings);
            if (o.tokens != null) {
                int tokens = o.tokens[counterOf[i]];
                tally.tokens.add(tokens);
                Long limit = targets.get(i).maxTokensPerExample();
                if (limit != null && tokens > limit) tally.overLimit(lineNo, tokens);
            }
            for (Finding f : findings) {
                if (!f.isError()) continue;
                anyError = true;
                if (rejects != null) {
                    if (errorsJson == null) errorsJson = Json.MAPPER.createArrayNode();
                    ObjectNode e = errorsJson.addObject();
                    if (options.matrix()) e.put("target", targets.get(i).id());
                    e.put("code", f.code());
                    e.put("message", f.message());
                }
            }
        }
        if (anyError && rejects != null) {
            ObjectNode r = Json.MAPPER.createObjectNode();
            r.put("file", result.file);
            r.put("line", lineNo);
            r.set("errors", errorsJson);
            r.put("record", new String(o.line.bytes(), StandardCharsets.UTF_8));
            rejects.write(r);
        }
        if (!anyError && valid != null) valid.writeRaw(o.line.bytes());
    }

    /** Dataset-level rules: example counts, file sizes, validation-set limits, status. */
    private void checkDataset(List<FileResult> results) {
        long trainingRecords = 0;
        long validationRecords = 0;
        for (FileResult f : results) {
            if (f.validationFile) validationRecords += f.lines;
            else trainingRecords += f.lines;
        }
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            for (FileResult f : results) {
                TargetTally tally = f.tallies.get(i);
                List<Finding> d = tally.datasetFindings;
                long n = f.lines;
                if (!f.validationFile) {
                    if (t.minExamples() != null && n < t.minExamples()) {
                        d.add(Finding.error("too_few_examples", n + " examples; " + t.id() + " needs at least " + t.minExamples()));
                    }
                    if (t.maxExamples() != null && n > t.maxExamples()) {
                        d.add(Finding.error("too_many_examples", n + " examples; " + t.id() + " accepts at most " + t.maxExamples()));
                    }
                    if (t.recommendedMinExamples() != null && n < t.recommendedMinExamples()) {
                        d.add(Finding.warning("few_examples", n + " examples; the provider recommends starting with " + t.recommendedMinExamples()));
                    }
                    if (t.maxFileBytes() != null && f.bytes > t.maxFileBytes()) {
                        d.add(Finding.error("file_too_large", human(f.bytes) + "; " + t.id() + " accepts files up to " + human(t.maxFileBytes())
                                + " (export cuts large files into parts)"));
                    }
                } else {
                    if (t.maxValidationExamples() != null && n > t.maxValidationExamples()) {
                        d.add(Finding.error("too_many_validation_examples", n + " validation examples; " + t.id() + " accepts at most "
                                + t.maxValidationExamples()));
                    }
                    if (t.validationRule() != null && t.validationRule().contains("30%") && n > 1000 && n > 0.3 * trainingRecords) {
                        d.add(Finding.error("too_many_validation_examples", n + " validation examples is more than 30% of " + trainingRecords
                                + " training examples (" + t.validationRule() + ")"));
                    }
                    long cap = t.maxValidationFileBytes() != null ? t.maxValidationFileBytes() : t.maxFileBytes() != null ? t.maxFileBytes() : Long.MAX_VALUE;
                    if (f.bytes > cap) d.add(Finding.error("file_too_large", "validation file is " + human(f.bytes) + "; " + t.id() + " accepts up to " + human(cap)));
                }
                if (t.minTotalExamples() != null && trainingRecords + validationRecords < t.minTotalExamples()) {
                    d.add(Finding.error("too_few_examples", (trainingRecords + validationRecords) + " training and validation examples; "
                            + t.id() + " needs at least " + t.minTotalExamples()));
                }
                if (t.maxTotalExamples() != null && trainingRecords + validationRecords > t.maxTotalExamples()) {
                    d.add(Finding.error("too_many_examples", (trainingRecords + validationRecords) + " training and validation examples; "
                            + t.id() + " accepts at most " + t.maxTotalExamples()));
                }
                if (!t.isActive()) {
                    d.add(Finding.warning("target_" + t.status(), t.id() + " is " + t.status() + ": " + (t.statusNote() == null ? "" : t.statusNote())));
                }
            }
        }
    }

    static String human(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
