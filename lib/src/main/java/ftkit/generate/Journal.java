package ftkit.generate;

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
import java.util.HashMap;
import java.util.Map;

/**
 * The run's journal, a SQLite file: every completed response is committed here before its sample is emitted, so a
 * re-run of the same command skips what is done and a {@code kill -9} loses at most the requests in flight. A
 * sample is emitted on stdout only after its row is marked emitted (at most once), and {@code -o FILE} is written
 * from the journal, so nothing is ever emitted twice.
 *
 * <p>WAL mode with {@code synchronous=NORMAL}: a commit survives the process being killed (the OS has the data);
 * only a power loss may lose the last commits, which a re-run then pays for again.
 *
 * <p>Rows: {@code ok} (a sample), {@code rejected} (unusable output after the allowed repairs; retried only with
 * {@code --retry-rejects}) and {@code failed} (transport errors after the allowed retries; retried by a re-run).
 */
public final class Journal implements AutoCloseable {

    public enum Status { OK, REJECTED, FAILED }

    /** Totals over the whole journal, earlier runs included. */
    public record Totals(long ok, long rejected, long failed, long inputTokens, long outputTokens, double cost) {
    }

    /** One finished row, for writing outputs. */
    public record Entry(String key, int planIndex, Status status, String sample, String reason, String lastReply,
                        long inputTokens, long outputTokens, double cost, int attempts) {
    }

    private static final String RECORD_SQL = "INSERT INTO entries (task_key, plan_index, status, sample, reason, "
            + "last_reply, input_tokens, output_tokens, cost, attempts, completed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?) "
            + "ON CONFLICT(task_key) DO UPDATE SET plan_index=excluded.plan_index, status=excluded.status, "
            + "sample=excluded.sample, reason=excluded.reason, last_reply=excluded.last_reply, "
            + "input_tokens=entries.input_tokens+excluded.input_tokens, "
            + "output_tokens=entries.output_tokens+excluded.output_tokens, cost=entries.cost+excluded.cost, "
            + "attempts=entries.attempts+excluded.attempts, completed_at=excluded.completed_at "
            + "WHERE entries.status <> 'OK'";
    private static final String MARK_EMITTED_SQL =
            "UPDATE entries SET emitted = 1 WHERE task_key = ? AND status = 'OK' AND emitted = 0";

    private final Path file;
    private final Connection db;
    // Prepared once: record and markEmitted run once per response, under this object's lock.
    private PreparedStatement recordStatement;
    private PreparedStatement markEmittedStatement;

    private Journal(Path file, Connection db) {
        this.file = file;
        this.db = db;
    }

