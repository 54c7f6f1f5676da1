package ftkit.notebook;

import ftkit.io.RecordFormat;
import ftkit.io.SampleReader;
import ftkit.model.Sample;
import ftkit.tokens.TokenCounter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Token counts of every example in a JSONL dataset (any format {@link SampleReader} reads), plus the lines that
 * could not be read. Holds only the per-example figures, not the examples, so memory stays small.
 *
 * @param source   the file read
 * @param method   how tokens were counted ({@link TokenCounter#method()}); estimates say so
 * @param exact    false when the counts are estimates
 * @param problems unreadable lines as "file:line: reason"
 */
public record DatasetTokens(String source, String method, boolean exact, List<ExampleTokens> examples,
                            List<String> problems) {

    public DatasetTokens {
        examples = List.copyOf(examples);
        problems = List.copyOf(problems);
    }

    /** Streams the file; a bad line becomes a problem and reading goes on. */
    public static DatasetTokens read(String path, TokenCounter counter) throws IOException {
        return read(NotebookDataset.jsonl(path), counter);
    }

    /** Streams a JSONL file or a stored dataset; a bad line becomes a problem and reading goes on. */
    public static DatasetTokens read(NotebookDataset dataset, TokenCounter counter) throws IOException {
        List<ExampleTokens> examples = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        dataset.read(new NotebookDataset.Visitor() {
            @Override
            public void sample(long position, RecordFormat format, Sample sample) {
                examples.add(ExampleTokens.of(position, format, sample, counter.count(sample)));
            }

            @Override
            public void problem(String description) {
                problems.add(description);
            }
        });
        return new DatasetTokens(dataset.describe(), counter.method(), counter.exact(), examples, problems);
    }

    public List<Integer> tokenCounts() {
        return examples.stream().map(ExampleTokens::tokens).toList();
    }

    /** Token counts grouped by a key, groups in first-seen order: the input of {@link Tables#tokenSummary}. */
    public Map<String, List<Integer>> tokensBy(Function<ExampleTokens, String> key) {
        return tokensByEach(example -> List.of(key.apply(example)));
    }

    /** As {@link #tokensBy}, for keys an example can have several of (keywords): it counts in each group. */
    public Map<String, List<Integer>> tokensByEach(Function<ExampleTokens, ? extends Collection<String>> keys) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (ExampleTokens example : examples) {
            for (String key : keys.apply(example)) {
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(example.tokens());
            }
        }
        return groups;
    }

    /** Examples per group, groups in first-seen order: one side's column of {@link Tables#splitBalance}. */
    public Map<String, Integer> countBy(Function<ExampleTokens, String> key) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ExampleTokens example : examples) counts.merge(key.apply(example), 1, Integer::sum);
        return counts;
    }

    /** Examples with more tokens than the limit, longest first. */
    public List<ExampleTokens> overLimit(int limit) {
        return examples.stream().filter(e -> e.tokens() > limit)
                .sorted(Comparator.comparingInt(ExampleTokens::tokens).reversed()).toList();
    }

    /** The n longest examples, longest first. */
    public List<ExampleTokens> longest(int n) {
        return examples.stream().sorted(Comparator.comparingInt(ExampleTokens::tokens).reversed()).limit(n).toList();
    }

    /** Examples as a table: line, messages, user_turns, tokens, source, first_user. */
    public static Table table(String name, List<ExampleTokens> examples) {
        return Table.create(name,
                LongColumn.create("line", examples.stream().mapToLong(ExampleTokens::line).toArray()),
                IntColumn.create("messages", examples.stream().mapToInt(ExampleTokens::messages).toArray()),
                IntColumn.create("user_turns", examples.stream().mapToInt(ExampleTokens::userTurns).toArray()),
                IntColumn.create("tokens", examples.stream().mapToInt(ExampleTokens::tokens).toArray()),
                StringColumn.create("source", examples.stream().map(ExampleTokens::source).toList()),
                StringColumn.create("first_user", examples.stream().map(ExampleTokens::firstUser).toList()));
    }
}
