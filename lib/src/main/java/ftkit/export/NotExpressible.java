package ftkit.export;

/**
 * A sample that a target's record format cannot hold as it is (tool calls for Bedrock Claude, a system prompt
 * for prompt/completion …). Export rejects it with this reason rather than reshaping it.
 */
public final class NotExpressible extends Exception {
    private final String code;

    public NotExpressible(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
