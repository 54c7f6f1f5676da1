package ftkit.quality;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.io.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;

/**
 * Curation reports kept beside the dataset in the same SQLite file as ftkit.store's tables: one row per run in
 * {@code quality_reports}, keyed by the dataset id. (The samples themselves, with {@code metadata.quality}, go
 * through ftkit.store's DatasetStore.)
 */
public final class QualityStore {
    private QualityStore() {
    }

    public static void saveReport(Path sqliteFile, String datasetId, JsonNode report) throws IOException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqliteFile.toAbsolutePath())) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS quality_reports (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                        + "dataset_id TEXT NOT NULL, created_at TEXT NOT NULL, report_json TEXT NOT NULL)");
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO quality_reports (dataset_id, created_at, report_json) VALUES (?, ?, ?)")) {
                ps.setString(1, datasetId);
                ps.setString(2, Instant.now().toString());
                ps.setString(3, Json.MAPPER.writeValueAsString(report));
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IOException(sqliteFile + ": cannot store the quality report: " + e.getMessage(), e);
        }
    }

    /** The latest report stored for a dataset. */
    public static Optional<JsonNode> latestReport(Path sqliteFile, String datasetId) throws IOException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqliteFile.toAbsolutePath());
             PreparedStatement ps = c.prepareStatement(
                     "SELECT report_json FROM quality_reports WHERE dataset_id = ? ORDER BY id DESC LIMIT 1")) {
            ps.setString(1, datasetId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Json.MAPPER.readTree(rs.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("no such table")) return Optional.empty();
            throw new IOException(sqliteFile + ": " + e.getMessage(), e);
        }
    }
}
