package ftkit.stats;

import ftkit.io.RecordFormat;
import ftkit.io.SampleReader;
import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.notebook.ExampleTokens;
import ftkit.notebook.Tables;
import ftkit.providers.Target;
import ftkit.tokens.TokenCounter;
import ftkit.validate.ContentKey;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The summaries of one dataset that the notebooks show, gathered in one pass: per-example token figures (as
 * {@link ExampleTokens}, the notebooks' record, counted with the first target's tokenizer), token counts under
 * every further target, roles, turns, duplicates and unreadable lines. Keeps per-example figures and a 16-byte
 * fingerprint per example, never the examples' text.
 */
public final class DatasetStats {
    /** A target with the counter that counts like it and the per-example limit to check (0 = none stated). */
    public record TargetCounter(Target target, TokenCounter counter, int limit) {
    }

    private final String source;
    private final List<TargetCounter> targets;
    private final List<ExampleTokens> examples = new ArrayList<>();
    private final Map<String, List<Integer>> tokensByTarget = new LinkedHashMap<>();
    private final Map<String, long[]> roles = new TreeMap<>(); // role -> {messages, characters, examples with it}
    private final Map<ContentKey, Long> firstLineByKey = new HashMap<>();
    private final List<long[]> duplicates = new ArrayList<>(); // {line, line of the first copy}
    private final List<String> problems = new ArrayList<>();

    public DatasetStats(String source, List<TargetCounter> targets) {
        if (targets.isEmpty()) throw new IllegalArgumentException("at least one target is needed to count tokens");
        this.source = source;
        this.targets = List.copyOf(targets);
        for (TargetCounter t : targets) tokensByTarget.put(t.target().id(), new ArrayList<>());
    }

    /** Streams a JSONL file in any format {@link SampleReader} reads; unreadable lines become problems. */
    public static DatasetStats ofFile(String path, List<TargetCounter> targets) throws java.io.IOException {
        DatasetStats stats = new DatasetStats(path, targets);
        try (SampleReader reader = SampleReader.open(path)) {
            for (SampleReader.Entry entry : reader) {
                if (entry.ok()) stats.add(entry.line().number(), entry.format(), entry.sample());
                else stats.problem(entry.describeError());
            }
        }
        return stats;
    }

    public void problem(String description) {
        problems.add(description);
    }

    /** Adds one example; {@code line} is its line in the file (or its ordinal in a database). */
    public void add(long line, RecordFormat format, Sample sample) {
        TargetCounter primary = targets.get(0);
        int tokens = primary.counter().count(sample);
        tokensByTarget.get(primary.target().id()).add(tokens);
        for (TargetCounter other : targets.subList(1, targets.size())) {
            tokensByTarget.get(other.target().id()).add(other.counter().count(sample));
        }
        examples.add(ExampleTokens.of(line, format, sample, tokens));
        Map<String, Boolean> seen = new HashMap<>();
        for (Message m : sample.conversation()) {
            String role = m.role() == null ? ExampleTokens.NONE : m.role();
            long[] r = roles.computeIfAbsent(role, k -> new long[3]);
            r[0]++;
            r[1] += m.contentOrEmpty().length();
            if (seen.put(role, true) == null) r[2]++;
        }
        Long first = firstLineByKey.putIfAbsent(ContentKey.of(sample), line);
        if (first != null) duplicates.add(new long[] {line, first});
    }

    public String source() {
        return source;
    }

    public List<TargetCounter> targets() {
        return targets;
    }

    public TargetCounter primary() {
        return targets.get(0);
    }

    public List<ExampleTokens> examples() {
        return examples;
    }

    public List<String> problems() {
        return problems;
    }

    public int duplicateCount() {
        return duplicates.size();
    }

    public List<Integer> tokenCounts() {
        return tokensByTarget.get(primary().target().id());
    }

    public long overLimit() {
        int limit = primary().limit();
        return limit <= 0 ? 0 : examples.stream().filter(e -> e.tokens() > limit).count();
    }

    // ---- tables: every section the stats script prints, in order ----

