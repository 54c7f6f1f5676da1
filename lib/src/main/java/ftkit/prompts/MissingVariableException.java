package ftkit.prompts;

import java.util.List;

/** Rendering needed variables the context did not provide (absent or null, and no default). */
public class MissingVariableException extends Exception {
    private final String template;
    private final List<String> variables;

    public MissingVariableException(String template, List<String> variables) {
        super("missing " + (variables.size() == 1 ? "field '" + variables.get(0) + "'"
                : "fields " + variables.stream().map(v -> "'" + v + "'").toList()) + " (needed by " + template + ")");
        this.template = template;
        this.variables = List.copyOf(variables);
    }

    public String template() {
        return template;
    }

    /** The missing variable paths, in order of use. */
    public List<String> variables() {
        return variables;
    }
}
