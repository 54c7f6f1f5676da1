package ftkit.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The canonical sample every stage reads and writes: an optional system prompt, the conversation turns
 * (user, assistant, tool), optional tool definitions in the OpenAI {@code tools} shape, and metadata.
 * One sample is one JSONL line: {@code {"id", "system", "messages", "tools", "metadata"}}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"id", "system", "messages", "tools", "metadata"})
public final class Sample {
    private String id;
    private String system;
    private List<Message> messages = new ArrayList<>();
    private List<JsonNode> tools = new ArrayList<>();
    private SampleMetadata metadata = new SampleMetadata();

    @JsonProperty("id")
    public String id() {
        return id;
    }

    public Sample id(String id) {
        this.id = id;
        return this;
    }

    @JsonProperty("system")
    public String system() {
        return system;
    }

    public Sample system(String system) {
        this.system = system;
        return this;
    }

    /** The turns after the system prompt. A system message can still appear here if the source had one mid-conversation. */
    @JsonProperty("messages")
    public List<Message> messages() {
        return messages;
    }

    public Sample messages(List<Message> messages) {
        this.messages = messages == null ? new ArrayList<>() : new ArrayList<>(messages);
        return this;
    }

    public Sample add(Message message) {
        messages.add(message);
        return this;
    }

    @JsonProperty("tools")
    public List<JsonNode> tools() {
        return tools;
    }

    public Sample tools(List<JsonNode> tools) {
        this.tools = tools == null ? new ArrayList<>() : new ArrayList<>(tools);
        return this;
    }

    @JsonProperty("metadata")
    public SampleMetadata metadata() {
        return metadata;
    }

    public Sample metadata(SampleMetadata metadata) {
        this.metadata = metadata == null ? new SampleMetadata() : metadata;
        return this;
    }

    /** The system prompt (if any) followed by the turns: the order a chat model sees them. */
    @JsonIgnore
    public List<Message> conversation() {
        List<Message> all = new ArrayList<>(messages.size() + 1);
        if (system != null) all.add(Message.system(system));
        all.addAll(messages);
        return all;
    }

    @JsonIgnore
    public long characterCount() {
        long n = system == null ? 0 : system.length();
        for (Message m : messages) n += m.contentOrEmpty().length();
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sample s && Objects.equals(id, s.id) && Objects.equals(system, s.system)
                && Objects.equals(messages, s.messages) && Objects.equals(tools, s.tools)
                && Objects.equals(metadata, s.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, system, messages, tools, metadata);
    }
}
