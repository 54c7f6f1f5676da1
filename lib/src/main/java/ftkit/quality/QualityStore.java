package ftkit.quality;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import ftkit.io.Json;
import ftkit.store.DatabaseUrl;
import ftkit.store.Dataset;
import ftkit.store.DatasetStore;
import ftkit.store.Dialect;
import ftkit.store.StoreException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;

/**
 * Curation reports kept beside the dataset in the same database as ftkit.store's tables (SQLite or PostgreSQL,
 * reached through {@link DatasetStore}): one row per run in {@code quality_reports}, keyed by the dataset id, with
 * the dataset's content hash at the time, so that a report of an earlier version of the dataset is recognised
 * as such. (The samples themselves, with {@code metadata.quality}, are saved by DatasetStore.)
 */
public final class QualityStore {
    static final String TABLE = DatasetStore.QUALITY_REPORTS;

    /** One stored report: which dataset (and which content of it) it describes, and when it was made. */
    public record StoredReport(String datasetId, String datasetHash, String createdAt, JsonNode report) {
        /** Whether the report describes the dataset as it is now (false also when either hash is unknown). */
        public boolean describes(Dataset dataset) {
            return datasetHash != null && datasetHash.equals(dataset.contentHash());
        }
    }

    private QualityStore() {
    }

    /** Stores the report of a curation run that saved {@code dataset} into {@code store}. */
    public static void saveReport(DatasetStore store, Dataset dataset, JsonNode report) {
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        store.withConnection("store the quality report of dataset '" + dataset.id() + "'", (c, dialect) -> {
            createTable(c, dialect);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO " + TABLE + " (dataset_id, dataset_hash, created_at, report_json) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, dataset.id());
                ps.setString(2, dataset.contentHash());
                ps.setString(3, Instant.now().toString());
                ps.setString(4, json);
                return ps.executeUpdate();
            }
        });
    }

    /** The latest report stored for a dataset (whatever content it described), if any. */
    public static Optional<StoredReport> latest(DatasetStore store, String datasetId) {
        return store.withConnection("read the quality reports of dataset '" + datasetId + "'", (c, dialect) -> {
            if (!DatasetStore.hasTable(c, TABLE)) return Optional.empty();
            // A table written before dataset_hash existed is read as it is (a reader does not alter it).
            String hash = columnExists(c, "dataset_hash") ? "dataset_hash" : "NULL";
            try (PreparedStatement ps = c.prepareStatement("SELECT " + hash + ", created_at, report_json FROM " + TABLE
                    + " WHERE dataset_id = ? ORDER BY id DESC LIMIT 1")) {
                ps.setString(1, datasetId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    return Optional.of(new StoredReport(datasetId, rs.getString(1), rs.getString(2), parse(rs.getString(3))));
                }
            }
        });
    }

    /** The latest report stored for a dataset in the database {@code url} names; empty for a missing SQLite file. */
    public static Optional<StoredReport> latest(DatabaseUrl url, String datasetId) {
        // Reading must not create an SQLite file where there was none (DatasetStore.open would).
        if (url.sqliteFile() != null && !Files.isRegularFile(url.sqliteFile())) return Optional.empty();
        try (DatasetStore store = DatasetStore.open(url)) {
            return latest(store, datasetId);
        }
    }

    /** The latest report's JSON for a dataset of an SQLite file. */
    public static Optional<JsonNode> latestReport(Path sqliteFile, String datasetId) throws IOException {
        try {
            return latest(DatabaseUrl.sqlite(sqliteFile), datasetId).map(StoredReport::report);
        } catch (StoreException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static void createTable(Connection c, Dialect dialect) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id " + dialect.generatedKey() + ", "
                    + "dataset_id TEXT NOT NULL, created_at TEXT NOT NULL, report_json TEXT NOT NULL, dataset_hash TEXT)");
            // Tables written before dataset_hash existed get the column (their reports keep a null hash).
            if (!columnExists(c, "dataset_hash")) st.execute("ALTER TABLE " + TABLE + " ADD COLUMN dataset_hash TEXT");
            st.execute("CREATE INDEX IF NOT EXISTS idx_quality_reports_dataset ON " + TABLE + "(dataset_id)");
        }
    }

    private static boolean columnExists(Connection c, String column) throws SQLException {
        try (ResultSet rs = c.getMetaData().getColumns(null, schema(c), TABLE, column)) {
            return rs.next();
        }
    }

    private static String schema(Connection c) throws SQLException {
        return c.getSchema();
    }

    private static JsonNode parse(String json) throws SQLException {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SQLException("a stored quality report is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
