package ftkit.split;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ftkit.io.Json;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of one dimension (source file or keyword) before the split and per side after it, with two balance
 * figures:
 * <ul>
 *   <li><b>max share deviation</b>: over groups of at least two samples, the largest |validation fraction of the
 *   group − validation fraction of the whole dataset|, in percentage points. 0 means every group is split exactly
 *   like the dataset; with a 20% validation share, 20 means some group has no validation sample (or only those).</li>
 *   <li><b>total variation distance</b> between the group distribution of train and that of validation:
 *   ½·Σ|train share − validation share|, from 0 (same mix on both sides) to 1 (no group in common).</li>
 * </ul>
 * For keywords a sample counts once per keyword, so shares are of keyword occurrences.
 */
public final class Distribution {
    private final String dimension;
    private final Map<String, Long> before;
    private final Map<String, long[]> after = new TreeMap<>();
    private final long[] sideTotals = new long[3];

    Distribution(String dimension, Map<String, Long> before) {
        this.dimension = dimension;
        this.before = before;
    }

    void add(String group, Side side) {
        after.computeIfAbsent(group, g -> new long[3])[side.ordinal()]++;
        sideTotals[side.ordinal()]++;
    }

    public String dimension() {
        return dimension;
    }

    public long count(String group, Side side) {
        long[] c = after.get(group);
        return c == null ? 0 : c[side.ordinal()];
    }

    public Map<String, Long> before() {
        return before;
    }

    public record Balance(double maxShareDeviation, String worstGroup, double totalVariationDistance) {
    }

    /** Balance relative to the whole split's validation fraction {@code validationFraction}. */
    public Balance balance(double validationFraction) {
        double worst = 0;
        String worstGroup = null;
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] c = e.getValue();
            long total = c[0] + c[1] + c[2];
            if (total < 2) continue;
            double dev = Math.abs(c[1] / (double) total - validationFraction);
            if (dev > worst + 1e-12) {
                worst = dev;
                worstGroup = e.getKey();
            }
        }
        double tvd = 0;
        long train = sideTotals[0];
        long val = sideTotals[1];
        if (train > 0 && val > 0) {
            for (long[] c : after.values()) tvd += Math.abs(c[0] / (double) train - c[1] / (double) val);
            tvd /= 2;
        }
        return new Balance(worst * 100, worstGroup, tvd);
    }

    private List<String> groupsByCount() {
        List<String> names = new ArrayList<>(before.keySet());
        for (String g : after.keySet()) if (!before.containsKey(g)) names.add(g);
        names.sort(Comparator.<String>comparingLong(g -> -before.getOrDefault(g, 0L)).thenComparing(g -> g));
        return names;
    }

    ObjectNode toJson(double validationFraction, boolean withTest) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        long beforeTotal = before.values().stream().mapToLong(Long::longValue).sum();
        ArrayNode groups = o.putArray("groups");
        for (String g : groupsByCount()) {
            ObjectNode row = groups.addObject();
            row.put("group", g);
            long b = before.getOrDefault(g, 0L);
            row.put("before", b);
            row.put("before_share", round(beforeTotal == 0 ? 0 : b / (double) beforeTotal));
            for (Side s : Side.values()) {
                if (s == Side.TEST && !withTest) continue;
                long c = count(g, s);
                row.put(s.id(), c);
                row.put(s.id() + "_share", round(sideTotals[s.ordinal()] == 0 ? 0 : c / (double) sideTotals[s.ordinal()]));
            }
        }
        Balance bal = balance(validationFraction);
        ObjectNode b = o.putObject("balance");
        b.put("max_share_deviation_pp", round(bal.maxShareDeviation()));
        if (bal.worstGroup() != null) b.put("worst_group", bal.worstGroup());
        b.put("total_variation_distance", round(bal.totalVariationDistance()));
        return o;
    }

    void appendText(StringBuilder sb, double validationFraction, boolean withTest, int maxRows) {
        long beforeTotal = before.values().stream().mapToLong(Long::longValue).sum();
        sb.append(String.format(Locale.ROOT, "  %-34s %14s %16s %16s%s%n", "by " + dimension, "before", "train", "validation",
                withTest ? String.format(Locale.ROOT, " %16s", "test") : ""));
        List<String> names = groupsByCount();
        int shown = 0;
        for (String g : names) {
            if (shown++ == maxRows) {
                sb.append(String.format(Locale.ROOT, "  … %d more (all in the JSON report)%n", names.size() - maxRows));
                break;
            }
            long b = before.getOrDefault(g, 0L);
            sb.append(String.format(Locale.ROOT, "  %-34s %7d %5.1f%%", abbreviate(g, 34), b, pct(b, beforeTotal)));
            for (Side s : Side.values()) {
                if (s == Side.TEST && !withTest) continue;
                long c = count(g, s);
                sb.append(String.format(Locale.ROOT, " %9d %5.1f%%", c, pct(c, sideTotals[s.ordinal()])));
            }
            sb.append('\n');
        }
        Balance bal = balance(validationFraction);
        sb.append(String.format(Locale.ROOT, "  balance: max share deviation %.1f pp%s, train/validation distance (TVD) %.3f%n",
                bal.maxShareDeviation(), bal.worstGroup() == null ? "" : " (" + abbreviate(bal.worstGroup(), 40) + ")",
                bal.totalVariationDistance()));
    }

    static void appendBefore(StringBuilder sb, String dimension, Map<String, Long> before, int maxRows) {
        long total = before.values().stream().mapToLong(Long::longValue).sum();
        sb.append(String.format(Locale.ROOT, "  %-40s %8s %7s%n", "by " + dimension, "samples", "share"));
        List<Map.Entry<String, Long>> rows = new ArrayList<>(before.entrySet());
        rows.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        int shown = 0;
        for (Map.Entry<String, Long> e : rows) {
            if (shown++ == maxRows) {
                sb.append(String.format(Locale.ROOT, "  … %d more%n", rows.size() - maxRows));
                break;
            }
            sb.append(String.format(Locale.ROOT, "  %-40s %8d %6.1f%%%n", abbreviate(e.getKey(), 40), e.getValue(), pct(e.getValue(), total)));
        }
    }

    private static double pct(long part, long total) {
        return total == 0 ? 0 : 100.0 * part / total;
    }

    static double round(double x) {
        return Math.round(x * 10000) / 10000.0;
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : "…" + s.substring(s.length() - max + 1);
    }
}
