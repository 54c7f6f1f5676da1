package ftkit.split;

/** A split that cannot be made as asked; {@code usage} marks a problem with the options rather than the data. */
public class SplitException extends Exception {
    private final boolean usage;

    public SplitException(String message, boolean usage) {
        super(message);
        this.usage = usage;
    }

    public boolean usage() {
        return usage;
    }
}
