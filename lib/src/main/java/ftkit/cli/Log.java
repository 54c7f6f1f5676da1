package ftkit.cli;

import ftkit.config.Secrets;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Messages for people, on stderr only (stdout carries data). {@code --quiet} keeps errors only; {@code --verbose}
 * adds {@link #verbose} lines. Colour only when the console is a terminal, NO_COLOR is unset and TERM is not
 * "dumb". Known secret values are scrubbed from every message.
 */
public final class Log {
    public enum Level { QUIET, NORMAL, VERBOSE }

    private static final String RESET = "\u001B[0m";
    private static final String RED = "\u001B[31m";
    private static final String YELLOW = "\u001B[33m";
    private static final String DIM = "\u001B[2m";

    private static volatile Level level = Level.NORMAL;
    private static volatile PrintStream err = System.err;
    private static volatile boolean colour = colourWanted(System.getenv(), stderrLooksLikeATerminal());
    private static final Set<String> secrets = new LinkedHashSet<>();

    private Log() {
    }

    public static void level(Level newLevel) {
        level = newLevel;
    }

    public static Level level() {
        return level;
    }

    public static boolean isVerbose() {
        return level == Level.VERBOSE;
    }

    /** Redirects output (tests) and sets whether to colour it. */
    public static void to(PrintStream stream, boolean useColour) {
        err = stream;
        colour = useColour;
    }

    /** Back to stderr with colour detected from the environment. */
    public static void reset() {
        err = System.err;
        colour = colourWanted(System.getenv(), stderrLooksLikeATerminal());
        level = Level.NORMAL;
        synchronized (secrets) {
            secrets.clear();
        }
    }

    /** Values to mask in every message from now on (e.g. {@code settings.secretValues()}). */
    public static void addSecrets(Collection<String> values) {
        synchronized (secrets) {
            secrets.addAll(values);
        }
    }

    public static void info(String format, Object... args) {
        if (level != Level.QUIET) print(null, "", format, args);
    }

    public static void verbose(String format, Object... args) {
        if (level == Level.VERBOSE) print(DIM, "", format, args);
    }

    public static void warn(String format, Object... args) {
        if (level != Level.QUIET) print(YELLOW, "warning: ", format, args);
    }

    public static void error(String format, Object... args) {
        print(RED, "error: ", format, args);
    }

    /**
     * Colour is wanted when the stream is a terminal and neither NO_COLOR (any value, per no-color.org) nor
     * TERM=dumb says otherwise.
     */
    public static boolean colourWanted(Map<String, String> env, boolean terminal) {
        if (env.containsKey("NO_COLOR")) return false;
        if ("dumb".equals(env.get("TERM"))) return false;
        return terminal;
    }

    /**
     * Java cannot ask whether stderr alone is a terminal; System.console() is non-null when the process is
     * interactive (JDK 22+ returns a console even when redirected, so its isTerminal() is consulted too).
     */
    static boolean stderrLooksLikeATerminal() {
        java.io.Console console = System.console();
        if (console == null) return false;
        try {
            Method isTerminal = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 17-21: a console exists only when attached to a terminal
        }
    }

    private static void print(String ansi, String prefix, String format, Object... args) {
        String message = args.length == 0 ? format : String.format(format, args);
        Set<String> known;
        synchronized (secrets) {
            known = Set.copyOf(secrets);
        }
        message = Secrets.scrub(prefix + message, known);
        PrintStream out = err;
        synchronized (out) {
            out.println(colour && ansi != null ? ansi + message + RESET : message);
            out.flush();
        }
    }
}
