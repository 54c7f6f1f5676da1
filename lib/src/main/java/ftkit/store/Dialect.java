package ftkit.store;

import java.util.Locale;

/**
 * The few places where SQLite and PostgreSQL differ. Everything else the store issues is plain SQL both accept
 * (CREATE TABLE/INDEX IF NOT EXISTS, INSERT … ON CONFLICT … DO UPDATE, LOWER(x) LIKE ? ESCAPE).
 */
public enum Dialect {
    SQLITE("SQLite"),
    POSTGRESQL("PostgreSQL");

    private final String displayName;

    Dialect(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    public static Dialect of(String jdbcUrl) {
        String url = jdbcUrl.toLowerCase(Locale.ROOT);
        if (url.startsWith("jdbc:sqlite:")) return SQLITE;
        if (url.startsWith("jdbc:postgresql:")) return POSTGRESQL;
        throw new StoreException("unsupported database URL '" + DatabaseUrl.redact(jdbcUrl)
                + "': expected jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DB");
    }

    /** SQLite has an online backup API (exposed by sqlite-jdbc as the {@code backup to} statement); PostgreSQL's is pg_dump. */
    public boolean supportsOnlineBackup() {
        return this == SQLITE;
    }

    /**
     * Rows to fetch per round trip when streaming. PostgreSQL only streams (uses a cursor) when the fetch size is
     * set and auto-commit is off; without it the driver loads the whole result into memory.
     */
    public int streamingFetchSize() {
        return this == POSTGRESQL ? 500 : 0;
    }

    /** A primary key column the database numbers itself, in insertion order. */
    public String generatedKey() {
        return this == POSTGRESQL ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT";
    }

    /** A big-integer column type. SQLite's INTEGER is already 64-bit; PostgreSQL's is 32-bit. */
    public String bigint() {
        return this == POSTGRESQL ? "BIGINT" : "INTEGER";
    }
}
