package ftkit.prompts;

/** A prompt template that cannot be parsed; the message names the template and the line and column. */
public class TemplateSyntaxException extends Exception {
    private final String template;

    public TemplateSyntaxException(String template, String where, String problem) {
        super(template + " (" + where + "): " + problem);
        this.template = template;
    }

    public String template() {
        return template;
    }
}
