package ftkit.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store's tables and their migrations. Version 1 is the brief's schema (datasets, samples, idx_dataset_id,
 * idx_split; every column it names is kept with its name) extended with what re-export and querying need: the
 * full canonical sample JSON, its metadata JSON, the input line and ordinal, a content hash, the sample's own id
 * and mode, and on datasets the source, update time and a fingerprint. {@code schema_version} records which
 * migrations ran; a newer database than this code refuses to open instead of being damaged.
 */
final class Schema {
    static final int CURRENT_VERSION = 1;

    private record Migration(int version, String description, List<String> statements) {
    }

    private Schema() {
    }

    private static List<Migration> migrations(Dialect dialect) {
        String big = dialect.bigint();
        return List.of(new Migration(1, "datasets and samples (brief schema + canonical JSON, hashes, ordinals)", List.of(
                """
                CREATE TABLE IF NOT EXISTS datasets (
                  id TEXT PRIMARY KEY,
                  name TEXT NOT NULL,
                  provider TEXT NOT NULL,
                  model TEXT NOT NULL,
                  mode TEXT NOT NULL,
                  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
                  total_samples %1$s,
                  total_tokens %1$s,
                  config TEXT,
                  updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
                  source TEXT,
                  content_hash TEXT
                )""".formatted(big),
                """
                CREATE TABLE IF NOT EXISTS samples (
                  id TEXT PRIMARY KEY,
                  dataset_id TEXT REFERENCES datasets(id) ON DELETE CASCADE,
                  content TEXT NOT NULL,
                  token_length INTEGER,
                  topic_keywords TEXT,
                  source_file TEXT,
                  split TEXT,
                  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
                  ordinal %1$s NOT NULL,
                  line_number %1$s,
                  sample_id TEXT,
                  mode TEXT,
                  content_hash TEXT NOT NULL,
                  metadata_json TEXT,
                  sample_json TEXT NOT NULL,
                  UNIQUE (dataset_id, ordinal)
                )""".formatted(big),
                "CREATE INDEX IF NOT EXISTS idx_dataset_id ON samples(dataset_id)",
                "CREATE INDEX IF NOT EXISTS idx_split ON samples(split)",
                "CREATE INDEX IF NOT EXISTS idx_samples_source ON samples(dataset_id, source_file)",
                "CREATE INDEX IF NOT EXISTS idx_samples_content_hash ON samples(content_hash)")));
    }

    /** Brings the database up to {@link #CURRENT_VERSION}; returns the version found before. */
    static int migrate(Connection c, Dialect dialect, String where) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (Statement s = c.createStatement()) {
                s.execute("""
                        CREATE TABLE IF NOT EXISTS schema_version (
                          version INTEGER PRIMARY KEY,
                          description TEXT NOT NULL,
                          applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
                        )""");
            }
            int found = version(c);
            if (found > CURRENT_VERSION) {
                c.rollback();
                throw new StoreException(where + ": database schema version " + found + " is newer than this ftkit "
                        + "understands (" + CURRENT_VERSION + "); upgrade ftkit rather than risk damaging it");
            }
            for (Migration m : migrations(dialect)) {
                if (m.version() <= found) continue;
                try (Statement s = c.createStatement()) {
                    for (String sql : m.statements()) s.execute(sql);
                }
                try (PreparedStatement p = c.prepareStatement("INSERT INTO schema_version (version, description) VALUES (?, ?)")) {
                    p.setInt(1, m.version());
                    p.setString(2, m.description());
                    p.executeUpdate();
                }
            }
            c.commit();
            return found;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return r.next() ? r.getInt(1) : 0;
        }
    }
}
