package ftkit.quality;

import java.io.IOException;
import java.nio.file.Files;
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
 * Judgements already paid for, in SQLite, keyed by the sample's content hash and the judge's fingerprint (model and
 * rubric): a re-run, or a run on a file where samples were added or reordered, asks the model only about samples it
 * has not judged with the same model and rubric. Each verdict is committed as it arrives (WAL), so an interrupted
 * run loses at most the requests in flight. (generate's journal lives in the llm branch, keyed by plan cell; this
 * one is keyed by content because curation has no plan.)
 */
public final class JudgeJournal implements AutoCloseable {
    private final Connection db;

    private JudgeJournal(Connection db) {
        this.db = db;
    }

    public static JudgeJournal open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try {
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement st = db.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=NORMAL");
                st.execute("CREATE TABLE IF NOT EXISTS judgements (content_key TEXT NOT NULL, judge TEXT NOT NULL, "
                        + "verdict TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (content_key, judge))");
            }
            return new JudgeJournal(db);
        } catch (SQLException e) {
            throw new IOException("cannot open the judge journal " + file + ": " + e.getMessage(), e);
        }
    }

    public synchronized Optional<String> find(String contentKey, String judge) throws IOException {
        try (PreparedStatement ps = db.prepareStatement("SELECT verdict FROM judgements WHERE content_key = ? AND judge = ?")) {
            ps.setString(1, contentKey);
            ps.setString(2, judge);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IOException("judge journal: " + e.getMessage(), e);
        }
    }

    public synchronized void put(String contentKey, String judge, String verdictJson) throws IOException {
        try (PreparedStatement ps = db.prepareStatement(
                "INSERT OR REPLACE INTO judgements (content_key, judge, verdict, created_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, contentKey);
            ps.setString(2, judge);
            ps.setString(3, verdictJson);
            ps.setString(4, Instant.now().toString());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IOException("judge journal: " + e.getMessage(), e);
        }
    }

    public synchronized long count() throws IOException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM judgements")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IOException("judge journal: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing after a failure: nothing more to save
        }
    }
}
