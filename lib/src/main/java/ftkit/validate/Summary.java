package ftkit.validate;

import ftkit.providers.Target;
import ftkit.tokens.TokenCounter;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The readable summary of a run: per file and target, or a matrix of which targets accept the file. */
public final class Summary {
    private static final int LISTED_IN_SUMMARY = 5;

    private Summary() {
    }

    static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    /**
     * Tokens the target trains on per epoch: the sum over examples, capped at the per-example limit when the
     * target truncates.
     */
    static long trainingTokens(TargetTally t) {
        Long limit = t.target().maxTokensPerExample();
        return limit != null && t.target().truncatesOverLimit() ? t.tokens().totalCappedAt(limit) : t.tokens().total();
    }

    /** OpenAI's default epoch rule (cookbook): 3, scaled so that epochs × examples stays within 100..25,000. */
    static int openAiEpochs(long examples) {
        if (examples <= 0) return 3;
        int epochs = 3;
        if (examples * epochs < 100) epochs = (int) Math.min(25, Math.ceil(100.0 / examples));
        else if (examples * epochs > 25_000) epochs = (int) Math.max(1, 25_000 / examples);
        return epochs;
    }

    public static void print(Validator.Run run, PrintStream out) {
        if (run.targets().size() > 1) {
            printMatrix(run, out);
            return;
        }
        Target target = run.targets().get(0);
        TokenCounter counter = run.counters().get(target.tokenizer());
        out.println("Target " + target.id() + " (" + target.format() + "), status " + target.status()
                + (target.statusNote() == null ? "" : "\n  ! " + target.statusNote()));
        out.println("Tokens: " + counter.method());
        for (Validator.FileResult f : run.files()) {
            TargetTally t = f.tallies().get(0);
            out.println();
            out.println((f.validationFile() ? "Validation file " : "File ") + f.file() + "  (" + Validator.human(f.bytes()) + ", "
                    + n(f.lines()) + " records; format " + formats(f.formats()) + ")");
            out.println("  valid " + n(t.valid()) + " · invalid " + n(t.invalid()) + " · with warnings " + n(t.withWarnings));
            if (!t.errorsByType().isEmpty()) out.println("  errors by type:   " + byType(t.errorsByType(), t));
            if (!t.warningsByType().isEmpty()) out.println("  warnings by type: " + byType(t.warningsByType(), t));
            TokenStats s = t.tokens();
            String m = counter.mark();
            if (s.count() > 0) {
                out.println(String.format(Locale.ROOT, "  tokens%s per example: min %s%s · mean %s%.1f · median %s%s · p95 %s%s · max %s%s",
                        counter.exact() ? "" : " (estimated)", m, n(s.min()), m, s.mean(), m, n(s.median()), m, n(s.percentile(95)), m, n(s.max())));
                Long limit = target.maxTokensPerExample();
                if (limit != null) {
                    if (t.overLimitCount() == 0) {
                        out.println("  all examples within the " + n(limit) + "-token limit");
                    } else {
                        String lines = t.overLimit.stream().limit(LISTED_IN_SUMMARY)
                                .map(p -> "line " + p[0] + ": " + m + n(p[1])).collect(Collectors.joining(", "));
                        out.println("  over the " + n(limit) + "-token limit: " + n(t.overLimitCount()) + " example(s) (" + lines
                                + (t.overLimitCount() > LISTED_IN_SUMMARY ? ", …" : "") + ")"
                                + (target.truncatesOverLimit() ? " — the target truncates them" : " — the target rejects them"));
                    }
                } else {
                    out.println("  no per-example token limit is stated for this target" + (target.limitNote() == null ? "" : ": " + target.limitNote()));
                }
                long training = trainingTokens(t);
                if ("openai".equals(target.provider()) && !f.validationFile()) {
                    int epochs = openAiEpochs(t.valid());
                    out.println("  estimated training tokens: " + m + n(training) + " per epoch × " + epochs + " epochs (OpenAI's default) = "
                            + m + n(training * epochs) + " billed");
                } else {
                    out.println("  estimated training tokens: " + m + n(training) + " per epoch");
                }
            }
            if (f.duplicates() > 0) {
                out.println("  duplicates: " + n(f.duplicates()) + " (" + f.duplicatePairs().stream().limit(LISTED_IN_SUMMARY)
                        .map(p -> "line " + p[0] + " = line " + p[1]).collect(Collectors.joining(", "))
                        + (f.duplicates() > LISTED_IN_SUMMARY ? ", …" : "") + ")");
            }
            if (f.validationFile()) {
                out.println("  overlap with training: " + n(f.overlap()) + (f.overlap() == 0 ? "" : " (" + f.overlapPairs().stream()
                        .limit(LISTED_IN_SUMMARY).map(p -> "line " + p[0] + " = training line " + p[1]).collect(Collectors.joining(", ")) + ")"));
            }
            for (Finding d : t.datasetFindings()) {
                if (d.code().startsWith("target_")) continue;
                out.println("  " + (d.isError() ? "dataset error" : "dataset warning") + " [" + d.code() + "]: " + d.message());
            }
            out.println("  verdict: " + (t.accepted() ? "ACCEPTED" : "REJECTED") + (t.accepted() ? "" : " — " + t.topReasons(4)));
        }
    }

