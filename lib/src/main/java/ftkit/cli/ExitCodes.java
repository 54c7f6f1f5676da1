package ftkit.cli;

/**
 * Exit codes every script returns, so pipelines can rely on them. Use the {@code *_LINE} constants in
 * {@code @Command(exitCodeListHeading = ExitCodes.HEADING, exitCodeList = {ExitCodes.OK_LINE, …})}.
 */
public final class ExitCodes {
    /** Everything worked (for validate: every record is valid). */
    public static final int OK = 0;
    /** Something failed that is not the input's fault: I/O, a provider, a bug. */
    public static final int FAILURE = 1;
    /** Bad command line or bad configuration (config.yaml, .env, environment variables); nothing was done. */
    public static final int USAGE = 2;
    /** The run finished but found invalid records, or only part of the work succeeded. */
    public static final int INVALID = 3;

    public static final String HEADING = "%nExit codes:%n";
    public static final String OK_LINE = "0:success";
    public static final String FAILURE_LINE = "1:failure (I/O, provider or internal error)";
    public static final String USAGE_LINE = "2:usage error: bad options, config.yaml, .env or environment";
    public static final String INVALID_LINE = "3:invalid records found or partial failure";

    private ExitCodes() {
    }
}
