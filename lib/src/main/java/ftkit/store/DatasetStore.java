package ftkit.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ftkit.io.Json;
import ftkit.model.Sample;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * Datasets and their samples in SQLite (default {@code memory/dataset_builder.db}) or PostgreSQL, through the
 * same SQL. Saving streams: samples go in batches through one prepared statement inside one transaction, so a
 * failed save leaves the previous state. Before anything is replaced or deleted, a SQLite database is copied with
 * SQLite's online backup into {@code backups/} beside it; {@link #restore} brings a copy back. PostgreSQL has no
 * online backup through JDBC: the store says so and relies on the transaction (use pg_dump for copies).
 *
 * <p>One store is one connection: use it from one thread at a time.
 */
public final class DatasetStore implements AutoCloseable {
    static final int BATCH_SIZE = 500;
    private static final DateTimeFormatter BACKUP_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT);
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(api[_-]?key|password|passwd|secret|access[_-]?token|auth[_-]?token|bearer|credentials?)$");

    private final DatabaseUrl url;
    private final Dialect dialect;
    private final Connection connection;
    private final Path backupDir;
    private final int keepBackups;
    private final PrintStream log;
    private boolean warnedNoBackup;

    /** Options: where backups go (default {@code backups/} beside the SQLite file), how many to keep, where notices go. */
    public record Options(Path backupDir, int keepBackups, PrintStream log) {
        public static Options defaults() {
            return new Options(null, 20, System.err);
        }

        public Options withBackupDir(Path dir) {
            return new Options(dir, keepBackups, log);
        }

        public Options withKeepBackups(int keep) {
            return new Options(backupDir, keep, log);
        }

        public Options withLog(PrintStream log) {
            return new Options(backupDir, keepBackups, log);
        }
    }

    /** What a save did. {@code backup} is the copy taken before replacing an existing dataset, if any. */
    public record SaveResult(Dataset dataset, boolean replaced, Path backup) {
    }

    private DatasetStore(DatabaseUrl url, Connection connection, Options options) {
        this.url = url;
        this.dialect = url.dialect();
        this.connection = connection;
        Path file = url.sqliteFile();
        Path dir = options.backupDir();
        if (dir == null && file != null) dir = file.toAbsolutePath().getParent().resolve("backups");
        this.backupDir = dir;
        this.keepBackups = options.keepBackups();
        this.log = options.log() == null ? System.err : options.log();
    }

    /** The store named by {@code FTKIT_DATABASE_URL}, else {@code memory/dataset_builder.db}. */
    public static DatasetStore openDefault() {
        return open(DatabaseUrl.fromEnvironment(), Options.defaults());
    }

    public static DatasetStore open(Path sqliteFile) {
        return open(DatabaseUrl.sqlite(sqliteFile), Options.defaults());
    }

    public static DatasetStore open(DatabaseUrl url) {
        return open(url, Options.defaults());
    }

    public static DatasetStore open(DatabaseUrl url, Options options) {
        Dialect dialect = url.dialect();
        Connection c = null;
        try {
            Path file = url.sqliteFile();
            if (file != null && file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Properties props = new Properties();
            if (url.user() != null) props.setProperty("user", url.user());
            if (url.password() != null) props.setProperty("password", url.password());
            c = DriverManager.getConnection(url.jdbcUrl(), props);
            if (dialect == Dialect.SQLITE) {
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA foreign_keys = ON");
                    s.execute("PRAGMA busy_timeout = 10000");
                }
            }
            Schema.migrate(c, dialect, url.toString());
            return new DatasetStore(url, c, options);
        } catch (SQLException e) {
            closeQuietly(c);
            throw new StoreException("cannot open database " + url + ": " + e.getMessage(), e);
        } catch (IOException e) {
            closeQuietly(c);
            throw new StoreException("cannot create the folder of " + url + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    public DatabaseUrl url() {
        return url;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Work on the store's connection that may fail with an SQLException. */
    @FunctionalInterface
    public interface ConnectionWork<T> {
        T apply(Connection connection, Dialect dialect) throws SQLException;
    }

    /**
     * Runs {@code work} on this store's connection (auto-commit on): for the tables other stages keep beside the
     * datasets in the same database, such as ftkit.quality's curation reports, so that they reach SQLite and
     * PostgreSQL the way the store does (same URL, credentials and SQLite settings). SQL errors become a
     * StoreException naming {@code what} and the (redacted) database.
     */
    public <T> T withConnection(String what, ConnectionWork<T> work) {
        try {
            return work.apply(connection, dialect);
        } catch (SQLException e) {
            throw fail(what, e);
        }
    }

    public int schemaVersion() {
        try {
            return Schema.version(connection);
        } catch (SQLException e) {
            throw fail("read the schema version", e);
        }
    }

    /** Where automatic backups go, or null when this database has none (PostgreSQL, in-memory SQLite). */
    public Path backupDir() {
        return dialect.supportsOnlineBackup() && url.sqliteFile() != null ? backupDir : null;
    }

    // ---------------------------------------------------------------- saving

    /**
     * Starts saving a dataset: if one with the same id exists it is backed up now and replaced when the writer
     * commits. Add samples with {@link DatasetWriter#add}, then {@link DatasetWriter#commit}; closing without
     * commit rolls everything back.
     *
     * @param tokenCounter counts a sample's tokens for {@code token_length}/{@code total_tokens}, or null
     */
    public DatasetWriter begin(DatasetInfo info, ToIntFunction<Sample> tokenCounter) {
        Optional<Dataset> existing = dataset(info.id());
        Path backup = existing.isPresent() ? backupBeforeChange("replace-" + info.id()) : null;
        return new DatasetWriter(info, tokenCounter, existing.isPresent(), backup);
    }

    /** Saves a whole stream of samples as one dataset (see {@link #begin}). */
    public SaveResult save(DatasetInfo info, Iterator<Sample> samples, ToIntFunction<Sample> tokenCounter) {
        try (DatasetWriter w = begin(info, tokenCounter)) {
            while (samples.hasNext()) w.add(samples.next(), null);
            return w.commit();
        }
    }

    public SaveResult save(DatasetInfo info, Iterable<Sample> samples) {
        return save(info, samples.iterator(), null);
    }

    /** Streams one dataset's samples into the database inside a single transaction. */
    public final class DatasetWriter implements AutoCloseable {
        private final DatasetInfo info;
        private final ToIntFunction<Sample> tokenCounter;
        private final boolean replacing;
        private final Path backup;
        private final PreparedStatement insert;
        private final MessageDigest fingerprint = SampleText.digest();
        private long count;
        private long tokens;
        private boolean tokensKnown;
        private int pending;
        private boolean done;
        // The samples' metadata.mode values (at most two are needed): they name the dataset's mode when the caller did not.
        private final java.util.Set<String> sampleModes = new java.util.TreeSet<>();

        private DatasetWriter(DatasetInfo info, ToIntFunction<Sample> tokenCounter, boolean replacing, Path backup) {
            this.info = info;
            this.tokenCounter = tokenCounter;
            this.replacing = replacing;
            this.backup = backup;
            this.tokensKnown = tokenCounter != null;
            try {
                connection.setAutoCommit(false);
                try (PreparedStatement del = connection.prepareStatement("DELETE FROM samples WHERE dataset_id = ?")) {
                    del.setString(1, info.id());
                    del.executeUpdate();
                }
                upsertDataset(info);
                insert = connection.prepareStatement("""
                        INSERT INTO samples (id, dataset_id, content, token_length, topic_keywords, source_file, split,
                          ordinal, line_number, sample_id, mode, content_hash, metadata_json, sample_json)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
            } catch (SQLException e) {
                rollbackQuietly();
                throw fail("start saving dataset '" + info.id() + "'", e);
            }
        }

        /** Adds the next sample; {@code lineNumber} is its line in the input file, if known. */
        public void add(Sample sample, Long lineNumber) {
            if (done) throw new IllegalStateException("dataset writer already finished");
            try {
                long ordinal = count;
                String hash = SampleText.contentHash(sample);
                Integer tokenLength = tokenCounter == null ? null : tokenCounter.applyAsInt(sample);
                insert.setString(1, info.id() + "/" + ordinal);
                insert.setString(2, info.id());
                insert.setString(3, SampleText.render(sample));
                setInt(insert, 4, tokenLength);
                List<String> keywords = sample.metadata().keywords();
                insert.setString(5, keywords.isEmpty() ? null : String.join(", ", keywords));
                insert.setString(6, sample.metadata().sourceFile());
                insert.setString(7, sample.metadata().split());
                insert.setLong(8, ordinal);
                if (lineNumber == null) insert.setNull(9, Types.BIGINT);
                else insert.setLong(9, lineNumber);
                insert.setString(10, sample.id());
                insert.setString(11, sample.metadata().mode());
                insert.setString(12, hash);
                insert.setString(13, Json.MAPPER.writeValueAsString(sample.metadata()));
                insert.setString(14, Json.MAPPER.writeValueAsString(sample));
                insert.addBatch();
                fingerprint.update(hash.getBytes(StandardCharsets.US_ASCII));
                if (sampleModes.size() < 2 && sample.metadata().mode() != null) sampleModes.add(sample.metadata().mode());
                count++;
                if (tokenLength != null) tokens += tokenLength;
                if (++pending >= BATCH_SIZE) flush();
            } catch (SQLException e) {
                rollbackQuietly();
                throw fail("save sample " + count + (lineNumber == null ? "" : " (input line " + lineNumber + ")")
                        + " of dataset '" + info.id() + "'", e);
            } catch (JsonProcessingException e) {
                rollbackQuietly();
                throw new StoreException("sample " + count + " of dataset '" + info.id() + "' cannot be serialised: "
                        + e.getOriginalMessage(), e);
            }
        }

        private void flush() throws SQLException {
            if (pending == 0) return;
            insert.executeBatch();
            pending = 0;
        }

        public long count() {
            return count;
        }

        /** Writes the totals and commits: the dataset becomes visible (or replaces the old one) only now. */
        public SaveResult commit() {
            if (done) throw new IllegalStateException("dataset writer already finished");
            try {
                flush();
                String mode = !"unknown".equals(info.mode()) || sampleModes.isEmpty() ? info.mode()
                        : sampleModes.size() == 1 ? sampleModes.iterator().next() : "mixed";
                try (PreparedStatement p = connection.prepareStatement(
                        "UPDATE datasets SET total_samples = ?, total_tokens = ?, content_hash = ?, mode = ? WHERE id = ?")) {
                    p.setLong(1, count);
                    if (tokensKnown) p.setLong(2, tokens);
                    else p.setNull(2, Types.BIGINT);
                    p.setString(3, HexFormat.of().formatHex(fingerprint.digest()));
                    p.setString(4, mode);
                    p.setString(5, info.id());
                    p.executeUpdate();
                }
                connection.commit();
                done = true;
                insert.close();
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                rollbackQuietly();
                throw fail("commit dataset '" + info.id() + "'", e);
            }
            return new SaveResult(dataset(info.id()).orElseThrow(), replacing, backup);
        }

        @Override
        public void close() {
            if (!done) rollbackQuietly();
        }

        private void rollbackQuietly() {
            done = true;
            try {
                insert.close();
            } catch (SQLException | RuntimeException ignored) {
                // the rollback below is what matters
            }
            try {
                connection.rollback();
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the connection is unusable; the transaction is gone with it
            }
        }
    }

    private void upsertDataset(DatasetInfo info) throws SQLException {
        // ON CONFLICT … DO UPDATE is accepted by both SQLite (3.24+) and PostgreSQL (9.5+); created_at is kept.
        try (PreparedStatement p = connection.prepareStatement("""
                INSERT INTO datasets (id, name, provider, model, mode, total_samples, total_tokens, config, source, updated_at)
                VALUES (?, ?, ?, ?, ?, 0, NULL, ?, ?, CURRENT_TIMESTAMP)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, provider = excluded.provider, model = excluded.model,
                  mode = excluded.mode, total_samples = 0, total_tokens = NULL, config = excluded.config,
                  source = excluded.source, updated_at = CURRENT_TIMESTAMP, content_hash = NULL""")) {
            p.setString(1, info.id());
            p.setString(2, info.name());
            p.setString(3, info.provider());
            p.setString(4, info.model());
            p.setString(5, info.mode());
            p.setString(6, info.config() == null ? null : redactSecrets(info.config()).toString());
            p.setString(7, info.source());
            p.executeUpdate();
        }
    }

    /** A copy of a configuration with the values of secret-looking keys (api_key, password, token …) replaced. */
    public static JsonNode redactSecrets(JsonNode config) {
        JsonNode copy = config.deepCopy();
        redactInPlace(copy);
        return copy;
    }

    private static void redactInPlace(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (SECRET_KEY.matcher(name).matches() && !object.get(name).isNull()) object.put(name, "<redacted>");
                else redactInPlace(object.get(name));
            }
        } else if (node != null && node.isArray()) {
            for (JsonNode child : node) redactInPlace(child);
        }
    }

    // ---------------------------------------------------------------- reading

    public List<Dataset> listDatasets() {
        return datasets("SELECT " + DATASET_COLUMNS + " FROM datasets ORDER BY id", null);
    }

    /**
     * A dataset by id, else by exact name, else by the id its name would get ({@link DatasetInfo#slug}).
     *
     * @throws IllegalArgumentException when the name belongs to several datasets (the message lists their ids)
     */
    public Optional<Dataset> find(String idOrName) {
        Optional<Dataset> byId = dataset(idOrName);
        if (byId.isPresent()) return byId;
        List<Dataset> named = listDatasets().stream().filter(d -> idOrName.equals(d.name())).toList();
        if (named.size() > 1) {
            throw new IllegalArgumentException("several datasets are named '" + idOrName + "'; choose one by id: "
                    + String.join(", ", named.stream().map(Dataset::id).toList()));
        }
        if (named.size() == 1) return Optional.of(named.get(0));
        return dataset(DatasetInfo.slug(idOrName));
    }

    public Optional<Dataset> dataset(String id) {
        List<Dataset> found = datasets("SELECT " + DATASET_COLUMNS + " FROM datasets WHERE id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private static final String DATASET_COLUMNS = "id, name, provider, model, mode, CAST(created_at AS TEXT), "
            + "CAST(updated_at AS TEXT), total_samples, total_tokens, config, source, content_hash";

    private List<Dataset> datasets(String sql, String id) {
        try (PreparedStatement p = connection.prepareStatement(sql)) {
            if (id != null) p.setString(1, id);
            List<Dataset> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    long tokens = r.getLong(9);
                    Long totalTokens = r.wasNull() ? null : tokens;
                    out.add(new Dataset(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                            r.getString(6), r.getString(7), r.getLong(8), totalTokens, r.getString(10), r.getString(11),
                            r.getString(12)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw fail("list datasets", e);
        }
    }

    /** Sample counts per split of one dataset (null split under the key "(none)"), in split order. */
    public Map<String, Long> countBySplit(String datasetId) {
        Map<String, Long> out = new java.util.TreeMap<>();
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT split, COUNT(*) FROM samples WHERE dataset_id = ? GROUP BY split")) {
            p.setString(1, datasetId);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) out.put(r.getString(1) == null ? "(none)" : r.getString(1), r.getLong(2));
            }
            return out;
        } catch (SQLException e) {
            throw fail("count samples of '" + datasetId + "'", e);
        }
    }

    public long count(SampleQuery query) {
        List<Object> params = new ArrayList<>();
        String where = where(query, params);
        try (PreparedStatement p = connection.prepareStatement("SELECT COUNT(*) FROM samples" + where)) {
            bind(p, params);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw fail("count samples", e);
        }
    }

    /** Reads matching samples into a list: for pages and small results (set a limit); use {@link #stream} otherwise. */
    public List<StoredSample> query(SampleQuery query) {
        try (SampleCursor cursor = stream(query)) {
            List<StoredSample> out = new ArrayList<>();
            cursor.forEachRemaining(out::add);
            return out;
        }
    }

    /** Streams matching samples in saved order; close the cursor when done. */
    public SampleCursor stream(SampleQuery query) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT id, dataset_id, ordinal, line_number, split, source_file, "
                + "topic_keywords, token_length, content_hash, content, sample_json FROM samples");
        sql.append(where(query, params)).append(" ORDER BY dataset_id, ordinal");
        if (query.limit() > 0) {
            sql.append(" LIMIT ?");
            params.add((long) query.limit());
        }
        if (query.offset() > 0) {
            if (query.limit() == 0) {
                // SQLite needs a LIMIT before OFFSET; -1 means none there, and PostgreSQL takes LIMIT ALL.
                sql.append(dialect == Dialect.SQLITE ? " LIMIT -1" : " LIMIT ALL");
            }
            sql.append(" OFFSET ?");
            params.add(query.offset());
        }
        try {
            boolean restoreAutoCommit = false;
            if (dialect.streamingFetchSize() > 0 && connection.getAutoCommit()) {
                connection.setAutoCommit(false);
                restoreAutoCommit = true;
            }
            PreparedStatement p = connection.prepareStatement(sql.toString());
            if (dialect.streamingFetchSize() > 0) p.setFetchSize(dialect.streamingFetchSize());
            bind(p, params);
            return new SampleCursor(connection, p, p.executeQuery(), restoreAutoCommit, url.toString());
        } catch (SQLException e) {
            throw fail("query samples", e);
        }
    }

    private static String where(SampleQuery q, List<Object> params) {
        List<String> clauses = new ArrayList<>();
        if (q.datasetId() != null) {
            clauses.add("dataset_id = ?");
            params.add(q.datasetId());
        }
        if (q.split() != null) {
            clauses.add("split = ?");
            params.add(q.split());
        }
        if (q.sourceFile() != null) {
            clauses.add("source_file = ?");
            params.add(q.sourceFile());
        }
        if (q.keyword() != null && !q.keyword().isBlank()) {
            String pattern = "%" + likeEscape(q.keyword().toLowerCase(Locale.ROOT)) + "%";
            clauses.add("(LOWER(content) LIKE ? ESCAPE '\\' OR LOWER(topic_keywords) LIKE ? ESCAPE '\\')");
            params.add(pattern);
            params.add(pattern);
        }
        return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
    }

    private static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static void bind(PreparedStatement p, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object v = params.get(i);
            if (v instanceof Long l) p.setLong(i + 1, l);
            else p.setString(i + 1, (String) v);
        }
    }

    // ---------------------------------------------------------------- deleting, backup, restore

    /** The table of curate's reports (ftkit.quality.QualityStore), deleted with their dataset. */
    public static final String QUALITY_REPORTS = "quality_reports";

    /**
     * Whether the connection's current schema (PostgreSQL's currentSchema / search path) has this table; names in
     * lower case, as both databases store unquoted ones.
     */
    public static boolean hasTable(Connection c, String name) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), name, new String[]{"TABLE"})) {
            return rs.next();
        }
    }

    /**
     * Deletes a dataset, its samples and the curate reports kept beside it ({@code quality_reports}, written by
     * ftkit.quality.QualityStore, when the table exists) after a backup; false if there was no such dataset.
     */
    public boolean deleteDataset(String id) {
        if (dataset(id).isEmpty()) return false;
        backupBeforeChange("delete-" + id);
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement s = connection.prepareStatement("DELETE FROM samples WHERE dataset_id = ?");
                 PreparedStatement d = connection.prepareStatement("DELETE FROM datasets WHERE id = ?")) {
                s.setString(1, id);
                s.executeUpdate();
                d.setString(1, id);
                d.executeUpdate();
            }
            if (hasTable(connection, QUALITY_REPORTS)) {
                try (PreparedStatement q = connection.prepareStatement("DELETE FROM " + QUALITY_REPORTS + " WHERE dataset_id = ?")) {
                    q.setString(1, id);
                    q.executeUpdate();
                }
            }
            connection.commit();
            return true;
        } catch (SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // reported below
            }
            throw fail("delete dataset '" + id + "'", e);
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the connection is broken; the next call reports it
            }
        }
    }

    /**
     * Copies the whole database with SQLite's online backup into the backup folder and returns the copy's path.
     * Old copies beyond the kept number are removed, oldest first.
     *
     * @throws StoreException on PostgreSQL (no online backup through JDBC: use pg_dump) or an in-memory database
     */
    public Path backup(String reason) {
        requireBackupSupport();
        Path file = url.sqliteFile();
        try {
            Files.createDirectories(backupDir);
            String base = baseName(file);
            String tag = reason == null || reason.isBlank() ? "manual" : DatasetInfo.slug(reason);
            String stamp = LocalDateTime.now().format(BACKUP_STAMP);
            Path target = backupDir.resolve(base + "-" + stamp + "-" + tag + ".db");
            for (int n = 2; Files.exists(target); n++) {
                target = backupDir.resolve(base + "-" + stamp + "-" + tag + "-" + n + ".db");
            }
            try (Statement s = connection.createStatement()) {
                s.executeUpdate("backup to " + quoteForSqliteCommand(target));
            }
            prune();
            return target;
        } catch (SQLException | IOException e) {
            throw new StoreException("backup of " + url + " into " + backupDir + " failed: " + e.getMessage(), e);
        }
    }

    /** This database's backups, oldest first. Empty for databases without backup support. */
    public List<Path> listBackups() {
        if (backupDir() == null || !Files.isDirectory(backupDir)) return List.of();
        String prefix = baseName(url.sqliteFile()) + "-";
        try (var files = Files.list(backupDir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".db"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new StoreException("cannot list backups in " + backupDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replaces the database's content with a backup (SQLite's online restore). The current state is backed up
     * first; that safety copy's path is returned.
     */
    public Path restore(Path backupFile) {
        requireBackupSupport();
        if (!Files.isRegularFile(backupFile)) throw new StoreException(backupFile + ": no such backup file");
        try (var in = Files.newInputStream(backupFile)) {
            byte[] header = in.readNBytes(16);
            if (!new String(header, StandardCharsets.US_ASCII).equals("SQLite format 3\0")) {
                throw new StoreException(backupFile + ": not an SQLite database, cannot restore from it");
            }
        } catch (IOException e) {
            throw new StoreException(backupFile + ": cannot read: " + e.getMessage(), e);
        }
        Path safety = backup("before-restore");
        try (Statement s = connection.createStatement()) {
            s.executeUpdate("restore from " + quoteForSqliteCommand(backupFile.toAbsolutePath()));
            Schema.migrate(connection, dialect, url.toString());
        } catch (SQLException e) {
            throw new StoreException("restore of " + url + " from " + backupFile + " failed (the state before is in "
                    + safety + "): " + e.getMessage(), e);
        }
        return safety;
    }

    private void requireBackupSupport() {
        if (!dialect.supportsOnlineBackup()) {
            throw new StoreException("online backup and restore are available for SQLite only; this store is "
                    + dialect.displayName() + " (" + url + "): use pg_dump / pg_restore for PostgreSQL copies");
        }
        if (url.sqliteFile() == null) throw new StoreException("an in-memory SQLite database has no backups");
    }

    /** The automatic backup before a replace or delete; on PostgreSQL a one-time notice instead. */
    private Path backupBeforeChange(String reason) {
        if (backupDir() == null) {
            if (!warnedNoBackup) {
                warnedNoBackup = true;
                log.println("notice: no automatic backup on " + dialect.displayName() + " (online backup is SQLite-only); "
                        + "the change runs in one transaction. Use pg_dump to keep copies.");
            }
            return null;
        }
        Path copy = backup(reason);
        log.println("backup: " + copy);
        return copy;
    }

    private void prune() throws IOException {
        if (keepBackups <= 0) return;
        List<Path> all = listBackups();
        for (int i = 0; i < all.size() - keepBackups; i++) Files.deleteIfExists(all.get(i));
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** sqlite-jdbc parses {@code backup to "FILE"} itself; a double quote inside the path cannot be expressed. */
    private static String quoteForSqliteCommand(Path path) {
        String s = path.toAbsolutePath().toString();
        if (s.indexOf('"') >= 0) throw new StoreException("backup path must not contain a double quote: " + s);
        return "\"" + s + "\"";
    }

    private static void setInt(PreparedStatement p, int index, Integer value) throws SQLException {
        if (value == null) p.setNull(index, Types.INTEGER);
        else p.setInt(index, value);
    }

    private StoreException fail(String what, SQLException e) {
        return new StoreException("cannot " + what + " in " + url + ": " + e.getMessage(), e);
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // already failing
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw fail("close the connection", e);
        }
    }
}
