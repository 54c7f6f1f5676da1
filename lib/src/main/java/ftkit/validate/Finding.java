package ftkit.validate;

/**
 * One problem with a record or a file. {@code code} is stable and machine-readable (errors are counted by it);
 * {@code message} says what is wrong and where, in terms a user can act on.
 */
public record Finding(String code, Severity severity, String message) {
    public static Finding error(String code, String message) {
        return new Finding(code, Severity.ERROR, message);
    }

    public static Finding warning(String code, String message) {
        return new Finding(code, Severity.WARNING, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
