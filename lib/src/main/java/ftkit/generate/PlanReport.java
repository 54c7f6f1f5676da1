package ftkit.generate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The plan-versus-actual table printed at the end of a run: per dimension value, planned, produced and missing. */
public final class PlanReport {

    private PlanReport() {
    }

    /** Counts of one dimension value. */
    private static final class Row {
        int planned;
        int produced;
        int rejected;
        int failed;
    }

    public static String table(List<GenerationTask> tasks, Map<String, Journal.Status> states) {
        StringBuilder out = new StringBuilder("plan versus actual:\n");
        out.append(String.format(Locale.ROOT, "  %-12s %-24s %8s %8s %8s %8s%n", "dimension", "value", "planned",
                "produced", "rejected", "failed"));
        section(out, "category", tasks, states, t -> t.cell().category());
        section(out, "scenario", tasks, states, t -> t.cell().scenario());
        section(out, "expertise", tasks, states, t -> t.cell().expertise());
        section(out, "phrasing", tasks, states, t -> t.cell().phrasing());
        section(out, "complexity", tasks, states, t -> t.cell().complexity());
        int cells = 0;
        int filled = 0;
        Map<String, int[]> byCell = new LinkedHashMap<>();
        for (GenerationTask t : tasks) {
            int[] c = byCell.computeIfAbsent(t.cell().key(), k -> new int[2]);
            c[0]++;
            if (states.get(t.key()) == Journal.Status.OK) c[1]++;
        }
        for (int[] c : byCell.values()) {
            cells++;
            if (c[1] >= c[0]) filled++;
        }
        out.append(String.format(Locale.ROOT, "  cells filled: %d of %d%n", filled, cells));
        return out.toString();
    }

    private static void section(StringBuilder out, String dimension, List<GenerationTask> tasks,
                                Map<String, Journal.Status> states, Function<GenerationTask, String> value) {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (GenerationTask t : tasks) {
            Row row = rows.computeIfAbsent(value.apply(t), k -> new Row());
            row.planned++;
            Journal.Status s = states.get(t.key());
            if (s == Journal.Status.OK) row.produced++;
            else if (s == Journal.Status.REJECTED) row.rejected++;
            else if (s == Journal.Status.FAILED) row.failed++;
        }
        for (var e : rows.entrySet()) {
            Row r = e.getValue();
            out.append(String.format(Locale.ROOT, "  %-12s %-24s %8d %8d %8d %8d%n", dimension, cut(e.getKey()),
                    r.planned, r.produced, r.rejected, r.failed));
        }
    }

    private static String cut(String s) {
        return s.length() <= 24 ? s : s.substring(0, 23) + "…";
    }
}
