package ftkit.notebook.quality;

import ftkit.io.RecordFormat;
import ftkit.notebook.Charts;
import ftkit.notebook.ExampleTokens;
import ftkit.notebook.NotebookDataset;
import ftkit.notebook.Tables;
import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.quality.DiversityMetrics;
import ftkit.quality.DuplicateCluster;
import ftkit.quality.NearDuplicates;
import ftkit.quality.SampleText;
import ftkit.split.TextSignature;
import ftkit.validate.ContentKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Quality figures of a dataset, gathered in one streaming pass (it is a {@link NotebookDataset.Visitor}):
 * exact duplicates ({@link ContentKey}, as validate finds them), near duplicates (MinHash, {@link NearDuplicates}),
 * question and answer lengths in words, conversation shape (turns, role sequence, system prompt), empty and short
 * answers, and the repeated openings and distinct-n figures of {@link DiversityMetrics}. Per example it keeps only
 * a few numbers, a preview and a 128-hash signature, never the text.
 */
public final class QualityStats implements NotebookDataset.Visitor {
    private final int shortAnswerWords;
    private final NearDuplicates near;
    private final DiversityMetrics diversity = new DiversityMetrics();
    private final Map<ContentKey, List<Integer>> byContent = new HashMap<>();
    private final List<ExampleShape> examples = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    /**
     * What is kept of one example.
     *
     * @param position       line number (or position in a stored dataset)
     * @param userTurns      user messages
     * @param assistantTurns assistant messages
     * @param roles          the role sequence, see {@link #roleSequence}
     * @param system         the system prompt shortened (see {@link ExampleTokens#systemLabel}), {@link ExampleTokens#NONE} without one
     * @param questionWords  words in the user messages
     * @param answerWords    words in the assistant messages
     * @param shortestAnswer words in the shortest assistant message (0 when one is empty, -1 when there is none)
     * @param firstUser      the first user message, shortened
     * @param firstAnswer    the first assistant message, shortened
     */
    public record ExampleShape(long position, int userTurns, int assistantTurns, String roles, String system,
                               int questionWords, int answerWords, int shortestAnswer, String firstUser,
                               String firstAnswer) {
    }

    /**
     * @param shortAnswerWords an answer with fewer words than this is listed as short
     * @param nearThreshold    estimated Jaccard similarity (word 3-grams) from which two examples are near duplicates
     */
    public QualityStats(int shortAnswerWords, double nearThreshold) {
        if (shortAnswerWords < 1) throw new IllegalArgumentException("short answer threshold must be at least 1 word");
        this.shortAnswerWords = shortAnswerWords;
        this.near = new NearDuplicates(nearThreshold);
    }

    @Override
    public void sample(long position, RecordFormat format, Sample sample) {
        int index = examples.size();
        int userTurns = 0;
        int assistantTurns = 0;
        int questionWords = 0;
        int answerWords = 0;
        int shortest = -1;
        String firstUser = "";
        String firstAnswer = "";
        List<String> roles = new ArrayList<>();
        for (Message message : sample.conversation()) {
            roles.add(message.role());
            String text = message.contentOrEmpty();
            if (Message.USER.equals(message.role())) {
                if (userTurns++ == 0) firstUser = ExampleTokens.preview(text);
                questionWords += SampleText.words(text).size();
            } else if (Message.ASSISTANT.equals(message.role())) {
                if (assistantTurns++ == 0) firstAnswer = ExampleTokens.preview(text);
                int words = SampleText.words(text).size();
                boolean toolCall = message.toolCalls() != null && !message.toolCalls().isEmpty();
                answerWords += words;
                if (!toolCall) shortest = shortest < 0 ? words : Math.min(shortest, words);
            }
        }
        String system = sample.system() == null || sample.system().isBlank() ? ExampleTokens.NONE
                : ExampleTokens.preview(sample.system());
        examples.add(new ExampleShape(position, userTurns, assistantTurns, roleSequence(roles), system,
                questionWords, answerWords, shortest, firstUser, firstAnswer));
        byContent.computeIfAbsent(ContentKey.of(sample), k -> new ArrayList<>(1)).add(index);
        near.add(index, TextSignature.normalizedText(sample));
        diversity.add(sample);
    }

    @Override
    public void problem(String description) {
        problems.add(description);
    }

