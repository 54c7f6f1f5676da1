package ftkit.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One turn of a conversation in the canonical model. Roles are the OpenAI-style names
 * (system, user, assistant, tool); readers of other formats map theirs onto these.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"role", "content", "name", "weight", "tool_calls", "tool_call_id"})
public final class Message {
    public static final String SYSTEM = "system";
    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";
    public static final String TOOL = "tool";

    private String role;
    private String content;
    private String name;
    private Integer weight;
    private List<ToolCall> toolCalls;
    private String toolCallId;

    public Message() {
    }

    public Message(String role, String content) {
        this.role = role;
        this.content = content;
    }

    public static Message user(String content) {
        return new Message(USER, content);
    }

    public static Message assistant(String content) {
        return new Message(ASSISTANT, content);
    }

    public static Message system(String content) {
        return new Message(SYSTEM, content);
    }

    @JsonProperty("role")
    public String role() {
        return role;
    }

    public Message role(String role) {
        this.role = role;
        return this;
    }

    @JsonProperty("content")
    public String content() {
        return content;
    }

    public Message content(String content) {
        this.content = content;
        return this;
    }

    @JsonProperty("name")
    public String name() {
        return name;
    }

    public Message name(String name) {
        this.name = name;
        return this;
    }

    /** OpenAI/Fireworks/Together per-message training weight: 0 skips the message, 1 (or absent) trains it. */
    @JsonProperty("weight")
    public Integer weight() {
        return weight;
    }

    public Message weight(Integer weight) {
        this.weight = weight;
        return this;
    }

    @JsonProperty("tool_calls")
    public List<ToolCall> toolCalls() {
        return toolCalls;
    }

    public Message toolCalls(List<ToolCall> toolCalls) {
        this.toolCalls = toolCalls == null ? null : new ArrayList<>(toolCalls);
        return this;
    }

    @JsonProperty("tool_call_id")
    public String toolCallId() {
        return toolCallId;
    }

    public Message toolCallId(String toolCallId) {
        this.toolCallId = toolCallId;
        return this;
    }

    @JsonIgnore
    public boolean hasToolCalls() {
        return toolCalls != null && !toolCalls.isEmpty();
    }

    @JsonIgnore
    public String contentOrEmpty() {
        return content == null ? "" : content;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Message m)) return false;
        return Objects.equals(role, m.role) && Objects.equals(content, m.content) && Objects.equals(name, m.name)
                && Objects.equals(weight, m.weight) && Objects.equals(toolCalls, m.toolCalls)
                && Objects.equals(toolCallId, m.toolCallId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(role, content, name, weight, toolCalls, toolCallId);
    }

    @Override
    public String toString() {
        return role + ": " + content;
    }
}
