package ftkit.notebook.quality;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.io.RecordFormat;
import ftkit.model.Sample;
import ftkit.notebook.NotebookDataset;
import ftkit.notebook.Tables;
import ftkit.quality.CurateOptions;
import ftkit.quality.Curator;
import ftkit.quality.QualityReport;
import ftkit.quality.QualityStore;
import ftkit.quality.QualityTables;
import ftkit.quality.SampleText;
import ftkit.store.DatabaseUrl;
import ftkit.store.Dataset;
import ftkit.store.DatasetStore;
import ftkit.store.SampleCursor;
import ftkit.store.SampleQuery;
import ftkit.store.StoredSample;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * curate's results for the quality notebook: the report {@code curate --db} stored with the dataset
 * ({@link QualityStore}), or, when there is none (a JSONL file, a dataset saved by export, or a report of an
 * earlier version of the dataset), curate's first pass run here on the dataset with default options (no
 * embeddings, no judge). Either way the tables come from the same JSON report through {@link QualityTables}.
 *
 * @param stored      whether the report was stored by curate (else it was computed here)
 * @param origin      one sentence saying which of the two it is and why
 * @param report      curate's JSON report
 * @param questionsByLine the start of the question at each line the report's duplicate clusters name, where the
 *                    dataset still holds that line (a stored curated dataset lacks the removed samples)
 */
public record CurateReport(boolean stored, String origin, JsonNode report, Map<Long, String> questionsByLine) {
    /** Clusters shown per duplicate kind. */
    public static final int MAX_CLUSTERS = 50;
    private static final int SNIPPET = 80;

    /** The stored report of a database dataset when it describes the dataset as it is, else curate's analysis run here. */
    public static CurateReport of(NotebookDataset dataset) throws IOException {
        if (dataset.isDatabase()) {
            String id = dataset.storedId();
            try (DatasetStore store = dataset.openExisting()) {
                Dataset stored = store.dataset(id).orElseThrow();
                var latest = QualityStore.latest(store, id);
                if (latest.isPresent() && latest.get().describes(stored)) {
                    QualityStore.StoredReport r = latest.get();
                    return withQuestions(dataset, true, "Stored curate report of dataset '" + id + "', made " + r.createdAt()
                            + " by curate --db from " + r.report().path("input").asText("?") + ".", r.report());
                }
                String why = latest.isPresent()
                        ? "the curate report stored with dataset '" + id + "' describes an earlier version of it (its content changed since)"
                        : "no curate report is stored with dataset '" + id + "' (it was not saved by curate --db)";
                return analyse(dataset, sourceOf(dataset.database(), id), why);
            }
        }
        return analyse(dataset, Curator.file(dataset.jsonl().toString(), null), "a JSONL file has no stored curate report");
    }

    /** curate's two passes over a source with default options and no embedder or judge; nothing is written. */
    static CurateReport analyse(NotebookDataset dataset, Curator.Source source, String why) throws IOException {
        Curator curator = new Curator(CurateOptions.defaults(), null);
        curator.analyse(source);
        long[] keptRemoved = new long[2];
        curator.emit(source, null, 1, o -> keptRemoved[o.kept() ? 0 : 1]++);
        JsonNode report = QualityReport.json(curator, dataset.describe(), keptRemoved[0], keptRemoved[1]);
        return withQuestions(dataset, false, "Computed here: " + why + ", so curate's analysis ran on " + dataset.describe()
                + " with its default options (removes exact and near duplicates; no embeddings, no judge).", report);
    }

    private static CurateReport withQuestions(NotebookDataset dataset, boolean stored, String origin, JsonNode report) throws IOException {
        Set<Long> wanted = QualityTables.clusterLines(report);
        Map<Long, String> questions = new HashMap<>();
        if (!wanted.isEmpty()) {
            dataset.read(new NotebookDataset.Visitor() {
                public void sample(long position, RecordFormat format, Sample sample) {
                    if (wanted.contains(position)) questions.put(position, snippet(SampleText.question(sample)));
                }

                public void problem(String description) {
                }
            });
        }
        return new CurateReport(stored, origin, report, Map.copyOf(questions));
    }

