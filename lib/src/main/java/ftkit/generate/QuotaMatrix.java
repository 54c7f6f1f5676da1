package ftkit.generate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The brief's systematic variation template made into quotas: for each category, every combination of scenario ×
 * expertise × phrasing × complexity is a cell whose quota is the category's count times the product of the
 * dimension shares, rounded by the largest-remainder method so the quotas add up exactly to the total. Each unit of
 * quota becomes one {@link GenerationTask} with a stable key, so a re-run finds the same tasks in its journal.
 */
public final class QuotaMatrix {

    /** One cell of the matrix and its quota. */
    public record Cell(String category, String scenario, String expertise, String phrasing, String complexity,
                       int quota) {
        public String key() {
            return category + "|" + scenario + "|" + expertise + "|" + phrasing + "|" + complexity;
        }

        public boolean multiTurn() {
            return GenerationPlan.MULTI_TURN_SCENARIOS.contains(scenario);
        }
    }

    private final GenerationPlan plan;
    private final List<Cell> cells;

    private QuotaMatrix(GenerationPlan plan, List<Cell> cells) {
        this.plan = plan;
        this.cells = List.copyOf(cells);
    }

    public static QuotaMatrix expand(GenerationPlan plan) {
        List<GenerationPlan.Category> categories = plan.categories();
        int[] perCategory;
        boolean exactCounts = categories.stream().allMatch(c -> c.count() != null)
                && categories.stream().mapToInt(GenerationPlan.Category::count).sum() == plan.totalExamples();
        if (exactCounts) {
            perCategory = categories.stream().mapToInt(GenerationPlan.Category::count).toArray();
        } else {
            double[] shares = categories.stream().mapToDouble(plan::share).toArray();
            perCategory = largestRemainder(plan.totalExamples(), shares);
        }
        List<Cell> cells = new ArrayList<>();
        for (int c = 0; c < categories.size(); c++) {
            List<String[]> combos = new ArrayList<>();
            List<Double> weights = new ArrayList<>();
            for (var s : plan.scenarios().entrySet()) {
                for (var e : plan.expertise().entrySet()) {
                    for (var p : plan.phrasing().entrySet()) {
                        for (var x : plan.complexity().entrySet()) {
                            combos.add(new String[] {s.getKey(), e.getKey(), p.getKey(), x.getKey()});
                            weights.add(s.getValue() * e.getValue() * p.getValue() * x.getValue().share());
                        }
                    }
                }
            }
            int[] quotas = balanced(perCategory[c], combos, weights, plan);
            for (int i = 0; i < combos.size(); i++) {
                String[] k = combos.get(i);
                cells.add(new Cell(categories.get(c).name(), k[0], k[1], k[2], k[3], quotas[i]));
            }
        }
        return new QuotaMatrix(plan, cells);
    }

