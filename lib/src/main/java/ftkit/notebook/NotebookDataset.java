package ftkit.notebook;

import ftkit.io.JsonlWriter;
import ftkit.io.RecordFormat;
import ftkit.io.SampleReader;
import ftkit.model.Sample;
import ftkit.store.DatabaseUrl;
import ftkit.store.Dataset;
import ftkit.store.DatasetInfo;
import ftkit.store.DatasetStore;
import ftkit.store.SampleCursor;
import ftkit.store.SampleQuery;
import ftkit.store.StoredSample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The dataset a notebook looks at: a JSONL file (any format ftkit reads) or one dataset of a database written by
 * {@link DatasetStore} (an SQLite file, or PostgreSQL through a JDBC URL). Samples are streamed, never held all at once.
 *
 * @param jsonl     the JSONL file, or null when reading a database
 * @param database  the database (its toString hides passwords), or null when reading a JSONL file
 * @param datasetId the stored dataset's id (database only)
 */
public record NotebookDataset(Path jsonl, DatabaseUrl database, String datasetId) {
    /** JSONL file to read unless {@link #DB_VARIABLE} is set. */
    public static final String FILE_VARIABLE = "FTKIT_DATASET";
    /**
     * The database: an SQLite file or a JDBC URL (credentials from FTKIT_DATABASE_USER/_PASSWORD), as {@code --db}
     * takes it; when set, it is read instead of a JSONL file.
     */
    public static final String DB_VARIABLE = "FTKIT_DB";
    /** Which stored dataset to read; may be left out when the database holds exactly one. */
    public static final String DATASET_ID_VARIABLE = "FTKIT_DATASET_ID";

    /** Receives what a read finds: each sample with its position, and each line that could not be read. */
    public interface Visitor {
        /**
         * @param position the line number in a JSONL file; in a database the line number it was saved from,
         *                 else its 1-based position in the dataset
         * @param format   the record format (canonical for stored samples)
         */
        void sample(long position, RecordFormat format, Sample sample);

        /** "file:line: reason" for a line that could not be read; reading goes on. */
        void problem(String description);
    }

    public NotebookDataset {
        if ((jsonl == null) == (database == null)) {
            throw new IllegalArgumentException("give either a JSONL file or a database, not both or neither");
        }
        if (jsonl != null && datasetId != null) throw new IllegalArgumentException("a dataset id needs a database");
    }

    public static NotebookDataset jsonl(String path) {
        return new NotebookDataset(Path.of(path), null, null);
    }

    /** One dataset of a SQLite database; {@code datasetId} null or blank means the only one it holds. */
    public static NotebookDataset sqlite(String databaseFile, String datasetId) {
        // the path as given (not made absolute), so that describe() shows what the notebook was told
        return new NotebookDataset(null, new DatabaseUrl("jdbc:sqlite:" + databaseFile, null, null), blankToNull(datasetId));
    }

