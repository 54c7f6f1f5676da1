package ftkit.cli;

import ftkit.config.ConfigException;
import ftkit.config.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Map;

/**
 * Options every script shares: {@code --config FILE}, {@code --verbose}, {@code --quiet}. The log level is set
 * as soon as the options are parsed. In a script:
 * <pre>{@code
 * @Mixin SharedOptions shared;
 * @Option(names = "--provider") String provider;
 *
 * public Integer call() {
 *     Settings settings;
 *     try {
 *         settings = shared.settings(Settings.flags("provider", provider));
 *     } catch (ConfigException e) {
 *         return SharedOptions.reportConfigProblems(e);   // prints each problem, returns ExitCodes.USAGE
 *     }
 *     Config config = settings.config();
 *     ...
 * }
 * }</pre>
 */
public final class SharedOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private Path config;
    private boolean verbose;
    private boolean quiet;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Config file (default: $FTKIT_CONFIG, else ./config.yaml if present, else built-in defaults).")
    public void config(Path file) {
        this.config = file;
    }

    // defaultValue makes picocli call the setters for absent options too, so every parse sets the log level.
    @Option(names = {"-v", "--verbose"}, defaultValue = "false",
            description = "Say which config was read and where every setting came from.")
    public void verbose(boolean value) {
        if (value && quiet) throw conflict();
        this.verbose = value;
        applyLevel();
    }

    @Option(names = {"-q", "--quiet"}, defaultValue = "false", description = "Print errors only.")
    public void quiet(boolean value) {
        if (value && verbose) throw conflict();
        this.quiet = value;
        applyLevel();
    }

    private void applyLevel() {
        Log.level(verbose ? Log.Level.VERBOSE : quiet ? Log.Level.QUIET : Log.Level.NORMAL);
    }

    private CommandLine.ParameterException conflict() {
        return new CommandLine.ParameterException(mixee.commandLine(), "--verbose and --quiet cannot be used together");
    }

    public Path config() {
        return config;
    }

    public boolean verbose() {
        return verbose;
    }

    public boolean quiet() {
        return quiet;
    }

    /**
     * Resolves flags &gt; environment (+ .env) &gt; config &gt; defaults in the current directory, registers the
     * secrets with {@link Log} so they are masked, prints warnings, and with {@code --verbose} prints which config
     * was read and where each value came from.
     *
     * @param flags the script's own options keyed by setting key; build with {@link Settings#flags(Object...)}
     * @throws ConfigException with every problem; scripts print it and return {@link ExitCodes#USAGE}
     */
    public Settings settings(Map<String, String> flags) throws ConfigException {
        return settings(flags, System.getenv());
    }

    /** As {@link #settings(Map)}, with this environment instead of the process's (tests pass keys this way). */
    public Settings settings(Map<String, String> flags, Map<String, String> env) throws ConfigException {
        Settings settings = Settings.resolve(flags, env, config);
        Log.addSecrets(settings.secretValues());
        for (String warning : settings.warnings()) Log.warn("%s", warning);
        if (verbose) Log.verbose("%s", settings.describe().stripTrailing());
        return settings;
    }

    /** Prints every configuration problem as an error and returns {@link ExitCodes#USAGE}, for {@code call()}. */
    public static int reportConfigProblems(ConfigException e) {
        for (var problem : e.problems()) Log.error("%s", problem);
        return ExitCodes.USAGE;
    }
}
