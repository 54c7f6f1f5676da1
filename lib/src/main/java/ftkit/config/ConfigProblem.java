package ftkit.config;

/**
 * One thing wrong with the configuration, located as precisely as the source allows.
 *
 * @param where the source and position, e.g. {@code config.yaml:12}, {@code .env:3},
 *              {@code environment FTKIT_SPLIT_RATIO} or {@code flag --split-ratio}
 * @param key   the setting's key path (e.g. {@code split.ratio}), or null when the problem is not about one key
 * @param message what is wrong, in words a user can act on
 */
public record ConfigProblem(String where, String key, String message) {
    @Override
    public String toString() {
        return key == null ? where + ": " + message : where + ": " + key + ": " + message;
    }
}
