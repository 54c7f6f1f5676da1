package ftkit.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Objects;

/**
 * A function call made by an assistant turn, in the OpenAI shape:
 * {@code {"id", "type": "function", "function": {"name", "arguments"}}} where arguments is a JSON string.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "type", "function"})
public final class ToolCall {
    private final String id;
    private final String type;
    private final Function function;

    @JsonCreator
    public ToolCall(@JsonProperty("id") String id, @JsonProperty("type") String type,
                    @JsonProperty("function") Function function) {
        this.id = id;
        this.type = type;
        this.function = function;
    }

    public static ToolCall function(String id, String name, String argumentsJson) {
        return new ToolCall(id, "function", new Function(name, argumentsJson));
    }

    @JsonProperty("id")
    public String id() {
        return id;
    }

    @JsonProperty("type")
    public String type() {
        return type;
    }

    @JsonProperty("function")
    public Function function() {
        return function;
    }

    @JsonIgnore
    public String name() {
        return function == null ? null : function.name();
    }

    @JsonIgnore
    public String arguments() {
        return function == null ? null : function.arguments();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ToolCall t && Objects.equals(id, t.id) && Objects.equals(type, t.type)
                && Objects.equals(function, t.function);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, type, function);
    }

    /** The called function: its name and its arguments as a JSON-encoded string. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Function(@JsonProperty("name") String name, @JsonProperty("arguments") String arguments) {
    }
}
