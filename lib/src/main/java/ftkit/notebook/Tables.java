package ftkit.notebook;

import static tech.tablesaw.aggregate.AggregateFunctions.count;
import static tech.tablesaw.aggregate.AggregateFunctions.max;
import static tech.tablesaw.aggregate.AggregateFunctions.mean;
import static tech.tablesaw.aggregate.AggregateFunctions.median;
import static tech.tablesaw.aggregate.AggregateFunctions.min;
import static tech.tablesaw.aggregate.AggregateFunctions.percentile95;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tech.tablesaw.aggregate.AggregateFunctions;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Tablesaw tables for the notebooks and the {@code stats} script, built from plain maps and lists. */
public final class Tables {
    /** The row that summarises every group together in {@link #tokenSummary}. */
    public static final String ALL = "(all)";
    private static final int HTML_MAX_ROWS = 200;

    private Tables() {
    }

    /**
     * One row per group, then an {@link #ALL} row: n, min, mean, median, p95, max of the token counts, and with
     * a {@code limit} above 0 also {@code over_limit}, the examples with more tokens than the limit.
     * Statistics come from Tablesaw's aggregate functions (percentiles as in commons-math).
     *
     * @param countsByGroup group → token count of each example, in row order; empty groups are left out
     */
    public static Table tokenSummary(String groupColumn, Map<String, ? extends Collection<Integer>> countsByGroup, int limit) {
        StringColumn groups = StringColumn.create(groupColumn);
        IntColumn tokens = IntColumn.create("tokens");
        countsByGroup.forEach((group, counts) -> counts.forEach(n -> {
            groups.append(group);
            tokens.append(n);
        }));
        Table summary = Table.create("token summary by " + groupColumn,
                StringColumn.create(groupColumn), IntColumn.create("n"), IntColumn.create("min"),
                DoubleColumn.create("mean"), DoubleColumn.create("median"), DoubleColumn.create("p95"),
                IntColumn.create("max"));
        if (limit > 0) summary.addColumns(IntColumn.create("over_limit"));
        for (String group : countsByGroup.keySet()) {
            if (!countsByGroup.get(group).isEmpty()) {
                addSummaryRow(summary, group, tokens.where(groups.isEqualTo(group)), limit);
            }
        }
        if (!tokens.isEmpty()) addSummaryRow(summary, ALL, tokens, limit);
        return summary;
    }

    private static void addSummaryRow(Table summary, String group, NumericColumn<?> tokens, int limit) {
        summary.stringColumn(0).append(group);
        summary.intColumn("n").append(count.summarize(tokens));
        summary.intColumn("min").append((int) min.summarize(tokens).doubleValue());
        summary.doubleColumn("mean").append(round1(mean.summarize(tokens)));
        summary.doubleColumn("median").append(round1(median.summarize(tokens)));
        summary.doubleColumn("p95").append(round1(percentile95.summarize(tokens)));
        summary.intColumn("max").append((int) max.summarize(tokens).doubleValue());
        if (limit > 0) summary.intColumn("over_limit").append(tokens.isGreaterThan(limit).size());
    }

    /** The p-th percentile (0 < p <= 100) of token counts, estimated as Tablesaw does (commons-math). */
    public static double percentile(Collection<Integer> tokenCounts, double p) {
        if (tokenCounts.isEmpty()) throw new IllegalArgumentException("no token counts");
        if (!(p > 0 && p <= 100)) throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
        IntColumn tokens = IntColumn.create("tokens", tokenCounts.stream().mapToInt(Integer::intValue).toArray());
        return AggregateFunctions.percentile(tokens, p);
    }

    private static double round1(double value) {
        return Math.round(value * 10.0) / 10.0;
    }

