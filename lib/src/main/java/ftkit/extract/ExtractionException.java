package ftkit.extract;

/** A file that could not be extracted, with a reason a user can act on (shown as "file: reason"). */
public final class ExtractionException extends Exception {
    public ExtractionException(String reason) {
        super(reason);
    }

    public ExtractionException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
