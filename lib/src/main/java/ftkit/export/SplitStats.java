package ftkit.export;

import ftkit.model.Sample;
import ftkit.validate.TokenStats;

import java.util.Map;
import java.util.TreeMap;

/** Counts for one split of one target: examples, bytes, tokens and the metadata distributions of the brief. */
final class SplitStats {
    final TokenStats tokens = new TokenStats();
    final Map<String, Long> categories = new TreeMap<>();
    final Map<String, Long> complexity = new TreeMap<>();
    final Map<String, Long> sources = new TreeMap<>();
    final Map<String, Long> modes = new TreeMap<>();
    final Map<String, Long> keywords = new TreeMap<>();
    long turns;

    void add(Sample sample, int tokenCount) {
        tokens.add(tokenCount);
        turns += sample.messages().size();
        count(categories, sample.metadata().getString("category"));
        count(complexity, sample.metadata().getString("complexity"));
        count(sources, sample.metadata().sourceFile());
        count(modes, sample.metadata().mode());
        for (String k : sample.metadata().keywords()) count(keywords, k);
    }

    private static void count(Map<String, Long> m, String key) {
        m.merge(key == null || key.isBlank() ? "(none)" : key, 1L, Long::sum);
    }

    long count() {
        return tokens.count();
    }
}