    /**
     * Examples per group in each split, with the total and the validation share of each group: the split
     * balance. Columns: group, one per split (in map order), {@code total}, {@code <last split>_share} (in %).
     *
     * @param countsBySplit split name → (group → examples); groups in first-seen order, missing ones count 0
     */
    public static Table splitBalance(String groupColumn, Map<String, ? extends Map<String, Integer>> countsBySplit) {
        if (countsBySplit.isEmpty()) throw new IllegalArgumentException("no splits");
        Set<String> groupNames = new LinkedHashSet<>();
        countsBySplit.values().forEach(counts -> groupNames.addAll(counts.keySet()));
        StringColumn groups = StringColumn.create(groupColumn, List.copyOf(groupNames));
        Table table = Table.create("split balance by " + groupColumn, groups);
        IntColumn total = IntColumn.create("total", new int[groupNames.size()]);
        IntColumn last = null;
        for (Map.Entry<String, ? extends Map<String, Integer>> split : countsBySplit.entrySet()) {
            IntColumn column = IntColumn.create(split.getKey());
            for (String group : groupNames) column.append(split.getValue().getOrDefault(group, 0));
            table.addColumns(column);
            total = total.add(column).asIntColumn().setName("total");
            last = column;
        }
        table.addColumns(total);
        DoubleColumn share = last.divide(total).multiply(100).setName(last.name() + "_share");
        for (int i = 0; i < share.size(); i++) share.set(i, round1(share.getDouble(i)));
        table.addColumns(share);
        return table;
    }

    /** Text for HTML element content and attribute values (guava's escaper is only a transitive dependency). */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * A table from rows of column → value maps (as ftkit.quality.QualityTables returns them): the columns in the
     * order they first appear; a column whose values are all whole numbers becomes a long column, all numbers a
     * double column, anything else text. Null or absent values are missing cells.
     */
    public static Table fromRows(String name, List<? extends Map<String, ?>> rows) {
        Set<String> names = new LinkedHashSet<>();
        for (Map<String, ?> row : rows) names.addAll(row.keySet());
        List<Column<?>> columns = new ArrayList<>();
        for (String column : names) {
            boolean whole = true;
            boolean numeric = true;
            for (Map<String, ?> row : rows) {
                Object v = row.get(column);
                if (v == null) continue;
                if (!(v instanceof Number)) numeric = false;
                if (!(v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte)) whole = false;
            }
            if (numeric && whole) {
                LongColumn c = LongColumn.create(column);
                for (Map<String, ?> row : rows) {
                    if (row.get(column) instanceof Number n) c.append(n.longValue());
                    else c.appendMissing();
                }
                columns.add(c);
            } else if (numeric) {
                DoubleColumn c = DoubleColumn.create(column);
                for (Map<String, ?> row : rows) {
                    if (row.get(column) instanceof Number n) c.append(n.doubleValue());
                    else c.appendMissing();
                }
                columns.add(c);
            } else {
                StringColumn c = StringColumn.create(column);
                for (Map<String, ?> row : rows) {
                    Object v = row.get(column);
                    c.append(v == null ? null : String.valueOf(v));
                }
                columns.add(c);
            }
        }
        return Table.create(name, columns.toArray(new Column<?>[0]));
    }

    /**
     * The table as an HTML {@code <table>} (header, then at most 200 rows, with a note when rows are left
     * out); cell text is escaped.
     */
    public static String toHtml(Table table) {
        StringBuilder html = new StringBuilder("<table class=\"ftkit-table\">\n");
        if (table.name() != null && !table.name().isBlank()) {
            html.append("<caption>").append(escape(table.name())).append("</caption>\n");
        }
        html.append("<thead><tr>");
        for (Column<?> column : table.columns()) {
            String align = column instanceof NumericColumn ? " style=\"text-align:right\"" : "";
            html.append("<th").append(align).append('>').append(escape(column.name())).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        int rows = Math.min(table.rowCount(), HTML_MAX_ROWS);
        for (int row = 0; row < rows; row++) {
            html.append("<tr>");
            for (Column<?> column : table.columns()) {
                String align = column instanceof NumericColumn ? " style=\"text-align:right\"" : "";
                html.append("<td").append(align).append('>').append(escape(column.getString(row))).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
        if (table.rowCount() > rows) {
            html.append("<p>").append(table.rowCount() - rows).append(" more rows not shown (")
                    .append(table.rowCount()).append(" in all)</p>\n");
        }
        return html.toString();
    }
}
