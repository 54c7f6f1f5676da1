package ftkit.export;

import ftkit.providers.Target;
import ftkit.validate.Finding;
import ftkit.validate.TokenStats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The human-readable files beside an export: {@code dataset_info.txt} (the brief's plan statistics) and the card. */
final class ExportReport {
    /** What the reports say about the run as a whole. */
    record Context(List<String> inputs, String created, String tool) {
    }

    private static final int TOP = 20;

    private ExportReport() {
    }

    static String datasetInfo(TargetExport e, Context c) {
        Target t = e.target();
        StringBuilder sb = new StringBuilder();
        long train = e.exported(ExportSplit.TRAIN);
        long val = e.exported(ExportSplit.VALIDATION);
        long test = e.exported(ExportSplit.TEST);
        long total = train + val + test;
        sb.append("# Dataset information: ").append(e.name()).append("\n\n");
        sb.append("## Project Overview\n");
        sb.append("- Target: ").append(t.id()).append(" (model ").append(t.model()).append(", provider ").append(t.provider())
                .append(", route ").append(t.route()).append(")\n");
        sb.append("- Record format: ").append(e.gate.rules().id()).append(" - ").append(e.gate.rules().description()).append('\n');
        sb.append("- Status: ").append(t.status() == null ? "active" : t.status())
                .append(t.statusNote() == null ? "" : " - " + t.statusNote()).append('\n');
        sb.append("- Total Examples: ").append(total).append('\n');
        if (total > 0) {
            sb.append(String.format(Locale.ROOT, "- Training/Validation%s Split: %s%n", test > 0 ? "/Test" : "",
                    test > 0 ? pct(train, total) + "/" + pct(val, total) + "/" + pct(test, total) : pct(train, total) + "/" + pct(val, total)));
        }
        sb.append("- Rejected on export: ").append(e.rejected).append(codes(e.rejectCodes)).append('\n');
        sb.append("- Inputs: ").append(String.join(", ", c.inputs())).append('\n');
        sb.append("- Created: ").append(c.created()).append(" by ").append(c.tool()).append("\n\n");

        sb.append("## Output Files\n\n");
        for (ExportSplit s : ExportSplit.values()) {
            List<String> names = e.files.get(s);
            List<Long> lines = e.partLines(s);
            for (int i = 0; i < names.size(); i++) {
                sb.append("- `").append(names.get(i)).append("` - ").append(lines.get(i)).append(" examples (").append(s.id()).append(")\n");
            }
        }
        if (e.includeCsv()) sb.append("- `").append(e.name()).append(TargetExport.CSV).append("` - one row per exported example\n");
        sb.append("- `").append(e.name()).append(TargetExport.MANIFEST).append("` - provenance of every line\n");
        if (e.rejected > 0) sb.append("- `").append(e.name()).append(TargetExport.REJECTS).append("` - ").append(e.rejected).append(" rejected samples with reasons\n");
        sb.append('\n');

        SplitStats all = merged(e);
        sb.append("## Categories and Distribution\n\n");
        if (unrecorded(all.categories)) sb.append("No sample records a category (metadata.category).\n\n");
        else table(sb, "Category", all.categories, total, Integer.MAX_VALUE);
        sb.append("## Complexity Breakdown\n\n");
        if (unrecorded(all.complexity)) sb.append("No sample records a complexity (metadata.complexity).\n");
        for (Map.Entry<String, Long> x : unrecorded(all.complexity) ? Map.<String, Long>of().entrySet() : all.complexity.entrySet()) {
            sb.append(String.format(Locale.ROOT, "- %s: %d examples (%s)%n", x.getKey(), x.getValue(), pct(x.getValue(), total)));
        }
        sb.append('\n');
        sb.append("## Sources\n\n");
        table(sb, "Source file", all.sources, total, TOP);
        sb.append("## Modes\n\n");
        table(sb, "Mode", all.modes, total, Integer.MAX_VALUE);
        sb.append("## Top Keywords\n\n");
        if (all.keywords.isEmpty()) sb.append("No sample records keywords (metadata.keywords).\n\n");
        else table(sb, "Keyword", all.keywords, total, TOP);

        String mark = e.gate.counter().mark();
        sb.append("## Token Statistics\n\n");
        sb.append("Counted with: ").append(e.gate.counter().method()).append('\n');
        if (!e.gate.counter().exact()) sb.append("Figures marked ≈ are estimates.\n");
        if (t.maxTokensPerExample() != null) sb.append("Limit per example: ").append(t.maxTokensPerExample()).append(" tokens\n");
        sb.append('\n');
        sb.append("| Split | Examples | Total tokens | Min | Mean | Median | P95 | Max |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ExportSplit s : ExportSplit.values()) {
            TokenStats ts = e.stats.get(s).tokens;
            if (ts.count() == 0) continue;
            sb.append(String.format(Locale.ROOT, "| %s | %d | %s%d | %s%d | %s%.1f | %s%d | %s%d | %s%d |%n", s.id(), ts.count(),
                    mark, ts.total(), mark, ts.min(), mark, ts.mean(), mark, ts.median(), mark, ts.percentile(95), mark, ts.max()));
        }
        sb.append('\n');
        sb.append("## Dataset Checks\n\n");
        if (e.datasetFindings.isEmpty() && e.rejected == 0) sb.append("- All records and dataset limits passed for ").append(t.id()).append(".\n");
        for (Finding f : e.datasetFindings) sb.append("- ").append(f.severity()).append(' ').append(f.code()).append(": ").append(f.message()).append('\n');
        if (!e.warningCodes.isEmpty()) sb.append("- warnings on exported records:").append(codes(e.warningCodes)).append('\n');
        return sb.toString();
    }

    static String card(TargetExport e, Context c) {
        Target t = e.target();
        StringBuilder sb = new StringBuilder();
        // The YAML header lets the Hugging Face hub find the splits; other readers ignore it.
        sb.append("---\npretty_name: ").append(e.name()).append("\nconfigs:\n- config_name: default\n  data_files:\n");
        for (ExportSplit s : ExportSplit.values()) {
            if (e.files.get(s).isEmpty()) continue;
            sb.append("  - split: ").append(s.id()).append("\n    path:\n");
            for (String f : e.files.get(s)) sb.append("    - ").append(f).append('\n');
        }
        sb.append("---\n\n");
        sb.append("# ").append(e.name()).append(" for ").append(t.id()).append("\n\n");
        if (!t.isActive()) {
            sb.append("> **Warning: ").append(t.id()).append(" is ").append(t.status()).append(".** ")
                    .append(t.statusNote() == null ? "" : t.statusNote()).append("\n\n");
        }
        for (Finding f : e.datasetFindings) {
            if (f.isError()) sb.append("> **Not ready to upload:** ").append(f.message()).append("\n\n");
        }
        sb.append("Fine-tuning data for **").append(t.model()).append("** (").append(t.provider()).append(", trained on ")
                .append(t.route()).append(") in the **").append(e.gate.rules().id()).append("** format: ")
                .append(e.gate.rules().description()).append(".\n\n");
        sb.append("## Files\n\n| File | Split | Examples |\n|---|---|---:|\n");
        for (ExportSplit s : ExportSplit.values()) {
            List<String> names = e.files.get(s);
            for (int i = 0; i < names.size(); i++) {
                sb.append("| ").append(names.get(i)).append(" | ").append(s.id()).append(" | ").append(e.partLines(s).get(i)).append(" |\n");
            }
        }
        sb.append('\n');
        SplitStats all = merged(e);
        long total = all.count();
        sb.append("## Contents\n\n");
        sb.append("- ").append(total).append(" examples, ").append(all.turns).append(" turns in all\n");
        sb.append("- Tokens (").append(e.gate.counter().method()).append("): ").append(e.gate.counter().mark()).append(all.tokens.total())
                .append(" in all, median ").append(e.gate.counter().mark()).append(all.tokens.median()).append(" per example, largest ")
                .append(e.gate.counter().mark()).append(all.tokens.max()).append('\n');
        sb.append("- How the samples were made: ").append(summary(all.modes, total)).append('\n');
        if (!unrecorded(all.categories)) {
            sb.append("- Categories: ").append(summary(all.categories, total)).append('\n');
        }
        sb.append("- Sources: ").append(all.sources.size()).append(" (").append(summary(all.sources, total)).append(")\n\n");
        sb.append("## Provenance\n\n");
        sb.append("`").append(e.name()).append(TargetExport.MANIFEST).append("` has one line per exported record: its file and line, the sample id, ")
                .append("the input file and line it came from, and the sample's source file, locator (page, sheet and row, heading …), ")
                .append("mode, model and prompt version where known.\n\n");
        sb.append("## Checks\n\n");
        sb.append("Every record passed ").append(t.id()).append("'s record rules (the same rules `validate` applies) and was read back ")
                .append("to confirm that the format kept the conversation unchanged; records the format cannot hold were rejected, ")
                .append("not reshaped");
        sb.append(e.rejected == 0 ? " (none were).\n" : ": " + e.rejected + " samples, listed with reasons in `" + e.name() + TargetExport.REJECTS + "`" + codes(e.rejectCodes) + ".\n");
        List<Finding> notes = new ArrayList<>(e.datasetFindings);
        if (!notes.isEmpty()) {
            sb.append('\n');
            for (Finding f : notes) sb.append("- ").append(f.isError() ? "**error** " : "note ").append(f.code()).append(": ").append(f.message()).append('\n');
        }
        sb.append("\nMade by ").append(c.tool()).append(" on ").append(c.created()).append(" from ").append(String.join(", ", c.inputs())).append(".\n");
        return sb.toString();
    }

    private static boolean unrecorded(Map<String, Long> counts) {
        return counts.isEmpty() || (counts.size() == 1 && counts.containsKey("(none)"));
    }

    private static SplitStats merged(TargetExport e) {
        SplitStats all = new SplitStats();
        for (SplitStats s : e.stats.values()) {
            s.tokens.histogram().forEach((k, v) -> {
                for (long i = 0; i < v; i++) all.tokens.add(k);
            });
            all.turns += s.turns;
            s.categories.forEach((k, v) -> all.categories.merge(k, v, Long::sum));
            s.complexity.forEach((k, v) -> all.complexity.merge(k, v, Long::sum));
            s.sources.forEach((k, v) -> all.sources.merge(k, v, Long::sum));
            s.modes.forEach((k, v) -> all.modes.merge(k, v, Long::sum));
            s.keywords.forEach((k, v) -> all.keywords.merge(k, v, Long::sum));
        }
        return all;
    }

    private static void table(StringBuilder sb, String label, Map<String, Long> counts, long total, int limit) {
        sb.append("| ").append(label).append(" | Count | Percentage |\n|---|---:|---:|\n");
        List<Map.Entry<String, Long>> rows = new ArrayList<>(counts.entrySet());
        rows.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        int shown = 0;
        for (Map.Entry<String, Long> r : rows) {
            if (shown++ == limit) {
                sb.append("| … ").append(rows.size() - limit).append(" more | | |\n");
                break;
            }
            sb.append("| ").append(r.getKey().replace("|", "\\|")).append(" | ").append(r.getValue()).append(" | ").append(pct(r.getValue(), total)).append(" |\n");
        }
        sb.append(String.format(Locale.ROOT, "| **Total** | **%d** | |%n%n", total));
    }

    private static String summary(Map<String, Long> counts, long total) {
        List<String> parts = new ArrayList<>();
        List<Map.Entry<String, Long>> rows = new ArrayList<>(counts.entrySet());
        rows.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        for (Map.Entry<String, Long> r : rows.subList(0, Math.min(5, rows.size()))) parts.add(r.getKey() + " " + pct(r.getValue(), total));
        if (rows.size() > 5) parts.add("…");
        return String.join(", ", parts);
    }

    static String codes(Map<String, Long> codes) {
        if (codes.isEmpty()) return "";
        List<String> parts = new ArrayList<>();
        codes.forEach((k, v) -> parts.add(k + " " + v));
        return " (" + String.join(", ", parts) + ")";
    }

    static String pct(long part, long total) {
        return total == 0 ? "0%" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / total);
    }
}
