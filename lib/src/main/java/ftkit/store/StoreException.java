package ftkit.store;

/**
 * A persistence failure with a message a user can act on (which database, which dataset, what to do).
 * Unchecked so that sample cursors can fail from inside an iterator.
 */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
