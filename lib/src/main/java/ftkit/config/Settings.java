package ftkit.config;

import ftkit.config.Origin.Source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The effective settings of one run and, per setting, where its value came from. Precedence, for every setting:
 * <b>flag &gt; environment &gt; config file &gt; default</b>; the environment is the real one with {@code .env}
 * (from the working directory) merged under it. The config file is the {@code --config} flag, else
 * {@code FTKIT_CONFIG}, else {@code ./config.yaml} if present, else none (defaults only).
 *
 * <p>Every value from every source is checked, and all problems are reported together in one
 * {@link ConfigException}, each naming its source, line (where there is one) and key path.
 */
public final class Settings {
    public static final String DEFAULT_CONFIG_NAME = "config.yaml";
    public static final String DOTENV_NAME = ".env";

    private final Config config;
    private final Map<Setting, Object> values;
    private final Map<Setting, Origin> origins;
    private final Path configFile;
    private final String configReason;
    private final Environment environment;
    private final List<String> warnings;

    private Settings(Config config, Map<Setting, Object> values, Map<Setting, Origin> origins, Path configFile,
                     String configReason, Environment environment, List<String> warnings) {
        this.config = config;
        this.values = Collections.unmodifiableMap(values);
        this.origins = Collections.unmodifiableMap(origins);
        this.configFile = configFile;
        this.configReason = configReason;
        this.environment = environment;
        this.warnings = List.copyOf(warnings);
    }

    /** Resolves against the process environment and the current directory. */
    public static Settings fromSystem(Map<String, String> flags, Path configFlag) throws ConfigException {
        return resolve(flags, System.getenv(), configFlag);
    }

    /** Resolves in the current working directory (where {@code .env} and {@code config.yaml} are looked for). */
    public static Settings resolve(Map<String, String> flags, Map<String, String> env, Path configFlag)
            throws ConfigException {
        return resolve(flags, env, configFlag, Path.of("").toAbsolutePath());
    }

    /**
     * @param flags      command-line values keyed by setting key ({@code "split.ratio"}); null values are ignored,
     *                   so a script can pass its options straight through (see {@link #flags(Object...)})
     * @param env        the real environment (usually {@code System.getenv()}); {@code .env} is merged under it
     * @param configFlag the {@code --config} value, or null
     * @param workingDir where {@code .env} and {@code config.yaml} are looked for and relative paths start
     */
    public static Settings resolve(Map<String, String> flags, Map<String, String> env, Path configFlag,
                                   Path workingDir) throws ConfigException {
        return resolve(flags, env, configFlag, workingDir, true);
    }

    static Settings resolve(Map<String, String> flags, Map<String, String> realEnv, Path configFlag,
                            Path workingDir, boolean readDotEnv) throws ConfigException {
        for (String key : flags.keySet()) {
            if (Setting.byKey(key).isEmpty()) {
                throw new IllegalArgumentException("no setting has the key \"" + key + "\" (flags are keyed by "
                        + "setting key, e.g. split.ratio)");
            }
        }
        List<ConfigProblem> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();

        DotEnv dotEnv = null;
        Path dotEnvPath = workingDir.resolve(DOTENV_NAME);
        if (readDotEnv && Files.isRegularFile(dotEnvPath)) {
            dotEnv = DotEnv.read(dotEnvPath, DOTENV_NAME, problems);
        }
        Environment environment = Environment.merge(realEnv, dotEnv);

        Path configPath = null;
        String configReason;
        String configDisplay = null;
        Optional<String> configEnv = environment.nonBlank(Setting.CONFIG_ENV);
        if (configFlag != null) {
            configPath = workingDir.resolve(configFlag).normalize();
            configDisplay = displayName(configPath, workingDir);
            configReason = "from --config";
        } else if (configEnv.isPresent()) {
            configPath = workingDir.resolve(configEnv.get().strip()).normalize();
            configDisplay = displayName(configPath, workingDir);
            configReason = "from " + Setting.CONFIG_ENV + (environment.fromDotEnv(Setting.CONFIG_ENV)
                    ? " (" + environment.origin(Setting.CONFIG_ENV).orElse("") + ")" : "");
        } else if (Files.isRegularFile(workingDir.resolve(DEFAULT_CONFIG_NAME))) {
            configPath = workingDir.resolve(DEFAULT_CONFIG_NAME);
            configDisplay = DEFAULT_CONFIG_NAME;
            configReason = "found in the working directory " + workingDir;
        } else {
            configReason = "none: no --config, no " + Setting.CONFIG_ENV + ", no " + DEFAULT_CONFIG_NAME + " in "
                    + workingDir + "; defaults apply";
        }
        ConfigFile file = configPath == null ? null : ConfigFile.read(configPath, configDisplay, problems);

        Map<Setting, Object> values = new EnumMap<>(Setting.class);
        Map<Setting, Origin> origins = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            values.put(s, s.defaultValue());
            origins.put(s, Origin.DEFAULT);
            // Lowest precedence first, so each higher level overwrites; every present value is checked.
            if (file != null) {
                ConfigFile.Entry entry = file.entries().get(s);
                if (entry != null) {
                    String where = file.where(entry.line());
                    if (entry.text() == null && !s.kind().optional()) {
                        problems.add(new ConfigProblem(where, s.key(), "has no value; give one or remove the line "
                                + "to use the default (" + display(s, s.defaultValue()) + ")"));
                    } else {
                        accept(s, entry.text(), new Origin(Source.CONFIG, where), where, values, origins, problems);
                    }
                }
            }
            Optional<String> envValue = environment.nonBlank(s.envVar());
            if (envValue.isPresent()) {
                boolean fromFile = environment.fromDotEnv(s.envVar());
                String fileWhere = environment.origin(s.envVar()).orElse("");
                Origin origin = new Origin(Source.ENV, fromFile ? s.envVar() + " (" + fileWhere + ")" : s.envVar());
                String where = fromFile ? fileWhere + " " + s.envVar() : "environment " + s.envVar();
                accept(s, envValue.get(), origin, where, values, origins, problems);
            }
            String flag = flags.get(s.key());
            if (flag != null) {
                accept(s, flag, new Origin(Source.FLAG, s.flag()), "flag " + s.flag(), values, origins, problems);
            }
        }