    /**
     * One dataset of the database {@code fileOrJdbcUrl} names: an SQLite file, or a JDBC URL such as
     * {@code jdbc:postgresql://host/db} with the credentials from {@code environment}'s FTKIT_DATABASE_USER/_PASSWORD.
     */
    public static NotebookDataset database(String fileOrJdbcUrl, String datasetId, Map<String, String> environment) {
        String s = fileOrJdbcUrl.strip();
        if (!s.regionMatches(true, 0, "jdbc:", 0, 5)) return sqlite(s, datasetId);
        return new NotebookDataset(null, DatabaseUrl.parse(s, environment), blankToNull(datasetId));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /**
     * The notebook's choice: {@code FTKIT_DB} (+ {@code FTKIT_DATASET_ID}) when set, else {@code FTKIT_DATASET},
     * else the given defaults ({@code defaultDatabase} wins when not null).
     */
    public static NotebookDataset choose(Map<String, String> environment, String defaultJsonl, String defaultDatabase,
                                         String defaultDatasetId) {
        String db = environment.get(DB_VARIABLE);
        if (db != null && !db.isBlank()) return database(db, environment.getOrDefault(DATASET_ID_VARIABLE, defaultDatasetId), environment);
        String file = environment.get(FILE_VARIABLE);
        if (file != null && !file.isBlank()) return jsonl(file.strip());
        if (defaultDatabase != null && !defaultDatabase.isBlank()) return database(defaultDatabase, defaultDatasetId, environment);
        if (defaultJsonl == null || defaultJsonl.isBlank()) {
            throw new IllegalArgumentException("no dataset: set " + FILE_VARIABLE + " or " + DB_VARIABLE);
        }
        return jsonl(defaultJsonl);
    }

    public boolean isDatabase() {
        return database != null;
    }

    /** "file.jsonl", "dataset 'id' in SQLite file.db" or "… in PostgreSQL jdbc:…": for titles and status lines. */
    public String describe() {
        if (jsonl != null) return jsonl.toString();
        String where = database.sqliteFile() != null ? database.sqliteFile().toString() : database.toString();
        return "dataset " + (datasetId == null ? "(the only one)" : "'" + datasetId + "'") + " in " + database.dialect().displayName() + " " + where;
    }

    /** Streams every sample to the visitor, in file or saved order. */
    public void read(Visitor visitor) throws IOException {
        if (jsonl != null) {
            try (SampleReader reader = SampleReader.open(jsonl.toString())) {
                for (SampleReader.Entry entry : reader) {
                    if (entry.ok()) visitor.sample(entry.line().number(), entry.format(), entry.sample());
                    else visitor.problem(entry.describeError());
                }
            }
            return;
        }
        try (DatasetStore store = openExisting(); SampleCursor cursor = store.stream(SampleQuery.dataset(resolveId(store)))) {
            while (cursor.hasNext()) {
                StoredSample row = cursor.next();
                long position = row.lineNumber() != null ? row.lineNumber() : row.ordinal() + 1;
                visitor.sample(position, RecordFormat.CANONICAL, row.sample());
            }
        }
    }

    /** Every sample in order (problems are dropped: use {@link #read(Visitor)} to see them). */
    public void forEachSample(Consumer<Sample> action) throws IOException {
        read(new Visitor() {
            public void sample(long position, RecordFormat format, Sample sample) {
                action.accept(sample);
            }

            public void problem(String description) {
            }
        });
    }

    /**
     * A JSONL file with these samples, for code that reads files (the splitter): the file itself, or the stored
     * dataset written as canonical JSONL into {@code directory}.
     */
    public Path asJsonlFile(Path directory) throws IOException {
        if (jsonl != null) return jsonl;
        // "stored-" keeps it apart from the files a caller writes beside it (the splitter's dataset_train.jsonl, …)
        Path file = directory.resolve("stored-" + (datasetId == null ? "dataset" : DatasetInfo.slug(datasetId)) + ".jsonl");
        try (JsonlWriter writer = JsonlWriter.open(file)) {
            try {
                forEachSample(sample -> {
                    try {
                        writer.write(sample);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            writer.commit();
        }
        return file;
    }

    /**
     * Saves a JSONL file as a dataset of a SQLite database (created when missing; a dataset of the same name is
     * replaced), with the line numbers of the file: how a database for the notebooks is made from a file. Blank
     * lines are skipped; any other unreadable line stops the import and nothing is saved.
     *
     * @return the stored dataset
     */
    public static Dataset importJsonl(Path jsonlFile, Path databaseFile, String name) throws IOException {
        try (DatasetStore store = DatasetStore.open(databaseFile);
             SampleReader reader = SampleReader.open(jsonlFile.toString())) {
            DatasetStore.DatasetWriter writer = store.begin(DatasetInfo.named(name).withSource(jsonlFile.getFileName().toString()), null);
            try (writer) {
                for (SampleReader.Entry entry : reader) {
                    if ("blank_line".equals(entry.errorCode())) continue;
                    if (!entry.ok()) throw new IOException(entry.describeError());
                    writer.add(entry.sample(), entry.line().number());
                }
                return writer.commit().dataset();
            }
        }
    }

    /**
     * The id of the stored dataset this reads (the given one, checked, or the only one the database holds).
     *
     * @throws IllegalStateException for a JSONL file
     */
    public String storedId() throws IOException {
        if (database == null) throw new IllegalStateException(jsonl + " is a file, not a stored dataset");
        try (DatasetStore store = openExisting()) {
            return resolveId(store);
        }
    }

    /** Opens the database (an SQLite file must exist). */
    public DatasetStore openExisting() throws IOException {
        if (database == null) throw new IllegalStateException(jsonl + " is a file, not a stored dataset");
        // DatasetStore.open creates a missing file; a notebook pointed at a wrong path should say so instead
        Path file = database.sqliteFile();
        if (file != null && !Files.isRegularFile(file)) throw new IOException("no SQLite database at " + file.toAbsolutePath());
        return DatasetStore.open(database);
    }

    private String resolveId(DatasetStore store) throws IOException {
        List<Dataset> datasets = store.listDatasets();
        String ids = datasets.stream().map(Dataset::id).collect(Collectors.joining(", "));
        if (datasetId != null) {
            if (store.dataset(datasetId).isEmpty()) {
                throw new IOException("no dataset '" + datasetId + "' in " + database + " (it holds: "
                        + (ids.isEmpty() ? "none" : ids) + ")");
            }
            return datasetId;
        }
        if (datasets.size() == 1) return datasets.get(0).id();
        throw new IOException(database + " holds " + (datasets.isEmpty() ? "no datasets" : datasets.size()
                + " datasets (" + ids + "); set " + DATASET_ID_VARIABLE));
    }
}