    /** Section title → table, in print order; sections with nothing to show are left out. */
    public Map<String, Table> sections() {
        Map<String, Table> out = new LinkedHashMap<>();
        out.put("Overview", overview());
        out.put("Tokens per target", tokensPerTarget());
        for (String group : List.of("split", "source", "keyword", "category", "complexity")) {
            Map<String, List<Integer>> bySplit = tokensBy(group);
            boolean onlyNone = bySplit.size() == 1 && bySplit.containsKey(ExampleTokens.NONE);
            if (!examples.isEmpty() && !onlyNone) {
                out.put("Tokens by " + group + " (" + primary().target().id() + ")",
                        Tables.tokenSummary(group, bySplit, primary().limit()));
            }
        }
        if (hasTrainAndValidation()) {
            for (String group : List.of("source", "keyword", "category")) {
                Map<String, Map<String, Integer>> bySplit = countsBySplit(group);
                Table balance = Tables.splitBalance(group, bySplit);
                if (balance.rowCount() > 1 || !balance.stringColumn(0).get(0).equals(ExampleTokens.NONE)) {
                    out.put("Split balance by " + group, balance);
                }
            }
        }
        out.put("Roles", roles());
        out.put("Turns", turns());
        if (!duplicates.isEmpty()) out.put("Duplicates", duplicateTable());
        if (overLimit() > 0) out.put("Over the limit (longest first, at most 20)", overLimitTable(20));
        if (!problems.isEmpty()) out.put("Unreadable lines (at most 20)", problemTable(20));
        return out;
    }

