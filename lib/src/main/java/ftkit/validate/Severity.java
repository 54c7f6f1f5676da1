package ftkit.validate;

/** An error makes the target reject the record (or the file); a warning is accepted but worth knowing. */
public enum Severity {
    ERROR, WARNING;

    static Severity of(String word) {
        return "warning".equalsIgnoreCase(word) ? WARNING : ERROR;
    }
}
