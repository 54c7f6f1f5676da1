package ftkit.notebook;

import ftkit.split.Distribution;
import ftkit.split.Side;
import ftkit.split.SplitReport;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** A split's report ({@code ftkit.split}) as the inputs of {@link Tables} and {@link Charts}. */
public final class SplitViews {
    private SplitViews() {
    }

    /**
     * Side id → (group → examples) of one dimension, for {@link Tables#splitBalance} and
     * {@link Charts#groupedBars}; train and validation always, test only when it holds examples.
     */
    public static Map<String, Map<String, Integer>> countsBySide(Distribution distribution) {
        Set<String> groups = new LinkedHashSet<>(distribution.before().keySet());
        groups.add(ExampleTokens.NONE); // samples without the label are counted under "(none)" after the split
        Map<String, Map<String, Integer>> bySide = new LinkedHashMap<>();
        for (Side side : Side.values()) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (String group : groups) counts.put(group, Math.toIntExact(distribution.count(group, side)));
            bySide.put(side.id(), counts);
        }
        // a group no side holds is one the split never saw ("(none)" when every sample has the label)
        for (String group : groups) {
            if (bySide.values().stream().allMatch(counts -> counts.get(group) == 0)) {
                bySide.values().forEach(counts -> counts.remove(group));
            }
        }
        if (bySide.get(Side.TEST.id()).values().stream().allMatch(n -> n == 0)) bySide.remove(Side.TEST.id());
        return bySide;
    }

    /**
     * Keeps the {@code n} groups with the most examples over all sides (ties in first-seen order), so charts of
     * many keywords stay readable; the order of the kept groups is unchanged.
     */
    public static Map<String, Map<String, Integer>> largestGroups(Map<String, Map<String, Integer>> bySide, int n) {
        Map<String, Integer> totals = new LinkedHashMap<>();
        bySide.values().forEach(counts -> counts.forEach((group, count) -> totals.merge(group, count, Integer::sum)));
        Set<String> kept = new LinkedHashSet<>();
        totals.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
                .forEach(e -> kept.add(e.getKey()));
        Map<String, Map<String, Integer>> result = new LinkedHashMap<>();
        bySide.forEach((side, counts) -> {
            Map<String, Integer> keptCounts = new LinkedHashMap<>();
            counts.forEach((group, count) -> {
                if (kept.contains(group)) keptCounts.put(group, count);
            });
            result.put(side, keptCounts);
        });
        return result;
    }

    /**
     * The split's balance figures per dimension (source, keyword): the largest deviation of a group's validation
     * share from the whole split's, in percentage points, the group it happens in, and the total variation
     * distance between the train and validation mixes (see {@link Distribution}).
     */
    public static Table balance(SplitReport report) {
        Table table = Table.create("split balance",
                StringColumn.create("dimension"), DoubleColumn.create("max_share_deviation_pp"),
                StringColumn.create("worst_group"), DoubleColumn.create("total_variation_distance"));
        for (Distribution distribution : new Distribution[] {report.bySource(), report.byKeyword()}) {
            Distribution.Balance balance = distribution.balance(report.validationFraction());
            table.stringColumn("dimension").append(distribution.dimension());
            table.doubleColumn("max_share_deviation_pp").append(Math.round(balance.maxShareDeviation() * 10) / 10.0);
            table.stringColumn("worst_group").append(balance.worstGroup() == null ? "" : balance.worstGroup());
            table.doubleColumn("total_variation_distance").append(Math.round(balance.totalVariationDistance() * 1000) / 1000.0);
        }
        return table;
    }
}