    public Table overview() {
        TargetCounter p = primary();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"source", source});
        rows.add(new String[] {"examples", Integer.toString(examples.size())});
        rows.add(new String[] {"unreadable lines", Integer.toString(problems.size())});
        rows.add(new String[] {"target", p.target().id()});
        rows.add(new String[] {"token counting", p.counter().method()});
        rows.add(new String[] {"limit per example", p.limit() > 0 ? Integer.toString(p.limit()) : "not stated"});
        rows.add(new String[] {"over the limit", Long.toString(overLimit())});
        rows.add(new String[] {"total tokens", Long.toString(tokenCounts().stream().mapToLong(Integer::longValue).sum())});
        rows.add(new String[] {"duplicates", Integer.toString(duplicates.size())});
        Map<String, Integer> splits = new TreeMap<>();
        for (ExampleTokens e : examples) splits.merge(e.split(), 1, Integer::sum);
        splits.forEach((split, n) -> rows.add(new String[] {"split " + split, Integer.toString(n)}));
        return Table.create("overview",
                StringColumn.create("figure", rows.stream().map(r -> r[0]).toList()),
                StringColumn.create("value", rows.stream().map(r -> r[1]).toList()));
    }

    /** One row per target: the same n/min/mean/median/p95/max as the notebooks, and over_limit with that target's limit. */
    public Table tokensPerTarget() {
        Table table = null;
        for (TargetCounter t : targets) {
            Map<String, List<Integer>> one = Map.of(t.target().id(), tokensByTarget.get(t.target().id()));
            Table summary = Tables.tokenSummary("target", one, Math.max(t.limit(), 0));
            if (summary.rowCount() == 0) continue;
            Table row = summary.where(summary.stringColumn("target").isNotEqualTo(Tables.ALL));
            if (!row.columnNames().contains("over_limit")) row.addColumns(IntColumn.create("over_limit", new int[row.rowCount()]));
            row.addColumns(StringColumn.create("limit", List.of(t.limit() > 0 ? Integer.toString(t.limit()) : "not stated")),
                    StringColumn.create("counting", List.of(t.counter().exact() ? "exact" : "estimate")));
            if (table == null) table = row.copy();
            else table.append(row);
        }
        if (table == null) {
            table = Table.create("tokens per target", StringColumn.create("target"), IntColumn.create("n"));
        }
        return table.setName("tokens per target");
    }

    /** Token counts (first target) grouped by split, source, keyword, category or complexity. */
    public Map<String, List<Integer>> tokensBy(String group) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        for (ExampleTokens e : examples) {
            for (String key : groupKeys(e, group)) out.computeIfAbsent(key, k -> new ArrayList<>()).add(e.tokens());
        }
        return out;
    }

    /** split → (group → examples), train first, then validation, then any other split. */
    public Map<String, Map<String, Integer>> countsBySplit(String group) {
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        out.put("train", new LinkedHashMap<>());
        out.put("validation", new LinkedHashMap<>());
        for (ExampleTokens e : examples) {
            if (e.split().equals(ExampleTokens.NONE)) continue;
            Map<String, Integer> counts = out.computeIfAbsent(e.split(), k -> new LinkedHashMap<>());
            for (String key : groupKeys(e, group)) counts.merge(key, 1, Integer::sum);
        }
        // test (if any) goes before validation is not wanted: keep validation last, the share column is of it.
        Map<String, Integer> validation = out.remove("validation");
        out.put("validation", validation);
        return out;
    }

    public boolean hasTrainAndValidation() {
        boolean train = false;
        boolean validation = false;
        for (ExampleTokens e : examples) {
            train |= e.split().equals("train");
            validation |= e.split().equals("validation");
        }
        return train && validation;
    }

    static List<String> groupKeys(ExampleTokens e, String group) {
        return switch (group) {
            case "split" -> List.of(e.split());
            case "source" -> List.of(e.source());
            case "keyword" -> e.keywordLabels();
            case "category" -> List.of(e.category());
            case "complexity" -> List.of(e.complexity());
            case "turns" -> List.of(e.turnsLabel());
            default -> throw new IllegalArgumentException("unknown group " + group);
        };
    }

    public Table roles() {
        long totalMessages = roles.values().stream().mapToLong(r -> r[0]).sum();
        StringColumn role = StringColumn.create("role");
        LongColumn messages = LongColumn.create("messages");
        LongColumn withRole = LongColumn.create("examples_with");
        DoubleColumn share = DoubleColumn.create("share_%");
        DoubleColumn meanChars = DoubleColumn.create("mean_chars");
        roles.forEach((name, r) -> {
            role.append(name);
            messages.append(r[0]);
            withRole.append(r[2]);
            share.append(round1(100.0 * r[0] / Math.max(1, totalMessages)));
            meanChars.append(round1((double) r[1] / Math.max(1, r[0])));
        });
        return Table.create("roles", role, messages, withRole, share, meanChars);
    }

    /** Examples by number of user turns, with the mean tokens of each shape. */
    public Table turns() {
        Map<Integer, List<Integer>> byTurns = new TreeMap<>();
        for (ExampleTokens e : examples) byTurns.computeIfAbsent(e.userTurns(), k -> new ArrayList<>()).add(e.tokens());
        IntColumn userTurns = IntColumn.create("user_turns");
        IntColumn n = IntColumn.create("examples");
        DoubleColumn share = DoubleColumn.create("share_%");
        DoubleColumn meanMessages = DoubleColumn.create("mean_tokens");
        byTurns.forEach((turns, tokens) -> {
            userTurns.append(turns);
            n.append(tokens.size());
            share.append(round1(100.0 * tokens.size() / Math.max(1, examples.size())));
            meanMessages.append(round1(tokens.stream().mapToInt(Integer::intValue).average().orElse(0)));
        });
        return Table.create("turns", userTurns, n, share, meanMessages);
    }

    public Table duplicateTable() {
        return Table.create("duplicates",
                LongColumn.create("line", duplicates.stream().mapToLong(d -> d[0]).toArray()),
                LongColumn.create("copy_of_line", duplicates.stream().mapToLong(d -> d[1]).toArray()));
    }

    public Table overLimitTable(int max) {
        int limit = primary().limit();
        List<ExampleTokens> over = examples.stream().filter(e -> limit > 0 && e.tokens() > limit)
                .sorted(Comparator.comparingInt(ExampleTokens::tokens).reversed()).limit(max).toList();
        return Table.create("over limit",
                LongColumn.create("line", over.stream().mapToLong(ExampleTokens::line).toArray()),
                IntColumn.create("tokens", over.stream().mapToInt(ExampleTokens::tokens).toArray()),
                StringColumn.create("source", over.stream().map(ExampleTokens::source).toList()),
                StringColumn.create("first_user", over.stream().map(ExampleTokens::firstUser).toList()));
    }

    public Table problemTable(int max) {
        return Table.create("unreadable", StringColumn.create("problem", problems.stream().limit(max).toList()));
    }

    /** "2 turns" after "1 turn", "10 turns" after "9 turns". */
    static int compareTurnLabels(String a, String b) {
        return Integer.compare(Integer.parseInt(a.split(" ")[0]), Integer.parseInt(b.split(" ")[0]));
    }

    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
