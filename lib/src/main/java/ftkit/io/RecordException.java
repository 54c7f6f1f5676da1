package ftkit.io;

/** A record that cannot be read as a sample; the message says why, in terms a user can act on. */
public class RecordException extends Exception {
    private final String code;

    public RecordException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** A stable machine-readable reason (e.g. {@code unsupported_content}), used to count errors by type. */
    public String code() {
        return code;
    }
}