    /**
     * Gives {@code total} units to cells one at a time, each to the cell furthest below its share, counting also how
     * far each of its dimension values (scenario, expertise, phrasing, complexity) is below its own share, and never
     * past a dimension value's own quota (its largest-remainder share of the total), so every dimension's split is
     * exact. With fewer
     * units than cells, this keeps every dimension's distribution close to the plan (a run of 12 covers both
     * scenarios, all three expertise levels...) instead of filling the first cells in order. Deterministic.
     */
    static int[] balanced(int total, List<String[]> combos, List<Double> weights, GenerationPlan plan) {
        int n = combos.size();
        int[] given = new int[n];
        double sum = 0;
        for (double w : weights) sum += w;
        if (total == 0 || sum <= 0) return given;
        List<Map<String, Double>> dims = List.of(plan.scenarios(), plan.expertise(), plan.phrasing(),
                complexityShares(plan));
        // Values as indices and counts in arrays: the loop below runs total × cells times (1,280 units × 216 cells
        // took 100-250 ms with maps, before the first request could go out).
        int[][] valueOf = new int[n][4];
        double[][] share = new double[4][];
        int[][] limit = new int[4][];
        int[][] givenByValue = new int[4][];
        for (int d = 0; d < 4; d++) {
            List<String> values = new ArrayList<>(dims.get(d).keySet());
            Map<String, Integer> index = new LinkedHashMap<>();
            for (int v = 0; v < values.size(); v++) index.put(values.get(v), v);
            share[d] = values.stream().mapToDouble(dims.get(d)::get).toArray();
            // Each dimension's own split is exact (largest remainder); cells are then chosen within those limits.
            limit[d] = largestRemainder(total, share[d]);
            givenByValue[d] = new int[values.size()];
            for (int i = 0; i < n; i++) valueOf[i][d] = index.get(combos.get(i)[d]);
        }
        double[] weight = new double[n];
        for (int i = 0; i < n; i++) weight[i] = weights.get(i);
        for (int unit = 1; unit <= total; unit++) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (weight[i] <= 0) continue;
                int[] values = valueOf[i];
                boolean full = false;
                for (int d = 0; d < 4 && !full; d++) full = givenByValue[d][values[d]] >= limit[d][values[d]];
                if (full) continue;
                // Same arithmetic, in the same order, as ever: the quotas (and so the task keys a journal holds)
                // must not change between versions.
                double score = unit * weight[i] / sum - given[i];
                for (int d = 0; d < 4; d++) score += unit * share[d][values[d]] - givenByValue[d][values[d]];
                if (score > bestScore + 1e-9) {
                    bestScore = score;
                    best = i;
                }
            }
            given[best]++;
            for (int d = 0; d < 4; d++) givenByValue[d][valueOf[best][d]]++;
        }
        return given;
    }

    private static Map<String, Double> complexityShares(GenerationPlan plan) {
        Map<String, Double> shares = new LinkedHashMap<>();
        double sum = plan.complexity().values().stream().mapToDouble(GenerationPlan.Weighted::share).sum();
        plan.complexity().forEach((k, v) -> shares.put(k, sum <= 0 ? 0 : v.share() / sum));
        return shares;
    }

    /**
     * Splits {@code total} in proportion to {@code weights}: floors first, then one more to the largest remainders
     * (earlier entries win ties), so the parts always add up to {@code total}.
     */
    static int[] largestRemainder(int total, double[] weights) {
        double sum = 0;
        for (double w : weights) sum += w;
        int[] parts = new int[weights.length];
        if (total == 0 || sum <= 0) return parts;
        double[] remainders = new double[weights.length];
        int given = 0;
        for (int i = 0; i < weights.length; i++) {
            double exact = total * weights[i] / sum;
            parts[i] = (int) Math.floor(exact + 1e-9);
            remainders[i] = exact - parts[i];
            given += parts[i];
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) order.add(i);
        order.sort(Comparator.comparingDouble((Integer i) -> -remainders[i]).thenComparingInt(i -> i));
        for (int k = 0; given < total; k++, given++) parts[order.get(k % order.size())]++;
        return parts;
    }

    public GenerationPlan plan() {
        return plan;
    }

    /** Every cell, including those whose quota rounded to 0. */
    public List<Cell> cells() {
        return cells;
    }

    public int total() {
        return cells.stream().mapToInt(Cell::quota).sum();
    }

    /**
     * The tasks, one per unit of quota, interleaved across cells (round-robin) so that a run stopped early still
     * covers the matrix evenly. Context, formality, multi-turn pattern and topic rotate deterministically.
     */
    public List<GenerationTask> tasks() {
        Map<String, GenerationPlan.Category> byName = new LinkedHashMap<>();
        for (GenerationPlan.Category c : plan.categories()) byName.put(c.name(), c);
        List<GenerationTask> tasks = new ArrayList<>();
        int max = cells.stream().mapToInt(Cell::quota).max().orElse(0);
        for (int round = 0; round < max; round++) {
            for (Cell cell : cells) {
                if (round >= cell.quota()) continue;
                int n = tasks.size();
                GenerationPlan.Category category = byName.get(cell.category());
                List<String> topics = category.topics() == null ? List.of() : category.topics();
                int turns = 1;
                String pattern = null;
                if (cell.multiTurn()) {
                    int span = plan.maxTurns() - plan.minTurns() + 1;
                    turns = plan.minTurns() + round % span;
                    pattern = plan.multiTurnPatterns().isEmpty() ? "follow-up"
                            : plan.multiTurnPatterns().get(round % plan.multiTurnPatterns().size());
                }
                tasks.add(new GenerationTask(
                        cell.key() + "#" + round, n, cell, category,
                        topics.isEmpty() ? null : topics.get(round % topics.size()),
                        plan.contexts().isEmpty() ? "minimal" : plan.contexts().get(n % plan.contexts().size()),
                        plan.formality().isEmpty() ? "neutral" : plan.formality().get(n % plan.formality().size()),
                        pattern, turns,
                        plan.systemPrompts().isEmpty() ? null
                                : plan.systemPrompts().get(n % plan.systemPrompts().size()),
                        null, null));
            }
        }
        return tasks;
    }

    /** A text table of the non-empty cells, for --dry-run. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-20s %-15s %-13s %-10s %-8s %6s%n", "category", "scenario", "expertise", "phrasing",
                "complex.", "quota"));
        int empty = 0;
        for (Cell c : cells) {
            if (c.quota() == 0) {
                empty++;
                continue;
            }
            out.append(String.format("%-20s %-15s %-13s %-10s %-8s %6d%n", cut(c.category(), 20), c.scenario(),
                    c.expertise(), c.phrasing(), c.complexity(), c.quota()));
        }
        out.append(String.format("%d cells with a quota, %d of %d combinations too small for a share at this total; "
                + "total %d%n", cells.size() - empty, empty, cells.size(), total()));
        return out.toString();
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
