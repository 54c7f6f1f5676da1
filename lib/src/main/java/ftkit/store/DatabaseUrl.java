package ftkit.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where the store lives: a JDBC URL plus optional credentials. The default is the SQLite file
 * {@code memory/dataset_builder.db}; {@code FTKIT_DATABASE_URL} (with {@code FTKIT_DATABASE_USER} and
 * {@code FTKIT_DATABASE_PASSWORD}) points it at another database, e.g. PostgreSQL. Credentials are never
 * printed: {@link #toString()} and {@link #redact} hide user info and password parameters.
 */
public record DatabaseUrl(String jdbcUrl, String user, String password) {
    public static final String ENV_URL = "FTKIT_DATABASE_URL";
    public static final String ENV_USER = "FTKIT_DATABASE_USER";
    public static final String ENV_PASSWORD = "FTKIT_DATABASE_PASSWORD";
    public static final Path DEFAULT_SQLITE_FILE = Path.of("memory", "dataset_builder.db");

    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)([?&;](?:password|pass|pwd)=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("(//)[^/@]*@");

    public DatabaseUrl {
        if (jdbcUrl == null || jdbcUrl.isBlank()) throw new StoreException("empty database URL");
    }

    public static DatabaseUrl sqlite(Path file) {
        return new DatabaseUrl("jdbc:sqlite:" + file.toAbsolutePath(), null, null);
    }

    /** {@code FTKIT_DATABASE_URL} and friends from the given environment, else the SQLite file. */
    public static DatabaseUrl fromEnvironment(Map<String, String> env, Path defaultSqliteFile) {
        String url = env.get(ENV_URL);
        if (url == null || url.isBlank()) return sqlite(defaultSqliteFile);
        return new DatabaseUrl(url.trim(), blankToNull(env.get(ENV_USER)), blankToNull(env.get(ENV_PASSWORD)));
    }

    public static DatabaseUrl fromEnvironment() {
        return fromEnvironment(System.getenv(), DEFAULT_SQLITE_FILE);
    }

    /**
     * What a {@code --db} option names: a JDBC URL ({@code jdbc:sqlite:…}, {@code jdbc:postgresql://…}, credentials
     * from {@code FTKIT_DATABASE_USER}/{@code _PASSWORD}) or an SQLite file path; null means the default store
     * ({@link #fromEnvironment(Map, Path)}).
     */
    public static DatabaseUrl parse(String fileOrJdbcUrl, Map<String, String> env) {
        if (fileOrJdbcUrl == null || fileOrJdbcUrl.isBlank()) return fromEnvironment(env, DEFAULT_SQLITE_FILE);
        String s = fileOrJdbcUrl.trim();
        if (s.regionMatches(true, 0, "jdbc:", 0, 5)) {
            DatabaseUrl url = new DatabaseUrl(s, blankToNull(env.get(ENV_USER)), blankToNull(env.get(ENV_PASSWORD)));
            url.dialect(); // fails now, with the supported forms, for an unknown database
            return url;
        }
        return sqlite(Path.of(s));
    }

    public static DatabaseUrl parse(String fileOrJdbcUrl) {
        return parse(fileOrJdbcUrl, System.getenv());
    }

    public Dialect dialect() {
        return Dialect.of(jdbcUrl);
    }

    /** The SQLite database file, or null for a server database or an in-memory SQLite. */
    public Path sqliteFile() {
        if (dialect() != Dialect.SQLITE) return null;
        String rest = jdbcUrl.substring("jdbc:sqlite:".length());
        int q = rest.indexOf('?');
        if (q >= 0) rest = rest.substring(0, q);
        if (rest.startsWith("file:")) rest = rest.substring("file:".length());
        if (rest.isEmpty() || rest.equals(":memory:") || rest.contains("mode=memory")) return null;
        return Path.of(rest);
    }

    /** The URL with any embedded user info or password parameter replaced by "***". */
    public static String redact(String jdbcUrl) {
        String s = PASSWORD_PARAM.matcher(jdbcUrl).replaceAll("$1***");
        return USER_INFO.matcher(s).replaceAll("$1***@");
    }

    @Override
    public String toString() {
        return redact(jdbcUrl) + (user == null ? "" : " (user from " + ENV_USER + ")");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