    public List<ExampleShape> examples() {
        return List.copyOf(examples);
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    public DiversityMetrics.Result diversity() {
        return diversity.result();
    }

    /**
     * The roles of a conversation as letters (S system, U user, A assistant, T tool, ? other), with a regular
     * user/assistant exchange folded: {@code S + (U A)×3}; anything else is spelled out, e.g. {@code U U A}.
     */
    public static String roleSequence(List<String> roles) {
        StringBuilder letters = new StringBuilder();
        for (String role : roles) {
            letters.append(switch (role == null ? "" : role) {
                case Message.SYSTEM -> 'S';
                case Message.USER -> 'U';
                case Message.ASSISTANT -> 'A';
                case Message.TOOL -> 'T';
                default -> '?';
            });
        }
        String all = letters.toString();
        String prefix = all.startsWith("S") ? "S" : "";
        String rest = all.substring(prefix.length());
        if (!rest.isEmpty() && rest.matches("(UA)+")) {
            int pairs = rest.length() / 2;
            String exchange = pairs == 1 ? "U A" : "(U A)×" + pairs;
            return prefix.isEmpty() ? exchange : "S + " + exchange;
        }
        return all.isEmpty() ? "(empty)" : String.join(" ", all.split(""));
    }

    /** Counts of a value per example, in ascending order of the value: e.g. examples per number of user turns. */
    public Map<String, Integer> countBy(Function<ExampleShape, Integer> value, String unit) {
        Map<Integer, Integer> counts = new java.util.TreeMap<>();
        for (ExampleShape e : examples) counts.merge(value.apply(e), 1, Integer::sum);
        Map<String, Integer> labelled = new LinkedHashMap<>();
        counts.forEach((n, count) -> labelled.put(n + " " + unit, count));
        return labelled;
    }

    /** Examples per label, most frequent first (ties in first-seen order). */
    public Map<String, Integer> countByLabel(Function<ExampleShape, String> label) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ExampleShape e : examples) counts.merge(label.apply(e), 1, Integer::sum);
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEachOrdered(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** A count map as a table: label, examples, share (%). */
    public static Table countTable(String title, String labelColumn, Map<String, Integer> counts) {
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        Table table = Table.create(title, StringColumn.create(labelColumn, List.copyOf(counts.keySet())),
                IntColumn.create("examples", counts.values().stream().mapToInt(Integer::intValue).toArray()));
        DoubleColumn share = DoubleColumn.create("share_%");
        counts.values().forEach(n -> share.append(total == 0 ? 0 : Math.round(n * 1000.0 / total) / 10.0));
        return table.addColumns(share);
    }

    /** Groups of identical examples (same {@link ContentKey}), in order of first appearance. */
    public List<List<ExampleShape>> exactDuplicates() {
        List<List<ExampleShape>> groups = new ArrayList<>();
        byContent.values().stream().filter(indexes -> indexes.size() > 1)
                .sorted(Comparator.comparingInt(indexes -> indexes.get(0)))
                .forEach(indexes -> groups.add(indexes.stream().map(examples::get).toList()));
        return groups;
    }

    /** Near-duplicate clusters; an exact copy is in one too (similarity 1.0). */
    public List<DuplicateCluster> nearDuplicates() {
        return near.clusters();
    }

    /** One row per duplicate: group, kind, kept line, duplicate line, similarity, first user message. */
    public Table duplicatesTable() {
        StringColumn kind = StringColumn.create("kind");
        IntColumn group = IntColumn.create("group");
        LongColumn kept = LongColumn.create("kept_line");
        LongColumn copy = LongColumn.create("duplicate_line");
        DoubleColumn similarity = DoubleColumn.create("similarity");
        StringColumn preview = StringColumn.create("first_user");
        int g = 0;
        for (List<ExampleShape> exact : exactDuplicates()) {
            g++;
            for (ExampleShape other : exact.subList(1, exact.size())) {
                kind.append("exact");
                group.append(g);
                kept.append(exact.get(0).position());
                copy.append(other.position());
                similarity.append(1.0);
                preview.append(other.firstUser());
            }
        }
        for (DuplicateCluster cluster : nearDuplicates()) {
            g++;
            ExampleShape first = examples.get(cluster.representative());
            for (DuplicateCluster.Member member : cluster.members()) {
                kind.append("near");
                group.append(g);
                kept.append(first.position());
                copy.append(examples.get(member.index()).position());
                similarity.append(Math.round(member.similarity() * 1000) / 1000.0);
                preview.append(examples.get(member.index()).firstUser());
            }
        }
        return Table.create("duplicates (exact by content key, near by MinHash)", kind, group, kept, copy, similarity, preview);
    }

    /** Examples with an empty answer or one shorter than the threshold, shortest first. */
    public List<ExampleShape> shortAnswers() {
        return examples.stream().filter(e -> e.shortestAnswer() >= 0 && e.shortestAnswer() < shortAnswerWords)
                .sorted(Comparator.comparingInt(ExampleShape::shortestAnswer)).toList();
    }

    /** Examples whose conversation is not a plain exchange: no answer, roles out of order, not ending on an answer. */
    public List<ExampleShape> irregularConversations() {
        return examples.stream().filter(e -> !e.roles().matches("(S \\+ )?(U A|\\(U A\\)×\\d+)")).toList();
    }

    /** Examples as a table: line, user_turns, roles, question_words, answer_words, shortest_answer, first_user, first_answer. */
    public static Table examplesTable(String title, List<ExampleShape> rows) {
        return Table.create(title,
                LongColumn.create("line", rows.stream().mapToLong(ExampleShape::position).toArray()),
                IntColumn.create("user_turns", rows.stream().mapToInt(ExampleShape::userTurns).toArray()),
                StringColumn.create("roles", rows.stream().map(ExampleShape::roles).toList()),
                IntColumn.create("question_words", rows.stream().mapToInt(ExampleShape::questionWords).toArray()),
                IntColumn.create("answer_words", rows.stream().mapToInt(ExampleShape::answerWords).toArray()),
                IntColumn.create("shortest_answer", rows.stream().mapToInt(ExampleShape::shortestAnswer).toArray()),
                StringColumn.create("first_user", rows.stream().map(ExampleShape::firstUser).toList()),
                StringColumn.create("first_answer", rows.stream().map(ExampleShape::firstAnswer).toList()));
    }

    /** The headline figures as a two-column table (figure, value). */
    public Table overview() {
        DiversityMetrics.Result d = diversity();
        int copies = exactDuplicates().stream().mapToInt(group -> group.size() - 1).sum();
        int nearMembers = nearDuplicates().stream().mapToInt(c -> c.members().size()).sum();
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("examples", String.valueOf(examples.size()));
        rows.put("unreadable lines", String.valueOf(problems.size()));
        rows.put("exact duplicates (extra copies)", String.valueOf(copies));
        rows.put("near duplicates (extra members, threshold " + near.threshold() + ")", String.valueOf(nearMembers));
        rows.put("with a system prompt", String.valueOf(examples.stream().filter(e -> !ExampleTokens.NONE.equals(e.system())).count()));
        rows.put("distinct system prompts", String.valueOf(examples.stream().map(ExampleShape::system)
                .filter(s -> !ExampleTokens.NONE.equals(s)).distinct().count()));
        rows.put("multi-turn (2+ user turns)", String.valueOf(examples.stream().filter(e -> e.userTurns() > 1).count()));
        rows.put("irregular role sequences", String.valueOf(irregularConversations().size()));
        rows.put("empty answers", String.valueOf(examples.stream().filter(e -> e.shortestAnswer() == 0).count()));
        rows.put("short answers (< " + shortAnswerWords + " words)", String.valueOf(shortAnswers().size()));
        rows.put("distinct-2 of questions", String.valueOf(d.questions().distinct2()));
        rows.put("distinct-2 of answers", String.valueOf(d.answers().distinct2()));
        rows.put("vocabulary (questions / answers)", d.questions().vocabulary() + " / " + d.answers().vocabulary());
        return Table.create("quality overview", StringColumn.create("figure", List.copyOf(rows.keySet())),
                StringColumn.create("value", List.copyOf(rows.values())));
    }

    /** The most frequent openings (first three words) of questions or answers: count and share of the texts. */
    public static Table openingsTable(String title, List<DiversityMetrics.Opening> openings) {
        return Table.create(title,
                StringColumn.create("opening", openings.stream().map(DiversityMetrics.Opening::words).toList()),
                LongColumn.create("count", openings.stream().mapToLong(DiversityMetrics.Opening::count).toArray()),
                DoubleColumn.create("share_%", openings.stream().mapToDouble(o -> Math.round(o.share() * 1000) / 10.0).toArray()));
    }

    /** distinct-1/2/3 and vocabulary of questions and answers, one row per side. */
    public static Table distinctTable(DiversityMetrics.Result result) {
        List<DiversityMetrics.SideMetrics> sides = List.of(result.questions(), result.answers());
        return Table.create("distinct-n (share of distinct word n-grams; 1.0 = nothing repeats)",
                StringColumn.create("side", List.of("questions", "answers")),
                DoubleColumn.create("distinct_1", sides.stream().mapToDouble(DiversityMetrics.SideMetrics::distinct1).toArray()),
                DoubleColumn.create("distinct_2", sides.stream().mapToDouble(DiversityMetrics.SideMetrics::distinct2).toArray()),
                DoubleColumn.create("distinct_3", sides.stream().mapToDouble(DiversityMetrics.SideMetrics::distinct3).toArray()),
                LongColumn.create("texts", sides.stream().mapToLong(DiversityMetrics.SideMetrics::texts).toArray()),
                LongColumn.create("vocabulary", sides.stream().mapToLong(DiversityMetrics.SideMetrics::vocabulary).toArray()));
    }

    /**
     * Values in equal-width buckets labelled by their range ("0–19", "20–39", …), in order, empty buckets included:
     * the input of a bar chart of lengths.
     */
    public static Map<String, Integer> buckets(List<Integer> values, int count) {
        if (count < 1) throw new IllegalArgumentException("need at least one bucket");
        Map<String, Integer> out = new LinkedHashMap<>();
        if (values.isEmpty()) return out;
        int max = values.stream().mapToInt(Integer::intValue).max().orElse(0);
        int min = Math.min(0, values.stream().mapToInt(Integer::intValue).min().orElse(0));
        int width = Math.max(1, (int) Math.ceil((max - min + 1) / (double) count));
        int[] counts = new int[count];
        for (int v : values) counts[Math.min(count - 1, (v - min) / width)]++;
        int last = count - 1;
        while (last > 0 && counts[last] == 0) last--;
        for (int i = 0; i <= last; i++) {
            int from = min + i * width;
            out.put(width == 1 ? String.valueOf(from) : from + "–" + (from + width - 1), counts[i]);
        }
        return out;
    }
}
