package ftkit.config;

/**
 * Where a setting's effective value came from, for {@code --verbose}: the level that won and exactly where.
 *
 * @param source the precedence level
 * @param where  e.g. {@code --split-ratio}, {@code FTKIT_SPLIT_RATIO (.env:3)}, {@code /path/config.yaml:12}
 */
public record Origin(Source source, String where) {
    /** Precedence levels, highest first: a flag beats the environment, which beats the file, which beats the default. */
    public enum Source {
        FLAG("flag"), ENV("environment"), CONFIG("config"), DEFAULT("default");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public static final Origin DEFAULT = new Origin(Source.DEFAULT, "default");

    @Override
    public String toString() {
        return source == Source.DEFAULT ? "default" : source.label() + " " + where;
    }
}