    private static String byType(Map<String, Long> counts, TargetTally t) {
        return counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .map(e -> e.getKey() + " " + n(e.getValue()) + firstLines(t.linesByType.get(e.getKey())))
                .collect(Collectors.joining(", "));
    }

    private static String firstLines(List<Long> lines) {
        if (lines == null || lines.isEmpty()) return "";
        return " (line" + (lines.size() > 1 ? "s " : " ") + lines.stream().limit(3).map(String::valueOf).collect(Collectors.joining(", "))
                + (lines.size() > 3 ? ", …" : "") + ")";
    }

    private static String formats(Map<ftkit.io.RecordFormat, Long> formats) {
        if (formats.isEmpty()) return "none recognised";
        return formats.entrySet().stream().map(e -> e.getKey().id() + (formats.size() > 1 ? " " + n(e.getValue()) : ""))
                .collect(Collectors.joining(", "));
    }

    private static void printMatrix(Validator.Run run, PrintStream out) {
        int idWidth = run.targets().stream().mapToInt(t -> t.id().length()).max().orElse(10);
        int fmtWidth = run.targets().stream().mapToInt(t -> t.format().length()).max().orElse(10);
        for (Validator.FileResult f : run.files()) {
            out.println((f.validationFile() ? "Validation file " : "File ") + f.file() + "  (" + Validator.human(f.bytes()) + ", "
                    + n(f.lines()) + " records; format " + formats(f.formats()) + ")");
        }
        out.println();
        out.println(pad("target", idWidth) + "  " + pad("format", fmtWidth) + "  " + pad("verdict", 8) + "  " + pad("valid", 9)
                + "  " + pad("max tokens", 12) + "  why not");
        for (int i = 0; i < run.targets().size(); i++) {
            Target t = run.targets().get(i);
            long valid = 0;
            long records = 0;
            int max = 0;
            StringBuilder why = new StringBuilder();
            for (Validator.FileResult f : run.files()) {
                TargetTally tally = f.tallies().get(i);
                valid += tally.valid();
                records += tally.records();
                max = Math.max(max, tally.tokens().max());
                if (!tally.accepted()) {
                    if (why.length() > 0) why.append("; ");
                    if (run.files().size() > 1) why.append(f.validationFile() ? "validation" : java.nio.file.Path.of(f.file()).getFileName()).append(": ");
                    why.append(tally.topReasons(3));
                }
            }
            TokenCounter c = run.counters().get(t.tokenizer());
            String status = t.isActive() ? "" : " [" + t.status() + "]";
            out.println(pad(t.id(), idWidth) + "  " + pad(t.format(), fmtWidth) + "  " + pad(run.accepted(i) ? "accepts" : "rejects", 8)
                    + "  " + pad(n(valid) + "/" + n(records), 9) + "  " + pad(c.mark() + n(max) + (t.maxTokensPerExample() == null ? "" : "/" + n(t.maxTokensPerExample())), 12)
                    + "  " + why + status);
        }
        long accepting = java.util.stream.IntStream.range(0, run.targets().size()).filter(run::accepted).count();
        out.println();
        out.println(accepting + " of " + run.targets().size() + " targets accept the file as it is."
                + " ≈ marks estimated token counts. Targets in another format accept the data after `export --target ID`"
                + " if their only problem is wrong_format.");
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
