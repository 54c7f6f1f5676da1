package ftkit.split;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ftkit.io.Json;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The outcome of a split: counts, leakage groups, small strata, warnings and the two distributions. */
public final class SplitReport {
    private final SplitAnalysis analysis;
    private final SplitAssignment assignment;
    private final SplitOptions options;
    private final Distribution bySource;
    private final Distribution byKeyword;
    private final Splitter.Outputs outputs;
    private final long rejected;

    SplitReport(SplitAnalysis analysis, SplitAssignment assignment, SplitOptions options, Distribution bySource,
                Distribution byKeyword, Splitter.Outputs outputs, long rejected) {
        this.analysis = analysis;
        this.assignment = assignment;
        this.options = options;
        this.bySource = bySource;
        this.byKeyword = byKeyword;
        this.outputs = outputs;
        this.rejected = rejected;
    }

    public long count(Side side) {
        return assignment.count(side);
    }

    public long samples() {
        return analysis.samples();
    }

    public long rejected() {
        return rejected;
    }

    public SplitAnalysis.GroupStats groups() {
        return analysis.groups();
    }

    public java.util.List<SplitAssignment.SmallGroup> smallGroups() {
        return assignment.smallGroups();
    }

    public java.util.List<String> messages() {
        return assignment.messages();
    }

    public Distribution bySource() {
        return bySource;
    }

    public Distribution byKeyword() {
        return byKeyword;
    }

    /** The validation fraction of the whole split (what each group's own fraction is compared with). */
    public double validationFraction() {
        return analysis.samples() == 0 ? 0 : assignment.count(Side.VALIDATION) / (double) analysis.samples();
    }

    private boolean withTest() {
        return options.ratio().test() > 0 || assignment.count(Side.TEST) > 0;
    }

    /** A deterministic JSON report: same input and options give the same bytes (no times, no absolute paths). */
    public ObjectNode toJson() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("input", analysis.input().getFileName() == null ? analysis.input().toString() : analysis.input().getFileName().toString());
        o.put("samples", analysis.samples());
        o.put("rejected", rejected);
        ObjectNode opt = o.putObject("options");
        opt.put("ratio", options.ratio().toString());
        opt.put("strategy", options.strategy() == SplitOptions.Strategy.RANDOM ? "random" : "weighted");
        if (options.weightBy() != null) opt.put("weight_by", options.weightBy().id());
        opt.put("seed", options.seed());
        opt.put("respect_existing", options.respectExisting());
        if (options.maxValidation() != null) opt.put("max_validation", options.maxValidation());
        opt.put("near_duplicates", options.nearDuplicates());
        if (options.nearDuplicates()) opt.put("near_duplicate_threshold", options.nearDuplicateThreshold());
        ObjectNode sides = o.putObject("sides");
        for (Side s : Side.values()) if (s != Side.TEST || withTest()) sides.put(s.id(), assignment.count(s));
        o.put("validation_target", assignment.validationTarget);
        if (withTest()) o.put("test_target", assignment.testTarget);
        if (!analysis.existingCounts().isEmpty()) o.set("existing_splits", Json.MAPPER.valueToTree(analysis.existingCounts()));
        SplitAnalysis.GroupStats g = analysis.groups();
        ObjectNode groups = o.putObject("leakage_groups");
        groups.put("exact_duplicate_groups", g.exactDuplicateGroups());
        groups.put("exact_duplicate_samples", g.exactDuplicateSamples());
        groups.put("near_duplicate_merges", g.nearDuplicateMerges());
        groups.put("shared_chunk_groups", g.chunkGroups());
        groups.put("shared_chunk_samples", g.chunkSamples());
        groups.put("kept_together_groups", g.keptTogetherGroups());
        groups.put("samples_in_kept_together_groups", g.samplesInKeptTogetherGroups());
        groups.put("largest_group", g.largestGroup());
        groups.put("conflicting_existing_splits", assignment.conflictingGroups);
        ArrayNode small = o.putArray("small_groups");
        for (SplitAssignment.SmallGroup s : assignment.smallGroups()) {
            small.addObject().put("group", s.group()).put("samples", s.samples()).put("handling", s.handling());
        }
        ArrayNode msgs = o.putArray("messages");
        assignment.messages().forEach(msgs::add);
        ObjectNode dist = o.putObject("distribution");
        dist.set("source", bySource.toJson(validationFraction(), withTest()));
        dist.set("keywords", byKeyword.toJson(validationFraction(), withTest()));
        if (outputs != null) {
            ObjectNode out = o.putObject("outputs");
            put(out, "train", outputs.train());
            put(out, "validation", outputs.validation());
            put(out, "test", outputs.test());
            put(out, "rejects", outputs.rejects());
        }
        return o;
    }

    private static void put(ObjectNode o, String key, Path p) {
        if (p != null) o.put(key, p.getFileName().toString());
    }

    /** The human summary printed on stderr. */
    public String toText(int maxRows) {
        StringBuilder sb = new StringBuilder();
        SplitAnalysis.GroupStats g = analysis.groups();
        sb.append(String.format(Locale.ROOT, "split %s: %,d samples (%s)%n", analysis.input().getFileName(),
                analysis.samples(), options.describe()));
        sb.append(String.format(Locale.ROOT, "  train %,d · validation %,d%s%s%n", assignment.count(Side.TRAIN),
                assignment.count(Side.VALIDATION), withTest() ? String.format(Locale.ROOT, " · test %,d", assignment.count(Side.TEST)) : "",
                rejected > 0 ? String.format(Locale.ROOT, " · rejected lines %,d", rejected) : ""));
        sb.append(String.format(Locale.ROOT, "  kept together: %,d groups holding %,d samples (exact duplicates: %,d groups; "
                        + "near-duplicate merges: %,d; shared chunks: %,d groups); largest group %,d%n",
                g.keptTogetherGroups(), g.samplesInKeptTogetherGroups(), g.exactDuplicateGroups(), g.nearDuplicateMerges(),
                g.chunkGroups(), g.largestGroup()));
        for (SplitAssignment.SmallGroup s : assignment.smallGroups()) {
            sb.append(String.format(Locale.ROOT, "  small group '%s' (%d): %s%n", s.group(), s.samples(), s.handling()));
        }
        for (String m : assignment.messages()) sb.append("  note: ").append(m).append('\n');
        bySource.appendText(sb, validationFraction(), withTest(), maxRows);
        byKeyword.appendText(sb, validationFraction(), withTest(), maxRows);
        return sb.toString();
    }

    /** The distribution before any split, for the interactive "show distribution" question. */
    public static String describeBefore(SplitAnalysis a, int maxRows) {
        StringBuilder sb = new StringBuilder();
        SplitAnalysis.GroupStats g = a.groups();
        sb.append(String.format(Locale.ROOT, "%s: %,d samples%s; %,d leakage groups hold %,d samples together%n",
                a.input().getFileName(), a.samples(), a.rejected() > 0 ? String.format(Locale.ROOT, " (%,d unreadable lines)", a.rejected()) : "",
                g.keptTogetherGroups(), g.samplesInKeptTogetherGroups()));
        if (!a.existingCounts().isEmpty()) {
            sb.append("  records with their own split: ");
            for (Map.Entry<String, Long> e : a.existingCounts().entrySet()) sb.append(e.getKey()).append(' ').append(e.getValue()).append("  ");
            sb.append('\n');
        }
        Distribution.appendBefore(sb, "source", a.sourceCounts(), maxRows);
        Distribution.appendBefore(sb, "keyword", a.keywordCounts(), maxRows);
        return sb.toString();
    }
}
