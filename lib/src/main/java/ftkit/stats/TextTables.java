package ftkit.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Tablesaw tables as aligned plain text for a terminal: numbers right-aligned, decimals to one place. */
public final class TextTables {
    private TextTables() {
    }

    /** The table under a title line, header, a rule, then one line per row; no trailing spaces. */
    public static String render(String title, Table table) {
        int columns = table.columnCount();
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[columns];
        boolean[] numeric = new boolean[columns];
        for (int c = 0; c < columns; c++) {
            Column<?> column = table.column(c);
            header[c] = column.name();
            ColumnType type = column.type();
            numeric[c] = type == ColumnType.INTEGER || type == ColumnType.LONG || type == ColumnType.DOUBLE
                    || type == ColumnType.SHORT || type == ColumnType.FLOAT;
        }
        for (int r = 0; r < table.rowCount(); r++) {
            String[] row = new String[columns];
            for (int c = 0; c < columns; c++) row[c] = cell(table.column(c), r);
            rows.add(row);
        }
        int[] width = new int[columns];
        for (int c = 0; c < columns; c++) {
            width[c] = header[c].length();
            for (String[] row : rows) width[c] = Math.max(width[c], row[c].length());
        }
        StringBuilder out = new StringBuilder();
        out.append(title).append('\n');
        appendLine(out, header, width, numeric);
        String[] rule = new String[columns];
        for (int c = 0; c < columns; c++) rule[c] = "-".repeat(width[c]);
        appendLine(out, rule, width, numeric);
        for (String[] row : rows) appendLine(out, row, width, numeric);
        if (rows.isEmpty()) out.append("(no rows)\n");
        return out.toString();
    }

    private static void appendLine(StringBuilder out, String[] cells, int[] width, boolean[] numeric) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) line.append("  ");
            String pad = " ".repeat(width[c] - cells[c].length());
            line.append(numeric[c] ? pad + cells[c] : cells[c] + pad);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    static String cell(Column<?> column, int row) {
        if (column.isMissing(row)) return "";
        Object value = column.get(row);
        if (value instanceof Double d) return String.format(Locale.ROOT, "%.1f", d);
        if (value instanceof Float f) return String.format(Locale.ROOT, "%.1f", f);
        return String.valueOf(value).replaceAll("\\s+", " ");
    }
}