        checkTogether(values, origins, problems, warnings);
        warnAboutMisspeltVariables(environment, warnings);
        if (!problems.isEmpty()) throw new ConfigException(inLineOrder(problems));
        return new Settings(Config.from(values), values, origins, configPath, configReason, environment, warnings);
    }

    /** A path as a user recognises it: relative when it is inside the working directory. */
    private static String displayName(Path path, Path workingDir) {
        Path dir = workingDir.toAbsolutePath().normalize();
        Path p = path.toAbsolutePath().normalize();
        return p.startsWith(dir) && !p.equals(dir) ? dir.relativize(p).toString() : p.toString();
    }

    private static final java.util.regex.Pattern FILE_LINE = java.util.regex.Pattern.compile("^(.*):(\\d+)(?: .*)?$");

    /**
     * Problems in a fixed order: those in files (config.yaml, .env) first, each file by line, then environment
     * variables, then flags. The sort is stable, so problems without a line keep their place.
     */
    private static List<ConfigProblem> inLineOrder(List<ConfigProblem> problems) {
        List<String> groups = new ArrayList<>();
        for (ConfigProblem p : problems) {
            String group = groupOf(p);
            if (!groups.contains(group)) groups.add(group);
        }
        groups.sort(java.util.Comparator.comparingInt(g -> g.equals("flag") ? 2 : g.equals("environment") ? 1 : 0));
        List<ConfigProblem> sorted = new ArrayList<>(problems);
        sorted.sort(java.util.Comparator.<ConfigProblem>comparingInt(p -> groups.indexOf(groupOf(p)))
                .thenComparingInt(Settings::lineOf));
        return sorted;
    }

    private static String groupOf(ConfigProblem p) {
        if (p.where().startsWith("flag ")) return "flag";
        if (p.where().startsWith("environment ")) return "environment";
        return fileOf(p);
    }

    private static String fileOf(ConfigProblem p) {
        java.util.regex.Matcher m = FILE_LINE.matcher(p.where());
        return m.matches() ? m.group(1) : p.where();
    }

    private static int lineOf(ConfigProblem p) {
        java.util.regex.Matcher m = FILE_LINE.matcher(p.where());
        return m.matches() ? Integer.parseInt(m.group(2)) : 0;
    }

    private static void accept(Setting s, String text, Origin origin, String where, Map<Setting, Object> values,
                               Map<Setting, Origin> origins, List<ConfigProblem> problems) {
        try {
            Object value = text == null || text.isBlank() && s.kind().optional() ? null : s.kind().parse(text.strip());
            values.put(s, value);
            origins.put(s, origin);
        } catch (ValueKind.InvalidValue e) {
            problems.add(new ConfigProblem(where, s.key(), e.getMessage()));
        }
    }

    /** Rules that involve more than one setting. */
    private static void checkTogether(Map<Setting, Object> values, Map<Setting, Origin> origins,
                                      List<ConfigProblem> problems, List<String> warnings) {
        double ratio = (Double) values.get(Setting.SPLIT_RATIO);
        double testRatio = (Double) values.get(Setting.SPLIT_TEST_RATIO);
        if (ratio + testRatio >= 1.0 - 1e-9) {
            Setting blamed = origins.get(Setting.SPLIT_TEST_RATIO).source() == Source.DEFAULT
                    ? Setting.SPLIT_RATIO : Setting.SPLIT_TEST_RATIO;
            problems.add(new ConfigProblem(whereOf(origins.get(blamed)), blamed.key(),
                    "split.ratio (" + display(Setting.SPLIT_RATIO, ratio) + ") + split.test_ratio ("
                            + display(Setting.SPLIT_TEST_RATIO, testRatio)
                            + ") must be below 1, so that some validation share remains"));
        }
        if (values.get(Setting.SPLIT_STRATEGY) == Config.SplitStrategy.RANDOM
                && origins.get(Setting.SPLIT_WEIGHT_BY).source() != Source.DEFAULT) {
            warnings.add("split.weight_by (" + origins.get(Setting.SPLIT_WEIGHT_BY)
                    + ") is ignored because split.strategy is random");
        }
    }

    private static String whereOf(Origin origin) {
        return switch (origin.source()) {
            case FLAG -> "flag " + origin.where();
            case ENV -> "environment " + origin.where();
            case CONFIG -> origin.where();
            case DEFAULT -> "default";
        };
    }

    private static void warnAboutMisspeltVariables(Environment environment, List<String> warnings) {
        Set<String> known = new LinkedHashSet<>();
        for (Setting s : Setting.values()) known.add(s.envVar());
        known.add(Setting.CONFIG_ENV);
        known.addAll(Secrets.KNOWN);
        for (String name : environment.asMap().keySet()) {
            if (!name.startsWith("FTKIT_") && !name.startsWith("AGENT_") || known.contains(name)) continue;
            DidYouMean.best(name, known).ifPresent(close -> warnings.add(
                    "environment variable " + name + " is not used (did you mean " + close + "?)"));
        }
    }

    private static String display(Setting s, Object value) {
        return value == null ? "(unset)" : Secrets.redactValue(s.kind().format(value));
    }

    /** Builds a flags map from key/value pairs, skipping null values (unset picocli options). */
    public static Map<String, String> flags(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) throw new IllegalArgumentException("flags() takes key, value pairs");
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object key = keysAndValues[i];
            String k = key instanceof Setting s ? s.key() : String.valueOf(key);
            Object value = keysAndValues[i + 1];
            if (value != null) flags.put(k, String.valueOf(value));
        }
        return flags;
    }

    // ---- results ----

    public Config config() {
        return config;
    }

    /** The typed value of one setting (as in {@link #config()}). */
    public Object value(Setting setting) {
        return values.get(setting);
    }

    /** The value as it would be written in config.yaml, passwords masked. */
    public String text(Setting setting) {
        return display(setting, values.get(setting));
    }

    public Origin origin(Setting setting) {
        return origins.get(setting);
    }

    /** The config file that was read, if any. */
    public Optional<Path> configFile() {
        return Optional.ofNullable(configFile);
    }

    /** Why that file (or none) was used: "from --config", "from FTKIT_CONFIG", "found in the working directory …". */
    public String configReason() {
        return configReason;
    }

    public Environment environment() {
        return environment;
    }

    /** A secret such as OPENAI_API_KEY from the environment or .env; blank counts as unset. */
    public Optional<String> secret(String name) {
        return environment.nonBlank(name);
    }

    /** Every secret value in the environment, for {@link Secrets#scrub}. */
    public Set<String> secretValues() {
        return Secrets.values(environment.asMap());
    }

    /** Non-fatal observations (a setting that has no effect, a misspelt variable name). */
    public List<String> warnings() {
        return warnings;
    }

    /** The effective settings for {@code --verbose}: every value and its origin, secrets masked. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append("config file: ").append(configFile == null ? "none" : configFile.toString())
                .append(" (").append(configReason).append(")\n");
        Optional<DotEnv> dotEnv = environment.dotEnv();
        out.append(".env file: ").append(dotEnv.map(d -> d.path() + " (" + d.entries().size()
                + " variables; the real environment wins over it)").orElse("none")).append('\n');
        out.append("settings (precedence: flag > environment > config > default):\n");
        for (Setting s : Setting.values()) {
            out.append(String.format("  %-32s %-24s %s%n", s.key(), text(s), origins.get(s)));
        }
        out.append("secrets:\n");
        Set<String> names = new LinkedHashSet<>(Secrets.KNOWN);
        dotEnv.ifPresent(d -> d.entries().keySet().stream().filter(Secrets::isSecretName).forEach(names::add));
        for (String name : names) {
            Optional<String> value = environment.get(name);
            out.append(String.format("  %-32s %-24s %s%n", name, Secrets.redact(name, value.orElse(null)),
                    environment.origin(name).orElse("")).stripTrailing()).append('\n');
        }
        if (!warnings.isEmpty()) {
            out.append("warnings:\n");
            for (String w : warnings) out.append("  ").append(w).append('\n');
        }
        return out.toString();
    }
}
