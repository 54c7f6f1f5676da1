package ftkit.validate;

import ftkit.providers.Target;
import ftkit.tokens.TokenCounter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What one file looks like to one target: counts by error type, token statistics, over-limit examples. */
public final class TargetTally {
    /** How many over-limit examples, and findings per code, are listed by line (all are counted). */
    public static final int LISTED = 1000;

    final Target target;
    final TokenCounter counter;
    long records;
    long invalid;
    long withWarnings;
    final Map<String, Long> errorsByType = new TreeMap<>();
    final Map<String, Long> warningsByType = new TreeMap<>();
    final Map<String, List<Long>> linesByType = new TreeMap<>();
    final TokenStats tokens = new TokenStats();
    final List<long[]> overLimit = new ArrayList<>();
    long overLimitCount;
    final List<Finding> datasetFindings = new ArrayList<>();

    TargetTally(Target target, TokenCounter counter) {
        this.target = target;
        this.counter = counter;
    }

    void add(long line, List<Finding> findings) {
        records++;
        boolean error = false;
        boolean warning = false;
        for (Finding f : findings) {
            (f.isError() ? errorsByType : warningsByType).merge(f.code(), 1L, Long::sum);
            List<Long> lines = linesByType.computeIfAbsent(f.code(), k -> new ArrayList<>());
            if (lines.size() < LISTED && (lines.isEmpty() || lines.get(lines.size() - 1) != line)) lines.add(line);
            error |= f.isError();
            warning |= !f.isError();
        }
        if (error) invalid++;
        if (warning) withWarnings++;
    }

    void overLimit(long line, int tokens) {
        overLimitCount++;
        if (overLimit.size() < LISTED) overLimit.add(new long[]{line, tokens});
    }

    public Target target() {
        return target;
    }

    public long records() {
        return records;
    }

    public long invalid() {
        return invalid;
    }

    public long valid() {
        return records - invalid;
    }

    public Map<String, Long> errorsByType() {
        return errorsByType;
    }

    public Map<String, Long> warningsByType() {
        return warningsByType;
    }

    public TokenStats tokens() {
        return tokens;
    }

    public long overLimitCount() {
        return overLimitCount;
    }

    public List<Finding> datasetFindings() {
        return datasetFindings;
    }

    /** The file is accepted when no record and no dataset-level rule has an error. */
    public boolean accepted() {
        return invalid == 0 && datasetFindings.stream().noneMatch(Finding::isError);
    }

    /** The most frequent reasons for rejection, for the matrix view: "wrong_format ×1000, empty_content ×4". */
    public String topReasons(int max) {
        List<Map.Entry<String, Long>> all = new ArrayList<>(errorsByType.entrySet());
        for (Finding f : datasetFindings) if (f.isError()) all.add(Map.entry(f.code(), 1L));
        all.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(max, all.size()); i++) {
            if (i > 0) sb.append(", ");
            sb.append(all.get(i).getKey());
            if (all.get(i).getValue() > 1 || errorsByType.containsKey(all.get(i).getKey())) sb.append(" ×").append(all.get(i).getValue());
        }
        if (all.size() > max) sb.append(", …");
        return sb.toString();
    }
}