    /** A stored dataset as curate's source: streamed from the store at each pass, with the lines it was saved from. */
    static Curator.Source sourceOf(DatabaseUrl database, String datasetId) {
        return () -> {
            DatasetStore store = DatasetStore.open(database);
            SampleCursor cursor;
            try {
                cursor = store.stream(SampleQuery.dataset(datasetId));
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
            return new Curator.CloseableIterator() {
                public boolean hasNext() {
                    return cursor.hasNext();
                }

                public Curator.Record next() {
                    StoredSample row = cursor.next();
                    long line = row.lineNumber() != null ? row.lineNumber() : row.ordinal() + 1;
                    return new Curator.Record(line, row.sample(), null, null);
                }

                public void close() {
                    try (store) {
                        cursor.close();
                    }
                }
            };
        };
    }

    // ------------------------------------------------------------------ tables

    public Table summaryTable() {
        return table("curate run", QualityTables.summary(report));
    }

    /** Each check (reason code) with the samples it flagged and removed. */
    public Table checksTable() {
        return table("checks: samples flagged and removed", QualityTables.checks(report));
    }

    /** The duplicate clusters of one kind (exact, near, semantic): the kept line, then its duplicates. */
    public Table clustersTable(String kind) {
        JsonNode section = report.path(QualityTables.CLUSTER_SECTIONS.get(kind));
        return table(kind + " duplicates: " + section.path("duplicates").asLong() + " in " + section.path("clusters").asLong()
                + " clusters" + (section.path("clusters").asInt() > MAX_CLUSTERS ? " (first " + MAX_CLUSTERS + " shown)" : ""),
                QualityTables.clusters(report, kind, MAX_CLUSTERS, questionsByLine::get));
    }

    /** Whether the run searched duplicates of this kind (semantic ones need embeddings). */
    public boolean searched(String kind) {
        return report.has(QualityTables.CLUSTER_SECTIONS.get(kind));
    }

    public Table diversityTable() {
        return table("diversity: distinct n-grams and vocabulary", QualityTables.diversity(report));
    }

    public Table spreadTable() {
        return table("response length, dispersion, template placeholders", QualityTables.spread(report));
    }

    public Table openingsTable(String side) {
        return table("most frequent " + side.replaceFirst("s$", "") + " openings", QualityTables.openings(report, side));
    }

    public Table balanceTable() {
        return table("balance (against the plan when curate had one)", QualityTables.balance(report));
    }

    public Table judgeTable() {
        return table("LLM judge", QualityTables.judge(report));
    }

    /** The listed flags; the title says how many samples were flagged in all. */
    public Table flaggedTable() {
        JsonNode f = report.path("flagged");
        List<Map<String, Object>> rows = QualityTables.flagged(report);
        return table(f.path("flags").asLong() + " flags on " + f.path("samples").asLong() + " samples"
                + (rows.size() < f.path("flags").asLong() ? " (first " + rows.size() + " listed)" : ""), rows);
    }

    /** The table, or the sentence when it has no rows (a notebook never shows an empty table). */
    public static Object orSentence(Table table, String whenEmpty) {
        return table.rowCount() == 0 ? whenEmpty : table;
    }

    /** A table of the rows, without the columns no row fills (ids when the samples have none). */
    private static Table table(String name, List<Map<String, Object>> rows) {
        Table t = Tables.fromRows(name, rows);
        if (t.rowCount() == 0) return t;
        for (String column : List.copyOf(t.columnNames())) {
            if (t.column(column).countMissing() == t.rowCount()) t.removeColumns(column);
        }
        return t;
    }

    private static String snippet(String question) {
        String q = question.replaceAll("\\s+", " ").strip();
        return q.length() > SNIPPET ? q.substring(0, SNIPPET) + "…" : q;
    }
}