    /**
     * Opens or creates the journal.
     *
     * @param fingerprint what identifies the run (mode, model, plan, prompts); a journal written by another run is
     *                    refused, so answers are never mixed between runs
     * @throws JournalMismatchException when the file belongs to another run
     */
    public static Journal open(Path file, String fingerprint, String description) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try {
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA busy_timeout=10000");
                s.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS entries ("
                        + "task_key TEXT PRIMARY KEY, plan_index INTEGER NOT NULL, status TEXT NOT NULL, "
                        + "sample TEXT, reason TEXT, last_reply TEXT, input_tokens INTEGER NOT NULL DEFAULT 0, "
                        + "output_tokens INTEGER NOT NULL DEFAULT 0, cost REAL NOT NULL DEFAULT 0, "
                        + "attempts INTEGER NOT NULL DEFAULT 0, emitted INTEGER NOT NULL DEFAULT 0, "
                        + "completed_at TEXT NOT NULL)");
            }
            Journal journal = new Journal(file, db);
            String existing = journal.meta("fingerprint");
            if (existing == null) {
                journal.putMeta("fingerprint", fingerprint);
                journal.putMeta("description", description);
                journal.putMeta("created_at", Instant.now().toString());
            } else if (!existing.equals(fingerprint)) {
                String was = journal.meta("description");
                journal.close();
                throw new JournalMismatchException(file + " is the journal of another run (" + was
                        + "); pass another --journal FILE or delete it to start over");
            }
            return journal;
        } catch (SQLException e) {
            throw new IOException(file + ": cannot open the journal: " + e.getMessage(), e);
        }
    }

    /** The journal exists but belongs to another run. */
    public static final class JournalMismatchException extends IOException {
        JournalMismatchException(String message) {
            super(message);
        }
    }

    public Path file() {
        return file;
    }

    private String meta(String key) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            p.setString(1, key);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    private void putMeta(String key, String value) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")) {
            p.setString(1, key);
            p.setString(2, value);
            p.executeUpdate();
        }
    }

    /** The status of every finished task. */
    public synchronized Map<String, Status> states() throws IOException {
        Map<String, Status> out = new HashMap<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT task_key, status FROM entries")) {
            while (r.next()) out.put(r.getString(1), Status.valueOf(r.getString(2)));
        } catch (SQLException e) {
            throw io(e);
        }
        return out;
    }

    /**
     * Commits a finished task. An {@code ok} row is final: a later record for the same key changes nothing
     * (returns false), so a sample can never be stored, and so emitted, twice.
     */
    public synchronized boolean record(Entry e) throws IOException {
        try {
            if (recordStatement == null) recordStatement = db.prepareStatement(RECORD_SQL);
            PreparedStatement p = recordStatement;
            p.setString(1, e.key());
            p.setInt(2, e.planIndex());
            p.setString(3, e.status().name());
            p.setString(4, e.sample());
            p.setString(5, e.reason());
            p.setString(6, e.lastReply());
            p.setLong(7, e.inputTokens());
            p.setLong(8, e.outputTokens());
            p.setDouble(9, e.cost());
            p.setInt(10, e.attempts());
            p.setString(11, Instant.now().toString());
            return p.executeUpdate() == 1;
        } catch (SQLException ex) {
            throw io(ex);
        }
    }

    /** Marks a sample emitted; true only the first time, so the caller emits it at most once. */
    public synchronized boolean markEmitted(String key) throws IOException {
        try {
            if (markEmittedStatement == null) markEmittedStatement = db.prepareStatement(MARK_EMITTED_SQL);
            markEmittedStatement.setString(1, key);
            return markEmittedStatement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw io(e);
        }
    }

    /** What a row visitor does with each row. */
    @FunctionalInterface
    public interface RowVisitor {
        void visit(Entry entry) throws IOException;
    }

    /** Visits rows of one status in plan order, streaming from the database. */
    public synchronized void forEach(Status status, boolean onlyUnemitted, RowVisitor visitor) throws IOException {
        String sql = "SELECT task_key, plan_index, status, sample, reason, last_reply, input_tokens, output_tokens, "
                + "cost, attempts FROM entries WHERE status = ?" + (onlyUnemitted ? " AND emitted = 0" : "")
                + " ORDER BY plan_index, task_key";
        try (PreparedStatement p = db.prepareStatement(sql)) {
            p.setString(1, status.name());
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    visitor.visit(new Entry(r.getString(1), r.getInt(2), Status.valueOf(r.getString(3)),
                            r.getString(4), r.getString(5), r.getString(6), r.getLong(7), r.getLong(8),
                            r.getDouble(9), r.getInt(10)));
                }
            }
        } catch (SQLException e) {
            throw io(e);
        }
    }

    public synchronized Totals totals() throws IOException {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(
                "SELECT COALESCE(SUM(status='OK'),0), COALESCE(SUM(status='REJECTED'),0), COALESCE(SUM(status='FAILED'),0), "
                        + "COALESCE(SUM(input_tokens),0), COALESCE(SUM(output_tokens),0), COALESCE(SUM(cost),0) FROM entries")) {
            r.next();
            return new Totals(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5), r.getDouble(6));
        } catch (SQLException e) {
            throw io(e);
        }
    }

    private IOException io(SQLException e) {
        return new IOException(file + ": journal error: " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        try {
            if (recordStatement != null) recordStatement.close();
            if (markEmittedStatement != null) markEmittedStatement.close();
        } catch (SQLException ignored) {
            // the connection is closed next, which frees them anyway
        }
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing after a failure; nothing left to save
        }
    }
}
